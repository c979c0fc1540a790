//! `GET /api/v1/ticket_stats`: how many tickets each state holds, among those the caller may
//! see. The use case calls only the helpdesk's own use cases, so their permissions (which
//! states the caller may read, which tickets the caller may see) hold here too; it adds one
//! rule of its own: only agents and reporters may ask.

use helpdesk_domain::permission::names::{REPORT, TICKET_AGENT};
use helpdesk_domain::{Id, State};
use helpdesk_http::Auth;
use helpdesk_http::error::ApiResult;
use helpdesk_service::{Actor, Error, Helpdesk, ListQuery, Result, SearchQuery};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

/// The number of tickets in one state.
#[derive(Debug, Clone)]
pub struct StateCount {
    /// The state.
    pub state: State,
    /// How many of the caller's visible tickets are in it.
    pub count: u64,
}

/// The use case: tickets per state, among those `actor` may see.
///
/// The permission rule of this use case is the extender's own: `ticket.agent` or `report`
/// (403 otherwise). Everything else is the helpdesk's: [`Helpdesk::list_lookup`] checks that
/// the actor may read states, and [`Helpdesk::search_tickets`] counts only tickets the actor
/// may see (its `total` is the whole count, whatever the page size).
pub async fn ticket_stats(helpdesk: &Helpdesk, actor: &Actor) -> Result<Vec<StateCount>> {
    if !actor.can_any(&[TICKET_AGENT, REPORT]) {
        return Err(Error::Forbidden(
            "Not authorized (ticket statistics need ticket.agent or report)".into(),
        ));
    }
    let states = helpdesk
        .list_lookup::<State>(actor, ListQuery::default())
        .await?;
    let mut counts = Vec::with_capacity(states.items.len());
    for state in states.items {
        let query = SearchQuery {
            query: Some(format!("state_id:{}", state.id)),
            limit: Some(1),
            ..SearchQuery::default()
        };
        let count = helpdesk.search_tickets(actor, &query, false).await?.total;
        counts.push(StateCount { state, count });
    }
    Ok(counts)
}

#[derive(Tags)]
enum Tag {
    /// Reports of the embedding application.
    Reports,
}

/// Tickets per state, as answered.
#[derive(Debug, Clone, Object)]
pub struct TicketStats {
    /// All tickets the caller may see.
    pub total: u64,
    /// One entry per state, in the order of state ids.
    pub by_state: Vec<TicketStateCount>,
}

/// The tickets in one state, as answered.
#[derive(Debug, Clone, Object)]
pub struct TicketStateCount {
    /// The state's id.
    pub state_id: Id,
    /// The state's name.
    pub state: String,
    /// How many tickets the caller may see are in it.
    pub count: u64,
}

impl From<Vec<StateCount>> for TicketStats {
    fn from(counts: Vec<StateCount>) -> Self {
        Self {
            total: counts.iter().map(|c| c.count).sum(),
            by_state: counts
                .into_iter()
                .map(|c| TicketStateCount {
                    state_id: c.state.id,
                    state: c.state.name,
                    count: c.count,
                })
                .collect(),
        }
    }
}

/// The extender's endpoint, beside the helpdesk's own.
pub struct TicketStatsApi {
    helpdesk: Helpdesk,
}

impl TicketStatsApi {
    /// The endpoint over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Reports")]
impl TicketStatsApi {
    /// Tickets per state.
    ///
    /// Counts only the tickets the caller may see; needs ticket.agent or report.
    #[oai(path = "/ticket_stats", method = "get")]
    async fn ticket_stats(&self, auth: Auth) -> ApiResult<Json<TicketStats>> {
        let actor = auth.actor(&self.helpdesk).await?;
        let counts = ticket_stats(&self.helpdesk, &actor).await?;
        Ok(Json(counts.into()))
    }
}
