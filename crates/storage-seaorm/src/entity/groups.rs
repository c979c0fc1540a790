//! The `groups` table.

use sea_orm::entity::prelude::*;

/// One group row.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub name: String,
    /// Lower-case name, unique.
    pub name_key: String,
    pub signature_id: Option<i64>,
    pub email_address_id: Option<i64>,
    pub assignment_timeout: Option<i32>,
    /// The wire name of `FollowUpPossible`.
    pub follow_up_possible: String,
    pub follow_up_assignment: bool,
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
