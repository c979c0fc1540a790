//! The `links` table.

super::table! {
    /// One link between two tickets.
    "links" {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// `normal`, `parent` or `child`: what the source is of the target.
        pub link_type: String,
        pub source_id: i64,
        pub target_id: i64,
        pub created_at: i64,
    }
}
