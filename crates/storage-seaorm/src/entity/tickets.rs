//! The `tickets` table.

super::table! {
    /// One ticket row.
    "tickets", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub number: String,
        pub title: String,
        pub group_id: i64,
        pub priority_id: i64,
        pub state_id: i64,
        pub organization_id: Option<i64>,
        pub owner_id: i64,
        pub customer_id: i64,
        pub note: Option<String>,
        pub first_response_at: Option<i64>,
        pub close_at: Option<i64>,
        pub last_contact_at: Option<i64>,
        pub last_contact_agent_at: Option<i64>,
        pub last_contact_customer_at: Option<i64>,
        pub last_owner_update_at: Option<i64>,
        pub create_article_type_id: Option<i64>,
        pub create_article_sender_id: Option<i64>,
        pub article_count: i32,
        pub pending_time: Option<i64>,
        pub ticket_type: Option<String>,
        pub time_unit: Option<f64>,
        pub preferences: String,
    }
}
