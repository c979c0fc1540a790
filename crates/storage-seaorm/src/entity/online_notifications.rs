//! The `online_notifications` table.

super::table! {
    /// One online notification row.
    "online_notifications", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub o_id: i64,
        pub object_lookup_id: i64,
        pub type_lookup_id: i64,
        pub user_id: i64,
        pub seen: bool,
    }
}
