//! The `mentions` table.

super::table! {
    /// One mention row: a user subscribed to a ticket.
    "mentions", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ticket_id: i64,
        pub user_id: i64,
    }
}
