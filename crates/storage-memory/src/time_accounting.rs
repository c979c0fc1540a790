//! Time accounting: activity types and the entries booked on tickets.

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, Page, TimeAccounting, TimeAccountingType};
use helpdesk_storage::{Conflict, Result, TimeAccountingRepo};

use crate::state::Tables;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl TimeAccountingRepo for MemoryTransaction {
    async fn time_accounting_types(&mut self) -> Result<Vec<TimeAccountingType>> {
        Ok(self.tables().time_accounting_types.all())
    }

    async fn insert_time_accounting_type(
        &mut self,
        kind: &TimeAccountingType,
    ) -> Result<TimeAccountingType> {
        self.tables_mut()?.time_accounting_types.insert(kind)
    }

    async fn update_time_accounting_type(&mut self, kind: &TimeAccountingType) -> Result<()> {
        self.tables_mut()?.time_accounting_types.update(kind)
    }

    async fn delete_time_accounting_type(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        tables.time_accounting_types.existing(id)?;
        if tables.time_accountings.count(|e| e.type_id == Some(id)) > 0 {
            return Err(Conflict::InUse {
                record: "activity type",
                id,
            }
            .into());
        }
        tables.time_accounting_types.delete(id)
    }

    async fn time_accounting_type_reference_count(&mut self, id: Id) -> Result<u64> {
        let entries = &self.tables().time_accountings;
        Ok(entries.count(|e| e.type_id == Some(id)) as u64)
    }

    async fn time_accounting(&mut self, id: Id) -> Result<Option<TimeAccounting>> {
        Ok(self.tables().time_accountings.record(id))
    }

    async fn time_accountings(
        &mut self,
        ticket_id: Option<Id>,
        page: Page,
    ) -> Result<Listing<TimeAccounting>> {
        let of_ticket = |e: &TimeAccounting| ticket_id.is_none_or(|t| e.ticket_id == t);
        Ok(self
            .tables()
            .time_accountings
            .sorted_page(of_ticket, |a, b| a.id.cmp(&b.id), page))
    }

    async fn insert_time_accounting(&mut self, entry: &TimeAccounting) -> Result<TimeAccounting> {
        let tables = self.tables_mut()?;
        check_references(tables, entry)?;
        tables.time_accountings.insert(entry)
    }

    async fn update_time_accounting(&mut self, entry: &TimeAccounting) -> Result<()> {
        let tables = self.tables_mut()?;
        check_references(tables, entry)?;
        tables.time_accountings.update(entry)
    }

    async fn delete_time_accounting(&mut self, id: Id) -> Result<()> {
        self.tables_mut()?.time_accountings.delete(id)
    }
}

/// Refuses `entry` with [`Conflict::MissingReference`] unless its ticket, article and type
/// (when it has them) exist, as the SQL store's foreign keys do.
fn check_references(tables: &Tables, entry: &TimeAccounting) -> Result<()> {
    let exists = tables.tickets.contains_key(&entry.ticket_id)
        && entry
            .ticket_article_id
            .is_none_or(|id| tables.articles.contains_key(&id))
        && entry
            .type_id
            .is_none_or(|id| tables.time_accounting_types.contains_key(&id));
    if exists {
        Ok(())
    } else {
        Err(Conflict::MissingReference {
            record: "time accounting",
        }
        .into())
    }
}
