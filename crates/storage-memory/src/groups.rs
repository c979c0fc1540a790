//! Groups.

use async_trait::async_trait;
use helpdesk_domain::{Group, Id, Listing, ObjectKind, Page};
use helpdesk_storage::{Conflict, Error, GroupRepo, Result};

use crate::attributes::remove_custom_values;
use crate::references::refuse_if_in_use;
use crate::state::{Tables, next_id, same_name, window};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl GroupRepo for MemoryTransaction {
    async fn group(&mut self, id: Id) -> Result<Option<Group>> {
        Ok(self.tables().groups.get(&id).cloned())
    }

    async fn group_by_name(&mut self, name: &str) -> Result<Option<Group>> {
        let groups = &self.tables().groups;
        Ok(groups.values().find(|g| same_name(&g.name, name)).cloned())
    }

    async fn list_groups(&mut self, page: Page) -> Result<Listing<Group>> {
        let groups: Vec<&Group> = self.tables().groups.values().collect();
        let total = groups.len() as u64;
        let items = window(groups, page.offset, page.limit)
            .into_iter()
            .cloned()
            .collect();
        Ok(Listing { items, total })
    }

    async fn insert_group(&mut self, group: &Group) -> Result<Group> {
        let tables = self.tables_mut()?;
        check_unique(tables, group, None)?;
        let stored = Group {
            id: next_id(&mut tables.last_ids.groups),
            ..group.clone()
        };
        tables.groups.insert(stored.id, stored.clone());
        Ok(stored)
    }

    async fn update_group(&mut self, group: &Group) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.groups.contains_key(&group.id) {
            return Err(missing(group.id));
        }
        check_unique(tables, group, Some(group.id))?;
        tables.groups.insert(group.id, group.clone());
        Ok(())
    }

    async fn delete_group(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.groups.contains_key(&id) {
            return Err(missing(id));
        }
        refuse_if_in_use(tables, "group", id, |t| t.group_id == id)?;
        tables.groups.remove(&id);
        remove_custom_values(tables, ObjectKind::Group, id);
        Ok(())
    }

    async fn group_reference_count(&mut self, id: Id) -> Result<u64> {
        let tables = self.tables();
        let members = tables
            .users
            .values()
            .filter(|u| u.group_ids.contains_key(&id));
        let tickets = tables.tickets.values().filter(|t| t.group_id == id);
        Ok((members.count() + tickets.count()) as u64)
    }
}

fn missing(id: Id) -> Error {
    Error::Missing(format!("group {id}"))
}

fn check_unique(tables: &Tables, group: &Group, except: Option<Id>) -> Result<()> {
    let mut others = tables.groups.values().filter(|g| Some(g.id) != except);
    if others.any(|g| same_name(&g.name, &group.name)) {
        return Err(Conflict::unique("name", &group.name).into());
    }
    Ok(())
}
