//! `/ticket_states` and `/ticket_priorities`: read by agents, customers and admin.object;
//! changed by admin.object.

use helpdesk_domain::Id;
use helpdesk_service::{Helpdesk, ListQuery, PriorityInput, StateInput};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi, Tags};

use crate::auth::Auth;
use crate::body::{JsonBody, patch};
use crate::error::ApiResult;
use crate::list::ListResponse;
use crate::time;
use crate::users::Empty;

#[derive(Tags)]
enum Tag {
    /// Ticket states.
    TicketStates,
    /// Ticket priorities.
    TicketPriorities,
}

/// A ticket state as answered.
#[derive(Debug, Clone, Object)]
pub struct TicketState {
    /// Id.
    pub id: Id,
    /// State type: 1 new, 2 open, 3 pending reminder, 4 pending action, 5 closed, 6 merged.
    pub state_type_id: Id,
    /// Unique name.
    pub name: String,
    /// The state a pending state moves to.
    #[oai(nullable)]
    pub next_state_id: Option<Id>,
    /// Whether escalation stops in this state.
    pub ignore_escalation: bool,
    /// The state new tickets get.
    pub default_create: bool,
    /// The state a follow-up moves a ticket to.
    pub default_follow_up: bool,
    /// Free text.
    pub note: String,
    /// Active.
    pub active: bool,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl From<helpdesk_domain::State> for TicketState {
    fn from(s: helpdesk_domain::State) -> Self {
        Self {
            id: s.id,
            state_type_id: s.state_type_id,
            name: s.name,
            next_state_id: s.next_state_id,
            ignore_escalation: s.ignore_escalation,
            default_create: s.default_create,
            default_follow_up: s.default_follow_up,
            note: s.note,
            active: s.active,
            created_at: time::format(&s.meta.created_at),
            updated_at: time::format(&s.meta.updated_at),
            created_by_id: s.meta.created_by_id,
            updated_by_id: s.meta.updated_by_id,
        }
    }
}

/// The fields of a state create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct TicketStateRequest {
    /// Unique name (required on create).
    pub name: Option<String>,
    /// State type id (required on create unless `state_type` is given).
    pub state_type_id: Option<Id>,
    /// State type by name (`new`, `open`, `pending reminder`, `pending action`, `closed`, `merged`).
    pub state_type: Option<String>,
    /// The state a pending state moves to.
    pub next_state_id: MaybeUndefined<Id>,
    /// Whether escalation stops in this state.
    pub ignore_escalation: Option<bool>,
    /// Make this the state of new tickets.
    pub default_create: Option<bool>,
    /// Make this the state of follow-ups.
    pub default_follow_up: Option<bool>,
    /// Free text.
    pub note: Option<String>,
    /// Active.
    pub active: Option<bool>,
}

impl From<TicketStateRequest> for StateInput {
    fn from(r: TicketStateRequest) -> Self {
        Self {
            name: r.name,
            state_type_id: r.state_type_id,
            state_type: r.state_type,
            next_state_id: patch(r.next_state_id),
            ignore_escalation: r.ignore_escalation,
            default_create: r.default_create,
            default_follow_up: r.default_follow_up,
            note: r.note,
            active: r.active,
        }
    }
}

/// A ticket priority as answered.
#[derive(Debug, Clone, Object)]
pub struct TicketPriority {
    /// Id.
    pub id: Id,
    /// Unique name.
    pub name: String,
    /// The priority new tickets get.
    pub default_create: bool,
    /// Icon hint.
    #[oai(nullable)]
    pub ui_icon: Option<String>,
    /// Colour hint.
    #[oai(nullable)]
    pub ui_color: Option<String>,
    /// Free text.
    pub note: String,
    /// Active.
    pub active: bool,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl From<helpdesk_domain::Priority> for TicketPriority {
    fn from(p: helpdesk_domain::Priority) -> Self {
        Self {
            id: p.id,
            name: p.name,
            default_create: p.default_create,
            ui_icon: p.ui_icon,
            ui_color: p.ui_color,
            note: p.note,
            active: p.active,
            created_at: time::format(&p.meta.created_at),
            updated_at: time::format(&p.meta.updated_at),
            created_by_id: p.meta.created_by_id,
            updated_by_id: p.meta.updated_by_id,
        }
    }
}

/// The fields of a priority create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct TicketPriorityRequest {
    /// Unique name (required on create).
    pub name: Option<String>,
    /// Make this the priority of new tickets.
    pub default_create: Option<bool>,
    /// Icon hint.
    pub ui_icon: MaybeUndefined<String>,
    /// Colour hint.
    pub ui_color: MaybeUndefined<String>,
    /// Free text.
    pub note: Option<String>,
    /// Active.
    pub active: Option<bool>,
}

