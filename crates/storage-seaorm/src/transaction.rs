//! The transaction handle every repository is implemented on.

use async_trait::async_trait;
use helpdesk_storage::{Result, Transaction};
use sea_orm::{ConnectionTrait, DatabaseTransaction};
use tokio::sync::OwnedMutexGuard;

use crate::error::backend;
use crate::search_index::{Dialect, sqlite};

/// One open database transaction. Dropping it rolls back.
pub(crate) struct SeaOrmTransaction {
    /// Declared first so it is dropped (rolled back) before the writer lock is released.
    pub(crate) tx: DatabaseTransaction,
    /// How the database matches ticket free text.
    pub(crate) search: Dialect,
    /// The SQLite writer lock, held until commit or drop; `None` elsewhere.
    writer: Option<OwnedMutexGuard<()>>,
}

impl SeaOrmTransaction {
    /// Wraps an open transaction, the search dialect of its database and the writer lock it
    /// holds, if any.
    pub(crate) fn new(
        tx: DatabaseTransaction,
        search: Dialect,
        writer: Option<OwnedMutexGuard<()>>,
    ) -> Self {
        Self { tx, search, writer }
    }

    /// On a SQLite write transaction, rebuilds the search documents of the tickets whose
    /// search rows changed (`search_index::sqlite::flush`); nothing elsewhere.
    pub(crate) async fn flush_search_docs(&self) -> Result<()> {
        if self.writer.is_some() {
            self.tx
                .execute_unprepared(&sqlite::flush())
                .await
                .map_err(backend)?;
        }
        Ok(())
    }
}

#[async_trait]
impl Transaction for SeaOrmTransaction {
    async fn commit(self: Box<Self>) -> Result<()> {
        self.flush_search_docs().await?;
        let this = *self;
        this.tx.commit().await.map_err(backend)
    }
}
