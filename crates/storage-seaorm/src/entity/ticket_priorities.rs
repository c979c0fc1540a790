//! The `ticket_priorities` table.

super::table! {
    /// One ticket priority row.
    "ticket_priorities", id, meta {
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
        pub default_create: bool,
        pub ui_icon: Option<String>,
        pub ui_color: Option<String>,
        pub note: String,
        pub active: bool,
    }
}
