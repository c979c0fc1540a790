//! HistoryRepo on the SQL store (skeleton).

use async_trait::async_trait;
use helpdesk_domain::{HistoryEntry, Id};
use helpdesk_storage::{HistoryRepo, Result};

use crate::error::not_yet;
use crate::transaction::SeaOrmTransaction;

#[async_trait]
impl HistoryRepo for SeaOrmTransaction {
    async fn insert_history(&mut self, _entry: &HistoryEntry) -> Result<HistoryEntry> {
        Err(not_yet())
    }

    async fn history_of_ticket(&mut self, _ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        Err(not_yet())
    }
}
