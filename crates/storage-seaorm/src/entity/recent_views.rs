//! The `recent_views` table.

super::table! {
    /// A user's latest view of a ticket.
    "recent_views" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub ticket_id: i64,
        pub viewed_at: i64,
    }
}
