//! The `ticket_time_accounting_types` table.

super::table! {
    /// One activity type row.
    "ticket_time_accounting_types", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
        pub note: String,
        pub active: bool,
    }
}
