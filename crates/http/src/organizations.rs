//! `/organizations`: list, search, show, create, update, delete (also at the singular path).

use helpdesk_domain::Id;
use helpdesk_service::{Actor, Helpdesk, OrganizationFields, OrganizationInput, OrganizationView};
use poem_openapi::param::{Path, Query};
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::custom::WithCustom;
use crate::error::ApiResult;
use crate::failures::{CREATE, DELETE, LIST, Reply, SEARCH, SHOW, UPDATE};
use crate::list::{ListResponse, MaybeFull, SearchResponse, maybe_full, search_answer};
use crate::params::{Flag, Paging, Searching};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// The companies customers belong to.
    Organizations,
}

/// An organization as answered.
#[derive(Debug, Clone, Object)]
pub struct Organization {
    /// Id.
    pub id: Id,
    /// Unique name.
    pub name: String,
    /// Whether members see each other's tickets.
    pub shared: bool,
    /// Email domain.
    pub domain: String,
    /// Whether users of `domain` join automatically.
    pub domain_assignment: bool,
    /// Active.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Members (users whose organization this is).
    pub member_ids: Vec<Id>,
    /// Members' logins (with `expand=true`, as Zammad names them).
    #[oai(skip_serializing_if_is_none)]
    pub members: Option<Vec<String>>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl Organization {
    pub(crate) fn from_view(view: OrganizationView) -> WithCustom<Self> {
        let OrganizationView {
            organization: o,
            member_ids,
            members,
            custom,
            fields,
        } = view;
        let record = Self {
            id: o.id,
            name: o.name,
            shared: o.shared,
            domain: o.domain,
            domain_assignment: o.domain_assignment,
            active: o.active,
            note: o.note,
            members,
            member_ids,
            created_at: time::format(&o.meta.created_at),
            updated_at: time::format(&o.meta.updated_at),
            created_by_id: o.meta.created_by_id,
            updated_by_id: o.meta.updated_by_id,
        };
        WithCustom(record, custom, organization_keys(fields))
    }
}

/// The keys an organization answer carries under a field scope (`None`: all).
fn organization_keys(fields: OrganizationFields) -> Option<&'static [&'static str]> {
    match fields {
        OrganizationFields::Full => None,
        OrganizationFields::Member => Some(&["id", "name", "active"]),
    }
}

search_answer!(
    OrganizationSearchAnswer,
    OrganizationSearchPage,
    WithCustom<Organization>
);

/// The fields of an organization create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct OrganizationRequest {
    /// Unique name (required on create).
    pub name: Option<String>,
    /// Whether members see each other's tickets (default true).
    pub shared: Option<bool>,
    /// Email domain.
    pub domain: Option<String>,
    /// Whether users of `domain` join automatically.
    pub domain_assignment: Option<bool>,
    /// Active.
    pub active: Option<bool>,
    /// Free text.
    pub note: Option<String>,
    /// The full member list: listed users join, unlisted members leave.
    pub member_ids: Option<Vec<Id>>,
}

impl From<OrganizationRequest> for OrganizationInput {
    fn from(r: OrganizationRequest) -> Self {
        Self {
            name: r.name,
            shared: r.shared,
            domain: r.domain,
            domain_assignment: r.domain_assignment,
            active: r.active,
            note: r.note,
            member_ids: r.member_ids,
            custom: Default::default(),
        }
    }
}

/// The input of a request: its declared fields and its custom field values.
fn with_custom(body: JsonBody<OrganizationRequest>) -> OrganizationInput {
    let JsonBody(request, custom) = body;
    OrganizationInput {
        custom,
        ..request.into()
    }
}

/// The organizations endpoints.
pub struct OrganizationsApi {
    helpdesk: Helpdesk,
}

impl OrganizationsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }

    /// An organization's answer: as is, or with `full` its id and the assets (the
    /// organization as the caller may read it).
    async fn shaped(
        &self,
        actor: &Actor,
        view: OrganizationView,
        full: bool,
    ) -> ApiResult<MaybeFull<WithCustom<Organization>>> {
        let id = view.organization.id;
        let assets =
            async |ids: Vec<Id>| Ok(self.helpdesk.organization_assets(actor, &ids).await?.into());
        maybe_full(Organization::from_view(view), id, full, assets).await
    }

    async fn remove(&self, auth: Auth, id: Id) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_organization(&actor, id).await?;
        Ok(Done)
    }
}

#[OpenApi(tag = "Tag::Organizations")]
impl OrganizationsApi {
    /// List organizations.
    ///
    /// ticket.agent or admin.organization: all; others: their own.
    #[oai(path = "/organizations", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        paging: Paging,
        expand: Query<Flag>,
    ) -> Reply<ListResponse<WithCustom<Organization>>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_organizations(&actor, paging.0, expand.0.0)
            .await?;
        Ok(ListResponse::from_listing(listing, Organization::from_view))
    }

    /// Search organizations.
    ///
    /// Free text over name, domain and note, `field:value` terms; `sort_by` id, name,
    /// created_at, updated_at.
    #[oai(path = "/organizations/search", method = "get")]
    async fn search(
        &self,
        auth: Auth,
        search: Searching,
    ) -> Reply<SearchResponse<OrganizationSearchAnswer>, SEARCH> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .search_organizations(&actor, &search.query, search.expand)
            .await?;
        let (helpdesk, caller) = (&self.helpdesk, &actor);
        let assets =
            async |ids: Vec<Id>| Ok(helpdesk.organization_assets(caller, &ids).await?.into());
        let id = |o: &OrganizationView| o.organization.id;
        Ok(OrganizationSearchAnswer::respond(
            listing,
            search.form,
            id,
            Organization::from_view,
            assets,
        )
        .await?)
    }

    /// Show an organization.
    #[oai(path = "/organizations/:id", method = "get")]
    async fn show(
        &self,
        auth: Auth,
        id: Path<Id>,
        expand: Query<Flag>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<Organization>>>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let view = self
            .helpdesk
            .show_organization(&actor, id.0, expand.0.0)
            .await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Create an organization.
    ///
    /// admin.organization.
    #[oai(path = "/organizations", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<OrganizationRequest>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<Organization>>>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let view = self
            .helpdesk
            .create_organization(&actor, with_custom(body))
            .await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Update an organization.
    ///
    /// admin.organization.
    #[oai(path = "/organizations/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<OrganizationRequest>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<Organization>>>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let view = self
            .helpdesk
            .update_organization(&actor, id.0, with_custom(body))
            .await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Delete an organization.
    ///
    /// admin.organization, only when nothing refers to it.
    #[oai(path = "/organizations/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        self.remove(auth, id.0).await
    }

    /// Delete an organization (the singular path printed in the source document).
    #[oai(path = "/organization/:id", method = "delete")]
    async fn delete_singular(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        self.remove(auth, id.0).await
    }
}
