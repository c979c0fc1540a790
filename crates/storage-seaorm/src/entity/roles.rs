//! The `roles` table.

use sea_orm::entity::prelude::*;

/// One role row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "roles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// Lower-case name, unique.
    pub name_key: String,
    /// JSON array of permission names.
    pub permissions: String,
    pub default_at_signup: bool,
    pub active: bool,
    pub note: String,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by_id: i64,
    pub updated_by_id: i64,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
