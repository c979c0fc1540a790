//! Recent views, as Zammad's `/recent_view` and `/ticket_recent` serve them: a user notes the
//! tickets it opens, and reads back the latest, newest first, among those it still reads.

use helpdesk_domain::{Id, RecentView, Ticket};
use helpdesk_policy::{Actor, TicketRole, authorize_ticket_overview};
use helpdesk_storage::{Mode, Transaction};

use crate::assets::{Assets, readable};
use crate::links::check_object;
use crate::{Helpdesk, Result};

/// How many entries `/recent_view` answers.
const RECENT_VIEWS: u64 = 10;

/// The latest tickets an agent viewed and what they refer to.
#[derive(Debug, Clone)]
pub struct RecentTickets {
    /// Newest first.
    pub ticket_ids: Vec<Id>,
    /// The tickets with their users, organizations and groups.
    pub assets: Assets,
}

impl Helpdesk {
    /// Notes that the caller viewed ticket `o_id` (`object` is `Ticket`); a ticket that does
    /// not exist or that the caller may not read is ignored, as Zammad does.
    pub async fn log_recent_view(&self, actor: &Actor, object: &str, o_id: Id) -> Result<()> {
        check_object("object", object)?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let ticket = tx.ticket(o_id).await?;
        if !readable(&mut tx, actor, ticket.into_iter().collect())
            .await?
            .is_empty()
        {
            tx.log_recent_view(actor.id(), o_id, now).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The caller's latest views of tickets it still reads, newest first.
    pub async fn recent_views(&self, actor: &Actor) -> Result<Vec<RecentView>> {
        let mut tx = self.begin(Mode::Read).await?;
        let (views, _) = readable_views(&mut tx, actor, RECENT_VIEWS).await?;
        Ok(views)
    }

    /// The agent's ten latest viewed tickets, with assets (`/ticket_recent`).
    pub async fn ticket_recent(&self, actor: &Actor) -> Result<RecentTickets> {
        authorize_ticket_overview(actor).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let (views, tickets) = readable_views(&mut tx, actor, RECENT_VIEWS).await?;
        let assets = Assets::of_tickets(&mut tx, actor, tickets).await?;
        Ok(RecentTickets {
            ticket_ids: views.iter().map(|v| v.ticket_id).collect(),
            assets,
        })
    }
}

/// The caller's `limit` latest views, newest first, of tickets it still reads, with the
/// tickets.
pub(crate) async fn readable_views(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    limit: u64,
) -> Result<(Vec<RecentView>, Vec<(Ticket, TicketRole)>)> {
    let views = tx.recent_views(actor.id(), limit).await?;
    let mut tickets = Vec::with_capacity(views.len());
    for view in &views {
        tickets.extend(tx.ticket(view.ticket_id).await?);
    }
    let tickets = readable(tx, actor, tickets).await?;
    let views = views
        .into_iter()
        .filter(|v| tickets.iter().any(|(t, _)| t.id == v.ticket_id))
        .collect();
    Ok((views, tickets))
}
