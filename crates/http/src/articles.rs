//! `/ticket_articles` and `/ticket_attachment`: articles of a ticket (internal ones only for
//! agents), new articles with base64 attachments, the agents' narrow update, and downloads.

use helpdesk_domain::{ArticleType, Id, Sender};
use helpdesk_service::{ArticleInput, ArticleUpdate, ArticleView, AttachmentInput, Helpdesk};
use poem::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use poem_openapi::param::Path;
use poem_openapi::payload::{Binary, Response};
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::answers::{Record, Records};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::error::ApiResult;
use crate::failures::{CREATE, Reply, SHOW, UPDATE};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// The messages of a ticket.
    TicketArticles,
}

/// An attachment as listed on its article.
#[derive(Debug, Clone, Object)]
pub struct AttachmentMeta {
    /// Id (the last part of its download path).
    pub id: Id,
    /// File name.
    pub filename: String,
    /// Size in bytes, as a string (Zammad's form).
    pub size: String,
    /// `{"Mime-Type": ...}`.
    pub preferences: serde_json::Value,
}

/// An article as answered.
#[derive(Debug, Clone, Object)]
pub struct Article {
    /// Id.
    pub id: Id,
    /// Ticket.
    pub ticket_id: Id,
    /// Type id (see `type`).
    pub type_id: Id,
    /// Sender id (see `sender`).
    pub sender_id: Id,
    /// From.
    #[oai(nullable)]
    pub from: Option<String>,
    /// To.
    #[oai(nullable)]
    pub to: Option<String>,
    /// Cc.
    #[oai(nullable)]
    pub cc: Option<String>,
    /// Subject.
    #[oai(nullable)]
    pub subject: Option<String>,
    /// Reply-To.
    #[oai(nullable)]
    pub reply_to: Option<String>,
    /// Message-ID.
    #[oai(nullable)]
    pub message_id: Option<String>,
    /// MD5 of the Message-ID.
    #[oai(nullable)]
    pub message_id_md5: Option<String>,
    /// In-Reply-To.
    #[oai(nullable)]
    pub in_reply_to: Option<String>,
    /// `text/plain` or `text/html`.
    pub content_type: String,
    /// References.
    #[oai(nullable)]
    pub references: Option<String>,
    /// The message.
    pub body: String,
    /// Hidden from customers.
    pub internal: bool,
    /// Free-form preferences.
    pub preferences: serde_json::Value,
    /// Last changer.
    pub updated_by_id: Id,
    /// Creator.
    pub created_by_id: Id,
    /// The customer an agent wrote this on behalf of.
    #[oai(nullable)]
    pub origin_by_id: Option<Id>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Attachments (download at `/ticket_attachment/{ticket_id}/{article_id}/{id}`).
    pub attachments: Vec<AttachmentMeta>,
    /// Type name (`note`, `email`, `phone`, `web`, ...).
    #[oai(rename = "type", nullable)]
    pub article_type: Option<String>,
    /// Sender name (`Agent`, `Customer`, `System`).
    #[oai(nullable)]
    pub sender: Option<String>,
    /// Creator's login.
    #[oai(nullable)]
    pub created_by: Option<String>,
    /// Last changer's login.
    #[oai(nullable)]
    pub updated_by: Option<String>,
}

impl From<ArticleView> for Article {
    fn from(v: ArticleView) -> Self {
        let a = v.article;
        Self {
            id: a.id,
            ticket_id: a.ticket_id,
            type_id: a.type_id,
            sender_id: a.sender_id,
            article_type: ArticleType::from_id(a.type_id).map(|t| t.name.to_string()),
            sender: Sender::from_id(a.sender_id).map(|s| s.name().to_string()),
            from: a.from,
            to: a.to,
            cc: a.cc,
            subject: a.subject,
            reply_to: a.reply_to,
            message_id: a.message_id,
            message_id_md5: a.message_id_md5,
            in_reply_to: a.in_reply_to,
            content_type: a.content_type,
            references: a.references,
            body: a.body,
            internal: a.internal,
            preferences: a.preferences,
            updated_by_id: a.meta.updated_by_id,
            created_by_id: a.meta.created_by_id,
            origin_by_id: a.origin_by_id,
            created_at: time::format(&a.meta.created_at),
            updated_at: time::format(&a.meta.updated_at),
            attachments: v
                .attachments
                .into_iter()
                .map(|f| AttachmentMeta {
                    id: f.id,
                    filename: f.filename,
                    size: f.size.to_string(),
                    preferences: f.preferences,
                })
                .collect(),
            created_by: v.created_by,
            updated_by: v.updated_by,
        }
    }
}

/// A new attachment.
#[derive(Debug, Clone, Default, Object)]
pub struct AttachmentRequest {
    /// File name.
    pub filename: Option<String>,
    /// Base64 of the bytes.
    pub data: Option<String>,
    /// MIME type.
    #[oai(rename = "mime-type")]
    pub mime_type: Option<String>,
}

