//! A ticket's history, for those who may read the ticket. Customers see neither internal
//! articles nor time accounting in it, nor the logins of users outside their field scope.

use helpdesk_domain::{GroupAccess, HistoryEntry, Id};
use helpdesk_policy::{Actor, TicketRole, UserFields, history_entry_visible, user_fields};
use helpdesk_storage::Mode;

use crate::articles::reach_ticket;
use crate::{Helpdesk, Result};

impl Helpdesk {
    /// Every recorded change of the ticket the caller may see, oldest first.
    pub async fn ticket_history(&self, actor: &Actor, ticket_id: Id) -> Result<Vec<HistoryEntry>> {
        let mut tx = self.begin(Mode::Read).await?;
        let (_, role) = reach_ticket(&mut tx, actor, ticket_id, GroupAccess::Read).await?;
        let entries = tx.history_of_ticket(ticket_id).await?;
        if role == TicketRole::Agent {
            return Ok(entries);
        }
        let public: Vec<Id> = tx
            .articles_of_ticket(ticket_id, false)
            .await?
            .iter()
            .map(|a| a.id)
            .collect();
        let mut entries: Vec<HistoryEntry> = entries
            .into_iter()
            .filter(|e| history_entry_visible(role, e, |id| public.contains(&id)))
            .collect();
        // Owner and customer changes name users by login: only those whose full record the
        // caller may see (the policy's field scope; the ids stay).
        let named = |e: &HistoryEntry| matches!(e.attribute.as_deref(), Some("owner" | "customer"));
        let mut ids: Vec<Id> = entries
            .iter()
            .filter(|e| named(e))
            .flat_map(|e| [e.id_from, e.id_to])
            .flatten()
            .collect();
        ids.sort_unstable();
        ids.dedup();
        let users = tx.users_by_ids(&ids).await?;
        let visible_login = |id: Option<Id>| {
            id.and_then(|id| users.iter().find(|u| u.id == id))
                .is_some_and(|u| user_fields(actor, u) == UserFields::Full)
        };
        for entry in entries.iter_mut().filter(|e| named(e)) {
            if !visible_login(entry.id_from) {
                entry.value_from = None;
            }
            if !visible_login(entry.id_to) {
                entry.value_to = None;
            }
        }
        Ok(entries)
    }
}
