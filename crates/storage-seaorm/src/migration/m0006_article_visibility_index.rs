//! The index of articles by ticket also holds each article's `internal` flag: reading a
//! ticket's article ids and which of them a customer may see (`ticket_with_article_ids`, every
//! `GET /tickets/{id}`) then needs the index alone, not a page of the articles table — whose
//! rows, with their bodies, are most of the database — per article.

use sea_orm_migration::prelude::*;

use super::schema::{drop_index, index_on};

const TABLE: &str = "ticket_articles";
const BY_TICKET: &str = "idx_ticket_articles_ticket_id";
const BY_TICKET_WITH_VISIBILITY: &str = "idx_ticket_articles_ticket_id_internal";

/// Replaces the index on `ticket_articles (ticket_id)` by one on `(ticket_id, internal)`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Created first: MariaDB/MySQL keep an index on the foreign key `ticket_id`.
        let with_visibility =
            index_on(BY_TICKET_WITH_VISIBILITY, TABLE, &["ticket_id", "internal"]);
        manager.create_index(with_visibility).await?;
        drop_index(manager, BY_TICKET, TABLE).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(index_on(BY_TICKET, TABLE, &["ticket_id"]))
            .await?;
        drop_index(manager, BY_TICKET_WITH_VISIBILITY, TABLE).await
    }
}
