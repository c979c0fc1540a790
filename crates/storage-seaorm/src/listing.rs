//! Counting, ordering and paging a filtered select.

use helpdesk_domain::{Listing, Page, SortOrder};
use helpdesk_storage::{Result, Sort};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, Order, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};

use crate::error::backend;
use crate::handle::Handle;

/// The rows of `E` that meet `condition`, with no `WHERE` at all when it is empty: an empty
/// condition would be written `WHERE TRUE`, and SQLite counts a whole table through its
/// b-tree only when a count has no `WHERE`.
pub(crate) fn rows_where<E: EntityTrait>(condition: Condition) -> Select<E> {
    if condition.is_empty() {
        E::find()
    } else {
        E::find().filter(condition)
    }
}

/// The page of `select` in `sort` order (then `id` ascending), and the number of all its rows.
/// `sort_column` is `None` when the sort field is `id` itself.
pub(crate) async fn page_of<E>(
    tx: &Handle,
    select: Select<E>,
    sort_column: Option<E::Column>,
    id_column: E::Column,
    sort: &Sort,
    page: Page,
) -> Result<Listing<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    E::Column: ColumnTrait,
{
    let total = select.clone().count(tx).await.map_err(backend)?;
    let order = match sort.order {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let ordered = match sort_column {
        Some(column) => select
            .order_by(column, order)
            .order_by(id_column, Order::Asc),
        None => select.order_by(id_column, order),
    };
    let items = ordered
        .offset(page.offset.min(i64::MAX as u64))
        .limit(page.limit.min(i64::MAX as u64))
        .all(tx)
        .await
        .map_err(backend)?;
    Ok(Listing { items, total })
}

/// A page of plain rows by id, and their total.
pub(crate) async fn page_by_id<E>(
    tx: &Handle,
    select: Select<E>,
    id_column: E::Column,
    page: Page,
) -> Result<Listing<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    E::Column: ColumnTrait,
{
    page_of(tx, select, None, id_column, &Sort::by_id(), page).await
}
