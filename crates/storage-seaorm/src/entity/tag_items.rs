//! The `tag_items` table.

super::table! {
    /// One tag of the tag list.
    "tag_items" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
    }
}
