//! Ticket priorities.

use async_trait::async_trait;
use helpdesk_domain::{Id, Priority};
use helpdesk_storage::{Conflict, Error, PriorityRepo, Result};

use crate::references::refuse_if_in_use;
use crate::state::{Tables, next_id, same_name};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl PriorityRepo for MemoryTransaction {
    async fn priorities(&mut self) -> Result<Vec<Priority>> {
        Ok(self.tables().priorities.values().cloned().collect())
    }

    async fn insert_priority(&mut self, priority: &Priority) -> Result<Priority> {
        let tables = self.tables_mut()?;
        check_unique(tables, priority, None)?;
        let stored = Priority {
            id: next_id(&mut tables.last_ids.priorities),
            ..priority.clone()
        };
        tables.priorities.insert(stored.id, stored.clone());
        Ok(stored)
    }

    async fn update_priority(&mut self, priority: &Priority) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.priorities.contains_key(&priority.id) {
            return Err(missing(priority.id));
        }
        check_unique(tables, priority, Some(priority.id))?;
        tables.priorities.insert(priority.id, priority.clone());
        Ok(())
    }

    async fn delete_priority(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.priorities.contains_key(&id) {
            return Err(missing(id));
        }
        refuse_if_in_use(tables, "priority", id, |t| t.priority_id == id)?;
        tables.priorities.remove(&id);
        Ok(())
    }

    async fn priority_reference_count(&mut self, id: Id) -> Result<u64> {
        let tickets = self.tables().tickets.values();
        Ok(tickets.filter(|t| t.priority_id == id).count() as u64)
    }
}

fn missing(id: Id) -> Error {
    Error::Missing(format!("priority {id}"))
}

fn check_unique(tables: &Tables, priority: &Priority, except: Option<Id>) -> Result<()> {
    let mut others = tables.priorities.values().filter(|p| Some(p.id) != except);
    if others.any(|p| same_name(&p.name, &priority.name)) {
        return Err(Conflict::unique("name", &priority.name).into());
    }
    Ok(())
}
