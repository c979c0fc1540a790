//! Ticket states.

use async_trait::async_trait;
use helpdesk_domain::{Id, State};
use helpdesk_storage::{Result, StateRepo};

use crate::references::remove_unreferenced;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl StateRepo for MemoryTransaction {
    async fn states(&mut self) -> Result<Vec<State>> {
        Ok(self.tables().states.all())
    }

    async fn insert_state(&mut self, state: &State) -> Result<State> {
        self.tables_mut()?.states.insert(state)
    }

    async fn update_state(&mut self, state: &State) -> Result<()> {
        self.tables_mut()?.states.update(state)
    }

    async fn delete_state(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        remove_unreferenced(tables, |t| &mut t.states, id, |t| t.state_id == id)?;
        Ok(())
    }

    async fn state_reference_count(&mut self, id: Id) -> Result<u64> {
        let tables = self.tables();
        let states = tables
            .states
            .count(|s| s.id != id && s.next_state_id == Some(id));
        let tickets = tables.tickets.count(|t| t.state_id == id);
        Ok((states + tickets) as u64)
    }
}
