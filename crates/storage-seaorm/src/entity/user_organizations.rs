//! The `user_organizations` table: a user's secondary organizations.

super::table! {
    /// One (user, organization) pair.
    "user_organizations" {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub organization_id: i64,
    }
}
