//! The `roles` table.

super::table! {
    /// One role row.
    "roles", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
        /// JSON array of permission names.
        pub permissions: String,
        pub default_at_signup: bool,
        pub active: bool,
        pub note: String,
    }
}
