//! Faster ticket search: on SQLite, one full-text document per ticket instead of one per
//! search row, and on every database an index for the commonest field search.
//!
//! SQLite: the per-row FTS5 table of `m0002_tickets` made every match a lookup from the FTS
//! row to its ticket, so a frequent word cost a lookup per matching article. The new
//! contentless FTS5 table `ticket_search_docs` holds one document per ticket, its row id the
//! ticket id, with the words of its public rows in column `public` and those of its internal
//! articles in `internal`: a count of the matching tickets is a count of the FTS5 matches.
//! Triggers on `ticket_search_rows` note the ticket in `ticket_search_dirty`; a write
//! transaction rebuilds the documents of the noted tickets before it commits
//! (`crate::sqlite::search_docs::flush`).
//!
//! Every database: `idx_tickets_group_state_updated` on `(group_id, state_id, updated_at)`
//! serves `group.name:… AND state.name:…` searches and their counts without touching rows.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use super::schema::{drop_index, execute, index_on};
use crate::sqlite::search_docs;

/// The index name of the group/state search.
const GROUP_STATE_INDEX: &str = "idx_tickets_group_state_updated";

/// Replaces SQLite's per-row FTS5 table with per-ticket documents; adds the group/state index.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let index = index_on(
            GROUP_STATE_INDEX,
            "tickets",
            &["group_id", "state_id", "updated_at"],
        );
        manager.create_index(index).await?;
        if manager.get_database_backend() == DbBackend::Sqlite {
            execute(manager, search_docs::ROW_FTS_DROP).await?;
            execute(manager, search_docs::DOCS_CREATE).await?;
            execute(manager, &[&search_docs::fill()]).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            execute(manager, search_docs::DOCS_DROP).await?;
            execute(manager, search_docs::ROW_FTS_CREATE).await?;
            execute(manager, &[search_docs::ROW_FTS_REBUILD]).await?;
        }
        drop_index(manager, GROUP_STATE_INDEX, "tickets").await
    }
}
