//! `/roles` (admin): the seeded roles and their permissions.

use helpdesk_domain::Id;
use helpdesk_service::Helpdesk;
use poem_openapi::param::Path;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::Record;
use crate::auth::Auth;
use crate::failures::{LIST, Reply, SHOW};
use crate::list::ListResponse;
use crate::params::Paging;
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Named bundles of permissions.
    Roles,
}

/// A role as answered.
#[derive(Debug, Clone, Object)]
pub struct Role {
    /// Id: 1 Admin, 2 Agent, 3 Customer.
    pub id: Id,
    /// Unique name.
    pub name: String,
    /// Permission names the role grants.
    pub permissions: Vec<String>,
    /// Whether signups get this role.
    pub default_at_signup: bool,
    /// Active.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl From<helpdesk_domain::Role> for Role {
    fn from(r: helpdesk_domain::Role) -> Self {
        Self {
            id: r.id,
            name: r.name,
            permissions: r.permissions,
            default_at_signup: r.default_at_signup,
            active: r.active,
            note: r.note,
            created_at: time::format(&r.meta.created_at),
            updated_at: time::format(&r.meta.updated_at),
            created_by_id: r.meta.created_by_id,
            updated_by_id: r.meta.updated_by_id,
        }
    }
}

/// The roles endpoints.
pub struct RolesApi {
    helpdesk: Helpdesk,
}

impl RolesApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Roles")]
impl RolesApi {
    /// List roles.
    ///
    /// admin.
    #[oai(path = "/roles", method = "get")]
    async fn list(&self, auth: Auth, paging: Paging) -> Reply<ListResponse<Role>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self.helpdesk.list_roles(&actor, paging.0).await?;
        Ok(ListResponse::from_listing(listing, Role::from))
    }

    /// Show a role.
    ///
    /// admin.
    #[oai(path = "/roles/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<Role>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(self.helpdesk.show_role(&actor, id.0).await?.into()))
    }
}
