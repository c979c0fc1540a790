//! Online notifications: `NotificationRepo` on the `online_notifications` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, OnlineNotification, Timestamp};
use helpdesk_storage::{NotificationRepo, Result};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::columns::{meta_columns, millis, row_meta};
use crate::entity::online_notifications::{ActiveModel, Column, Entity, Model};
use crate::error::backend;
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for OnlineNotification {
    type Entity = Entity;
    const KIND: &'static str = "notification";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(OnlineNotification {
            id: row.id,
            o_id: row.o_id,
            object_lookup_id: row.object_lookup_id,
            type_lookup_id: row.type_lookup_id,
            user_id: row.user_id,
            seen: row.seen,
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            o_id: Set(self.o_id),
            object_lookup_id: Set(self.object_lookup_id),
            type_lookup_id: Set(self.type_lookup_id),
            user_id: Set(self.user_id),
            seen: Set(self.seen),
            ..meta_columns!(ActiveModel, self.meta)
        }
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
        rows::by_id(&self.tx, id).await
    }

    async fn notifications_of_user(
        &mut self,
        user_id: Id,
        limit: u64,
    ) -> Result<Vec<OnlineNotification>> {
        let select = Entity::find()
            .filter(Column::UserId.eq(user_id))
            .order_by_desc(Column::Id)
            .limit(Ord::min(limit, i64::MAX as u64));
        rows::all(&self.tx, select).await
    }

    async fn insert_notification(
        &mut self,
        notification: &OnlineNotification,
    ) -> Result<OnlineNotification> {
        rows::insert(&self.tx, notification).await
    }

    async fn insert_notifications(&mut self, notifications: &[OnlineNotification]) -> Result<()> {
        rows::insert_many(&self.tx, notifications).await
    }

    async fn update_notification(&mut self, notification: &OnlineNotification) -> Result<()> {
        rows::update(&self.tx, notification).await
    }

    async fn delete_notification(&mut self, id: Id) -> Result<()> {
        rows::delete::<OnlineNotification>(&self.tx, id).await
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
