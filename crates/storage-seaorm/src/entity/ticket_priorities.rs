//! The `ticket_priorities` table.

super::table! {
    /// One ticket priority row.
    "ticket_priorities", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
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
