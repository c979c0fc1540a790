//! Tickets: lookups, the unique number, cascading deletes, lists and the ticket counter.

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, ObjectKind, Page, Ticket};
use helpdesk_storage::{Result, Sort, TicketFilter, TicketRepo};

use crate::attributes::remove_custom_values;
use crate::references::check_ticket_references;
use crate::state::Tables;
use crate::ticket_search::{SearchContext, compare};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl TicketRepo for MemoryTransaction {
    async fn ticket(&mut self, id: Id) -> Result<Option<Ticket>> {
        Ok(self.tables().tickets.record(id))
    }

    async fn ticket_by_number(&mut self, number: &str) -> Result<Option<Ticket>> {
        Ok(self.tables().tickets.find(|t| t.number == number))
    }

    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<Ticket> {
        let tables = self.tables_mut()?;
        check_ticket_references(tables, ticket)?;
        tables.tickets.insert(ticket)
    }

    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()> {
        let tables = self.tables_mut()?;
        let number = tables.tickets.existing(ticket.id)?.number.clone();
        check_ticket_references(tables, ticket)?;
        tables.tickets.update(&Ticket {
            number,
            ..ticket.clone()
        })
    }

    async fn delete_ticket(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        tables.tickets.remove(id)?;
        remove_dependents(tables, id);
        remove_custom_values(tables, ObjectKind::Ticket, id);
        Ok(())
    }

    async fn list_tickets(
        &mut self,
        filter: &TicketFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Ticket>> {
        let tables = self.tables();
        let context = SearchContext::new(tables, filter);
        let matches = |t: &Ticket| context.matches(t);
        Ok(tables
            .tickets
            .sorted_page(matches, |a, b| compare(a, b, sort), page))
    }

    async fn next_ticket_counter(&mut self) -> Result<i64> {
        let tables = self.tables_mut()?;
        tables.ticket_counter += 1;
        Ok(tables.ticket_counter)
    }
}

/// Removes the articles, attachments, tags, notifications and history of ticket `id`.
fn remove_dependents(tables: &mut Tables, id: Id) {
    let articles = tables.articles.remove_where(|a| a.ticket_id == id);
    let attachments = tables
        .attachments
        .remove_where(|a| articles.contains(&a.article_id));
    for attachment in attachments {
        tables.attachment_data.remove(&attachment);
    }
    tables.ticket_tags.remove(&id);
    tables.notifications.remove_where(|n| n.o_id == id);
    tables.history.remove_where(|h| h.ticket_id == id);
    tables.time_accountings.remove_where(|e| e.ticket_id == id);
    tables
        .links
        .remove_where(|l| l.source_id == id || l.target_id == id);
    tables.mentions.remove_where(|m| m.ticket_id == id);
    tables.recent_views.remove_where(|v| v.ticket_id == id);
}
