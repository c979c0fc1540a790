//! The `ticket_attachments` table.

super::table! {
    /// One attachment row: metadata and bytes.
    "ticket_attachments" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub article_id: i64,
        pub filename: String,
        pub size: i64,
        pub content_type: String,
        pub preferences: String,
        pub created_at: i64,
        pub created_by_id: i64,
        pub data: Vec<u8>,
    }
}
