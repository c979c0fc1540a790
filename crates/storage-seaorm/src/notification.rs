//! Online notifications: `NotificationRepo` on the `online_notifications` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, OnlineNotification, Timestamp};
use helpdesk_storage::{NotificationRepo, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use crate::columns::{meta, millis};
use crate::entity::online_notifications::{ActiveModel, Column, Entity, Model};
use crate::error::{backend, missing};
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> OnlineNotification {
    OnlineNotification {
        id: row.id,
        o_id: row.o_id,
        object_lookup_id: row.object_lookup_id,
        type_lookup_id: row.type_lookup_id,
        user_id: row.user_id,
        seen: row.seen,
        meta: meta(
            row.created_at,
            row.updated_at,
            row.created_by_id,
            row.updated_by_id,
        ),
    }
}

fn to_row(n: &OnlineNotification) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        o_id: Set(n.o_id),
        object_lookup_id: Set(n.object_lookup_id),
        type_lookup_id: Set(n.type_lookup_id),
        user_id: Set(n.user_id),
        seen: Set(n.seen),
        created_at: Set(millis(n.meta.created_at)),
        updated_at: Set(millis(n.meta.updated_at)),
        created_by_id: Set(n.meta.created_by_id),
        updated_by_id: Set(n.meta.updated_by_id),
    }
}

impl SeaOrmTransaction {
    /// Sets `seen` and `updated_at` on every unseen notification `which` picks.
    async fn mark_seen(&self, which: Condition, at: Timestamp) -> Result<()> {
        Entity::update_many()
            .col_expr(Column::Seen, Expr::val(true))
            .col_expr(Column::UpdatedAt, Expr::val(millis(at)))
            .filter(which)
            .filter(Column::Seen.eq(false))
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl NotificationRepo for SeaOrmTransaction {
    async fn notification(&mut self, id: Id) -> Result<Option<OnlineNotification>> {
        Ok(Entity::find_by_id(id)
            .one(&self.tx)
            .await
            .map_err(backend)?
            .map(from_row))
    }

    async fn notifications_of_user(
        &mut self,
        user_id: Id,
        limit: u64,
    ) -> Result<Vec<OnlineNotification>> {
        let rows = Entity::find()
            .filter(Column::UserId.eq(user_id))
            .order_by_desc(Column::Id)
            .limit(Ord::min(limit, i64::MAX as u64))
            .all(&self.tx)
            .await
            .map_err(backend)?;
        Ok(rows.into_iter().map(from_row).collect())
    }

    async fn insert_notification(
        &mut self,
        notification: &OnlineNotification,
    ) -> Result<OnlineNotification> {
        let inserted = Entity::insert(to_row(notification))
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(OnlineNotification {
            id: inserted.last_insert_id,
            ..notification.clone()
        })
    }

    async fn insert_notifications(&mut self, notifications: &[OnlineNotification]) -> Result<()> {
        if notifications.is_empty() {
            return Ok(());
        }
        Entity::insert_many(notifications.iter().map(to_row))
            .exec_without_returning(&self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn update_notification(&mut self, notification: &OnlineNotification) -> Result<()> {
        let exists = Entity::find_by_id(notification.id)
            .count(&self.tx)
            .await
            .map_err(backend)?
            > 0;
        if !exists {
            return Err(missing("notification", notification.id));
        }
        Entity::update_many()
            .set(to_row(notification))
            .filter(Column::Id.eq(notification.id))
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn delete_notification(&mut self, id: Id) -> Result<()> {
        let deleted = Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        if deleted.rows_affected == 0 {
            return Err(missing("notification", id));
        }
        Ok(())
    }

    async fn mark_notifications_seen_for_user(&mut self, user_id: Id, at: Timestamp) -> Result<()> {
        self.mark_seen(Condition::all().add(Column::UserId.eq(user_id)), at)
            .await
    }

    async fn mark_notifications_seen_for_ticket(
        &mut self,
        ticket_id: Id,
        at: Timestamp,
    ) -> Result<()> {
        self.mark_seen(Condition::all().add(Column::OId.eq(ticket_id)), at)
            .await
    }
}