/// A new article (alone, or inside a ticket request).
#[derive(Debug, Clone, Default, Object)]
pub struct ArticleRequest {
    /// The ticket (required for `POST /ticket_articles`).
    pub ticket_id: Option<Id>,
    /// Subject.
    pub subject: Option<String>,
    /// The message (required).
    pub body: Option<String>,
    /// `text/plain` (default) or `text/html`.
    pub content_type: Option<String>,
    /// Type by name (`note` by default; customers: `note` or `web`).
    #[oai(rename = "type")]
    pub article_type: Option<String>,
    /// Type by id.
    pub type_id: Option<Id>,
    /// Sender by name (`Agent` by default; customers always `Customer`).
    pub sender: Option<String>,
    /// Sender by id.
    pub sender_id: Option<Id>,
    /// Hide from the customer (agents only).
    pub internal: Option<bool>,
    /// From.
    pub from: Option<String>,
    /// To.
    pub to: Option<String>,
    /// Cc.
    pub cc: Option<String>,
    /// Reply-To.
    pub reply_to: Option<String>,
    /// In-Reply-To.
    pub in_reply_to: Option<String>,
    /// Message-ID.
    pub message_id: Option<String>,
    /// Time to account (agents only): a number or a numeric string.
    pub time_unit: Option<serde_json::Value>,
    /// Free-form preferences.
    pub preferences: Option<serde_json::Value>,
    /// Attachments.
    pub attachments: Option<Vec<AttachmentRequest>>,
}

impl ArticleRequest {
    /// The use-case input.
    pub fn into_input(self) -> ApiResult<ArticleInput> {
        let time_unit = crate::time_accounting::time_unit(self.time_unit)?;
        Ok(ArticleInput {
            ticket_id: self.ticket_id,
            subject: self.subject,
            body: self.body,
            content_type: self.content_type,
            type_name: self.article_type,
            type_id: self.type_id,
            sender: self.sender,
            sender_id: self.sender_id,
            internal: self.internal,
            from: self.from,
            to: self.to,
            cc: self.cc,
            reply_to: self.reply_to,
            in_reply_to: self.in_reply_to,
            message_id: self.message_id,
            time_unit,
            preferences: self.preferences,
            attachments: self
                .attachments
                .unwrap_or_default()
                .into_iter()
                .map(|a| AttachmentInput {
                    filename: a.filename,
                    data: a.data,
                    mime_type: a.mime_type,
                })
                .collect(),
        })
    }
}

/// The agents' change of an article.
#[derive(Debug, Clone, Default, Object)]
pub struct ArticleUpdateRequest {
    /// Hide from or show to the customer.
    pub internal: Option<bool>,
    /// Replace the preferences.
    pub preferences: Option<serde_json::Value>,
}

/// An attachment's bytes.
#[derive(ApiResponse)]
pub enum Download {
    /// The stored bytes, served with their content type as an attachment.
    #[oai(status = 200)]
    Ok(Binary<Vec<u8>>),
}

/// The article endpoints.
pub struct ArticlesApi {
    helpdesk: Helpdesk,
}

impl ArticlesApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::TicketArticles")]
impl ArticlesApi {
    /// The articles of a ticket.
    ///
    /// Whoever may read the ticket; internal articles only for agents.
    #[oai(path = "/ticket_articles/by_ticket/:ticket_id", method = "get")]
    async fn by_ticket(&self, auth: Auth, ticket_id: Path<Id>) -> Reply<Records<Article>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let views = self
            .helpdesk
            .articles_by_ticket(&actor, ticket_id.0)
            .await?;
        Ok(Records(views.into_iter().map(Article::from).collect()))
    }

    /// Show an article.
    ///
    /// Whoever may read its ticket; an internal article answers 403 to customers.
    #[oai(path = "/ticket_articles/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<Article>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk.show_article(&actor, id.0).await?.into(),
        ))
    }

    /// Add an article to a ticket.
    ///
    /// Agents with `create` on the group; customers on tickets they may read (sender
    /// Customer, never internal, type `note` unless `note` or `web`).
    #[oai(path = "/ticket_articles", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<ArticleRequest>,
    ) -> Reply<Record<Article>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let input = body.0.into_input()?;
        Ok(Record(
            self.helpdesk.create_article(&actor, input).await?.into(),
        ))
    }

    /// Change an article's `internal` flag or preferences.
    ///
    /// Agents with `change` on the group.
    #[oai(path = "/ticket_articles/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<ArticleUpdateRequest>,
    ) -> Reply<Record<Article>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let change = ArticleUpdate {
            internal: body.0.internal,
            preferences: body.0.preferences,
        };
        Ok(Record(
            self.helpdesk
                .update_article(&actor, id.0, change)
                .await?
                .into(),
        ))
    }

    /// Download an attachment.
    ///
    /// Whoever may see the article; ids that do not belong together answer 403.
    #[oai(path = "/ticket_attachment/:ticket_id/:article_id/:id", method = "get")]
    async fn download(
        &self,
        auth: Auth,
        ticket_id: Path<Id>,
        article_id: Path<Id>,
        id: Path<Id>,
    ) -> Reply<Response<Download>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let (attachment, data) = self
            .helpdesk
            .attachment(&actor, ticket_id.0, article_id.0, id.0)
            .await?;
        let filename: String = attachment
            .filename
            .chars()
            .filter(|c| !c.is_control() && *c != '"' && *c != '\\')
            .collect();
        let content_type = if attachment
            .content_type
            .parse::<poem::http::HeaderValue>()
            .is_ok()
        {
            attachment.content_type
        } else {
            "application/octet-stream".into()
        };
        Ok(Response::new(Download::Ok(Binary(data)))
            .header(CONTENT_TYPE, content_type)
            .header(
                CONTENT_DISPOSITION,
                format!("attachment; filename=\"{filename}\""),
            ))
    }
}
