//! `PUT /ticket_merge/{source_id}/{target_number}`: merging a ticket into another, answered as
//! Zammad answers it (`{result: "success", target_ticket, source_ticket}`, or
//! `{result: "failed", message}` with 200 when a ticket is not found).

use helpdesk_domain::Id;
use helpdesk_service::{Helpdesk, MergeOutcome};
use poem_openapi::param::Path;
use poem_openapi::{Object, OpenApi, Tags, Union};

use crate::answers::answer;
use crate::auth::Auth;
use crate::custom::WithCustom;
use crate::failures::{NOT_FOUND, Reply, SIGNED_IN, UNPROCESSABLE};
use crate::tickets::Ticket;

#[derive(Tags)]
enum Tag {
    /// Merging tickets.
    Merge,
}

/// A merge that happened: both tickets as they are now.
#[derive(Debug, Clone, Object)]
pub struct Merged {
    /// The ticket merged into, with the articles, tags and links of the other.
    pub target_ticket: Box<WithCustom<Ticket>>,
    /// The ticket merged, now in state `merged`, without owner, the target its parent.
    pub source_ticket: Box<WithCustom<Ticket>>,
}

/// A merge that did not happen because a ticket was not found; nothing changed.
#[derive(Debug, Clone, Object)]
pub struct MergeFailed {
    /// Which ticket was not found.
    pub message: String,
}

/// What a merge request came to, told apart by `result`.
#[derive(Debug, Clone, Union)]
#[oai(discriminator_name = "result")]
pub enum MergeResult {
    /// Merged.
    #[oai(mapping = "success")]
    Success(Merged),
    /// Not merged.
    #[oai(mapping = "failed")]
    Failed(MergeFailed),
}

answer!(
    MergeAnswer(MergeResult),
    "`result` `success` with both tickets, or `failed` with a message when a ticket number or \
     id is not found (nothing changed)."
);

/// The merge endpoint.
pub struct MergeApi {
    helpdesk: Helpdesk,
}

impl MergeApi {
    /// The endpoint over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Merge")]
impl MergeApi {
    /// Merge ticket `source_id` into the ticket numbered `target_number`.
    ///
    /// ticket.agent with `change` on both tickets. The source's articles, tags and links move
    /// to the target; the source gets a `merged` note, the state `merged`, no owner and the
    /// target as its parent. Merging into a merged ticket or into itself answers 422.
    #[oai(path = "/ticket_merge/:source_id/:target_number", method = "put")]
    async fn merge(
        &self,
        auth: Auth,
        source_id: Path<Id>,
        target_number: Path<String>,
    ) -> Reply<MergeAnswer, { SIGNED_IN | NOT_FOUND | UNPROCESSABLE }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let outcome = self
            .helpdesk
            .merge_ticket(&actor, source_id.0, &target_number.0)
            .await?;
        Ok(MergeAnswer(match outcome {
            MergeOutcome::Merged { target, source } => MergeResult::Success(Merged {
                target_ticket: Box::new((*target).into()),
                source_ticket: Box::new((*source).into()),
            }),
            MergeOutcome::Failed(message) => MergeResult::Failed(MergeFailed {
                message: message.into(),
            }),
        }))
    }
}
