//! The one-row `login_counters` table.

super::table! {
    /// The row `id = 1`: counts kept for authentication.
    "login_counters" {
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: i64,
        /// Failed logins that named no account.
        pub unknown_login_failed: i64,
    }
}
