//! Ticket history.

use async_trait::async_trait;
use helpdesk_domain::{HistoryEntry, Id};
use helpdesk_storage::{HistoryRepo, Result};

use crate::state::next_id;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl HistoryRepo for MemoryTransaction {
    async fn insert_history(&mut self, entry: &HistoryEntry) -> Result<HistoryEntry> {
        let tables = self.tables_mut()?;
        let stored = HistoryEntry {
            id: next_id(&mut tables.last_ids.history),
            ..entry.clone()
        };
        tables.history.insert(stored.id, stored.clone());
        Ok(stored)
    }

    async fn history_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        let history = self.tables().history.values();
        Ok(history
            .filter(|h| h.ticket_id == ticket_id)
            .cloned()
            .collect())
    }
}
