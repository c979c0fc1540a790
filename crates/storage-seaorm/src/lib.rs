//! The SQL store: implements the `helpdesk-storage` ports on SeaORM for SQLite (the embedded
//! default), PostgreSQL and MariaDB/MySQL, with its schema migrations.
//!
//! Architecture invariant: this is the only crate that knows SeaORM, sea-query, sqlx or
//! rusqlite; none of their types appear in its public API except the [`Migrator`]. It knows
//! nothing of HTTP or of permissions. SQL is written portably; the database-specific pieces are
//! `sqlite_tuning` (SQLite connection settings) and the full-text parts of the ticket search
//! index, one module per database under `search_index` (FTS5 on SQLite, a GIN tsvector index
//! on PostgreSQL, a `FULLTEXT` index on MariaDB/MySQL); `process_locks` makes write
//! transactions and migrations exclusive across server processes on PostgreSQL and
//! MariaDB/MySQL.

mod article;
mod attribute;
mod attribute_cache;
mod columns;
mod custom_value;
mod direct;
mod entity;
mod error;
mod group;
mod group_commit;
mod handle;
mod history;
mod listing;
mod migration;
mod notification;
mod organization;
mod password_reset;
mod priority;
mod process_locks;
mod reader;
mod role;
mod rows;
mod search;
mod search_cancel;
mod search_index;
mod server_limits;
mod sqlite_tuning;
mod state;
mod store;
mod tag;
mod ticket;
mod ticket_query;
mod token;
mod transaction;
mod user;

pub use migration::Migrator;
pub use store::{SeaOrmStore, StoreOptions};
