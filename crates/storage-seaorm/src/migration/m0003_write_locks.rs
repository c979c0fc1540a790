//! Production databases: the one-row `write_locks` table every write transaction on
//! PostgreSQL and MariaDB/MySQL locks first (see `crate::write_lock`), and on MariaDB/MySQL the
//! `FULLTEXT` index of the ticket search index (see `crate::search_index`).
//!
//! The table is created on every database, SQLite included, so the schema is the same
//! everywhere; SQLite serializes its writers in-process and never locks the row.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use super::schema::{create_one_row, drop_tables, execute};
use crate::search_index;

/// Creates `write_locks` with its row `id = 1`, and the MariaDB/MySQL `FULLTEXT` index.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_one_row(manager, "write_locks", &[]).await?;
        if manager.get_database_backend() == DbBackend::MySql {
            execute(manager, search_index::mysql::CREATE).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::MySql {
            execute(manager, search_index::mysql::DROP).await?;
        }
        drop_tables(manager, &["write_locks"]).await
    }
}
