//! Mentions: `MentionRepo` on the `mentions` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, Mention};
use helpdesk_storage::{Conflict, MentionRepo, Result};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::columns::{meta_columns, row_meta};
use crate::entity::mentions::{ActiveModel, Column, Entity, Model};
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Mention {
    type Entity = Entity;
    const KIND: &'static str = "mention";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Mention {
            id: row.id,
            ticket_id: row.ticket_id,
            user_id: row.user_id,
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            ticket_id: Set(self.ticket_id),
            user_id: Set(self.user_id),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    fn unique_conflict(&self, _message: &str) -> Option<Conflict> {
        Some(Conflict::unique("mention", self.identity()))
    }
}

#[async_trait]
impl MentionRepo for SeaOrmTransaction {
    async fn mention(&mut self, id: Id) -> Result<Option<Mention>> {
        rows::by_id(&self.tx, id).await
    }

    async fn mentions(
        &mut self,
        ticket_id: Option<Id>,
        user_id: Option<Id>,
    ) -> Result<Vec<Mention>> {
        let condition = Condition::all()
            .add_option(ticket_id.map(|id| Column::TicketId.eq(id)))
            .add_option(user_id.map(|id| Column::UserId.eq(id)));
        let select = Entity::find()
            .filter(condition)
            .order_by_desc(Column::CreatedAt)
            .order_by_desc(Column::Id);
        rows::all(&self.tx, select).await
    }

    async fn insert_mention(&mut self, mention: &Mention) -> Result<Mention> {
        rows::insert(&self.tx, mention).await
    }

    async fn delete_mention(&mut self, id: Id) -> Result<bool> {
        Ok(rows::delete_where::<Entity>(&self.tx, Column::Id.eq(id)).await? > 0)
    }
}
