//! The SQL store: implements the `helpdesk-storage` ports on SeaORM for SQLite (the embedded
//! default, a file or in memory), PostgreSQL and MariaDB/MySQL, with its schema migrations.
//!
//! Architecture invariant: this is the only crate that knows SeaORM, sea-query, sqlx or
//! rusqlite; none of their types appear in its public API except the [`Migrator`]. It knows
//! nothing of HTTP or of permissions.
//!
//! The store is one of four engines (`store::Engine`: a SQLite file, SQLite in memory,
//! PostgreSQL, MariaDB/MySQL), each carrying what its transactions need. The repositories, one
//! module per resource, write their SQL portably with SeaORM and run it on any of them. What
//! one database alone has lives apart: everything SQLite-only under `sqlite` (its tuning,
//! group commit, the direct rusqlite reads, the attribute cache, the FTS5 search documents),
//! the servers' pool limits, cross-process locks and search cancelling under `server`, and the
//! PostgreSQL and MariaDB/MySQL full-text conditions under `search_index`. Outside them, four
//! places still tell the databases apart, each in a few lines: `error` (each driver's error
//! codes), the ticket counter in `ticket` (`RETURNING`, but not on MySQL), the ticket-by-id
//! read in `ticket` (its statement built once for the direct reads) and the group condition
//! of a SQLite page in `ticket_query` (a `+` that changes SQLite's plan).

mod article;
mod attribute;
mod columns;
mod custom_value;
mod entity;
mod error;
mod group;
mod handle;
mod history;
mod link;
mod listing;
mod mention;
mod migration;
mod notification;
mod organization;
mod password_reset;
mod priority;
mod reader;
mod recent_view;
mod role;
mod rows;
mod search;
mod search_index;
mod server;
mod sqlite;
mod state;
mod store;
mod tag;
mod ticket;
mod ticket_query;
mod time_accounting;
mod token;
mod transaction;
mod user;

pub use migration::Migrator;
pub use store::{SeaOrmStore, StoreOptions};
