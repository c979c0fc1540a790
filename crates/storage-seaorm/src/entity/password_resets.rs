//! The `password_resets` table.

super::table! {
    /// One password-reset token row: only the hash of its secret.
    "password_resets" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub user_id: i64,
        pub token_hash: String,
        pub expires_at: i64,
        pub created_at: i64,
    }
}
