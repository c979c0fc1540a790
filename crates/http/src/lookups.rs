//! `/ticket_states` and `/ticket_priorities`, read by agents, customers and admin.object and
//! changed by admin.object; `/time_accounting/types`, read and changed by
//! admin.time_accounting.

use std::marker::PhantomData;

use helpdesk_domain::Id;
use helpdesk_service::{Helpdesk, LookupKind, PriorityInput, StateInput, TimeAccountingTypeInput};
use poem_openapi::param::Path;
use poem_openapi::types::{MaybeUndefined, ParseFromJSON, ToJSON};
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::auth::Auth;
use crate::body::{JsonBody, patch};
use crate::failures::{CREATE, DELETE, LIST, Reply, SHOW, UPDATE};
use crate::list::ListResponse;
use crate::params::Paging;
use crate::time;

/// The document's tags of the lookups.
#[derive(Tags)]
pub enum Tag {
    /// Ticket states.
    TicketStates,
    /// Ticket priorities.
    TicketPriorities,
    /// Time accounting activity types.
    TimeAccountingTypes,
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

/// A time accounting activity type as answered.
#[derive(Debug, Clone, Object)]
pub struct TimeAccountingType {
    /// Id.
    pub id: Id,
    /// Unique name.
    pub name: String,
    /// Free text (at most 250 characters).
    pub note: String,
    /// Inactive types cannot be chosen for new entries.
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

impl From<helpdesk_domain::TimeAccountingType> for TimeAccountingType {
    fn from(t: helpdesk_domain::TimeAccountingType) -> Self {
        Self {
            id: t.id,
            name: t.name,
            note: t.note,
            active: t.active,
            created_at: time::format(&t.meta.created_at),
            updated_at: time::format(&t.meta.updated_at),
            created_by_id: t.meta.created_by_id,
            updated_by_id: t.meta.updated_by_id,
        }
    }
}

/// The fields of an activity type create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct TimeAccountingTypeRequest {
    /// Unique name (required on create).
    pub name: Option<String>,
    /// Free text.
    pub note: Option<String>,
    /// Active.
    pub active: Option<bool>,
}

impl From<TimeAccountingTypeRequest> for TimeAccountingTypeInput {
    fn from(r: TimeAccountingTypeRequest) -> Self {
        Self {
            name: r.name,
            note: r.note,
            active: r.active,
        }
    }
}

/// A lookup resource: a short list of named records (states and priorities, which tickets
/// refer to; activity types, which time accounting entries do), served as `PATH` and
/// `PATH/{id}` by [`LookupApi`] over the service's generic lookup use cases.
pub trait Lookup: Send + Sync + 'static {
    /// The path of the collection (`/ticket_states`).
    const PATH: &'static str;
    /// The tag of its operations.
    const TAG: Tag;
    /// The record as stored: a lookup kind of the service.
    type Stored: LookupKind;
    /// The record as answered.
    type Record: From<Self::Stored> + ToJSON + Send + Sync;
    /// The body of a create or update; absent fields stay as they are.
    type Request: ParseFromJSON + Into<<Self::Stored as LookupKind>::Input> + Send;
}

/// Declares the lookup `$name` at `$path`.
macro_rules! lookup {
    ($(#[$doc:meta])* $name:ident at $path:literal, tag $tag:ident, $stored:ty as $record:ty, $request:ty) => {
        $(#[$doc])*
        pub struct $name;

        impl Lookup for $name {
            const PATH: &'static str = $path;
            const TAG: Tag = Tag::$tag;
            type Stored = $stored;
            type Record = $record;
            type Request = $request;
        }
    };
}

lookup!(
    /// Ticket states.
    States at "/ticket_states", tag TicketStates,
    helpdesk_domain::State as TicketState, TicketStateRequest
);

lookup!(
    /// Ticket priorities.
    Priorities at "/ticket_priorities", tag TicketPriorities,
    helpdesk_domain::Priority as TicketPriority, TicketPriorityRequest
);

lookup!(
    /// Time accounting activity types.
    TimeAccountingTypes at "/time_accounting/types", tag TimeAccountingTypes,
    helpdesk_domain::TimeAccountingType as TimeAccountingType, TimeAccountingTypeRequest
);

/// The endpoints of the lookup `L`.
pub struct LookupApi<L> {
    helpdesk: Helpdesk,
    lookup: PhantomData<L>,
}

impl<L> LookupApi<L> {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self {
            helpdesk,
            lookup: PhantomData,
        }
    }
}

#[OpenApi(prefix_path = L::PATH, tag = "L::TAG")]
impl<L: Lookup> LookupApi<L> {
    /// List the records.
    #[oai(path = "/", method = "get")]
    async fn list(&self, auth: Auth, paging: Paging) -> Reply<ListResponse<L::Record>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_lookup::<L::Stored>(&actor, paging.0)
            .await?;
        Ok(ListResponse::from_listing(listing, L::Record::from))
    }

    /// Show a record.
    #[oai(path = "/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<L::Record>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let record = self.helpdesk.show_lookup::<L::Stored>(&actor, id.0).await?;
        Ok(Record(record.into()))
    }

    /// Create a record.
    ///
    /// admin.object (activity types: admin.time_accounting).
    #[oai(path = "/", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<L::Request>,
    ) -> Reply<Record<L::Record>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let saved = self
            .helpdesk
            .create_lookup::<L::Stored>(&actor, body.0.into())
            .await?;
        Ok(Record(saved.into()))
    }

    /// Update a record.
    ///
    /// admin.object (activity types: admin.time_accounting).
    #[oai(path = "/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<L::Request>,
    ) -> Reply<Record<L::Record>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let saved = self
            .helpdesk
            .update_lookup::<L::Stored>(&actor, id.0, body.0.into())
            .await?;
        Ok(Record(saved.into()))
    }

    /// Delete a record.
    ///
    /// admin.object (activity types: admin.time_accounting), only when nothing refers to it
    /// and it is no default.
    #[oai(path = "/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk
            .delete_lookup::<L::Stored>(&actor, id.0)
            .await?;
        Ok(Done)
    }
}
