//! What Zammad's agent sidebar shows, with the tickets as assets: `GET /ticket_stats` (a
//! customer's or organization's open and closed ids, twelve months of volume) and
//! `GET /ticket_related/{ticket_id}` (the customer's other open tickets, the recently viewed).

use helpdesk_domain::Id;
use helpdesk_service::{Helpdesk, MonthVolume, TicketStat as ServiceStat};
use poem_openapi::param::{Path, Query};
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::answer;
use crate::assets::Assets;
use crate::auth::Auth;
use crate::failures::{LIST, Reply, SHOW, UNPROCESSABLE};

#[derive(Tags)]
enum Tag {
    /// Ticket statistics of customers and organizations.
    CustomerTicketStats,
}

/// The tickets of one month.
#[derive(Debug, Clone, Object)]
pub struct TicketVolume {
    /// The month, 1 to 12.
    pub month: u32,
    /// The year.
    pub year: i32,
    /// The month's English name.
    pub text: String,
    /// Tickets created in the month.
    pub created: u64,
    /// Tickets closed in the month.
    pub closed: u64,
}

/// One statistic; `{}` when it was not asked for.
#[derive(Debug, Clone, Default, Object)]
pub struct TicketStat {
    /// Tickets in an open state (new, open, pending), newest first, at most 100.
    #[oai(skip_serializing_if_is_none)]
    pub open_ids: Option<Vec<Id>>,
    /// Tickets in a closed state, newest first, at most 100.
    #[oai(skip_serializing_if_is_none)]
    pub closed_ids: Option<Vec<Id>>,
    /// The last twelve months, the current one first.
    #[oai(skip_serializing_if_is_none)]
    pub volume_by_year: Option<Vec<TicketVolume>>,
}

impl From<Option<ServiceStat>> for TicketStat {
    fn from(stat: Option<ServiceStat>) -> Self {
        let Some(stat) = stat else {
            return Self::default();
        };
        let volume = |v: MonthVolume| TicketVolume {
            month: v.month,
            year: v.year,
            text: v.text.into(),
            created: v.created,
            closed: v.closed,
        };
        Self {
            open_ids: Some(stat.open_ids),
            closed_ids: Some(stat.closed_ids),
            volume_by_year: Some(stat.volume_by_year.into_iter().map(volume).collect()),
        }
    }
}

/// What `/ticket_stats` answers.
#[derive(Debug, Clone, Object)]
pub struct CustomerTicketStats {
    /// Of the customer (`user_id`).
    pub user: TicketStat,
    /// Of the organization (`organization_id`).
    pub organization: TicketStat,
    /// The tickets listed with their users, organizations and groups.
    pub assets: Assets,
}

/// The tickets related to one.
#[derive(Debug, Clone, Object)]
pub struct RelatedTickets {
    /// The customer's other open tickets, newest first, at most 6.
    pub ticket_ids_by_customer: Vec<Id>,
    /// The caller's recently viewed tickets other than this one, newest first.
    pub ticket_ids_recent_viewed: Vec<Id>,
    /// This ticket and the listed ones with their users, organizations and groups.
    pub assets: Assets,
}

answer!(
    Related(RelatedTickets),
    "The tickets related to this one that the caller reads."
);

answer!(
    StatsAnswer(CustomerTicketStats),
    "The statistics asked for, among the tickets the caller reads."
);

/// The statistics endpoint.
pub struct TicketStatsApi {
    helpdesk: Helpdesk,
}

impl TicketStatsApi {
    /// The endpoint over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::CustomerTicketStats")]
impl TicketStatsApi {
    /// The ticket statistics of a customer (`user_id`) and of an organization
    /// (`organization_id`): at least one of the two.
    ///
    /// ticket.agent; counts and lists only the tickets the caller reads. Neither parameter,
    /// or an unknown user or organization, answers 422.
    #[oai(path = "/ticket_stats", method = "get")]
    async fn stats(
        &self,
        auth: Auth,
        user_id: Query<Option<Id>>,
        organization_id: Query<Option<Id>>,
    ) -> Reply<StatsAnswer, { LIST | UNPROCESSABLE }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let organizations: Vec<Id> = organization_id.0.into_iter().collect();
        let stats = self
            .helpdesk
            .ticket_stats(&actor, user_id.0, &organizations)
            .await?;
        Ok(StatsAnswer(CustomerTicketStats {
            user: stats.user.into(),
            organization: stats.organization.into(),
            assets: stats.assets.into(),
        }))
    }

    /// The tickets related to a ticket the agent reads: its customer's other open tickets
    /// and the agent's recently viewed ones.
    ///
    /// ticket.agent reading the ticket.
    #[oai(path = "/ticket_related/:ticket_id", method = "get")]
    async fn related(&self, auth: Auth, ticket_id: Path<Id>) -> Reply<Related, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let related = self.helpdesk.ticket_related(&actor, ticket_id.0).await?;
        Ok(Related(RelatedTickets {
            ticket_ids_by_customer: related.by_customer,
            ticket_ids_recent_viewed: related.recently_viewed,
            assets: related.assets.into(),
        }))
    }
}
