//! The `organizations` table.

super::table! {
    /// One organization row.
    "organizations", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
        pub shared: bool,
        pub domain: String,
        pub domain_assignment: bool,
        pub active: bool,
        pub note: String,
    }
}
