//! Where the statements of a hot read run: on SeaORM's connection (PostgreSQL, MariaDB/MySQL,
//! and every transaction), or on a SQLite file's read connections in the calling thread
//! (`crate::direct`). The statements are the same; only the driver differs.

use std::str::FromStr;

use helpdesk_storage::Result;
use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, QuerySelect, QueryTrait, Select,
    TryGetableMany, TryIntoModel,
};

use crate::direct::{self, DirectReads, FromRow};
use crate::error::backend;
use crate::handle::Handle;

/// The connection a read's hot statements run on.
pub(crate) enum Reader<'a> {
    /// SeaORM's connection or transaction.
    Orm(&'a Handle),
    /// A SQLite file's read connections.
    Direct(&'a DirectReads),
}

/// `SELECT COUNT(*) FROM (select)`, as SeaORM counts.
fn count_of<E: EntityTrait>(select: Select<E>) -> SelectStatement {
    SelectStatement::new()
        .expr(Expr::cust("COUNT(*) AS num_items"))
        .from_subquery(select.into_query(), "sub_query")
        .to_owned()
}

impl Reader<'_> {
    /// The first column of each row `query` answers, an integer.
    pub(crate) async fn integers(&self, query: &SelectStatement) -> Result<Vec<i64>> {
        match self {
            Reader::Orm(tx) => tx
                .query_all(query)
                .await
                .map_err(backend)?
                .iter()
                .map(|row| row.try_get_by_index::<i64>(0).map_err(backend))
                .collect(),
            Reader::Direct(reads) => reads
                .rows(&DbBackend::Sqlite.build(query), |row| {
                    row.get(0).map_err(direct::error)
                })
                .map_err(backend),
        }
    }

    /// The number of rows `select` answers.
    pub(crate) async fn count<E: EntityTrait>(&self, select: Select<E>) -> Result<u64> {
        let counted = self.integers(&count_of(select)).await?;
        Ok(counted
            .first()
            .map_or(0, |n| u64::try_from(*n).unwrap_or_default()))
    }

    /// The rows `select` answers.
    pub(crate) async fn models<E>(&self, select: Select<E>) -> Result<Vec<E::Model>>
    where
        E: EntityTrait,
        E::Model: Sync,
        E::Column: FromStr,
        E::ActiveModel: ActiveModelTrait<Entity = E> + TryIntoModel<E::Model>,
    {
        match self {
            Reader::Orm(tx) => select.all(*tx).await.map_err(backend),
            Reader::Direct(reads) => reads
                .models::<E>(&select.build(DbBackend::Sqlite))
                .map_err(backend),
        }
    }

    /// The first row `select` answers.
    pub(crate) async fn first<E>(&self, select: Select<E>) -> Result<Option<E::Model>>
    where
        E: EntityTrait,
        E::Model: Sync,
        E::Column: FromStr,
        E::ActiveModel: ActiveModelTrait<Entity = E> + TryIntoModel<E::Model>,
    {
        Ok(self.models(select.limit(1)).await?.pop())
    }

    /// The rows `query` answers as tuples of their columns, by position.
    pub(crate) async fn tuples<T>(&self, query: &SelectStatement) -> Result<Vec<T>>
    where
        T: TryGetableMany + FromRow,
    {
        match self {
            Reader::Orm(tx) => tx
                .query_all(query)
                .await
                .map_err(backend)?
                .iter()
                .map(|row| T::try_get_many_by_index(row).map_err(|e| backend(e.into())))
                .collect(),
            Reader::Direct(reads) => reads
                .rows(&DbBackend::Sqlite.build(query), |row| {
                    T::from_row(row).map_err(direct::error)
                })
                .map_err(backend),
        }
    }
}
