//! Ticket states.

use async_trait::async_trait;
use helpdesk_domain::{Id, State};
use helpdesk_storage::{Conflict, Error, Result, StateRepo};

use crate::references::refuse_if_in_use;
use crate::state::{Tables, next_id, same_name};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl StateRepo for MemoryTransaction {
    async fn states(&mut self) -> Result<Vec<State>> {
        Ok(self.tables().states.values().cloned().collect())
    }

    async fn insert_state(&mut self, state: &State) -> Result<State> {
        let tables = self.tables_mut()?;
        check_unique(tables, state, None)?;
        let stored = State {
            id: next_id(&mut tables.last_ids.states),
            ..state.clone()
        };
        tables.states.insert(stored.id, stored.clone());
        Ok(stored)
    }

    async fn update_state(&mut self, state: &State) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.states.contains_key(&state.id) {
            return Err(missing(state.id));
        }
        check_unique(tables, state, Some(state.id))?;
        tables.states.insert(state.id, state.clone());
        Ok(())
    }

    async fn delete_state(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.states.contains_key(&id) {
            return Err(missing(id));
        }
        refuse_if_in_use(tables, "state", id, |t| t.state_id == id)?;
        tables.states.remove(&id);
        Ok(())
    }

    async fn state_reference_count(&mut self, id: Id) -> Result<u64> {
        let tables = self.tables();
        let states = tables
            .states
            .values()
            .filter(|s| s.id != id && s.next_state_id == Some(id));
        let tickets = tables.tickets.values().filter(|t| t.state_id == id);
        Ok((states.count() + tickets.count()) as u64)
    }
}

fn missing(id: Id) -> Error {
    Error::Missing(format!("state {id}"))
}

fn check_unique(tables: &Tables, state: &State, except: Option<Id>) -> Result<()> {
    let mut others = tables.states.values().filter(|s| Some(s.id) != except);
    if others.any(|s| same_name(&s.name, &state.name)) {
        return Err(Conflict::unique("name", &state.name).into());
    }
    Ok(())
}
