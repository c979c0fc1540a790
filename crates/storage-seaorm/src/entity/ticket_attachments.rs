//! The `ticket_attachments` table.

use sea_orm::entity::prelude::*;

/// One attachment row: metadata and bytes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_attachments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub article_id: i64,
    pub filename: String,
    pub size: i64,
    pub content_type: String,
    pub preferences: String,
    pub created_at: i64,
    pub created_by_id: i64,
    pub data: Vec<u8>,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
