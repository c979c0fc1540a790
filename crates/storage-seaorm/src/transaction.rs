//! The transaction handle every repository is implemented on.

use async_trait::async_trait;
use helpdesk_storage::{Result, Transaction};
use sea_orm::DatabaseTransaction;
use tokio::sync::OwnedMutexGuard;

use crate::error::backend;
use crate::search_index::Dialect;

/// One open database transaction. Dropping it rolls back.
pub(crate) struct SeaOrmTransaction {
    /// Declared first so it is dropped (rolled back) before the writer lock is released.
    pub(crate) tx: DatabaseTransaction,
    /// How the database matches ticket free text.
    pub(crate) search: Dialect,
    /// The SQLite writer lock, held until commit or drop; `None` elsewhere.
    _writer: Option<OwnedMutexGuard<()>>,
}

impl SeaOrmTransaction {
    /// Wraps an open transaction, the search dialect of its database and the writer lock it
    /// holds, if any.
    pub(crate) fn new(
        tx: DatabaseTransaction,
        search: Dialect,
        writer: Option<OwnedMutexGuard<()>>,
    ) -> Self {
        Self {
            tx,
            search,
            _writer: writer,
        }
    }
}

#[async_trait]
impl Transaction for SeaOrmTransaction {
    async fn commit(self: Box<Self>) -> Result<()> {
        let this = *self;
        this.tx.commit().await.map_err(backend)
    }
}
