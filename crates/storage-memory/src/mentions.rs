//! Mentions of users on tickets.

use std::cmp::Reverse;

use async_trait::async_trait;
use helpdesk_domain::{Id, Mention};
use helpdesk_storage::{Conflict, MentionRepo, Result};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl MentionRepo for MemoryTransaction {
    async fn mention(&mut self, id: Id) -> Result<Option<Mention>> {
        Ok(self.tables().mentions.record(id))
    }

    async fn mentions(
        &mut self,
        ticket_id: Option<Id>,
        user_id: Option<Id>,
    ) -> Result<Vec<Mention>> {
        let mut mentions = self.tables().mentions.select(|m| {
            ticket_id.is_none_or(|t| m.ticket_id == t) && user_id.is_none_or(|u| m.user_id == u)
        });
        mentions.sort_by_key(|m| Reverse((m.meta.created_at, m.id)));
        Ok(mentions)
    }

    async fn insert_mention(&mut self, mention: &Mention) -> Result<Mention> {
        let tables = self.tables_mut()?;
        if !(tables.tickets.contains_key(&mention.ticket_id)
            && tables.users.contains_key(&mention.user_id))
        {
            return Err(Conflict::MissingReference { record: "mention" }.into());
        }
        tables.mentions.insert(mention)
    }

    async fn delete_mention(&mut self, id: Id) -> Result<bool> {
        Ok(!self
            .tables_mut()?
            .mentions
            .remove_where(|m| m.id == id)
            .is_empty())
    }
}
