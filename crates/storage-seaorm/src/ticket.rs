//! TicketRepo on the SQL store (skeleton).

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, Page, Ticket};
use helpdesk_storage::{Result, Sort, TicketFilter, TicketRepo};

use crate::error::not_yet;
use crate::transaction::SeaOrmTransaction;

#[async_trait]
impl TicketRepo for SeaOrmTransaction {
    async fn ticket(&mut self, _id: Id) -> Result<Option<Ticket>> {
        Err(not_yet())
    }

    async fn insert_ticket(&mut self, _ticket: &Ticket) -> Result<Ticket> {
        Err(not_yet())
    }

    async fn update_ticket(&mut self, _ticket: &Ticket) -> Result<()> {
        Err(not_yet())
    }

    async fn delete_ticket(&mut self, _id: Id) -> Result<()> {
        Err(not_yet())
    }

    async fn list_tickets(
        &mut self,
        _filter: &TicketFilter,
        _sort: &Sort,
        _page: Page,
    ) -> Result<Listing<Ticket>> {
        Err(not_yet())
    }

    async fn next_ticket_counter(&mut self) -> Result<i64> {
        Err(not_yet())
    }
}
