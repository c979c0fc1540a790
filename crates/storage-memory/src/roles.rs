//! Roles.

use async_trait::async_trait;
use helpdesk_domain::Role;
use helpdesk_storage::{Result, RoleRepo};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl RoleRepo for MemoryTransaction {
    async fn roles(&mut self) -> Result<Vec<Role>> {
        Ok(self.tables().roles.all())
    }

    async fn insert_role(&mut self, role: &Role) -> Result<Role> {
        self.tables_mut()?.roles.insert(role)
    }

    async fn update_role(&mut self, role: &Role) -> Result<()> {
        self.tables_mut()?.roles.update(role)
    }
}
