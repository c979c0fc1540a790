//! The store: a connection pool that hands out transactions.
//!
//! Write transactions are exclusive. On SQLite they take an in-process lock in turn and
//! begin with `BEGIN IMMEDIATE` (one process owns the file); on PostgreSQL and MariaDB/MySQL,
//! where several server processes may share the database, each one first locks the
//! `write_locks` row (`crate::process_locks`). Read transactions take no lock.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_storage::{Error, Mode, Result, Store, Transaction};
use sea_orm::{
    AccessMode, ConnectOptions, Database, DatabaseConnection, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use tokio::sync::Mutex;

use crate::error::backend;
use crate::process_locks;
use crate::search_index::Dialect;
use crate::sqlite_tuning;
use crate::transaction::SeaOrmTransaction;

/// The SQL store on SQLite, PostgreSQL or MariaDB/MySQL.
pub struct SeaOrmStore {
    db: DatabaseConnection,
    /// How the database matches ticket free text.
    search: Dialect,
    /// On SQLite, write transactions take this lock in turn, so none waits on a lock upgrade.
    sqlite_writer: Option<Arc<Mutex<()>>>,
}

impl SeaOrmStore {
    /// Connects to `url` (`sqlite://path?mode=rwc`, `postgres://…`, `mysql://…`) and runs the
    /// pending migrations. A SQLite file and its directory are created when missing.
    ///
    /// A SQLite URL may end in `synchronous=full` (the default), `extra` or `normal` among its
    /// query parameters: `normal` skips the fsync of each commit in WAL mode (faster; a power
    /// loss may drop the last commits, but never corrupts the database).
    pub async fn connect(url: &str) -> Result<SeaOrmStore> {
        let sqlite = sqlite_tuning::is_sqlite(url);
        let mut options = if sqlite {
            let (url, synchronous) =
                sqlite_tuning::split_synchronous(url).map_err(Error::backend)?;
            sqlite_tuning::create_parent_dir(&url).map_err(Error::backend)?;
            let mut options = ConnectOptions::new(url.as_str());
            sqlite_tuning::tune(&mut options, &url, synchronous);
            options
        } else {
            ConnectOptions::new(url)
        };
        options.sqlx_logging(false);
        let db = Database::connect(options).await.map_err(backend)?;
        process_locks::migrate(&db).await?;
        Ok(SeaOrmStore {
            search: Dialect::of(&db).await,
            db,
            sqlite_writer: sqlite.then(|| Arc::new(Mutex::new(()))),
        })
    }
}

#[async_trait]
impl Store for SeaOrmStore {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        let options = match (&self.sqlite_writer, mode) {
            (Some(_), Mode::Write) => TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            },
            (Some(_), Mode::Read) => TransactionOptions::default(),
            (None, Mode::Read) => TransactionOptions {
                access_mode: Some(AccessMode::ReadOnly),
                ..TransactionOptions::default()
            },
            (None, Mode::Write) => TransactionOptions::default(),
        };
        let guard = match (&self.sqlite_writer, mode) {
            (Some(lock), Mode::Write) => Some(Arc::clone(lock).lock_owned().await),
            _ => None,
        };
        let tx = self.db.begin_with_options(options).await.map_err(backend)?;
        if guard.is_none() && mode == Mode::Write {
            process_locks::lock_writes(&tx).await?;
        }
        Ok(Box::new(SeaOrmTransaction::new(
            tx,
            self.search.clone(),
            guard,
        )))
    }
}
