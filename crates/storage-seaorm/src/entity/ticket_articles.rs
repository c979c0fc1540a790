//! The `ticket_articles` table.

super::table! {
    /// One article row.
    "ticket_articles", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ticket_id: i64,
        pub type_id: i64,
        pub sender_id: i64,
        pub from: Option<String>,
        pub to: Option<String>,
        pub cc: Option<String>,
        pub subject: Option<String>,
        pub reply_to: Option<String>,
        pub message_id: Option<String>,
        pub message_id_md5: Option<String>,
        pub in_reply_to: Option<String>,
        pub content_type: String,
        pub references: Option<String>,
        pub body: String,
        pub internal: bool,
        pub preferences: String,
        pub origin_by_id: Option<i64>,
        pub time_unit: Option<f64>,
    }
}
