//! Ticket states: `StateRepo` on the `ticket_states` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, State};
use helpdesk_storage::{Result, StateRepo};
use sea_orm::{ColumnTrait, Condition, Set};

use crate::columns::{meta_columns, name_key, row_meta};
use crate::entity::ticket_states::{ActiveModel, Column, Entity, Model};
use crate::entity::tickets;
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

impl RecordRow for State {
    type Entity = Entity;
    const KIND: &'static str = "state";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(State {
            id: row.id,
            state_type_id: row.state_type_id,
            next_state_id: row.next_state_id,
            ignore_escalation: row.ignore_escalation,
            default_create: row.default_create,
            default_follow_up: row.default_follow_up,
            note: row.note,
            active: row.active,
            meta: row_meta!(row),
            name: row.name,
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            state_type_id: Set(self.state_type_id),
            name: Set(self.name.clone()),
            name_key: Set(name_key(&self.name)),
            next_state_id: Set(self.next_state_id),
            ignore_escalation: Set(self.ignore_escalation),
            default_create: Set(self.default_create),
            default_follow_up: Set(self.default_follow_up),
            note: Set(self.note.clone()),
            active: Set(self.active),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

#[async_trait]
impl StateRepo for SeaOrmTransaction {
    async fn states(&mut self) -> Result<Vec<State>> {
        rows::every(&self.reader()).await
    }

    async fn insert_state(&mut self, state: &State) -> Result<State> {
        rows::insert(&self.tx, state).await
    }

    async fn update_state(&mut self, state: &State) -> Result<()> {
        rows::update(&self.tx, state).await
    }

    async fn delete_state(&mut self, id: Id) -> Result<()> {
        rows::delete::<State>(&self.tx, id).await
    }

    async fn state_reference_count(&mut self, id: Id) -> Result<u64> {
        let next = Condition::all()
            .add(Column::NextStateId.eq(id))
            .add(Column::Id.ne(id));
        let states = rows::count_where::<Entity>(&self.tx, next).await?;
        let condition = Condition::all().add(tickets::Column::StateId.eq(id));
        Ok(states + count_tickets(&self.tx, condition).await?)
    }
}
