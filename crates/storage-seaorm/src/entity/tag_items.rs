//! The `tag_items` table.

super::table! {
    /// One tag of the tag list.
    "tag_items", id {
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
    }
}
