//! The `user_groups` table: a user's access to groups, one row per access name.

super::table! {
    /// One (user, group, access name) triple.
    "user_groups" {
        #[sea_orm(primary_key, auto_increment = false)]
        pub user_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub group_id: i64,
        /// The wire name of a `GroupAccess`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub access: String,
    }
}
