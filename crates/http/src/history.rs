//! `/ticket_history/{id}`: every recorded change of a ticket and its articles.

use helpdesk_domain::Id;
use helpdesk_service::Helpdesk;
use poem_openapi::param::Path;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::answer;
use crate::auth::Auth;
use crate::failures::{Reply, SHOW};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Who changed what on a ticket, and when.
    TicketHistory,
}

/// One recorded change, keyed as Zammad's `History.list`.
#[derive(Debug, Clone, Object)]
pub struct HistoryEntry {
    /// Id.
    pub id: Id,
    /// The changed object's id: the ticket's for ticket and tag entries, the article's for
    /// article entries.
    pub o_id: Id,
    /// `created`, `updated`, `added` or `removed`.
    #[oai(rename = "type")]
    pub kind: String,
    /// `Ticket`, `Ticket::Article`, `Tag` or `Link`.
    pub object: String,
    /// The changed attribute (`state`, `title`, `tag`, ...); absent when none.
    #[oai(skip_serializing_if_is_none)]
    pub attribute: Option<String>,
    /// The old value, as text.
    #[oai(nullable)]
    pub value_from: Option<String>,
    /// The new value, as text.
    #[oai(nullable)]
    pub value_to: Option<String>,
    /// The old id, for references.
    #[oai(nullable)]
    pub id_from: Option<Id>,
    /// The new id, for references.
    #[oai(nullable)]
    pub id_to: Option<Id>,
    /// For an article's entry, the ticket's id; absent otherwise.
    #[oai(skip_serializing_if_is_none)]
    pub related_o_id: Option<Id>,
    /// For an article's entry, `Ticket`; absent otherwise.
    #[oai(skip_serializing_if_is_none)]
    pub related_object: Option<String>,
    /// Who made the change.
    pub created_by_id: Id,
    /// When.
    pub created_at: String,
}

impl From<helpdesk_domain::HistoryEntry> for HistoryEntry {
    fn from(e: helpdesk_domain::HistoryEntry) -> Self {
        let related = (e.history_object == "Ticket::Article").then_some(e.ticket_id);
        Self {
            id: e.id,
            o_id: e.o_id,
            kind: e.history_type,
            object: e.history_object,
            attribute: e.attribute,
            value_from: e.value_from,
            value_to: e.value_to,
            id_from: e.id_from,
            id_to: e.id_to,
            related_o_id: related,
            related_object: related.map(|_| "Ticket".to_owned()),
            created_by_id: e.created_by_id,
            created_at: time::format(&e.created_at),
        }
    }
}

/// A ticket's history: `{"history": [...]}`, oldest first.
#[derive(Debug, Clone, Object)]
pub struct TicketHistory {
    /// The recorded changes.
    pub history: Vec<HistoryEntry>,
}

answer!(
    History(TicketHistory),
    "The ticket's history, oldest first."
);

/// The ticket history endpoint.
pub struct HistoryApi {
    helpdesk: Helpdesk,
}

impl HistoryApi {
    /// The endpoint over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::TicketHistory")]
impl HistoryApi {
    /// The history of a ticket, oldest first.
    ///
    /// Whoever may read the ticket; customers see neither internal articles nor time
    /// accounting in it.
    #[oai(path = "/ticket_history/:id", method = "get")]
    async fn of_ticket(&self, auth: Auth, id: Path<Id>) -> Reply<History, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let entries = self.helpdesk.ticket_history(&actor, id.0).await?;
        Ok(History(TicketHistory {
            history: entries.into_iter().map(HistoryEntry::from).collect(),
        }))
    }
}
