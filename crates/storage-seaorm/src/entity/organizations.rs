//! The `organizations` table.

use sea_orm::entity::prelude::*;

/// One organization row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// Lower-case name, unique.
    pub name_key: String,
    pub shared: bool,
    pub domain: String,
    pub domain_assignment: bool,
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
