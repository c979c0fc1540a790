//! Ticket priorities: `PriorityRepo` on the `ticket_priorities` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, Priority};
use helpdesk_storage::{PriorityRepo, Result};
use sea_orm::{ColumnTrait, Condition, Set};

use crate::columns::{meta_columns, name_key, row_meta};
use crate::entity::ticket_priorities::{ActiveModel, Column, Entity, Model};
use crate::entity::tickets;
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Priority {
    type Entity = Entity;
    const KIND: &'static str = "priority";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Priority {
            id: row.id,
            default_create: row.default_create,
            ui_icon: row.ui_icon,
            ui_color: row.ui_color,
            note: row.note,
            active: row.active,
            meta: row_meta!(row),
            name: row.name,
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            name: Set(self.name.clone()),
            name_key: Set(name_key(&self.name)),
            default_create: Set(self.default_create),
            ui_icon: Set(self.ui_icon.clone()),
            ui_color: Set(self.ui_color.clone()),
            note: Set(self.note.clone()),
            active: Set(self.active),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

#[async_trait]
impl PriorityRepo for SeaOrmTransaction {
    async fn priorities(&mut self) -> Result<Vec<Priority>> {
        rows::every(&self.reader()).await
    }

    async fn insert_priority(&mut self, priority: &Priority) -> Result<Priority> {
        rows::insert(&self.tx, priority).await
    }

    async fn update_priority(&mut self, priority: &Priority) -> Result<()> {
        rows::update(&self.tx, priority).await
    }

    async fn delete_priority(&mut self, id: Id) -> Result<()> {
        rows::delete::<Priority>(&self.tx, id).await
    }

    async fn priority_reference_count(&mut self, id: Id) -> Result<u64> {
        let condition = Condition::all().add(tickets::Column::PriorityId.eq(id));
        count_tickets(&self.tx, condition).await
    }
}
