//! `/recent_view` and `/ticket_recent`: the tickets a user viewed last, as Zammad serves them.

use helpdesk_domain::Id;
use helpdesk_service::Helpdesk;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Confirmed, Records, answer};
use crate::assets::Assets;
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::failures::{CREATE, Reply, SIGNED_IN};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// The tickets a user viewed last.
    RecentViews,
}

/// Zammad's id of `Ticket` among its recent-view objects.
const TICKET_OBJECT_ID: Id = 1;

/// A user's latest view of a ticket.
#[derive(Debug, Clone, Object)]
pub struct RecentView {
    /// Id.
    pub id: Id,
    /// The ticket's id.
    pub o_id: Id,
    /// `Ticket`.
    pub object: String,
    /// 1: `Ticket`.
    pub recent_view_object_id: Id,
    /// The user who viewed.
    pub created_by_id: Id,
    /// The latest view.
    pub created_at: String,
    /// The latest view.
    pub updated_at: String,
}

impl From<helpdesk_domain::RecentView> for RecentView {
    fn from(v: helpdesk_domain::RecentView) -> Self {
        let at = time::format(&v.viewed_at);
        Self {
            id: v.id,
            o_id: v.ticket_id,
            object: "Ticket".into(),
            recent_view_object_id: TICKET_OBJECT_ID,
            created_by_id: v.user_id,
            created_at: at.clone(),
            updated_at: at,
        }
    }
}

/// A view to note.
#[derive(Debug, Clone, Object)]
pub struct RecentViewRequest {
    /// `Ticket`.
    pub object: String,
    /// The ticket's id.
    pub o_id: Id,
}

/// The tickets an agent viewed last.
#[derive(Debug, Clone, Object)]
pub struct RecentTickets {
    /// The tickets, newest first.
    pub ticket_ids_recent_viewed: Vec<Id>,
    /// The tickets with their users, organizations and groups.
    pub assets: Assets,
}

answer!(
    Recent(RecentTickets),
    "The agent's ten latest viewed tickets it still reads."
);

/// The recent-view endpoints.
pub struct RecentViewsApi {
    helpdesk: Helpdesk,
}

impl RecentViewsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::RecentViews")]
impl RecentViewsApi {
    /// The caller's ten latest viewed tickets it still reads, newest first.
    #[oai(path = "/recent_view", method = "get")]
    async fn list(&self, auth: Auth) -> Reply<Records<RecentView>, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        let views = self.helpdesk.recent_views(&actor).await?;
        Ok(Records(views.into_iter().map(RecentView::from).collect()))
    }

    /// Note that the caller viewed a ticket (`object` `Ticket`); a ticket it may not read, or
    /// that does not exist, is ignored.
    #[oai(path = "/recent_view", method = "post")]
    async fn log(&self, auth: Auth, body: JsonBody<RecentViewRequest>) -> Reply<Confirmed, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let b = body.0;
        self.helpdesk
            .log_recent_view(&actor, &b.object, b.o_id)
            .await?;
        Ok(Confirmed)
    }

    /// The agent's ten latest viewed tickets, with assets.
    ///
    /// ticket.agent.
    #[oai(path = "/ticket_recent", method = "get")]
    async fn ticket_recent(&self, auth: Auth) -> Reply<Recent, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        let recent = self.helpdesk.ticket_recent(&actor).await?;
        Ok(Recent(RecentTickets {
            ticket_ids_recent_viewed: recent.ticket_ids,
            assets: recent.assets.into(),
        }))
    }
}
