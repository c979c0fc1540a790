//! What Zammad's agent sidebar shows beside a ticket or customer, among the tickets the
//! caller reads: `/ticket_stats` (a customer's or organizations' open and closed tickets,
//! newest first, at most 100 each, and those created and closed in each of the last twelve
//! months) and `/ticket_related` (the customer's other open tickets and the agent's recently
//! viewed ones).

use chrono::{Datelike, Duration, TimeZone, Utc};
use helpdesk_domain::search::{Query, Term, Text};
use helpdesk_domain::{GroupAccess, Id, Page, SortOrder, State, StateType, Ticket, Timestamp};
use helpdesk_policy::{Actor, TicketRole, authorize_ticket_overview, ticket_visibility};
use helpdesk_storage::{Mode, Sort, TicketFilter, TicketScope, Transaction};

use crate::articles::{reach_ticket, shared_org};
use crate::assets::Assets;
use crate::recent_views::readable_views;
use crate::tickets::scope_of;
use crate::{Error, Helpdesk, Result};

/// How many open (and closed) tickets a statistic lists.
const LISTED: u64 = 100;

/// Zammad's English month names, January first.
const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The tickets of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthVolume {
    /// The year.
    pub year: i32,
    /// The month, 1 to 12.
    pub month: u32,
    /// The month's English name.
    pub text: &'static str,
    /// Tickets created in the month.
    pub created: u64,
    /// Tickets closed in the month.
    pub closed: u64,
}

/// The statistic of one customer or of organizations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketStat {
    /// Tickets in an open state (new, open, pending), newest first.
    pub open_ids: Vec<Id>,
    /// Tickets in a closed state, newest first.
    pub closed_ids: Vec<Id>,
    /// The last twelve months, the current one first.
    pub volume_by_year: Vec<MonthVolume>,
}

/// What `/ticket_stats` answers.
#[derive(Debug, Clone)]
pub struct TicketStats {
    /// Of the customer asked for.
    pub user: Option<TicketStat>,
    /// Of the organizations asked for.
    pub organization: Option<TicketStat>,
    /// The tickets listed with what they refer to.
    pub assets: Assets,
}

impl Helpdesk {
    /// The statistics of customer `user_id` and of `organization_ids` (at least one of the
    /// two), for agents; unknown ids answer 422 with Zammad's texts.
    pub async fn ticket_stats(
        &self,
        actor: &Actor,
        user_id: Option<Id>,
        organization_ids: &[Id],
    ) -> Result<TicketStats> {
        authorize_ticket_overview(actor).into_result()?;
        if user_id.is_none() && organization_ids.is_empty() {
            return Err(Error::invalid("Need user_id or organization_id as param"));
        }
        let now = self.now();
        let mut tx = self.begin(Mode::Read).await?;
        let shared = shared_org(&mut tx, actor).await?;
        let (scope, _) = scope_of(ticket_visibility(actor, shared));
        let states = tx.states().await?;
        let open = of_types(&states, OPEN);
        let closed = of_types(&states, &[StateType::Closed]);
        if let Some(id) = user_id
            && tx.user(id).await?.is_none()
        {
            return Err(Error::invalid(format!("No such user with id {id}")));
        }
        for &id in organization_ids {
            if tx.organization(id).await?.is_none() {
                return Err(Error::invalid(format!("No such organization with id {id}")));
            }
        }
        let kinds = [open, closed];
        let mut listed = Vec::new();
        let user = match user_id {
            Some(id) => {
                let subject = any_of("customer_id", &[id]);
                Some(stat(&mut tx, &scope, subject, &kinds, now, &mut listed).await?)
            }
            None => None,
        };
        let organization = if organization_ids.is_empty() {
            None
        } else {
            let subject = any_of("organization_id", organization_ids);
            Some(stat(&mut tx, &scope, subject, &kinds, now, &mut listed).await?)
        };
        listed.sort_by_key(|t| t.id);
        listed.dedup_by_key(|t| t.id);
        let tickets = listed.into_iter().map(|t| (t, TicketRole::Agent)).collect();
        let assets = Assets::of_tickets(&mut tx, actor, tickets).await?;
        Ok(TicketStats {
            user,
            organization,
            assets,
        })
    }
}

/// How many of the customer's other open tickets `/ticket_related` lists.
const RELATED: u64 = 6;
/// How many recently viewed tickets `/ticket_related` considers.
const RECENTLY_VIEWED: u64 = 8;

/// What `/ticket_related` answers.
#[derive(Debug, Clone)]
pub struct RelatedTickets {
    /// The customer's other open tickets, newest first, at most 6.
    pub by_customer: Vec<Id>,
    /// The agent's recently viewed tickets other than this one, newest first.
    pub recently_viewed: Vec<Id>,
    /// This ticket and the listed ones, with what they refer to.
    pub assets: Assets,
}

