//! Roles.

use async_trait::async_trait;
use helpdesk_domain::Role;
use helpdesk_storage::{Conflict, Result, RoleRepo};

use crate::state::{next_id, same_name};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl RoleRepo for MemoryTransaction {
    async fn roles(&mut self) -> Result<Vec<Role>> {
        Ok(self.tables().roles.values().cloned().collect())
    }

    async fn insert_role(&mut self, role: &Role) -> Result<Role> {
        let tables = self.tables_mut()?;
        if tables
            .roles
            .values()
            .any(|r| same_name(&r.name, &role.name))
        {
            return Err(Conflict::unique("name", &role.name).into());
        }
        let stored = Role {
            id: next_id(&mut tables.last_ids.roles),
            ..role.clone()
        };
        tables.roles.insert(stored.id, stored.clone());
        Ok(stored)
    }
}
