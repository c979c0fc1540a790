//! The `users` table.

super::table! {
    /// One user row; relations live in `user_roles`, `user_groups` and `user_organizations`.
    "users", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub organization_id: Option<i64>,
        pub login: String,
        pub firstname: String,
        pub lastname: String,
        /// `None` when the user has no email, so the unique index ignores it.
        pub email: Option<String>,
        pub image: Option<String>,
        pub image_source: Option<String>,
        pub web: String,
        pub phone: String,
        pub fax: String,
        pub mobile: String,
        pub department: String,
        pub street: String,
        pub zip: String,
        pub city: String,
        pub country: String,
        pub address: String,
        pub vip: bool,
        pub verified: bool,
        pub active: bool,
        pub note: String,
        pub last_login: Option<i64>,
        pub source: Option<String>,
        pub login_failed: i32,
        pub out_of_office: bool,
        pub out_of_office_start_at: Option<i64>,
        pub out_of_office_end_at: Option<i64>,
        pub out_of_office_replacement_id: Option<i64>,
        /// JSON text.
        pub preferences: String,
        pub password_hash: Option<String>,
    }
}
