//! Production databases: the one-row `write_locks` table every write transaction on
//! PostgreSQL and MariaDB/MySQL locks first (see `crate::write_lock`), and on MariaDB/MySQL the
//! `FULLTEXT` index of the ticket search index (see `crate::search_index`).
//!
//! The table is created on every database, SQLite included, so the schema is the same
//! everywhere; SQLite serializes its writers in-process and never locks the row.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use crate::search_index;

/// Creates `write_locks` with its row `id = 1`, and the MariaDB/MySQL `FULLTEXT` index.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("write_locks")
                    .col(ColumnDef::new("id").big_integer().not_null().primary_key())
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("write_locks")
                    .columns(["id"])
                    .values_panic([1i64.into()])
                    .to_owned(),
            )
            .await?;
        if manager.get_database_backend() == DbBackend::MySql {
            for statement in search_index::mysql::CREATE {
                manager
                    .get_connection()
                    .execute_unprepared(statement)
                    .await?;
            }
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::MySql {
            for statement in search_index::mysql::DROP {
                manager
                    .get_connection()
                    .execute_unprepared(statement)
                    .await?;
            }
        }
        manager
            .drop_table(Table::drop().table("write_locks").to_owned())
            .await
    }
}
