//! Ticket priorities.

use async_trait::async_trait;
use helpdesk_domain::{Id, Priority};
use helpdesk_storage::{PriorityRepo, Result};

use crate::references::remove_unreferenced;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl PriorityRepo for MemoryTransaction {
    async fn priorities(&mut self) -> Result<Vec<Priority>> {
        Ok(self.tables().priorities.all())
    }

    async fn insert_priority(&mut self, priority: &Priority) -> Result<Priority> {
        self.tables_mut()?.priorities.insert(priority)
    }

    async fn update_priority(&mut self, priority: &Priority) -> Result<()> {
        self.tables_mut()?.priorities.update(priority)
    }

    async fn delete_priority(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        remove_unreferenced(tables, |t| &mut t.priorities, id, |t| t.priority_id == id)?;
        Ok(())
    }

    async fn priority_reference_count(&mut self, id: Id) -> Result<u64> {
        let tickets = &self.tables().tickets;
        Ok(tickets.count(|t| t.priority_id == id) as u64)
    }
}
