//! The `online_notifications` table.

super::table! {
    /// One online notification row.
    "online_notifications", id, meta {
        pub o_id: i64,
        pub object_lookup_id: i64,
        pub type_lookup_id: i64,
        pub user_id: i64,
        pub seen: bool,
    }
}
