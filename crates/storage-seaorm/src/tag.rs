//! Tags: `TagRepo` on `tag_items` (the tag list, names unique ignoring case) and `tags` (the
//! tags of each ticket; their ids keep the order they were added).

use async_trait::async_trait;
use helpdesk_domain::{Id, TagItem};
use helpdesk_storage::{Result, TagRepo};
use sea_orm::sea_query::{
    Expr, ExprTrait, Func, LikeExpr, Order, Query as SqlQuery, SelectStatement,
};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};

use crate::columns::name_key;
use crate::entity::tag_items::{self, Column, Entity};
use crate::entity::tags;
use crate::error::{backend, missing, on_named_write};
use crate::handle::Handle;
use crate::rows;
use crate::search::escape_like;
use crate::transaction::SeaOrmTransaction;

/// The id of the tag item named `name`, ignoring case.
async fn item_named(tx: &Handle, name: &str) -> Result<Option<Id>> {
    Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::NameKey.eq(name_key(name)))
        .into_tuple::<Id>()
        .one(tx)
        .await
        .map_err(backend)
}

/// Adds a tag item; `Conflict` on a duplicate name.
async fn insert_item(tx: &Handle, name: &str) -> Result<Id> {
    let row = tag_items::ActiveModel {
        id: NotSet,
        name: Set(name.to_string()),
        name_key: Set(name_key(name)),
    };
    let inserted = Entity::insert(row)
        .exec(tx)
        .await
        .map_err(|e| on_named_write(e, "tag item", name))?;
    Ok(inserted.last_insert_id)
}

/// Tag items with the number of tickets carrying each (one grouped query), by name then id.
fn items_with_counts() -> SelectStatement {
    SqlQuery::select()
        .column((Entity, Column::Id))
        .column((Entity, Column::Name))
        .expr_as(
            Func::count(Expr::col((tags::Entity, tags::Column::Id))),
            "count",
        )
        .from(Entity)
        .left_join(
            tags::Entity,
            Expr::col((tags::Entity, tags::Column::TagItemId)).equals((Entity, Column::Id)),
        )
        .group_by_col((Entity, Column::Id))
        .group_by_col((Entity, Column::Name))
        .order_by((Entity, Column::Name), Order::Asc)
        .order_by((Entity, Column::Id), Order::Asc)
        .to_owned()
}

/// Runs a [`items_with_counts`] query.
async fn load_items(tx: &Handle, select: &SelectStatement) -> Result<Vec<TagItem>> {
    let rows = tx.query_all(select).await.map_err(backend)?;
    rows.into_iter()
        .map(|row| {
            let count: i64 = row.try_get("", "count").map_err(backend)?;
            Ok(TagItem {
                id: row.try_get("", "id").map_err(backend)?,
                name: row.try_get("", "name").map_err(backend)?,
                count: u64::try_from(count).unwrap_or_default(),
            })
        })
        .collect()
}

#[async_trait]
impl TagRepo for SeaOrmTransaction {
    async fn tags_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<String>> {
        let select = SqlQuery::select()
            .column((Entity, Column::Name))
            .from(tags::Entity)
            .inner_join(
                Entity,
                Expr::col((tags::Entity, tags::Column::TagItemId)).equals((Entity, Column::Id)),
            )
            .and_where(Expr::col((tags::Entity, tags::Column::TicketId)).eq(ticket_id))
            .order_by((tags::Entity, tags::Column::Id), Order::Asc)
            .to_owned();
        let rows = self.tx.query_all(&select).await.map_err(backend)?;
        rows.into_iter()
            .map(|row| row.try_get("", "name").map_err(backend))
            .collect()
    }

    async fn add_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool> {
        let item = match item_named(&self.tx, name).await? {
            Some(id) => id,
            None => insert_item(&self.tx, name).await?,
        };
        let linked = tags::Entity::find()
            .filter(tags::Column::TicketId.eq(ticket_id))
            .filter(tags::Column::TagItemId.eq(item))
            .count(&self.tx)
            .await
            .map_err(backend)?
            > 0;
        if linked {
            return Ok(false);
        }
        let link = tags::ActiveModel {
            id: NotSet,
            ticket_id: Set(ticket_id),
            tag_item_id: Set(item),
        };
        tags::Entity::insert(link)
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(true)
    }

    async fn remove_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool> {
        let Some(item) = item_named(&self.tx, name).await? else {
            return Ok(false);
        };
        let deleted = rows::delete_where::<tags::Entity>(
            &self.tx,
            Condition::all()
                .add(tags::Column::TicketId.eq(ticket_id))
                .add(tags::Column::TagItemId.eq(item)),
        )
        .await?;
        Ok(deleted > 0)
    }

    async fn tag_items(&mut self, term: Option<&str>, limit: u64) -> Result<Vec<TagItem>> {
        let mut select = items_with_counts();
        if let Some(term) = term {
            let pattern = format!("%{}%", escape_like(&term.to_lowercase()));
            select.and_where(
                Expr::col((Entity, Column::NameKey)).like(LikeExpr::new(pattern).escape('!')),
            );
        }
        select.limit(Ord::min(limit, i64::MAX as u64));
        load_items(&self.tx, &select).await
    }

    async fn tag_item(&mut self, id: Id) -> Result<Option<TagItem>> {
        let mut select = items_with_counts();
        select.and_where(Expr::col((Entity, Column::Id)).eq(id));
        Ok(load_items(&self.tx, &select).await?.pop())
    }

    async fn insert_tag_item(&mut self, name: &str) -> Result<TagItem> {
        let id = insert_item(&self.tx, name).await?;
        Ok(TagItem {
            id,
            name: name.to_string(),
            count: 0,
        })
    }

    async fn rename_tag_item(&mut self, id: Id, name: &str) -> Result<()> {
        let exists = Entity::find_by_id(id)
            .count(&self.tx)
            .await
            .map_err(backend)?
            > 0;
        if !exists {
            return Err(missing("tag item", id));
        }
        Entity::update_many()
            .col_expr(Column::Name, Expr::val(name))
            .col_expr(Column::NameKey, Expr::val(name_key(name)))
            .filter(Column::Id.eq(id))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "tag item", name))?;
        Ok(())
    }

    async fn delete_tag_item(&mut self, id: Id) -> Result<()> {
        rows::delete_where::<tags::Entity>(&self.tx, tags::Column::TagItemId.eq(id)).await?;
        let deleted = Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        if deleted.rows_affected == 0 {
            return Err(missing("tag item", id));
        }
        Ok(())
    }
}
