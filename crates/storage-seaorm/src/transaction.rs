//! The transaction handle every repository is implemented on.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_domain::Id;
use helpdesk_storage::{Result, TicketWithArticleIds, Transaction};
use sea_orm::{ConnectionTrait, DatabaseConnection};

use crate::attribute_cache::AttributeCache;
use crate::direct::DirectReads;
use crate::error::backend;
use crate::group_commit::WriterTurn;
use crate::handle::Handle;
use crate::reader::Reader;
use crate::search_index::{Dialect, sqlite};
use crate::ticket;

/// One open database transaction (or, for a SQLite read, statements in autocommit mode).
/// Dropping it rolls back.
pub(crate) struct SeaOrmTransaction {
    /// Declared first so it is dropped (rolled back) before the writer lock is released.
    pub(crate) tx: Handle,
    /// How the database matches ticket free text.
    pub(crate) search: Dialect,
    /// A SQLite write's turn (`crate::group_commit`), held until commit or drop; `None`
    /// elsewhere.
    writer: Option<WriterTurn>,
    /// SQLite: the store's cache of attributes; `None` elsewhere.
    attribute_cache: Option<Arc<AttributeCache>>,
    /// Whether this transaction changed attributes (the cache is cleared when it commits).
    pub(crate) attributes_changed: bool,
    /// A read of a SQLite file: the connections its hot statements run on in the calling
    /// thread (`crate::direct`); `None` elsewhere.
    pub(crate) direct: Option<Arc<DirectReads>>,
    /// A read on PostgreSQL or MariaDB/MySQL: the store's pool, on which a dropped search's
    /// statement is cancelled (`crate::search_cancel`); `None` elsewhere.
    pub(crate) canceller: Option<DatabaseConnection>,
}

impl SeaOrmTransaction {
    /// Wraps an open transaction (or autocommit handle), the search dialect of its database,
    /// the writer's turn it holds and the attribute cache, if any.
    pub(crate) fn new(
        tx: Handle,
        search: Dialect,
        writer: Option<WriterTurn>,
        attribute_cache: Option<Arc<AttributeCache>>,
    ) -> Self {
        Self {
            tx,
            search,
            writer,
            attribute_cache,
            attributes_changed: false,
            direct: None,
            canceller: None,
        }
    }

    /// Where this transaction's hot reads run.
    pub(crate) fn reader(&self) -> Reader<'_> {
        match &self.direct {
            Some(reads) => Reader::Direct {
                reads,
                blocking: false,
            },
            None => Reader::Orm(&self.tx),
        }
    }

    /// This read, with its hot statements on `reads`.
    pub(crate) fn with_direct_reads(mut self, reads: Option<Arc<DirectReads>>) -> Self {
        self.direct = reads;
        self
    }

    /// This read, with `pool` to cancel a dropped search's statement on.
    pub(crate) fn with_canceller(mut self, pool: DatabaseConnection) -> Self {
        self.canceller = Some(pool);
        self
    }

    /// The attribute cache a read may answer from: a SQLite read's; a transaction reads the
    /// table (it may have changed attributes itself).
    pub(crate) fn attribute_cache(&self) -> Option<&AttributeCache> {
        match self.tx {
            Handle::Autocommit(_) => self.attribute_cache.as_deref(),
            Handle::Transaction(_) => None,
        }
    }

    /// On a SQLite write transaction, rebuilds the search documents of the tickets whose
    /// search rows changed (`search_index::sqlite::flush`), for a search of its own writes;
    /// nothing elsewhere. (Its batch's commit rebuilds the rest.)
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
        let mut this = *self;
        match (this.writer.take(), this.tx) {
            (Some(turn), Handle::Transaction(savepoint)) => turn.commit(savepoint).await?,
            (_, tx) => tx.commit().await.map_err(backend)?,
        }
        if this.attributes_changed
            && let Some(cache) = &this.attribute_cache
        {
            cache.clear();
        }
        Ok(())
    }

    async fn ticket_with_article_ids(&mut self, id: Id) -> Result<Option<TicketWithArticleIds>> {
        match &self.direct {
            Some(reads) => ticket::direct_ticket_with_article_ids(reads, id),
            None => ticket::ticket_with_article_ids(&self.tx, id).await,
        }
    }
}
