//! Ticket history.

use async_trait::async_trait;
use helpdesk_domain::{HistoryEntry, Id};
use helpdesk_storage::{HistoryRepo, Result};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl HistoryRepo for MemoryTransaction {
    async fn insert_history(&mut self, entry: &HistoryEntry) -> Result<HistoryEntry> {
        self.tables_mut()?.history.insert(entry)
    }

    async fn history_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        let history = self.tables().history.values();
        Ok(history
            .filter(|h| h.ticket_id == ticket_id)
            .cloned()
            .collect())
    }
}
