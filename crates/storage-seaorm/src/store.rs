//! The store: a connection pool that hands out transactions.
//!
//! Write transactions are exclusive. On SQLite they run in turn, each in a savepoint of a
//! `BEGIN IMMEDIATE` transaction that writes queued behind each other share and commit
//! together (`crate::group_commit`; one process owns the file); on PostgreSQL and MariaDB/MySQL,
//! where several server processes may share the database, each one first locks the
//! `write_locks` row (`crate::process_locks`). Read transactions take no lock; on SQLite they
//! are no transaction at all, each statement runs in autocommit mode (`crate::handle`).

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use helpdesk_storage::{Error, Mode, Result, Store, Transaction};
use sea_orm::{
    AccessMode, ConnectOptions, Database, DatabaseConnection, TransactionOptions, TransactionTrait,
};

use crate::attribute_cache::AttributeCache;
use crate::direct::DirectReads;
use crate::error::backend;
use crate::group_commit::Writer;
use crate::handle::Handle;
use crate::process_locks;
use crate::search_index::Dialect;
use crate::server_limits;
use crate::sqlite_tuning;
use crate::transaction::SeaOrmTransaction;

/// The SQL store on SQLite, PostgreSQL or MariaDB/MySQL.
pub struct SeaOrmStore {
    db: DatabaseConnection,
    /// How the database matches ticket free text.
    search: Dialect,
    /// On SQLite, the writer: write transactions run in turn on its connection, committed
    /// in groups (`crate::group_commit`).
    sqlite_writer: Option<Writer>,
    /// On SQLite, the attributes of each object kind between reads.
    attribute_cache: Option<Arc<AttributeCache>>,
    /// On a SQLite file, the connections the hot reads run on (`crate::direct`).
    direct_reads: Option<Arc<DirectReads>>,
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

    /// Connects to `url` (`sqlite://path?mode=rwc`, `postgres://…`, `mysql://…`) and runs the
    /// pending migrations. A SQLite file and its directory are created when missing.
    ///
    /// A SQLite URL may end in `synchronous=full` (the default), `extra` or `normal` among its
    /// query parameters: `normal` skips the fsync of each commit in WAL mode (faster; a power
    /// loss may drop the last commits, but never corrupts the database).
    ///
    /// `limits` apply to PostgreSQL and MariaDB/MySQL (`crate::server_limits`); a SQLite
    /// search is bounded by the query's term limit instead.
    pub async fn connect_with(url: &str, limits: &StoreOptions) -> Result<SeaOrmStore> {
        if !sqlite_tuning::is_sqlite(url) {
            let mut options = ConnectOptions::new(url);
            options.sqlx_logging(false);
            {
                // Migrations run without the statement time limit, on a pool of their own.
                let db = Database::connect(options.clone()).await.map_err(backend)?;
                process_locks::migrate(&db).await?;
                let _ = db.close().await;
            }
            server_limits::apply(&mut options, limits);
            let db = Database::connect(options).await.map_err(backend)?;
            return Ok(SeaOrmStore {
                search: Dialect::of(&db).await,
                db,
                sqlite_writer: None,
                attribute_cache: None,
                direct_reads: None,
            });
        }
        let (url, synchronous) = sqlite_tuning::split_synchronous(url).map_err(Error::backend)?;
        sqlite_tuning::create_parent_dir(&url).map_err(Error::backend)?;
        let mut options = ConnectOptions::new(url.as_str());
        sqlite_tuning::tune(&mut options, &url, synchronous);
        let db = Database::connect(options).await.map_err(backend)?;
        process_locks::migrate(&db).await?;
        let writer_options = sqlite_tuning::writer_options(&url, synchronous);
        let writer_db = match &writer_options {
            Some(options) => Database::connect(options.clone()).await.map_err(backend)?,
            None => db.clone(),
        };
        let direct_reads = sqlite_tuning::file_path(&url)
            .map(DirectReads::open)
            .transpose()
            .map_err(backend)?
            .map(Arc::new);
        Ok(SeaOrmStore {
            search: Dialect::of(&db).await,
            db,
            sqlite_writer: Some(Writer::new(writer_db, writer_options)),
            attribute_cache: Some(Arc::new(AttributeCache::default())),
            direct_reads,
        })
    }
}

#[async_trait]
impl Store for SeaOrmStore {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        match (&self.sqlite_writer, mode) {
            (Some(_), Mode::Read) => Ok(Box::new(
                SeaOrmTransaction::new(
                    Handle::Autocommit(self.db.clone()),
                    self.search.clone(),
                    None,
                    self.attribute_cache.clone(),
                )
                .with_direct_reads(self.direct_reads.clone()),
            )),
            (Some(writer), Mode::Write) => {
                let (tx, turn) = writer.begin().await?;
                Ok(Box::new(SeaOrmTransaction::new(
                    Handle::Transaction(tx),
                    self.search.clone(),
                    Some(turn),
                    self.attribute_cache.clone(),
                )))
            }
            (None, Mode::Read) => {
                let options = TransactionOptions {
                    access_mode: Some(AccessMode::ReadOnly),
                    ..TransactionOptions::default()
                };
                let tx = self.db.begin_with_options(options).await.map_err(backend)?;
                Ok(Box::new(
                    SeaOrmTransaction::new(
                        Handle::Transaction(tx),
                        self.search.clone(),
                        None,
                        None,
                    )
                    .with_canceller(self.db.clone()),
                ))
            }
            (None, Mode::Write) => {
                let tx = self.db.begin().await.map_err(backend)?;
                process_locks::lock_writes(&tx).await?;
                Ok(Box::new(SeaOrmTransaction::new(
                    Handle::Transaction(tx),
                    self.search.clone(),
                    None,
                    None,
                )))
            }
        }
    }
}
