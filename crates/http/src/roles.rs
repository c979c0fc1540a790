//! `/roles` (admin.role): roles and their permissions, listed, shown, created and changed.

use helpdesk_domain::Id;
use helpdesk_service::{Helpdesk, RoleInput};
use poem_openapi::param::Path;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::answers::Record;
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::failures::{CREATE, LIST, Reply, SHOW, UPDATE};
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

/// The fields of a role create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct RoleRequest {
    /// Unique name, in any letter case (required on create).
    pub name: Option<String>,
    /// Permission names the role grants (`ticket.agent`, `admin.user`, ...), replacing the
    /// ones it had.
    pub permissions: Option<Vec<String>>,
    /// Whether signups get the role (only with `ticket.customer` and `user_preferences`
    /// permissions).
    pub default_at_signup: Option<bool>,
    /// Active (default true).
    pub active: Option<bool>,
    /// Free text.
    pub note: Option<String>,
}

impl From<RoleRequest> for RoleInput {
    fn from(r: RoleRequest) -> Self {
        Self {
            name: r.name,
            permissions: r.permissions,
            default_at_signup: r.default_at_signup,
            active: r.active,
            note: r.note,
        }
    }
}

/// A role create's answer: 201 with the role, as Zammad answers it.
#[derive(ApiResponse)]
pub enum RoleCreated {
    /// The role, as stored.
    #[oai(status = 201)]
    Created(Json<Role>),
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
    /// admin.role.
    #[oai(path = "/roles", method = "get")]
    async fn list(&self, auth: Auth, paging: Paging) -> Reply<ListResponse<Role>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self.helpdesk.list_roles(&actor, paging.0).await?;
        Ok(ListResponse::from_listing(listing, Role::from))
    }

    /// Show a role.
    ///
    /// admin.role.
    #[oai(path = "/roles/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<Role>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(self.helpdesk.show_role(&actor, id.0).await?.into()))
    }

    /// Create a role.
    ///
    /// admin.role. 422 for a name another role has (in any case), an unknown permission,
    /// or a signup role with permissions signups may not get.
    #[oai(path = "/roles", method = "post")]
    async fn create(&self, auth: Auth, body: JsonBody<RoleRequest>) -> Reply<RoleCreated, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let role = self.helpdesk.create_role(&actor, body.0.into()).await?;
        Ok(RoleCreated::Created(Json(role.into())))
    }

    /// Update a role.
    ///
    /// admin.role. Absent fields stay as they are; `permissions` replaces the list. 422 as
    /// for create.
    #[oai(path = "/roles/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<RoleRequest>,
    ) -> Reply<Record<Role>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let role = self
            .helpdesk
            .update_role(&actor, id.0, body.0.into())
            .await?;
        Ok(Record(role.into()))
    }
}