impl From<TicketPriorityRequest> for PriorityInput {
    fn from(r: TicketPriorityRequest) -> Self {
        Self {
            name: r.name,
            default_create: r.default_create,
            ui_icon: patch(r.ui_icon),
            ui_color: patch(r.ui_color),
            note: r.note,
            active: r.active,
        }
    }
}

/// The ticket state endpoints.
pub struct StatesApi {
    helpdesk: Helpdesk,
}

impl StatesApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::TicketStates")]
impl StatesApi {
    /// List ticket states.
    #[oai(path = "/ticket_states", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        #[oai(validator(minimum(value = "0"), maximum(value = "4294967295")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "4294967295")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<ListResponse<TicketState>> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_states(
                &actor,
                ListQuery {
                    page: page.0,
                    per_page: per_page.0,
                },
            )
            .await?;
        Ok(ListResponse::from_listing(listing, TicketState::from))
    }

    /// Show a ticket state.
    #[oai(path = "/ticket_states/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> ApiResult<Json<TicketState>> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Json(self.helpdesk.show_state(&actor, id.0).await?.into()))
    }

    /// Create a ticket state.
    ///
    /// admin.object.
    #[oai(path = "/ticket_states", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<TicketStateRequest>,
    ) -> ApiResult<Json<TicketState>> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Json(
            self.helpdesk
                .create_state(&actor, body.0.into())
                .await?
                .into(),
        ))
    }

    /// Update a ticket state.
    ///
    /// admin.object.
    #[oai(path = "/ticket_states/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<TicketStateRequest>,
    ) -> ApiResult<Json<TicketState>> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Json(
            self.helpdesk
                .update_state(&actor, id.0, body.0.into())
                .await?
                .into(),
        ))
    }

    /// Delete a ticket state.
    ///
    /// admin.object, only when nothing refers to it and it is no default.
    #[oai(path = "/ticket_states/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> ApiResult<Json<Empty>> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_state(&actor, id.0).await?;
        Ok(Json(Empty {}))
    }
}

/// The ticket priority endpoints.
pub struct PrioritiesApi {
    helpdesk: Helpdesk,
}

impl PrioritiesApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::TicketPriorities")]
impl PrioritiesApi {
    /// List ticket priorities.
    #[oai(path = "/ticket_priorities", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        #[oai(validator(minimum(value = "0"), maximum(value = "4294967295")))] page: Query<
            Option<u64>,
        >,
        #[oai(validator(minimum(value = "0"), maximum(value = "4294967295")))] per_page: Query<
            Option<u64>,
        >,
    ) -> ApiResult<ListResponse<TicketPriority>> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_priorities(
                &actor,
                ListQuery {
                    page: page.0,
                    per_page: per_page.0,
                },
            )
            .await?;
        Ok(ListResponse::from_listing(listing, TicketPriority::from))
    }

    /// Show a ticket priority.
    #[oai(path = "/ticket_priorities/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> ApiResult<Json<TicketPriority>> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Json(
            self.helpdesk.show_priority(&actor, id.0).await?.into(),
        ))
    }

    /// Create a ticket priority.
    ///
    /// admin.object.
    #[oai(path = "/ticket_priorities", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<TicketPriorityRequest>,
    ) -> ApiResult<Json<TicketPriority>> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Json(
            self.helpdesk
                .create_priority(&actor, body.0.into())
                .await?
                .into(),
        ))
    }

    /// Update a ticket priority.
    ///
    /// admin.object.
    #[oai(path = "/ticket_priorities/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<TicketPriorityRequest>,
    ) -> ApiResult<Json<TicketPriority>> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Json(
            self.helpdesk
                .update_priority(&actor, id.0, body.0.into())
                .await?
                .into(),
        ))
    }

    /// Delete a ticket priority.
    ///
    /// admin.object, only when nothing refers to it and it is not the default.
    #[oai(path = "/ticket_priorities/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> ApiResult<Json<Empty>> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_priority(&actor, id.0).await?;
        Ok(Json(Empty {}))
    }
}
