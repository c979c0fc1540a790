//! The `online_notifications` table.

use sea_orm::entity::prelude::*;

/// One online notification row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "online_notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub o_id: i64,
    pub object_lookup_id: i64,
    pub type_lookup_id: i64,
    pub user_id: i64,
    pub seen: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by_id: i64,
    pub updated_by_id: i64,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
