//! The store: one of three engines, each handing out transactions its own way.
//!
//! Write transactions are exclusive. On SQLite (a file or in memory) they run in turn, each in
//! a savepoint of a `BEGIN IMMEDIATE` transaction that writes queued behind each other share
//! and commit together (`crate::sqlite::group_commit`; one process owns the database); on
//! PostgreSQL and MariaDB/MySQL, where several server processes may share the database, each
//! one first locks the `write_locks` row (`crate::server::process_locks`). Read transactions
//! take no lock; on SQLite they are no transaction at all, each statement runs in autocommit
//! mode (`crate::handle`).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use helpdesk_storage::{Mode, Result, Store, Transaction};
use sea_orm::DatabaseConnection;

use crate::search_index::{Dialect, mysql};
use crate::server;
use crate::sqlite::attribute_cache::AttributeCache;
use crate::sqlite::direct::DirectReads;
use crate::sqlite::group_commit::Writer;
use crate::sqlite::scratch_file::ScratchFile;
use crate::sqlite::{self, tuning};

/// The SQL store on SQLite, PostgreSQL or MariaDB/MySQL.
pub struct SeaOrmStore {
    engine: Engine,
}

/// The database a store runs on, with what its transactions need there.
pub(crate) enum Engine {
    /// A SQLite file: writes group-committed on a connection of their own, reads in
    /// autocommit mode on the pool, the hot ones on rusqlite.
    Sqlite {
        /// The pooled connections reads run on.
        pool: DatabaseConnection,
        /// Write transactions run in turn on its connection.
        writer: Writer,
        /// The attributes of each object kind between reads.
        attributes: Arc<AttributeCache>,
        /// The read-only connections the hot reads run on.
        direct: Arc<DirectReads>,
        /// For `sqlite::memory:`, the store's own file, removed with the store.
        _scratch: Option<ScratchFile>,
    },
    /// A PostgreSQL server.
    Postgres {
        /// The pool transactions begin on, and a dropped search's statement is cancelled on.
        pool: DatabaseConnection,
    },
    /// A MariaDB or MySQL server.
    MySql {
        /// The pool transactions begin on.
        pool: DatabaseConnection,
        /// The server's `FULLTEXT` rules, `None` when they could not be read.
        fulltext: Option<Arc<mysql::Fulltext>>,
    },
}

/// Limits on the connections to a PostgreSQL or MariaDB/MySQL server.
#[derive(Debug, Clone)]
pub struct StoreOptions {
    /// How long a transaction waits for a pooled connection (or for a new one to connect)
    /// before it fails as unavailable.
    pub acquire_timeout: Duration,
    /// The longest a statement may run before the server cancels it and it fails as
    /// unavailable (`statement_timeout` on PostgreSQL, `max_statement_time` on MariaDB,
    /// `max_execution_time` on MySQL). Migrations at start are not limited.
    pub statement_timeout: Duration,
}

impl Default for StoreOptions {
    /// 3 s to get a connection, 5 s per statement.
    fn default() -> Self {
        Self {
            acquire_timeout: Duration::from_secs(3),
            statement_timeout: Duration::from_secs(5),
        }
    }
}

impl SeaOrmStore {
    /// Connects to `url` with the default [`StoreOptions`]; see [`SeaOrmStore::connect_with`].
    pub async fn connect(url: &str) -> Result<SeaOrmStore> {
        Self::connect_with(url, &StoreOptions::default()).await
    }

    /// Connects to `url` (`sqlite://path?mode=rwc`, `sqlite::memory:`, `postgres://…`,
    /// `mysql://…`) and runs the pending migrations. A SQLite file and its directory are
    /// created when missing.
    ///
    /// A SQLite URL may end in `synchronous=full` (the default), `extra` or `normal` among its
    /// query parameters: `normal` skips the fsync of each commit in WAL mode (faster; a power
    /// loss may drop the last commits, but never corrupts the database).
    ///
    /// `limits` apply to PostgreSQL and MariaDB/MySQL (`crate::server::limits`); a SQLite
    /// search is bounded by the query's term limit instead.
    pub async fn connect_with(url: &str, limits: &StoreOptions) -> Result<SeaOrmStore> {
        let engine = if tuning::is_sqlite(url) {
            sqlite::connect(url).await?
        } else {
            server::connect(url, limits).await?
        };
        Ok(SeaOrmStore { engine })
    }

    /// The engine, for tests that build transactions of their own.
    #[cfg(test)]
    pub(crate) fn engine(&self) -> &Engine {
        &self.engine
    }
}

#[async_trait]
impl Store for SeaOrmStore {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        let tx = match &self.engine {
            Engine::Sqlite {
                pool,
                writer,
                attributes,
                direct,
                ..
            } => sqlite::begin(mode, pool, writer, attributes, direct).await?,
            Engine::Postgres { pool } => {
                let tx = server::begin(mode, pool, Dialect::Postgres).await?;
                match mode {
                    Mode::Read => tx.with_canceller(pool),
                    Mode::Write => tx,
                }
            }
            Engine::MySql { pool, fulltext } => {
                server::begin(mode, pool, Dialect::MySql(fulltext.clone())).await?
            }
        };
        Ok(Box::new(tx))
    }
}
