//! The `password_resets` table.

super::table! {
    /// One password-reset token row: only the hash of its secret.
    "password_resets", id {
        pub user_id: i64,
        pub token_hash: String,
        pub expires_at: i64,
        pub created_at: i64,
    }
}