impl Helpdesk {
    /// The tickets related to ticket `id` (which the agent reads): its customer's other open
    /// tickets and the agent's recently viewed ones.
    pub async fn ticket_related(&self, actor: &Actor, id: Id) -> Result<RelatedTickets> {
        authorize_ticket_overview(actor).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let (ticket, role) = reach_ticket(&mut tx, actor, id, GroupAccess::Read).await?;
        let shared = shared_org(&mut tx, actor).await?;
        let (scope, _) = scope_of(ticket_visibility(actor, shared));
        let states = tx.states().await?;
        let filter = TicketFilter {
            scope,
            query: Query::And(vec![
                any_of("customer_id", &[ticket.customer_id]),
                any_of("state_id", &of_types(&states, OPEN)),
            ]),
            internal_articles: false,
        };
        let newest = Sort {
            field: "created_at",
            order: SortOrder::Desc,
        };
        let page = Page {
            offset: 0,
            limit: RELATED + 1,
        };
        let mut others = tx.list_tickets(&filter, &newest, page).await?.items;
        others.retain(|t| t.id != id);
        others.truncate(RELATED as usize);
        let (views, viewed) = readable_views(&mut tx, actor, RECENTLY_VIEWED).await?;
        let by_customer = others.iter().map(|t| t.id).collect();
        let recently_viewed = views
            .iter()
            .map(|v| v.ticket_id)
            .filter(|t| *t != id)
            .collect();
        let mut tickets = vec![(ticket, role)];
        tickets.extend(others.into_iter().map(|t| (t, TicketRole::Agent)));
        tickets.extend(viewed);
        let assets = Assets::of_tickets(&mut tx, actor, tickets).await?;
        Ok(RelatedTickets {
            by_customer,
            recently_viewed,
            assets,
        })
    }
}

/// The statistic of the tickets `subject` matches among those of `scope`: the newest of the
/// states `open` and `closed` (`kinds`), added to `listed`, and the last twelve months'
/// volume.
async fn stat(
    tx: &mut Box<dyn Transaction>,
    scope: &TicketScope,
    subject: Query,
    [open, closed]: &[Vec<Id>; 2],
    now: Timestamp,
    listed: &mut Vec<Ticket>,
) -> Result<TicketStat> {
    let newest = Sort {
        field: "created_at",
        order: SortOrder::Desc,
    };
    let mut find = async |query: Query, sort: &Sort, limit: u64| {
        let filter = TicketFilter {
            scope: scope.clone(),
            query: Query::And(vec![subject.clone(), query]),
            internal_articles: false,
        };
        tx.list_tickets(&filter, sort, Page { offset: 0, limit })
            .await
    };
    let open_tickets = find(any_of("state_id", open), &newest, LISTED).await?.items;
    let closed_tickets = find(any_of("state_id", closed), &newest, LISTED)
        .await?
        .items;
    let mut volume_by_year = Vec::with_capacity(12);
    for back in 0..12 {
        let (year, month, from, to) = month_back(now, back);
        let range = |field: &str| {
            Query::Term(Term::Range {
                field: field.into(),
                from: Some(from),
                to: Some(to),
            })
        };
        let created = find(range("created_at"), &Sort::by_id(), 1).await?.total;
        let closed = find(range("close_at"), &Sort::by_id(), 1).await?.total;
        volume_by_year.push(MonthVolume {
            year,
            month,
            text: MONTHS[month as usize - 1],
            created,
            closed,
        });
    }
    let ids = |t: &[Ticket]| t.iter().map(|t| t.id).collect();
    let stat = TicketStat {
        open_ids: ids(&open_tickets),
        closed_ids: ids(&closed_tickets),
        volume_by_year,
    };
    listed.extend(open_tickets.into_iter().chain(closed_tickets));
    Ok(stat)
}

/// Zammad's `open` state category.
const OPEN: &[StateType] = &[
    StateType::New,
    StateType::Open,
    StateType::PendingReminder,
    StateType::PendingAction,
];

/// The ids of the states of these types.
fn of_types(states: &[State], types: &[StateType]) -> Vec<Id> {
    let matching = states
        .iter()
        .filter(|s| StateType::from_id(s.state_type_id).is_some_and(|t| types.contains(&t)));
    matching.map(|s| s.id).collect()
}

/// Tickets whose id field `field` is one of `ids` (none when `ids` is empty).
fn any_of(field: &str, ids: &[Id]) -> Query {
    Query::Or(
        ids.iter()
            .map(|id| {
                Query::Term(Term::Field {
                    field: field.into(),
                    value: Text::Word(id.to_string()),
                })
            })
            .collect(),
    )
}

/// The month `back` months before the one of `now`: its year, number, first instant and
/// last millisecond.
fn month_back(now: Timestamp, back: i32) -> (i32, u32, Timestamp, Timestamp) {
    let index = now.year() * 12 + now.month0() as i32 - back;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12) as u32);
    let start = |year: i32, month0: u32| {
        Utc.with_ymd_and_hms(year, month0 + 1, 1, 0, 0, 0)
            .single()
            .expect("the first of a month exists")
    };
    let next = index + 1;
    let end = start(next.div_euclid(12), next.rem_euclid(12) as u32) - Duration::milliseconds(1);
    (year, month0 + 1, start(year, month0), end)
}
