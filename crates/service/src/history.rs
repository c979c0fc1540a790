//! A ticket's history, for those who may read the ticket. Customers see neither internal
//! articles nor time accounting in it.

use helpdesk_domain::{GroupAccess, HistoryEntry, Id};
use helpdesk_policy::{Actor, TicketRole};
use helpdesk_storage::Mode;

use crate::articles::role_for;
use crate::{Error, Helpdesk, Result};

impl Helpdesk {
    /// Every recorded change of the ticket the caller may see, oldest first.
    pub async fn ticket_history(&self, actor: &Actor, ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        let mut tx = self.begin(Mode::Read).await?;
        let ticket = tx
            .ticket(ticket_id)
            .await?
            .ok_or_else(|| Error::not_found("Ticket", ticket_id))?;
        let role = role_for(&mut tx, actor, &ticket, GroupAccess::Read).await?;
        let entries = tx.history_of_ticket(ticket_id).await?;
        if role == TicketRole::Agent {
            return Ok(entries);
        }
        let visible: Vec<Id> = tx
            .articles_of_ticket(ticket_id, false)
            .await?
            .iter()
            .map(|a| a.id)
            .collect();
        Ok(entries
            .into_iter()
            .filter(|e| e.history_object != "Ticket::Article" || visible.contains(&e.o_id))
            .filter(|e| e.attribute.as_deref() != Some("time_unit"))
            .collect())
    }
}
