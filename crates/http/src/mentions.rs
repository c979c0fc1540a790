//! `/mentions`: users subscribed to tickets, as Zammad serves them. An agent lists the
//! mentions of a ticket it reads (`{mentions: [...]}`), subscribes itself (201 with the
//! mention) and removes its own (200 with the mention removed).

use helpdesk_domain::Id;
use helpdesk_domain::mention::MENTIONABLE_TYPE;
use helpdesk_service::{Helpdesk, MentionQuery};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::answers::{Record, answer};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::failures::{CREATE, LIST, NOT_FOUND, Reply, SHOW, UNPROCESSABLE};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Users subscribed to tickets.
    Mentions,
}

/// A user subscribed to a ticket: it gets the ticket's online notifications.
#[derive(Debug, Clone, Object)]
pub struct Mention {
    /// Id.
    pub id: Id,
    /// `Ticket`.
    pub mentionable_type: String,
    /// The ticket's id.
    pub mentionable_id: Id,
    /// The user subscribed.
    pub user_id: Id,
    /// Who made the mention.
    pub created_by_id: Id,
    /// Who changed it last.
    pub updated_by_id: Id,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

impl From<helpdesk_domain::Mention> for Mention {
    fn from(m: helpdesk_domain::Mention) -> Self {
        Self {
            id: m.id,
            mentionable_type: MENTIONABLE_TYPE.into(),
            mentionable_id: m.ticket_id,
            user_id: m.user_id,
            created_by_id: m.meta.created_by_id,
            updated_by_id: m.meta.updated_by_id,
            created_at: time::format(&m.meta.created_at),
            updated_at: time::format(&m.meta.updated_at),
        }
    }
}

/// The mentions listed.
#[derive(Debug, Clone, Object)]
pub struct MentionList {
    /// Newest first.
    pub mentions: Vec<Mention>,
}

/// The ticket to subscribe the caller to.
#[derive(Debug, Clone, Object)]
pub struct MentionRequest {
    /// `Ticket`.
    pub mentionable_type: String,
    /// The ticket's id.
    pub mentionable_id: Id,
}

answer!(
    Mentions(MentionList),
    "The mentions, newest first, of tickets the caller reads."
);

/// A subscription's answer: 201 with the mention (the existing one when subscribed already).
#[derive(ApiResponse)]
pub enum Mentioned {
    /// The mention.
    #[oai(status = 201)]
    Created(Json<Mention>),
}

/// The mention endpoints.
pub struct MentionsApi {
    helpdesk: Helpdesk,
}

impl MentionsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Mentions")]
impl MentionsApi {
    /// The mentions of a ticket (`mentionable_type=Ticket&mentionable_id=`), of a user
    /// (`user_id`), or one (`id`), newest first.
    ///
    /// ticket.agent; a ticket it does not read, or that does not exist, answers 403; without
    /// a ticket, the mentions of the tickets it reads. A type other than `Ticket` answers 422.
    #[oai(path = "/mentions", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        mentionable_type: Query<Option<String>>,
        mentionable_id: Query<Option<Id>>,
        user_id: Query<Option<Id>>,
        id: Query<Option<Id>>,
    ) -> Reply<Mentions, { LIST | UNPROCESSABLE | NOT_FOUND }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let query = MentionQuery {
            mentionable_type: mentionable_type.0.filter(|t| !t.is_empty()),
            mentionable_id: mentionable_id.0,
            user_id: user_id.0,
            id: id.0,
        };
        let mentions = self.helpdesk.list_mentions(&actor, query).await?;
        Ok(Mentions(MentionList {
            mentions: mentions.into_iter().map(Mention::from).collect(),
        }))
    }

    /// Subscribe the caller to a ticket.
    ///
    /// ticket.agent reading the ticket (403 otherwise, also for a ticket that does not
    /// exist). Subscribing again answers the existing mention.
    #[oai(path = "/mentions", method = "post")]
    async fn create(&self, auth: Auth, body: JsonBody<MentionRequest>) -> Reply<Mentioned, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let b = body.0;
        let mention = self
            .helpdesk
            .create_mention(&actor, &b.mentionable_type, b.mentionable_id)
            .await?;
        Ok(Mentioned::Created(Json(mention.into())))
    }

    /// Remove one of the caller's own mentions; answers the mention removed.
    ///
    /// ticket.agent; another user's mention, or one that does not exist, answers 403.
    #[oai(path = "/mentions/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Record<Mention>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let mention = self.helpdesk.delete_mention(&actor, id.0).await?;
        Ok(Record(mention.into()))
    }
}
