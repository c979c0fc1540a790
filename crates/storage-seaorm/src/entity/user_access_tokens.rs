//! The `user_access_tokens` table.

super::table! {
    /// One access token row.
    "user_access_tokens" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub label: String,
        pub token_hash: String,
        /// JSON array of permission names.
        pub permissions: String,
        pub expires_at: Option<Date>,
        pub last_used_at: Option<i64>,
        pub created_at: i64,
        pub updated_at: i64,
    }
}
