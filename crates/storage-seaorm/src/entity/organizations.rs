//! The `organizations` table.

super::table! {
    /// One organization row.
    "organizations", id, meta {
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
