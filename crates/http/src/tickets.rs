//! `/tickets`: list, search, show, create (with an article, tags and a guessed customer),
//! update (with an article), delete.

use helpdesk_domain::{Id, Ticket as DomainTicket};
use helpdesk_service::{
    Actor, CustomValues, CustomerRef, Helpdesk, Ref, TicketInput, TicketRole, TicketView,
};
use poem_openapi::param::{Path, Query};
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::articles::ArticleRequest;
use crate::auth::Auth;
use crate::body::{JsonBody, patch};
use crate::custom::WithCustom;
use crate::error::{ApiError, ApiResult};
use crate::failures::{CREATE, LIST, Reply, SEARCH, SHOW, UPDATE};
use crate::list::{ListResponse, MaybeFull, maybe_full, search_answer};
use crate::params::{Flag, Paging, Searching};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Tickets and their lifecycle.
    Tickets,
}

/// A ticket as answered. Escalation fields are always null (no SLAs are configured).
#[derive(Debug, Clone, Object)]
pub struct Ticket {
    /// Id.
    pub id: Id,
    /// Group.
    pub group_id: Id,
    /// Priority.
    pub priority_id: Id,
    /// State.
    pub state_id: Id,
    /// The customer's organization.
    #[oai(nullable)]
    pub organization_id: Option<Id>,
    /// Ticket number (unique, increasing, never changed).
    pub number: String,
    /// Title.
    pub title: String,
    /// Owner; 1 means nobody.
    pub owner_id: Id,
    /// Customer.
    pub customer_id: Id,
    /// Free text.
    #[oai(nullable)]
    pub note: Option<String>,
    /// First agent reply to the customer.
    #[oai(nullable)]
    pub first_response_at: Option<String>,
    /// Always null.
    #[oai(nullable)]
    pub first_response_escalation_at: Option<String>,
    /// Always null.
    #[oai(nullable)]
    pub first_response_in_min: Option<i32>,
    /// Always null.
    #[oai(nullable)]
    pub first_response_diff_in_min: Option<i32>,
    /// When the ticket was first closed.
    #[oai(nullable)]
    pub close_at: Option<String>,
    /// Always null.
    #[oai(nullable)]
    pub close_escalation_at: Option<String>,
    /// Always null.
    #[oai(nullable)]
    pub close_in_min: Option<i32>,
    /// Always null.
    #[oai(nullable)]
    pub close_diff_in_min: Option<i32>,
    /// Always null.
    #[oai(nullable)]
    pub update_escalation_at: Option<String>,
    /// Always null.
    #[oai(nullable)]
    pub update_in_min: Option<i32>,
    /// Always null.
    #[oai(nullable)]
    pub update_diff_in_min: Option<i32>,
    /// Last communication of either side.
    #[oai(nullable)]
    pub last_contact_at: Option<String>,
    /// Last communication of an agent.
    #[oai(nullable)]
    pub last_contact_agent_at: Option<String>,
    /// Last communication of the customer.
    #[oai(nullable)]
    pub last_contact_customer_at: Option<String>,
    /// Last owner change.
    #[oai(nullable)]
    pub last_owner_update_at: Option<String>,
    /// Type of the first article.
    #[oai(nullable)]
    pub create_article_type_id: Option<Id>,
    /// Sender of the first article.
    #[oai(nullable)]
    pub create_article_sender_id: Option<Id>,
    /// Articles not sent by the system.
    pub article_count: i32,
    /// Always null.
    #[oai(nullable)]
    pub escalation_at: Option<String>,
    /// When a pending state ends.
    #[oai(nullable)]
    pub pending_time: Option<String>,
    /// Ticket type.
    #[oai(rename = "type", nullable)]
    pub ticket_type: Option<String>,
    /// Accounted time (hidden from customers).
    #[oai(nullable)]
    pub time_unit: Option<f64>,
    /// Free-form preferences.
    pub preferences: serde_json::Value,
    /// Articles the caller may see (show, create and update answers).
    #[oai(skip_serializing_if_is_none)]
    pub article_ids: Option<Vec<Id>>,
    /// The ids of its time accounting entries (agents; customers get none).
    #[oai(skip_serializing_if_is_none)]
    pub ticket_time_accounting_ids: Option<Vec<Id>>,
    /// Group name (`expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub group: Option<String>,
    /// State name (`expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub state: Option<String>,
    /// Priority name (`expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub priority: Option<String>,
    /// Owner login (`expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub owner: Option<String>,
    /// Customer login (`expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub customer: Option<String>,
    /// Organization name (`expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub organization: Option<String>,
    /// Last changer.
    pub updated_by_id: Id,
    /// Creator.
    pub created_by_id: Id,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

impl From<TicketView> for Ticket {
    fn from(v: TicketView) -> Self {
        let t: DomainTicket = v.ticket;
        let names = v.names.unwrap_or_default();
        Self {
            id: t.id,
            group_id: t.group_id,
            priority_id: t.priority_id,
            state_id: t.state_id,
            organization_id: t.organization_id,
            number: t.number,
            title: t.title,
            owner_id: t.owner_id,
            customer_id: t.customer_id,
            note: t.note,
            first_response_at: time::format_opt(&t.first_response_at),
            first_response_escalation_at: None,
            first_response_in_min: None,
            first_response_diff_in_min: None,
            close_at: time::format_opt(&t.close_at),
            close_escalation_at: None,
            close_in_min: None,
            close_diff_in_min: None,
            update_escalation_at: None,
            update_in_min: None,
            update_diff_in_min: None,
            last_contact_at: time::format_opt(&t.last_contact_at),
            last_contact_agent_at: time::format_opt(&t.last_contact_agent_at),
            last_contact_customer_at: time::format_opt(&t.last_contact_customer_at),
            last_owner_update_at: time::format_opt(&t.last_owner_update_at),
            create_article_type_id: t.create_article_type_id,
            create_article_sender_id: t.create_article_sender_id,
            article_count: t.article_count,
            escalation_at: None,
            pending_time: time::format_opt(&t.pending_time),
            ticket_type: t.ticket_type,
            time_unit: if v.role == TicketRole::Agent {
                t.time_unit
            } else {
                None
            },
            preferences: t.preferences,
            ticket_time_accounting_ids: v.time_accounting_ids,
            article_ids: v.article_ids,
            group: names.group,
            state: names.state,
            priority: names.priority,
            owner: names.owner,
            customer: names.customer,
            organization: names.organization,
            updated_by_id: t.meta.updated_by_id,
            created_by_id: t.meta.created_by_id,
            created_at: time::format(&t.meta.created_at),
            updated_at: time::format(&t.meta.updated_at),
        }
    }
}

impl From<TicketView> for WithCustom<Ticket> {
    fn from(mut v: TicketView) -> Self {
        let custom = std::mem::take(&mut v.custom);
        Self::full(v.into(), custom)
    }
}

search_answer!(TicketSearchAnswer, TicketSearchPage, WithCustom<Ticket>);

/// The fields of a ticket create or update; absent fields stay as they are. Other keys
/// set the ticket's custom fields (live attributes of Ticket); the rest are ignored.
#[derive(Debug, Clone, Default, Object)]
pub struct TicketRequest {
    /// Title (required on create).
    pub title: Option<String>,
    /// Group by id (create needs a group, by id or name).
    pub group_id: Option<Id>,
    /// Group by name.
    pub group: Option<String>,
    /// Customer by id, or `guess:<email>` to use or create that customer.
    pub customer_id: Option<serde_json::Value>,
    /// Customer by email or login.
    pub customer: Option<String>,
    /// State by id (default: the `default_create` state).
    pub state_id: Option<Id>,
    /// State by name.
    pub state: Option<String>,
    /// Priority by id (default: the `default_create` priority).
    pub priority_id: Option<Id>,
    /// Priority by name.
    pub priority: Option<String>,
    /// Owner by id (1: nobody); must be an agent of the group.
    pub owner_id: Option<Id>,
    /// Owner by login or email.
    pub owner: Option<String>,
    /// Free text.
    pub note: MaybeUndefined<String>,
    /// When a pending state ends (RFC 3339).
    pub pending_time: MaybeUndefined<String>,
    /// Ticket type.
    #[oai(rename = "type")]
    pub ticket_type: MaybeUndefined<String>,
    /// Free-form preferences (agents only).
    pub preferences: Option<serde_json::Value>,
    /// Tags to add: `"a, b"` or `["a", "b"]`.
    pub tags: Option<serde_json::Value>,
    /// Links of a new ticket (create only, agents only): `{"Ticket": {"parent": [ids],
    /// "normal": [ids], "child": [ids]}}`, what the new ticket is of each ticket named.
    pub links: Option<serde_json::Value>,
    /// Agents to mention on a new ticket, by id (create only): each gets the ticket's online
    /// notifications; each must read the ticket as an agent (422 otherwise).
    pub mentions: Option<Vec<Id>>,
    /// An article to add (the first article on create).
    pub article: Option<ArticleRequest>,
}

fn pick(id: Option<Id>, name: Option<String>) -> Option<Ref> {
    match (id, name.filter(|n| !n.trim().is_empty())) {
        (Some(id), _) => Some(Ref::Id(id)),
        (None, Some(name)) => Some(Ref::Name(name)),
        (None, None) => None,
    }
}

fn customer_ref(
    id: Option<serde_json::Value>,
    name: Option<String>,
) -> ApiResult<Option<CustomerRef>> {
    let bad = |v: &serde_json::Value| {
        ApiError::unprocessable(format!("No lookup value found for 'customer_id': {v}"))
    };
    match id {
        None | Some(serde_json::Value::Null) => Ok(name
            .filter(|n| !n.trim().is_empty())
            .map(|n| CustomerRef::Existing(Ref::Name(n)))),
        Some(serde_json::Value::Number(n)) => n
            .as_i64()
            .map(|id| Some(CustomerRef::Existing(Ref::Id(id))))
            .ok_or_else(|| bad(&serde_json::Value::Number(n))),
        Some(serde_json::Value::String(s)) => match s.strip_prefix("guess:") {
            Some(email) => Ok(Some(CustomerRef::Guess(email.to_string()))),
            None => s
                .trim()
                .parse::<Id>()
                .map(|id| Some(CustomerRef::Existing(Ref::Id(id))))
                .map_err(|_| bad(&serde_json::Value::String(s))),
        },
        Some(other) => Err(bad(&other)),
    }
}

fn tag_list(value: Option<serde_json::Value>) -> ApiResult<Option<String>> {
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s)),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|i| {
                i.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| ApiError::unprocessable("Invalid value for 'tags'"))
            })
            .collect::<ApiResult<Vec<String>>>()
            .map(|names| Some(names.join(","))),
        Some(_) => Err(ApiError::unprocessable(
            "Invalid value for 'tags': expected \"a, b\" or [\"a\", \"b\"]",
        )),
    }
}

