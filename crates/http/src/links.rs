//! `/links`: links between tickets, as Zammad serves them. Listed from one ticket's side with
//! the linked tickets as assets; added with the source named by its number (201 with the
//! link); removed with the source named by its id (`{}`). Agents only.

use helpdesk_domain::{Id, LinkType};
use helpdesk_service::{Helpdesk, LinkInput, TicketKey};
use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::answers::{Done, answer};
use crate::assets::Assets;
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::choice::{Choice, TaggedObject};
use crate::failures::{CREATE, LIST, NOT_FOUND, Reply, UNPROCESSABLE, UPDATE};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Links between tickets.
    Links,
}

/// Zammad's id of `Ticket` among its link objects.
const TICKET_OBJECT_ID: Id = 1;

/// Zammad's id of a link type (`normal` 1, `parent` 2, `child` 3, as its seeds create them).
fn link_type_id(link_type: LinkType) -> Id {
    match link_type {
        LinkType::Normal => 1,
        LinkType::Parent => 2,
        LinkType::Child => 3,
    }
}

/// One link as the listed ticket sees it.
#[derive(Debug, Clone, Object)]
pub struct LinkedObject {
    /// What the linked object is of the listed ticket: `normal`, `parent` or `child`.
    pub link_type: String,
    /// The linked object's type: `Ticket`.
    pub link_object: String,
    /// The linked ticket's id.
    pub link_object_value: Id,
}

/// A ticket's links and the linked tickets.
#[derive(Debug, Clone, Object)]
pub struct LinkList {
    /// The links.
    pub links: Vec<LinkedObject>,
    /// The linked tickets, their users, organizations and groups.
    pub assets: Assets,
}

/// A link as stored: the source is the `link_type` of the target.
#[derive(Debug, Clone, Object)]
pub struct Link {
    /// Id.
    pub id: Id,
    /// The type (`normal` 1, `parent` 2, `child` 3).
    pub link_type_id: Id,
    /// The source's object type (1: `Ticket`).
    pub link_object_source_id: Id,
    /// The source ticket's id.
    pub link_object_source_value: Id,
    /// The target's object type (1: `Ticket`).
    pub link_object_target_id: Id,
    /// The target ticket's id.
    pub link_object_target_value: Id,
    /// Creation time.
    pub created_at: String,
    /// Last change (links do not change).
    pub updated_at: String,
}

impl From<helpdesk_domain::Link> for Link {
    fn from(l: helpdesk_domain::Link) -> Self {
        let at = time::format(&l.created_at);
        Self {
            id: l.id,
            link_type_id: link_type_id(l.link_type),
            link_object_source_id: TICKET_OBJECT_ID,
            link_object_source_value: l.source_id,
            link_object_target_id: TICKET_OBJECT_ID,
            link_object_target_value: l.target_id,
            created_at: at.clone(),
            updated_at: at,
        }
    }
}

/// A link to add: the ticket with number `link_object_source_number` becomes the
/// `link_type` of ticket `link_object_target_value`.
#[derive(Debug, Clone, Object)]
pub struct LinkAddRequest {
    /// `normal`, `parent` or `child`.
    pub link_type: String,
    /// `Ticket`.
    pub link_object_source: String,
    /// The source ticket's number.
    pub link_object_source_number: String,
    /// `Ticket`.
    pub link_object_target: String,
    /// The target ticket's id.
    pub link_object_target_value: Id,
}

/// A link to remove, as `/links/add` names it but with the source's id.
#[derive(Debug, Clone, Object)]
pub struct LinkRemoveRequest {
    /// `normal`, `parent` or `child`.
    pub link_type: String,
    /// `Ticket`.
    pub link_object_source: String,
    /// The source ticket's id.
    pub link_object_source_value: Id,
    /// `Ticket`.
    pub link_object_target: String,
    /// The target ticket's id.
    pub link_object_target_value: Id,
}

answer!(
    Links(LinkList),
    "The ticket's links as it sees them, with assets."
);

/// An added link's answer: 201 with the link, as Zammad answers it.
#[derive(ApiResponse)]
pub enum Linked {
    /// The link, as stored.
    #[oai(status = 201)]
    Created(Json<Link>),
}

/// The link endpoints.
pub struct LinksApi {
    helpdesk: Helpdesk,
}

impl LinksApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Links")]
impl LinksApi {
    /// The links of a ticket, as it sees them, with the linked tickets as assets.
    ///
    /// ticket.agent with `read` on the ticket; linked tickets the caller may not read are left
    /// out.
    #[oai(path = "/links", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        link_object: Query<Choice<TaggedObject>>,
        link_object_value: Query<Id>,
    ) -> Reply<Links, { LIST | UNPROCESSABLE | NOT_FOUND }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let list = self
            .helpdesk
            .list_links(&actor, &link_object.0.0, link_object_value.0)
            .await?;
        Ok(Links(LinkList {
            links: list
                .links
                .into_iter()
                .map(|(link_type, id)| LinkedObject {
                    link_type: link_type.name().into(),
                    link_object: "Ticket".into(),
                    link_object_value: id,
                })
                .collect(),
            assets: list.assets.into(),
        }))
    }

    /// Link two tickets: the source (by number) becomes the `link_type` of the target.
    ///
    /// ticket.agent with `change` on the target and `read` on the source. An unknown number,
    /// a link to itself or a link that exists answers 422.
    #[oai(path = "/links/add", method = "post")]
    async fn add(
        &self,
        auth: Auth,
        body: JsonBody<LinkAddRequest>,
    ) -> Reply<Linked, { CREATE | NOT_FOUND }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let b = body.0;
        let input = LinkInput {
            link_type: b.link_type,
            source_object: b.link_object_source,
            source: TicketKey::Number(b.link_object_source_number),
            target_object: b.link_object_target,
            target_id: b.link_object_target_value,
        };
        let link = self.helpdesk.add_link(&actor, input).await?;
        Ok(Linked::Created(Json(link.into())))
    }

    /// Remove the relation between two tickets, stored either way round. Answers `{}`.
    ///
    /// ticket.agent with `change` on the target and `read` on the source.
    #[oai(path = "/links/remove", method = "delete")]
    async fn remove(&self, auth: Auth, body: JsonBody<LinkRemoveRequest>) -> Reply<Done, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let b = body.0;
        let input = LinkInput {
            link_type: b.link_type,
            source_object: b.link_object_source,
            source: TicketKey::Id(b.link_object_source_value),
            target_object: b.link_object_target,
            target_id: b.link_object_target_value,
        };
        self.helpdesk.remove_link(&actor, input).await?;
        Ok(Done)
    }
}
