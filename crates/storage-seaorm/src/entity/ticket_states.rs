//! The `ticket_states` table.

use sea_orm::entity::prelude::*;

/// One ticket state row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_states")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub state_type_id: i64,
    pub name: String,
    /// Lower-case name, unique.
    pub name_key: String,
    pub next_state_id: Option<i64>,
    pub ignore_escalation: bool,
    pub default_create: bool,
    pub default_follow_up: bool,
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
