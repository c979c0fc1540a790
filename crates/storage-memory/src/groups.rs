//! Groups.

use async_trait::async_trait;
use helpdesk_domain::{Group, Id, Listing, ObjectKind, Page};
use helpdesk_storage::{GroupRepo, Result};

use crate::attributes::remove_custom_values;
use crate::references::remove_unreferenced;
use crate::table::same_name;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl GroupRepo for MemoryTransaction {
    async fn group(&mut self, id: Id) -> Result<Option<Group>> {
        Ok(self.tables().groups.record(id))
    }

    async fn group_by_name(&mut self, name: &str) -> Result<Option<Group>> {
        let groups = &self.tables().groups;
        Ok(groups.find(|g| same_name(&g.name, name)))
    }

    async fn list_groups(&mut self, page: Page) -> Result<Listing<Group>> {
        Ok(self.tables().groups.page(page))
    }

    async fn insert_group(&mut self, group: &Group) -> Result<Group> {
        self.tables_mut()?.groups.insert(group)
    }

    async fn update_group(&mut self, group: &Group) -> Result<()> {
        self.tables_mut()?.groups.update(group)
    }

    async fn delete_group(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        remove_unreferenced(tables, |t| &mut t.groups, id, |t| t.group_id == id)?;
        remove_custom_values(tables, ObjectKind::Group, id);
        Ok(())
    }

    async fn group_reference_count(&mut self, id: Id) -> Result<u64> {
        let tables = self.tables();
        let members = tables.users.count(|u| u.group_ids.contains_key(&id));
        let tickets = tables.tickets.count(|t| t.group_id == id);
        Ok((members + tickets) as u64)
    }
}
