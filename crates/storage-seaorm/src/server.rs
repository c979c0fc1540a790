//! The database servers: PostgreSQL and MariaDB/MySQL, which several server processes may
//! share. Their full-text search is in `crate::search_index` (`postgres`, `mysql`).
//!
//! - [`process_locks`]: write transactions and migrations exclusive across every process;
//! - [`limits`]: the pool's waits and the statement time limit, and recovery after an outage;
//! - [`search_cancel`]: a dropped ticket search's statement cancelled on PostgreSQL.
//!
//! Read transactions are `READ ONLY` and take no lock; every write transaction first takes
//! the `write_locks` row, so writes never interleave, whichever process runs them.

pub(crate) mod limits;
pub(crate) mod process_locks;
pub(crate) mod search_cancel;

use std::sync::Arc;

use helpdesk_storage::{Mode, Result};
use sea_orm::{
    AccessMode, ConnectOptions, Database, DatabaseConnection, DbBackend, TransactionOptions,
    TransactionTrait,
};

use crate::StoreOptions;
use crate::error::backend;
use crate::handle::Handle;
use crate::search_index::{Dialect, mysql};
use crate::store::Engine;
use crate::transaction::SeaOrmTransaction;

/// Connects to the server at `url` with `limits`, after running the pending migrations on a
/// pool of their own without the statement time limit.
pub(crate) async fn connect(url: &str, limits: &StoreOptions) -> Result<Engine> {
    let mut options = ConnectOptions::new(url);
    options.sqlx_logging(false);
    {
        let db = Database::connect(options.clone()).await.map_err(backend)?;
        process_locks::migrate(&db).await?;
        let _ = db.close().await;
    }
    limits::apply(&mut options, limits);
    let pool = Database::connect(options).await.map_err(backend)?;
    if pool.get_database_backend() == DbBackend::Postgres {
        return Ok(Engine::Postgres { pool });
    }
    let fulltext = match mysql::Fulltext::load(&pool).await {
        Ok(fulltext) => Some(Arc::new(fulltext)),
        Err(e) => {
            tracing::warn!(error = %e, "cannot read the FULLTEXT settings; ticket search scans the index table");
            None
        }
    };
    Ok(Engine::MySql { pool, fulltext })
}

/// Begins a transaction on `pool`: a `READ ONLY` one, or a write that holds the write lock
/// of every process.
pub(crate) async fn begin(
    mode: Mode,
    pool: &DatabaseConnection,
    search: Dialect,
) -> Result<SeaOrmTransaction> {
    let tx = match mode {
        Mode::Read => {
            let options = TransactionOptions {
                access_mode: Some(AccessMode::ReadOnly),
                ..TransactionOptions::default()
            };
            pool.begin_with_options(options).await.map_err(backend)?
        }
        Mode::Write => {
            let tx = pool.begin().await.map_err(backend)?;
            process_locks::lock_writes(&tx).await?;
            tx
        }
    };
    Ok(SeaOrmTransaction::server(Handle::Transaction(tx), search))
}
