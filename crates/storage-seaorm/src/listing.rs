//! Counting, ordering and paging a filtered select.

use std::str::FromStr;

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

/// The page of the rows of `E` that meet `condition` in `sort` order (then `id` ascending),
/// and the number of all of them. `allowed` are the record type's allow-listed sort fields,
/// each a column of `E`; `id` and any other field order by id alone.
pub(crate) async fn sorted_page<E>(
    tx: &Handle,
    condition: Condition,
    allowed: &[&str],
    id_column: E::Column,
    sort: &Sort,
    page: Page,
) -> Result<Listing<E::Model>>
where
    E: EntityTrait,
    E::Model: Sync,
    E::Column: ColumnTrait + FromStr,
{
    let select = rows_where::<E>(condition);
    let total = select.clone().count(tx).await.map_err(backend)?;
    let order = match sort.order {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let sort_column = (sort.field != "id" && allowed.contains(&sort.field))
        .then(|| E::Column::from_str(sort.field).ok())
        .flatten();
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
