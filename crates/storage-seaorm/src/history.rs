//! Ticket history: `HistoryRepo` on the `histories` table.

use async_trait::async_trait;
use helpdesk_domain::{HistoryEntry, Id};
use helpdesk_storage::{HistoryRepo, Result};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::columns::{millis, timestamp};
use crate::entity::histories::{ActiveModel, Column, Entity, Model};
use crate::error::backend;
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> HistoryEntry {
    HistoryEntry {
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
    }
}

fn to_row(entry: &HistoryEntry) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        ticket_id: Set(entry.ticket_id),
        history_type: Set(entry.history_type.clone()),
        history_object: Set(entry.history_object.clone()),
        o_id: Set(entry.o_id),
        attribute: Set(entry.attribute.clone()),
        value_from: Set(entry.value_from.clone()),
        value_to: Set(entry.value_to.clone()),
        id_from: Set(entry.id_from),
        id_to: Set(entry.id_to),
        created_by_id: Set(entry.created_by_id),
        created_at: Set(millis(entry.created_at)),
    }
}

#[async_trait]
impl HistoryRepo for SeaOrmTransaction {
    async fn insert_history(&mut self, entry: &HistoryEntry) -> Result<HistoryEntry> {
        let inserted = Entity::insert(to_row(entry))
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(HistoryEntry {
            id: inserted.last_insert_id,
            ..entry.clone()
        })
    }

    async fn insert_histories(&mut self, entries: &[HistoryEntry]) -> Result<()> {
        if entries.is_empty() {
            return Ok(());
        }
        Entity::insert_many(entries.iter().map(to_row))
            .exec_without_returning(&self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn history_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        let rows = Entity::find()
            .filter(Column::TicketId.eq(ticket_id))
            .order_by_asc(Column::Id)
            .all(&self.tx)
            .await
            .map_err(backend)?;
        Ok(rows.into_iter().map(from_row).collect())
    }
}
