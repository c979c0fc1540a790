//! Where the statements of a hot read run: on SeaORM's connection (PostgreSQL, MariaDB/MySQL,
//! and every transaction), or on a SQLite file's read connections (`crate::sqlite::direct`) — in the
//! calling thread, or on tokio's blocking threads for statements that may run long (a
//! free-text search takes milliseconds, which would stall every other request queued on the
//! same runtime worker). The statements are the same; only the driver differs.

use std::str::FromStr;
use std::sync::Arc;

use helpdesk_storage::Result;
use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QuerySelect, QueryTrait,
    Select, TryGetableMany, TryIntoModel,
};

use crate::error::backend;
use crate::handle::Handle;
use crate::sqlite::direct::{self, DirectReads, FromRow};

/// The connection a read's hot statements run on.
pub(crate) enum Reader<'a> {
    /// SeaORM's connection or transaction.
    Orm(&'a Handle),
    /// A SQLite file's read connections.
    Direct {
        reads: &'a Arc<DirectReads>,
        /// Whether statements run on a blocking thread rather than the calling one.
        blocking: bool,
    },
}

/// Runs `read` on `reads`, in this thread or on a blocking one.
async fn run<T: Send + 'static>(
    reads: &Arc<DirectReads>,
    blocking: bool,
    read: impl FnOnce(&DirectReads) -> std::result::Result<T, DbErr> + Send + 'static,
) -> Result<T> {
    if !blocking {
        return read(reads).map_err(backend);
    }
    let reads = Arc::clone(reads);
    tokio::task::spawn_blocking(move || read(&reads))
        .await
        .map_err(|e| backend(DbErr::Custom(format!("a blocking read failed: {e}"))))?
        .map_err(backend)
}

/// `SELECT COUNT(*) FROM (select)`, as SeaORM counts.
fn count_of<E: EntityTrait>(select: Select<E>) -> SelectStatement {
    SelectStatement::new()
        .expr(Expr::cust("COUNT(*) AS num_items"))
        .from_subquery(select.into_query(), "sub_query")
        .to_owned()
}

/// An entity whose rows a [`Reader`] decodes, on either driver.
pub(crate) trait Readable:
    EntityTrait<
        Model: Sync + Send + 'static,
        Column: FromStr,
        ActiveModel: ActiveModelTrait<Entity = Self> + TryIntoModel<<Self as EntityTrait>::Model>,
    >
{
}

impl<E> Readable for E where
    E: EntityTrait<
            Model: Sync + Send + 'static,
            Column: FromStr,
            ActiveModel: ActiveModelTrait<Entity = E> + TryIntoModel<<E as EntityTrait>::Model>,
        >
{
}

impl Reader<'_> {
    /// This reader, with SQLite statements on blocking threads: for statements that may run
    /// long.
    pub(crate) fn for_long_statements(self) -> Self {
        match self {
            Reader::Direct { reads, .. } => Reader::Direct {
                reads,
                blocking: true,
            },
            orm => orm,
        }
    }

    /// The first column of each row `query` answers, an integer.
    pub(crate) async fn integers(&self, query: &SelectStatement) -> Result<Vec<i64>> {
        self.tuples(query).await
    }

    /// The number of rows `select` answers.
    pub(crate) async fn count<E: EntityTrait>(&self, select: Select<E>) -> Result<u64> {
        let counted = self.integers(&count_of(select)).await?;
        Ok(counted
            .first()
            .map_or(0, |n| u64::try_from(*n).unwrap_or_default()))
    }

    /// The rows `select` answers.
    pub(crate) async fn models<E: Readable>(&self, select: Select<E>) -> Result<Vec<E::Model>> {
        match self {
            Reader::Orm(tx) => select.all(*tx).await.map_err(backend),
            Reader::Direct { reads, blocking } => {
                let statement = select.build(DbBackend::Sqlite);
                run(reads, *blocking, move |reads| reads.models::<E>(&statement)).await
            }
        }
    }

    /// The first row `select` answers.
    pub(crate) async fn first<E: Readable>(&self, select: Select<E>) -> Result<Option<E::Model>> {
        Ok(self.models(select.limit(1)).await?.pop())
    }

    /// The rows `query` answers as tuples of their columns, by position (a lone value for the
    /// first column alone).
    pub(crate) async fn tuples<T>(&self, query: &SelectStatement) -> Result<Vec<T>>
    where
        T: TryGetableMany + FromRow + Send + 'static,
    {
        match self {
            Reader::Orm(tx) => tx
                .query_all(query)
                .await
                .map_err(backend)?
                .iter()
                .map(|row| T::try_get_many_by_index(row).map_err(|e| backend(e.into())))
                .collect(),
            Reader::Direct { reads, blocking } => {
                let statement = DbBackend::Sqlite.build(query);
                run(reads, *blocking, move |reads| {
                    reads.rows(&statement, |row| T::from_row(row).map_err(direct::error))
                })
                .await
            }
        }
    }
}
