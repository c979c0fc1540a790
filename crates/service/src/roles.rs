//! Roles: read-only through the API (admin).

use helpdesk_domain::{Id, Listing, Role};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::Mode;

use crate::error::OrNotFound;
use crate::{Helpdesk, ListQuery, Result};

impl Helpdesk {
    /// A page of roles.
    pub async fn list_roles(&self, actor: &Actor, q: ListQuery) -> Result<Listing<Role>> {
        authorize(actor, Action::Read, Resource::Role).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        Ok(q.paginate(tx.roles().await?))
    }

    /// One role.
    pub async fn show_role(&self, actor: &Actor, id: Id) -> Result<Role> {
        authorize(actor, Action::Read, Resource::Role).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        tx.roles()
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .or_not_found("Role", id)
    }
}
