//! The `user_roles` table: the roles a user holds.

super::table! {
    /// One (user, role) pair.
    "user_roles" {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub role_id: i64,
    }
}
