//! The store: a connection pool that hands out transactions.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_storage::{Error, Mode, Result, Store, Transaction};
use sea_orm::{
    AccessMode, ConnectOptions, Database, DatabaseConnection, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use tokio::sync::Mutex;

use crate::error::backend;
use crate::migration::Migrator;
use crate::sqlite_tuning;
use crate::transaction::SeaOrmTransaction;

/// The SQL store on SQLite, PostgreSQL or MariaDB/MySQL.
pub struct SeaOrmStore {
    db: DatabaseConnection,
    /// On SQLite, write transactions take this lock in turn, so none waits on a lock upgrade.
    sqlite_writer: Option<Arc<Mutex<()>>>,
}

impl SeaOrmStore {
    /// Connects to `url` (`sqlite://path?mode=rwc`, `postgres://…`, `mysql://…`) and runs the
    /// pending migrations. A SQLite file and its directory are created when missing.
    pub async fn connect(url: &str) -> Result<SeaOrmStore> {
        let sqlite = sqlite_tuning::is_sqlite(url);
        let mut options = ConnectOptions::new(url);
        options.sqlx_logging(false);
        if sqlite {
            sqlite_tuning::create_parent_dir(url).map_err(Error::backend)?;
            sqlite_tuning::tune(&mut options, url);
        }
        let db = Database::connect(options).await.map_err(backend)?;
        Migrator::up(&db, None).await.map_err(backend)?;
        Ok(SeaOrmStore {
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
        Ok(Box::new(SeaOrmTransaction::new(tx, guard)))
    }
}
