//! Ticket history: `HistoryRepo` on the `histories` table.

use async_trait::async_trait;
use helpdesk_domain::{HistoryEntry, Id};
use helpdesk_storage::{HistoryRepo, Result};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::columns::{millis, timestamp};
use crate::entity::histories::{ActiveModel, Column, Entity, Model};
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for HistoryEntry {
    type Entity = Entity;
    const KIND: &'static str = "history entry";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(HistoryEntry {
            id: row.id,
            ticket_id: row.ticket_id,
            history_type: row.history_type,
            history_object: row.history_object,
            o_id: row.o_id,
            attribute: row.attribute,
            value_from: row.value_from,
            value_to: row.value_to,
            id_from: row.id_from,
            id_to: row.id_to,
            created_by_id: row.created_by_id,
            created_at: timestamp(row.created_at),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            id: NotSet,
            ticket_id: Set(self.ticket_id),
            history_type: Set(self.history_type.clone()),
            history_object: Set(self.history_object.clone()),
            o_id: Set(self.o_id),
            attribute: Set(self.attribute.clone()),
            value_from: Set(self.value_from.clone()),
            value_to: Set(self.value_to.clone()),
            id_from: Set(self.id_from),
            id_to: Set(self.id_to),
            created_by_id: Set(self.created_by_id),
            created_at: Set(millis(self.created_at)),
        }
    }
}

#[async_trait]
impl HistoryRepo for SeaOrmTransaction {
    async fn insert_history(&mut self, entry: &HistoryEntry) -> Result<HistoryEntry> {
        rows::insert(&self.tx, entry).await
    }

    async fn insert_histories(&mut self, entries: &[HistoryEntry]) -> Result<()> {
        rows::insert_many(&self.tx, entries).await
    }

    async fn history_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        let select = Entity::find()
            .filter(Column::TicketId.eq(ticket_id))
            .order_by_asc(Column::Id);
        rows::all(&self.tx, select).await
    }
}
