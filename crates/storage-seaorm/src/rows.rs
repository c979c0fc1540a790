//! The mapping between a domain record and the row of its table, and the statements every
//! such table shares: insert (the database assigns the id), update and delete by id, and
//! reading rows back; and for any table, setting columns of one row, counting and deleting the
//! rows that meet a condition. Each answers the storage contract's errors: a unique or
//! foreign-key violation as the record's [`Conflict`], an unknown id as `Missing`.

use helpdesk_domain::{Id, Listing};
use helpdesk_storage::{Conflict, Result};
use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition, SimpleExpr};
use sea_orm::{
    ColumnTrait, EntityTrait, PaginatorTrait, PrimaryKeyTrait, QueryFilter, QueryOrder,
    QuerySelect, Select, TryGetableMany,
};

use crate::columns::name_key;
use crate::error::{backend, missing, on_delete, on_write};
use crate::handle::Handle;
use crate::reader::{Readable, Reader};

/// A domain record stored as one row of [`RecordRow::Entity`].
pub(crate) trait RecordRow: Clone + Send + Sync {
    /// The table.
    type Entity: EntityTrait<PrimaryKey: PrimaryKeyTrait<ValueType = Id>>;
    /// The kind of record, as errors name it (`group`).
    const KIND: &'static str;
    /// The id column.
    const ID: <Self::Entity as EntityTrait>::Column;

    /// The record's id.
    fn id(&self) -> Id;
    /// The record with id `id`.
    fn with_id(self, id: Id) -> Self;
    /// The record a row holds (an error for a row the domain cannot read: a corrupt value).
    fn from_row(row: <Self::Entity as EntityTrait>::Model) -> Result<Self>;
    /// The row of the record, every column set but the id.
    fn to_row(&self) -> <Self::Entity as EntityTrait>::ActiveModel;
    /// The conflict a unique violation of writing this record means, given the driver's
    /// message (which names the index): the record's unique field and its value; `None` for
    /// a table without unique values (the default).
    fn unique_conflict(&self, _message: &str) -> Option<Conflict> {
        None
    }
}

/// The [`RecordRow::id`], [`RecordRow::with_id`] and [`RecordRow::ID`] of a record with an
/// `id` field stored in the column `Column::Id` (of the `Column` in scope, or of the entity
/// module named).
macro_rules! id_field {
    ($entity:ident) => {
        const ID: $entity::Column = $entity::Column::Id;
        $crate::rows::id_field!(@accessors);
    };
    () => {
        const ID: Column = Column::Id;
        $crate::rows::id_field!(@accessors);
    };
    (@accessors) => {
        fn id(&self) -> helpdesk_domain::Id {
            self.id
        }

        fn with_id(self, id: helpdesk_domain::Id) -> Self {
            Self { id, ..self }
        }
    };
}
pub(crate) use id_field;

/// The [`RecordRow::unique_conflict`] of a record whose only unique value is its `name`.
macro_rules! name_unique {
    () => {
        fn unique_conflict(&self, _message: &str) -> Option<helpdesk_storage::Conflict> {
            Some(helpdesk_storage::Conflict::unique("name", &self.name))
        }
    };
}
pub(crate) use name_unique;

/// Stores `record` as a new row and answers it with the id the database assigned.
pub(crate) async fn insert<R: RecordRow>(tx: &Handle, record: &R) -> Result<R> {
    let inserted = R::Entity::insert(record.to_row())
        .exec(tx)
        .await
        .map_err(|e| on_write(e, R::KIND, |message| record.unique_conflict(message)))?;
    Ok(record.clone().with_id(inserted.last_insert_id))
}

