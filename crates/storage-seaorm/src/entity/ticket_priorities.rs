//! The `ticket_priorities` table.

use sea_orm::entity::prelude::*;

/// One ticket priority row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_priorities")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// Lower-case name, unique.
    pub name_key: String,
    pub default_create: bool,
    pub ui_icon: Option<String>,
    pub ui_color: Option<String>,
    pub note: String,
    pub active: bool,
    pub created_at: i64,
    pub updated_at: i64,
    pub created_by_id: i64,
    pub updated_by_id: i64,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