impl TicketRequest {
    fn into_input(self, custom: CustomValues) -> ApiResult<TicketInput> {
        let pending_time = time::parse_patch("pending_time", self.pending_time)?;
        Ok(TicketInput {
            title: self.title,
            group: pick(self.group_id, self.group),
            customer: customer_ref(self.customer_id, self.customer)?,
            state: pick(self.state_id, self.state),
            priority: pick(self.priority_id, self.priority),
            owner: pick(self.owner_id, self.owner),
            note: patch(self.note),
            pending_time,
            ticket_type: patch(self.ticket_type),
            preferences: self.preferences,
            tags: tag_list(self.tags)?,
            links: self.links.filter(|l| !l.is_null()),
            mentions: self.mentions,
            article: self.article.map(ArticleRequest::into_input).transpose()?,
            custom,
        })
    }
}

/// The ticket endpoints.
pub struct TicketsApi {
    helpdesk: Helpdesk,
}

impl TicketsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }

    /// A ticket's answer: as is, or with `full` its id and the assets (the ticket with its
    /// users, organization and group, as the caller may read them).
    async fn shaped(
        &self,
        actor: &Actor,
        view: TicketView,
        full: bool,
    ) -> ApiResult<MaybeFull<WithCustom<Ticket>>> {
        let id = view.ticket.id;
        let assets =
            async |ids: Vec<Id>| Ok(self.helpdesk.ticket_assets(actor, &ids).await?.into());
        maybe_full(view.into(), id, full, assets).await
    }
}

