//! Ticket priorities: `PriorityRepo` on the `ticket_priorities` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, Priority};
use helpdesk_storage::{PriorityRepo, Result};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::columns::{meta, millis, name_key};
use crate::entity::ticket_priorities::{ActiveModel, Column, Entity, Model};
use crate::entity::tickets;
use crate::error::{missing, on_delete, on_named_write};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> Priority {
    Priority {
        id: row.id,
        name: row.name,
        default_create: row.default_create,
        ui_icon: row.ui_icon,
        ui_color: row.ui_color,
        note: row.note,
        active: row.active,
        meta: meta(
            row.created_at,
            row.updated_at,
            row.created_by_id,
            row.updated_by_id,
        ),
    }
}

fn to_row(priority: &Priority) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        name: Set(priority.name.clone()),
        name_key: Set(name_key(&priority.name)),
        default_create: Set(priority.default_create),
        ui_icon: Set(priority.ui_icon.clone()),
        ui_color: Set(priority.ui_color.clone()),
        note: Set(priority.note.clone()),
        active: Set(priority.active),
        created_at: Set(millis(priority.meta.created_at)),
        updated_at: Set(millis(priority.meta.updated_at)),
        created_by_id: Set(priority.meta.created_by_id),
        updated_by_id: Set(priority.meta.updated_by_id),
    }
}

#[async_trait]
impl PriorityRepo for SeaOrmTransaction {
    async fn priorities(&mut self) -> Result<Vec<Priority>> {
        let rows = self
            .reader()
            .models(Entity::find().order_by_asc(Column::Id))
            .await?;
        Ok(rows.into_iter().map(from_row).collect())
    }

    async fn insert_priority(&mut self, priority: &Priority) -> Result<Priority> {
        let inserted = Entity::insert(to_row(priority))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "priority", &priority.name))?;
        Ok(Priority {
            id: inserted.last_insert_id,
            ..priority.clone()
        })
    }

    async fn update_priority(&mut self, priority: &Priority) -> Result<()> {
        let updated = Entity::update_many()
            .set(to_row(priority))
            .filter(Column::Id.eq(priority.id))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "priority", &priority.name))?;
        if updated.rows_affected == 0 {
            return Err(missing("priority", priority.id));
        }
        Ok(())
    }

    async fn delete_priority(&mut self, id: Id) -> Result<()> {
        let deleted = Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(|e| on_delete(e, "priority", id))?;
        if deleted.rows_affected == 0 {
            return Err(missing("priority", id));
        }
        Ok(())
    }

    /// No other table refers to priorities yet; tickets will.
    async fn priority_reference_count(&mut self, id: Id) -> Result<u64> {
        count_tickets(
            &self.tx,
            Condition::all().add(tickets::Column::PriorityId.eq(id)),
        )
        .await
    }
}
