//! The `user_groups` table: a user's access to groups, one row per access name.

use sea_orm::entity::prelude::*;

/// One (user, group, access name) triple.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "user_groups")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub group_id: i64,
    /// The wire name of a `GroupAccess`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub access: String,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
