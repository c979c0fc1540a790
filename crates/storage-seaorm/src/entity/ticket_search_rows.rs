//! The `ticket_search_rows` table.

use sea_orm::entity::prelude::*;

/// One searchable text of a ticket (its title, its number, or an article's subject or body) as its lower-case words, each between single spaces.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ticket_search_rows")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub ticket_id: i64,
    /// The article the text is from; `None` for the ticket's own fields.
    pub article_id: Option<i64>,
    /// Whether the text is from an internal article.
    pub internal: bool,
    pub words: String,
}

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
