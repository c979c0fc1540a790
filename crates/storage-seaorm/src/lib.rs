//! The SQL store: implements the `helpdesk-storage` ports on SeaORM for SQLite (the embedded
//! default), PostgreSQL and MariaDB/MySQL, with its schema migrations.
//!
//! Architecture invariant: this is the only crate that knows SeaORM, sea-query or sqlx; none
//! of their types appear in its public API except the [`Migrator`]. It knows nothing of HTTP
//! or of permissions. SQL is written portably; the one SQLite-only piece is
//! `sqlite_tuning`.

mod columns;
mod entity;
mod error;
mod group;
mod listing;
mod migration;
mod organization;
mod priority;
mod role;
mod search;
mod sqlite_tuning;
mod state;
mod store;
mod token;
mod transaction;
mod user;

pub use migration::Migrator;
pub use store::SeaOrmStore;
