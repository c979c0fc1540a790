//! Links between tickets.

use async_trait::async_trait;
use helpdesk_domain::{Id, Link, LinkType};
use helpdesk_storage::{Conflict, LinkRepo, Result};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl LinkRepo for MemoryTransaction {
    async fn links_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<Link>> {
        let links = &self.tables().links;
        Ok(links.select(|l| l.source_id == ticket_id || l.target_id == ticket_id))
    }

    async fn insert_link(&mut self, link: &Link) -> Result<Link> {
        let tables = self.tables_mut()?;
        let exists = |id: &Id| tables.tickets.contains_key(id);
        if !(exists(&link.source_id) && exists(&link.target_id)) {
            return Err(Conflict::MissingReference { record: "link" }.into());
        }
        tables.links.insert(link)
    }

    async fn delete_link(
        &mut self,
        link_type: LinkType,
        source_id: Id,
        target_id: Id,
    ) -> Result<bool> {
        let removed = self.tables_mut()?.links.remove_where(|l| {
            l.link_type == link_type && l.source_id == source_id && l.target_id == target_id
        });
        Ok(!removed.is_empty())
    }
}
