//! Counting, ordering and paging a filtered select.

use helpdesk_domain::{Listing, Page, SortOrder};
use helpdesk_storage::{Result, Sort};
use sea_orm::{
    ColumnTrait, DatabaseTransaction, EntityTrait, Order, PaginatorTrait, QueryOrder, QuerySelect,
    Select,
};

use crate::error::backend;

/// The page of `select` in `sort` order (then `id` ascending), and the number of all its rows.
/// `sort_column` is `None` when the sort field is `id` itself.
pub(crate) async fn page_of<E>(
    tx: &DatabaseTransaction,
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
    tx: &DatabaseTransaction,
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