/// Stores `records` as new rows in one statement (their assigned ids are not read back).
pub(crate) async fn insert_many<R: RecordRow>(tx: &Handle, records: &[R]) -> Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    R::Entity::insert_many(records.iter().map(R::to_row))
        .exec_without_returning(tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// Replaces every column of the row of `record`'s id; `Missing` when there is none.
pub(crate) async fn update<R: RecordRow>(tx: &Handle, record: &R) -> Result<()> {
    let updated = R::Entity::update_many()
        .set(record.to_row())
        .filter(R::ID.eq(record.id()))
        .exec(tx)
        .await
        .map_err(|e| on_write(e, R::KIND, |message| record.unique_conflict(message)))?;
    if updated.rows_affected == 0 {
        return Err(missing(R::KIND, record.id()));
    }
    Ok(())
}

/// Sets `columns` of the row `id` of `E` (whose id column is `id_column`); `Missing` (a
/// `kind`) when there is none.
pub(crate) async fn set_columns<E: EntityTrait>(
    tx: &Handle,
    (kind, id_column, id): (&'static str, E::Column, Id),
    columns: impl IntoIterator<Item = (E::Column, SimpleExpr)>,
) -> Result<()> {
    let mut update = E::update_many();
    for (column, value) in columns {
        update = update.col_expr(column, value);
    }
    let updated = update
        .filter(id_column.eq(id))
        .exec(tx)
        .await
        .map_err(backend)?;
    if updated.rows_affected == 0 {
        return Err(missing(kind, id));
    }
    Ok(())
}

/// Adds one to the integer `column` of the row `id` of `E` in place, then reads and answers
/// its new value; `Missing` (a `kind`) when there is no such row.
pub(crate) async fn increment<E: EntityTrait, T: TryGetableMany>(
    tx: &Handle,
    (kind, id_column, id): (&'static str, E::Column, Id),
    column: E::Column,
) -> Result<T> {
    let add_one = Expr::col(column).add(1);
    set_columns::<E>(tx, (kind, id_column, id), [(column, add_one)]).await?;
    let value: Option<T> = E::find()
        .filter(id_column.eq(id))
        .select_only()
        .column(column)
        .into_tuple()
        .one(tx)
        .await
        .map_err(backend)?;
    value.ok_or_else(|| missing(kind, id))
}

/// Deletes the row `id`: `Missing` when there is none, `InUse` while a row refers to it.
pub(crate) async fn delete<R: RecordRow>(tx: &Handle, id: Id) -> Result<()> {
    let deleted = R::Entity::delete_many()
        .filter(R::ID.eq(id))
        .exec(tx)
        .await
        .map_err(|e| on_delete(e, R::KIND, id))?;
    if deleted.rows_affected == 0 {
        return Err(missing(R::KIND, id));
    }
    Ok(())
}

/// The number of rows of `E` that meet `condition`.
pub(crate) async fn count_where<E>(tx: &Handle, condition: impl IntoCondition) -> Result<u64>
where
    E: EntityTrait,
    E::Model: Sync,
{
    E::find().filter(condition).count(tx).await.map_err(backend)
}

/// Deletes the rows of `E` that meet `condition` and answers how many there were.
pub(crate) async fn delete_where<E: EntityTrait>(
    tx: &Handle,
    condition: impl IntoCondition,
) -> Result<u64> {
    let deleted = E::delete_many()
        .filter(condition)
        .exec(tx)
        .await
        .map_err(backend)?;
    Ok(deleted.rows_affected)
}

/// The record `select` answers first on `tx`.
pub(crate) async fn first<R: RecordRow>(
    tx: &Handle,
    select: Select<R::Entity>,
) -> Result<Option<R>> {
    select
        .one(tx)
        .await
        .map_err(backend)?
        .map(R::from_row)
        .transpose()
}

/// The record `id`, read on `tx`.
pub(crate) async fn by_id<R: RecordRow>(tx: &Handle, id: Id) -> Result<Option<R>> {
    first(tx, R::Entity::find().filter(R::ID.eq(id))).await
}

/// The record whose case-insensitively unique name is `name`, looked up by its `name_key`
/// column `key`.
pub(crate) async fn by_name<R: RecordRow>(
    tx: &Handle,
    key: <R::Entity as EntityTrait>::Column,
    name: &str,
) -> Result<Option<R>> {
    first(tx, R::Entity::find().filter(key.eq(name_key(name)))).await
}

/// The records `select` answers on `tx`.
pub(crate) async fn all<R: RecordRow>(tx: &Handle, select: Select<R::Entity>) -> Result<Vec<R>> {
    records(select.all(tx).await.map_err(backend)?)
}

/// Every record of the table by id, read with `reader`.
pub(crate) async fn every<R: RecordRow>(reader: &Reader<'_>) -> Result<Vec<R>>
where
    R::Entity: Readable,
{
    records(reader.models(R::Entity::find().order_by_asc(R::ID)).await?)
}

/// The records `rows` hold, in their order.
pub(crate) fn records<R: RecordRow>(
    rows: impl IntoIterator<Item = <R::Entity as EntityTrait>::Model>,
) -> Result<Vec<R>> {
    rows.into_iter().map(R::from_row).collect()
}

/// The page of records a page of rows holds.
pub(crate) fn listing<R: RecordRow>(
    rows: Listing<<R::Entity as EntityTrait>::Model>,
) -> Result<Listing<R>> {
    Ok(Listing {
        items: records(rows.items)?,
        total: rows.total,
    })
}
