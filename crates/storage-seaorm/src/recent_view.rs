//! Recent views: `RecentViewRepo` on the `recent_views` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, RecentView, Timestamp};
use helpdesk_storage::{RecentViewRepo, Result};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::columns::{millis, timestamp};
use crate::entity::recent_views::{ActiveModel, Column, Entity, Model};
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for RecentView {
    type Entity = Entity;
    const KIND: &'static str = "recent view";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(RecentView {
            id: row.id,
            user_id: row.user_id,
            ticket_id: row.ticket_id,
            viewed_at: timestamp(row.viewed_at),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            user_id: Set(self.user_id),
            ticket_id: Set(self.ticket_id),
            viewed_at: Set(millis(self.viewed_at)),
            ..Default::default()
        }
    }
}

#[async_trait]
impl RecentViewRepo for SeaOrmTransaction {
    async fn log_recent_view(&mut self, user_id: Id, ticket_id: Id, at: Timestamp) -> Result<()> {
        // A new row, not a moved one: its id breaks a tie of equal times in view order.
        let same = Condition::all()
            .add(Column::UserId.eq(user_id))
            .add(Column::TicketId.eq(ticket_id));
        rows::delete_where::<Entity>(&self.tx, same).await?;
        let view = RecentView {
            id: 0,
            user_id,
            ticket_id,
            viewed_at: at,
        };
        rows::insert(&self.tx, &view).await?;
        Ok(())
    }

    async fn recent_views(&mut self, user_id: Id, limit: u64) -> Result<Vec<RecentView>> {
        let select = Entity::find()
            .filter(Column::UserId.eq(user_id))
            .order_by_desc(Column::ViewedAt)
            .order_by_desc(Column::Id)
            .limit(limit);
        rows::all(&self.tx, select).await
    }
}
