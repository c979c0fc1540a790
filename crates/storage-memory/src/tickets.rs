//! Tickets: lookups, the unique number, cascading deletes, lists and the ticket counter.

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, ObjectKind, Page, Ticket};
use helpdesk_storage::{Conflict, Error, Result, Sort, TicketFilter, TicketRepo};

use crate::attributes::remove_custom_values;
use crate::references::check_ticket_references;
use crate::state::{Tables, next_id, remove_where, window};
use crate::ticket_search::{SearchContext, compare};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl TicketRepo for MemoryTransaction {
    async fn ticket(&mut self, id: Id) -> Result<Option<Ticket>> {
        Ok(self.tables().tickets.get(&id).cloned())
    }

    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<Ticket> {
        let tables = self.tables_mut()?;
        check_ticket_references(tables, ticket)?;
        if tables.tickets.values().any(|t| t.number == ticket.number) {
            return Err(Conflict::unique("number", &ticket.number).into());
        }
        let stored = Ticket {
            id: next_id(&mut tables.last_ids.tickets),
            ..ticket.clone()
        };
        tables.tickets.insert(stored.id, stored.clone());
        Ok(stored)
    }

    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.tickets.contains_key(&ticket.id) {
            return Err(missing(ticket.id));
        }
        check_ticket_references(tables, ticket)?;
        let stored = tables
            .tickets
            .get_mut(&ticket.id)
            .ok_or_else(|| missing(ticket.id))?;
        *stored = Ticket {
            number: stored.number.clone(),
            ..ticket.clone()
        };
        Ok(())
    }

    async fn delete_ticket(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        tables.tickets.remove(&id).ok_or_else(|| missing(id))?;
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
        let mut found: Vec<&Ticket> = tables
            .tickets
            .values()
            .filter(|t| context.matches(t))
            .collect();
        found.sort_by(|a, b| compare(a, b, sort));
        let total = found.len() as u64;
        let items = window(found, page.offset, page.limit)
            .into_iter()
            .cloned()
            .collect();
        Ok(Listing { items, total })
    }

    async fn next_ticket_counter(&mut self) -> Result<i64> {
        let tables = self.tables_mut()?;
        tables.ticket_counter += 1;
        Ok(tables.ticket_counter)
    }
}

fn missing(id: Id) -> Error {
    Error::Missing(format!("ticket {id}"))
}

/// Removes the articles, attachments, tags, notifications and history of ticket `id`.
fn remove_dependents(tables: &mut Tables, id: Id) {
    let articles = remove_where(&mut tables.articles, |a| a.ticket_id == id);
    let attachments = remove_where(&mut tables.attachments, |a| {
        articles.contains(&a.article_id)
    });
    for attachment in attachments {
        tables.attachment_data.remove(&attachment);
    }
    tables.ticket_tags.remove(&id);
    remove_where(&mut tables.notifications, |n| n.o_id == id);
    remove_where(&mut tables.history, |h| h.ticket_id == id);
}