#[OpenApi(tag = "Tag::Tickets")]
impl TicketsApi {
    /// List tickets.
    ///
    /// Agents: tickets of groups where they have `read`; customers: their own, and those of
    /// their organization when it is shared. By id; `per_page` at most 100.
    #[oai(path = "/tickets", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        paging: Paging,
        expand: Query<Flag>,
    ) -> Reply<ListResponse<WithCustom<Ticket>>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_tickets(&actor, paging.0.page, paging.0.per_page, expand.0.0)
            .await?;
        Ok(ListResponse::from_listing(listing, WithCustom::from))
    }

    /// Search tickets.
    ///
    /// `query`: whole words of title, number and article bodies (customers never match
    /// internal articles), `field:value` terms (title, note, number, state.name,
    /// priority.name, group.name, customer.email, customer.login, owner.login,
    /// organization.name, tags, *_id), ranges (`created_at:[2024-01-01 TO 2024-12-31]`,
    /// `updated_at:>2024-05-01`), AND/OR, quoted phrases, `*`. `limit` (default 10, at most
    /// 200) or `page`/`per_page`; `sort_by`/`order_by` (default updated_at desc);
    /// `with_total_count=true` answers `{records, total_count}`, `only_total_count=true`
    /// `{total_count}`, `full=true` `{record_ids, assets, total_count}`.
    #[oai(path = "/tickets/search", method = "get")]
    async fn search(
        &self,
        auth: Auth,
        search: Searching,
    ) -> Reply<crate::list::SearchResponse<TicketSearchAnswer>, SEARCH> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .search_tickets(&actor, &search.query, search.expand)
            .await?;
        let (helpdesk, caller) = (&self.helpdesk, &actor);
        let assets = async |ids: Vec<Id>| Ok(helpdesk.ticket_assets(caller, &ids).await?.into());
        let id = |t: &TicketView| t.ticket.id;
        Ok(TicketSearchAnswer::respond(listing, search.form, id, WithCustom::from, assets).await?)
    }

    /// Show a ticket; `full=true` answers `{id, assets}`.
    #[oai(path = "/tickets/:id", method = "get")]
    async fn show(
        &self,
        auth: Auth,
        id: Path<Id>,
        expand: Query<Flag>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<Ticket>>>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let view = self.helpdesk.show_ticket(&actor, id.0, expand.0.0).await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Create a ticket.
    ///
    /// Agents with `create` on the group; customers (the ticket is theirs; owner, customer
    /// and preferences are dropped). An inline `article` becomes the first article.
    #[oai(path = "/tickets", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<TicketRequest>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<Ticket>>>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let input = body.0.into_input(body.1)?;
        let view = self.helpdesk.create_ticket(&actor, input).await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Update a ticket.
    ///
    /// Agents with `change` on the group; customers on tickets they may read (owner,
    /// customer, group and preferences dropped; a closed ticket reopens only where the
    /// group allows follow-ups). May carry an `article` to add.
    #[oai(path = "/tickets/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<TicketRequest>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<Ticket>>>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let input = body.0.into_input(body.1)?;
        let view = self.helpdesk.update_ticket(&actor, id.0, input).await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Delete a ticket with its articles, attachments, tags, notifications and history.
    ///
    /// admin only.
    #[oai(path = "/tickets/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_ticket(&actor, id.0).await?;
        Ok(Done)
    }
}
