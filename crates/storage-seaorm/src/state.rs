//! Ticket states: `StateRepo` on the `ticket_states` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, State};
use helpdesk_storage::{Result, StateRepo};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use crate::columns::{meta, millis, name_key};
use crate::entity::ticket_states::{ActiveModel, Column, Entity, Model};
use crate::entity::tickets;
use crate::error::{backend, missing, on_delete, on_named_write};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> State {
    State {
        id: row.id,
        state_type_id: row.state_type_id,
        name: row.name,
        next_state_id: row.next_state_id,
        ignore_escalation: row.ignore_escalation,
        default_create: row.default_create,
        default_follow_up: row.default_follow_up,
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

fn to_row(state: &State) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        state_type_id: Set(state.state_type_id),
        name: Set(state.name.clone()),
        name_key: Set(name_key(&state.name)),
        next_state_id: Set(state.next_state_id),
        ignore_escalation: Set(state.ignore_escalation),
        default_create: Set(state.default_create),
        default_follow_up: Set(state.default_follow_up),
        note: Set(state.note.clone()),
        active: Set(state.active),
        created_at: Set(millis(state.meta.created_at)),
        updated_at: Set(millis(state.meta.updated_at)),
        created_by_id: Set(state.meta.created_by_id),
        updated_by_id: Set(state.meta.updated_by_id),
    }
}

#[async_trait]
impl StateRepo for SeaOrmTransaction {
    async fn states(&mut self) -> Result<Vec<State>> {
        let rows = self
            .reader()
            .models(Entity::find().order_by_asc(Column::Id))
            .await?;
        Ok(rows.into_iter().map(from_row).collect())
    }

    async fn insert_state(&mut self, state: &State) -> Result<State> {
        let inserted = Entity::insert(to_row(state))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "state", &state.name))?;
        Ok(State {
            id: inserted.last_insert_id,
            ..state.clone()
        })
    }

    async fn update_state(&mut self, state: &State) -> Result<()> {
        let updated = Entity::update_many()
            .set(to_row(state))
            .filter(Column::Id.eq(state.id))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "state", &state.name))?;
        if updated.rows_affected == 0 {
            return Err(missing("state", state.id));
        }
        Ok(())
    }

    async fn delete_state(&mut self, id: Id) -> Result<()> {
        let deleted = Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(|e| on_delete(e, "state", id))?;
        if deleted.rows_affected == 0 {
            return Err(missing("state", id));
        }
        Ok(())
    }

    async fn state_reference_count(&mut self, id: Id) -> Result<u64> {
        let states = Entity::find()
            .filter(Column::NextStateId.eq(id))
            .filter(Column::Id.ne(id))
            .count(&self.tx)
            .await
            .map_err(backend)?;
        let tickets = count_tickets(
            &self.tx,
            Condition::all().add(tickets::Column::StateId.eq(id)),
        )
        .await?;
        Ok(states + tickets)
    }
}
