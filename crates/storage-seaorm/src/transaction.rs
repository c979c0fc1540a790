//! The transaction handle every repository is implemented on.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_domain::Id;
use helpdesk_storage::{Result, TicketWithArticleIds, Transaction};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction};

use crate::error::backend;
use crate::handle::Handle;
use crate::reader::Reader;
use crate::search_index::Dialect;
use crate::sqlite::attribute_cache::AttributeCache;
use crate::sqlite::direct::DirectReads;
use crate::sqlite::group_commit::WriterTurn;
use crate::sqlite::search_docs;
use crate::ticket;

/// One open database transaction (or, for a SQLite read, statements in autocommit mode).
/// Dropping it rolls back.
pub(crate) struct SeaOrmTransaction {
    /// Declared first so it is dropped (rolled back) before the writer's turn ends.
    pub(crate) tx: Handle,
    /// How the database matches ticket free text.
    pub(crate) search: Dialect,
    /// What the engine adds to the transaction.
    session: Session,
    /// Whether this transaction changed attributes (the cache is cleared when it commits).
    pub(crate) attributes_changed: bool,
    /// A read on PostgreSQL: the store's pool, on which a dropped search's statement is
    /// cancelled (`crate::server::search_cancel`); `None` elsewhere.
    pub(crate) canceller: Option<DatabaseConnection>,
}

/// What a transaction holds besides its statements' handle, by engine and mode.
enum Session {
    /// A SQLite read: the store's attribute cache, and on a file the read connections its hot
    /// statements run on in the calling thread (`crate::sqlite::direct`).
    SqliteRead {
        attributes: Arc<AttributeCache>,
        direct: Option<Arc<DirectReads>>,
    },
    /// A SQLite write: its turn (`crate::sqlite::group_commit`), held until commit or drop,
    /// and the attribute cache its commit clears when it changed attributes.
    SqliteWrite {
        turn: WriterTurn,
        attributes: Arc<AttributeCache>,
    },
    /// A transaction on PostgreSQL or MariaDB/MySQL.
    Server,
}

impl SeaOrmTransaction {
    fn new(tx: Handle, search: Dialect, session: Session) -> Self {
        Self {
            tx,
            search,
            session,
            attributes_changed: false,
            canceller: None,
        }
    }

    /// A SQLite read: statements in autocommit mode on `pool`, the hot ones on `direct` if
    /// given (a file's).
    pub(crate) fn sqlite_read(
        pool: &DatabaseConnection,
        attributes: &Arc<AttributeCache>,
        direct: Option<&Arc<DirectReads>>,
    ) -> Self {
        let session = Session::SqliteRead {
            attributes: Arc::clone(attributes),
            direct: direct.cloned(),
        };
        Self::new(Handle::Autocommit(pool.clone()), Dialect::Sqlite, session)
    }

    /// A SQLite write in `savepoint`, during its `turn`.
    pub(crate) fn sqlite_write(
        savepoint: DatabaseTransaction,
        turn: WriterTurn,
        attributes: &Arc<AttributeCache>,
    ) -> Self {
        let session = Session::SqliteWrite {
            turn,
            attributes: Arc::clone(attributes),
        };
        Self::new(Handle::Transaction(savepoint), Dialect::Sqlite, session)
    }

    /// A transaction on PostgreSQL or MariaDB/MySQL.
    pub(crate) fn server(tx: Handle, search: Dialect) -> Self {
        Self::new(tx, search, Session::Server)
    }

    /// This read, with `pool` to cancel a dropped search's statement on.
    pub(crate) fn with_canceller(mut self, pool: &DatabaseConnection) -> Self {
        self.canceller = Some(pool.clone());
        self
    }

    /// Where this transaction's hot reads run.
    pub(crate) fn reader(&self) -> Reader<'_> {
        match self.direct() {
            Some(reads) => Reader::Direct {
                reads,
                blocking: false,
            },
            None => Reader::Orm(&self.tx),
        }
    }

    /// A SQLite file read's direct connections.
    fn direct(&self) -> Option<&Arc<DirectReads>> {
        match &self.session {
            Session::SqliteRead { direct, .. } => direct.as_ref(),
            Session::SqliteWrite { .. } | Session::Server => None,
        }
    }

    /// The attribute cache a read may answer from: a SQLite read's; a transaction reads the
    /// table (it may have changed attributes itself).
    pub(crate) fn attribute_cache(&self) -> Option<&AttributeCache> {
        match &self.session {
            Session::SqliteRead { attributes, .. } => Some(attributes),
            Session::SqliteWrite { .. } | Session::Server => None,
        }
    }

    /// On a SQLite write transaction, rebuilds the search documents of the tickets whose
    /// search rows changed (`crate::sqlite::search_docs::flush`), for a search of its own writes;
    /// nothing elsewhere. (Its batch's commit rebuilds the rest.)
    pub(crate) async fn flush_search_docs(&self) -> Result<()> {
        if matches!(self.session, Session::SqliteWrite { .. }) {
            self.tx
                .execute_unprepared(&search_docs::flush())
                .await
                .map_err(backend)?;
        }
        Ok(())
    }
}

#[async_trait]
impl Transaction for SeaOrmTransaction {
    async fn commit(self: Box<Self>) -> Result<()> {
        let this = *self;
        match (this.tx, this.session) {
            (Handle::Transaction(savepoint), Session::SqliteWrite { turn, attributes }) => {
                turn.commit(savepoint).await?;
                if this.attributes_changed {
                    attributes.clear();
                }
                Ok(())
            }
            (tx, _) => tx.commit().await.map_err(backend),
        }
    }

    async fn ticket_with_article_ids(&mut self, id: Id) -> Result<Option<TicketWithArticleIds>> {
        match self.direct() {
            Some(reads) => ticket::direct_ticket_with_article_ids(reads, id),
            None => ticket::ticket_with_article_ids(&self.tx, id).await,
        }
    }
}
