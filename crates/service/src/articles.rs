//! Ticket articles and their attachments: creation (alone or through a ticket request),
//! reading with internal articles hidden from customers, the agents' narrow update, and
//! attachment downloads.

use base64::Engine;
use helpdesk_domain::ticket::FieldChange;
use helpdesk_domain::validation;
use helpdesk_domain::{
    Article, ArticleType, Attachment, GroupAccess, HistoryEntry, Id, Meta, Sender, StateType,
    Ticket, TimeAccounting, Timestamp,
};
use helpdesk_policy::{
    Actor, AttachmentFacts, TicketFacts, TicketRole, authorize_article_read,
    authorize_article_update, authorize_attachment, ticket_access,
};
use helpdesk_storage::{Mode, Transaction};
use serde_json::json;

use crate::error::OrNotFound;
use crate::patch::check_preferences;
use crate::ticket_effects::{Event, entry, record, store_ticket_change};
use crate::ticket_lookups::{follow_up_state, no_lookup};
use crate::users::visible_login;
use crate::{Error, Helpdesk, Result};

/// A new article, as a request describes it.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct ArticleInput {
    /// The ticket (for `POST /ticket_articles`; ignored inside a ticket request).
    pub ticket_id: Option<Id>,
    pub subject: Option<String>,
    /// The message; required.
    pub body: Option<String>,
    /// `text/plain` (default) or `text/html`.
    pub content_type: Option<String>,
    /// The type by name (`note`, `email`, `phone`, `web`, ...).
    pub type_name: Option<String>,
    pub type_id: Option<Id>,
    /// The sender by name (`Agent`, `Customer`, `System`).
    pub sender: Option<String>,
    pub sender_id: Option<Id>,
    pub internal: Option<bool>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub cc: Option<String>,
    pub reply_to: Option<String>,
    pub in_reply_to: Option<String>,
    pub message_id: Option<String>,
    pub time_unit: Option<f64>,
    pub preferences: Option<serde_json::Value>,
    pub attachments: Vec<AttachmentInput>,
}

/// An attachment of a new article: base64 data with a file name and MIME type.
#[derive(Debug, Clone, Default)]
pub struct AttachmentInput {
    /// The file name.
    pub filename: Option<String>,
    /// Base64 of the bytes.
    pub data: Option<String>,
    /// The MIME type (`mime-type` on the wire).
    pub mime_type: Option<String>,
}

/// An article as answered, with the names Zammad adds.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// The article.
    pub article: Article,
    /// Its attachments.
    pub attachments: Vec<Attachment>,
    /// The creator's login.
    pub created_by: Option<String>,
    /// The last changer's login.
    pub updated_by: Option<String>,
}

/// The agents' change of an article.
#[derive(Debug, Clone, Default)]
pub struct ArticleUpdate {
    /// Hide from or show to the customer.
    pub internal: Option<bool>,
    /// Replace the preferences.
    pub preferences: Option<serde_json::Value>,
}

/// The facts the policy needs of a ticket.
pub(crate) fn facts(ticket: &Ticket) -> TicketFacts {
    TicketFacts {
        group_id: ticket.group_id,
        customer_id: ticket.customer_id,
        organization_id: ticket.organization_id,
    }
}

/// Whether the actor's own organization is shared (customers see its tickets then).
pub(crate) async fn shared_org(tx: &mut Box<dyn Transaction>, actor: &Actor) -> Result<bool> {
    Ok(match actor.user.organization_id {
        Some(id) => tx.organization(id).await?.is_some_and(|o| o.shared),
        None => false,
    })
}

/// How the actor reaches the ticket for `need`, or 403.
pub(crate) async fn role_for(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ticket: &Ticket,
    need: GroupAccess,
) -> Result<TicketRole> {
    let shared = shared_org(tx, actor).await?;
    Ok(ticket_access(actor, &facts(ticket), need, shared)?)
}

/// A ticket, or `NotFound`.
pub(crate) async fn load_ticket(tx: &mut Box<dyn Transaction>, id: Id) -> Result<Ticket> {
    tx.ticket(id).await?.or_not_found("Ticket", id)
}

/// A ticket with how the caller reaches it for `need` ([`role_for`]).
pub(crate) async fn reach_ticket(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    id: Id,
    need: GroupAccess,
) -> Result<(Ticket, TicketRole)> {
    let ticket = load_ticket(tx, id).await?;
    let role = role_for(tx, actor, &ticket, need).await?;
    Ok((ticket, role))
}

/// An article, the ticket it belongs to and how the caller reaches that for `need`.
async fn reach_article(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    id: Id,
    need: GroupAccess,
) -> Result<(Article, Ticket, TicketRole)> {
    let article = tx.article(id).await?.or_not_found("Ticket::Article", id)?;
    let (ticket, role) = reach_ticket(tx, actor, article.ticket_id, need).await?;
    Ok((article, ticket, role))
}

/// Decodes the attachments of a new article, refusing any over `max_bytes` decoded bytes.
fn decode_attachments(
    inputs: &[AttachmentInput],
    max_bytes: usize,
) -> Result<Vec<(String, String, Vec<u8>)>> {
    inputs
        .iter()
        .enumerate()
        .map(|(index, a)| {
            let needs = |param: &str| {
                Error::invalid(format!(
                    "Attachment needs '{param}' param for attachment with index '{index}'."
                ))
            };
            let present = |v: &Option<String>| v.clone().filter(|v| !v.trim().is_empty());
            let data = a.data.as_deref().ok_or_else(|| needs("data"))?;
            let filename = present(&a.filename).ok_or_else(|| needs("filename"))?;
            let mime = present(&a.mime_type).ok_or_else(|| needs("mime-type"))?;
            let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
            let too_large = || {
                Error::invalid(format!(
                    "Attachment with index '{index}' is too large (maximum is {max_bytes} bytes)."
                ))
            };
            if compact.len() / 4 * 3 > max_bytes.saturating_add(2) {
                return Err(too_large());
            }
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact.as_bytes())
                .map_err(|_| {
                    Error::invalid(format!(
                        "Invalid base64 for attachment with index '{index}'."
                    ))
                })?;
            if bytes.len() > max_bytes {
                return Err(too_large());
            }
            Ok((filename, mime, bytes))
        })
        .collect()
}

/// A new article, checked, before it is stored: the article (its `id` and `ticket_id` not
/// set yet) and its decoded attachments (file name, MIME type, bytes).
pub(crate) struct NewArticle {
    /// The article.
    pub(crate) article: Article,
    /// The attachments.
    files: Vec<(String, String, Vec<u8>)>,
}

/// Stores a new article on `ticket` (already stored), applying the customer's forced fields,
/// its attachments (each at most `max_attachment_bytes`), its effects on the ticket and its
/// history entry (added to `history`, for the caller to store). Answers the article, its
/// attachments and whether the ticket asks to move from its create state to follow-up.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_article(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    role: TicketRole,
    ticket: &mut Ticket,
    input: ArticleInput,
    now: Timestamp,
    max_attachment_bytes: usize,
    history: &mut Vec<HistoryEntry>,
) -> Result<(Article, Vec<Attachment>, bool)> {
    let new = prepare_article(actor, role, ticket, input, now, max_attachment_bytes)?;
    let (article, attachments) =
        store_article(tx, actor.id(), ticket.id, new, now, history).await?;
    let wants_open = ticket.record_article(&article, now);
    Ok((article, attachments, wants_open))
}

/// Checks a new article on `ticket`, applying the customer's forced fields and decoding its
/// attachments (each at most `max_attachment_bytes`); stores nothing.
pub(crate) fn prepare_article(
    actor: &Actor,
    role: TicketRole,
    ticket: &Ticket,
    input: ArticleInput,
    now: Timestamp,
    max_attachment_bytes: usize,
) -> Result<NewArticle> {
    let body = input
        .body
        .filter(|b| !b.trim().is_empty())
        .ok_or_else(|| Error::invalid("Missing required attribute 'body'"))?;
    let mut kind = match (&input.type_name, input.type_id) {
        (Some(name), _) => ArticleType::from_name(name).ok_or_else(|| no_lookup("type", name))?,
        (None, Some(id)) => ArticleType::from_id(id).ok_or_else(|| no_lookup("type_id", id))?,
        (None, None) => ArticleType::NOTE,
    };
    let mut sender = match (&input.sender, input.sender_id) {
        (Some(name), _) => Sender::from_name(name).ok_or_else(|| no_lookup("sender", name))?,
        (None, Some(id)) => Sender::from_id(id).ok_or_else(|| no_lookup("sender_id", id))?,
        (None, None) if role == TicketRole::Customer => Sender::Customer,
        (None, None) => Sender::Agent,
    };
    let mut internal = input.internal.unwrap_or(false);
    let mut time_unit = input.time_unit;
    if role == TicketRole::Customer {
        sender = Sender::Customer;
        internal = false;
        time_unit = None;
        if kind != ArticleType::NOTE && kind != ArticleType::WEB {
            kind = ArticleType::NOTE;
        }
    }
    let content_type = input.content_type.unwrap_or_else(|| "text/plain".into());
    if !matches!(content_type.as_str(), "text/plain" | "text/html") {
        return Err(Error::invalid(format!(
            "Invalid value for 'content_type': {content_type:?} (allowed: text/plain, text/html)"
        )));
    }
    // Stored sanitised, as Zammad's `sanitized_html :body`: clients render HTML bodies as is.
    let body = if content_type == "text/html" {
        helpdesk_domain::html::sanitize(&body)
    } else {
        body
    };
    if let Some(units) = time_unit {
        TimeAccounting::check_time_unit(units)
            .map_err(|_| Error::invalid("Invalid value for 'time_unit'"))?;
    }
    let preferences = check_preferences(input.preferences.unwrap_or_else(|| json!({})))?;
    let long = validation::MAX_TEXT;
    validation::check_lengths(&[
        ("from", input.from.as_deref().unwrap_or(""), long),
        ("to", input.to.as_deref().unwrap_or(""), long),
        ("cc", input.cc.as_deref().unwrap_or(""), long),
        ("subject", input.subject.as_deref().unwrap_or(""), long),
        ("reply_to", input.reply_to.as_deref().unwrap_or(""), long),
        (
            "in_reply_to",
            input.in_reply_to.as_deref().unwrap_or(""),
            long,
        ),
        (
            "message_id",
            input.message_id.as_deref().unwrap_or(""),
            long,
        ),
        ("preferences", &preferences.to_string(), long),
    ])?;
    for (index, a) in input.attachments.iter().enumerate() {
        let name = format!("attachments[{index}].filename");
        let mime = format!("attachments[{index}].mime-type");
        validation::check_lengths(&[
            (
                &name,
                a.filename.as_deref().unwrap_or(""),
                validation::MAX_SHORT,
            ),
            (
                &mime,
                a.mime_type.as_deref().unwrap_or(""),
                validation::MAX_SHORT,
            ),
        ])?;
    }
    let files = decode_attachments(&input.attachments, max_attachment_bytes)?;
    let origin_by_id =
        (role == TicketRole::Agent && sender == Sender::Customer).then_some(ticket.customer_id);
    let from = input.from.or_else(|| {
        let name = actor.user.fullname();
        Some(if name.is_empty() {
            actor.user.email.clone()
        } else {
            name
        })
    });
    let article = Article {
        id: 0,
        ticket_id: ticket.id,
        type_id: kind.id,
        sender_id: sender.id(),
        from,
        to: input.to,
        cc: input.cc,
        subject: input.subject,
        reply_to: input.reply_to,
        message_id: input.message_id,
        message_id_md5: None,
        in_reply_to: input.in_reply_to,
        content_type,
        references: None,
        body,
        internal,
        preferences,
        origin_by_id,
        time_unit,
        meta: Meta::new(actor.id(), now),
    };
    Ok(NewArticle { article, files })
}

/// Stores a checked article on the stored ticket `ticket_id` with its attachments and the
/// time it books (a time accounting entry; the ticket's `time_unit` counted it already), and
/// adds its history entry to `history`. Answers the stored article and attachments.
pub(crate) async fn store_article(
    tx: &mut Box<dyn Transaction>,
    actor: Id,
    ticket_id: Id,
    new: NewArticle,
    now: Timestamp,
    history: &mut Vec<HistoryEntry>,
) -> Result<(Article, Vec<Attachment>)> {
    let article = tx
        .insert_article(&Article {
            ticket_id,
            ..new.article
        })
        .await?;
    if let Some(time_unit) = article.time_unit.filter(|t| *t != 0.0) {
        let booked = TimeAccounting {
            id: 0,
            ticket_id,
            ticket_article_id: Some(article.id),
            time_unit,
            type_id: None,
            meta: Meta::new(actor, now),
        };
        tx.insert_time_accounting(&booked).await?;
    }
    let mut attachments = Vec::with_capacity(new.files.len());
    for (filename, mime, bytes) in new.files {
        let attachment = Attachment {
            id: 0,
            article_id: article.id,
            filename,
            size: bytes.len() as i64,
            preferences: json!({ "Mime-Type": mime }),
            content_type: mime,
            created_at: now,
            created_by_id: actor,
        };
        attachments.push(tx.insert_attachment(&attachment, &bytes).await?);
    }
    let event = Event {
        kind: "created",
        object: "Ticket::Article",
        o_id: article.id,
    };
    history.push(entry(ticket_id, event, None, actor, now));
    Ok((article, attachments))
}

/// Refuses a customer's follow-up on a closed ticket whose group does not allow it; answers
/// whether the ticket is closed (and so should reopen).
pub(crate) async fn check_follow_up(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    states: &[helpdesk_domain::State],
) -> Result<bool> {
    let closed = states
        .iter()
        .find(|s| s.id == ticket.state_id)
        .and_then(|s| StateType::from_id(s.state_type_id))
        .is_some_and(|t| matches!(t, StateType::Closed | StateType::Merged));
    if !closed {
        return Ok(false);
    }
    let group = tx.group(ticket.group_id).await?;
    if group.is_some_and(|g| g.follow_up_possible == helpdesk_domain::FollowUpPossible::Yes) {
        Ok(true)
    } else {
        Err(Error::invalid(
            "Cannot follow-up on a closed ticket. Please create a new ticket.",
        ))
    }
}

/// Wraps articles as views with their attachments and the creators' logins (only those of
/// users whose full record `actor` may see: the policy's field scope), in a bounded number
/// of queries.
pub(crate) async fn article_views(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    articles: Vec<Article>,
) -> Result<Vec<ArticleView>> {
    let ids: Vec<Id> = articles.iter().map(|a| a.id).collect();
    let attachments = tx.attachments_of_articles(&ids).await?;
    let mut user_ids: Vec<Id> = articles
        .iter()
        .flat_map(|a| [a.meta.created_by_id, a.meta.updated_by_id])
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = tx.users_by_ids(&user_ids).await?;
    let login = |id: Id| visible_login(actor, &users, id);
    Ok(articles
        .into_iter()
        .map(|article| ArticleView {
            attachments: attachments
                .iter()
                .filter(|a| a.article_id == article.id)
                .cloned()
                .collect(),
            created_by: login(article.meta.created_by_id),
            updated_by: login(article.meta.updated_by_id),
            article,
        })
        .collect())
}

impl Helpdesk {
    /// The ticket's articles the caller may see (customers never see internal ones).
    pub async fn articles_by_ticket(
        &self,
        actor: &Actor,
        ticket_id: Id,
    ) -> Result<Vec<ArticleView>> {
        let mut tx = self.begin(Mode::Read).await?;
        let (_, role) = reach_ticket(&mut tx, actor, ticket_id, GroupAccess::Read).await?;
        let articles = tx
            .articles_of_ticket(ticket_id, role == TicketRole::Agent)
            .await?;
        article_views(&mut tx, actor, articles).await
    }

    /// One article, when the caller may see it.
    pub async fn show_article(&self, actor: &Actor, id: Id) -> Result<ArticleView> {
        let mut tx = self.begin(Mode::Read).await?;
        let (article, _, role) = reach_article(&mut tx, actor, id, GroupAccess::Read).await?;
        authorize_article_read(role, article.internal).into_result()?;
        Ok(article_views(&mut tx, actor, vec![article])
            .await?
            .remove(0))
    }

    /// Adds an article to a ticket (`POST /ticket_articles`): agents with `create` on the
    /// group, customers on tickets they may read.
    pub async fn create_article(&self, actor: &Actor, input: ArticleInput) -> Result<ArticleView> {
        let ticket_id = input
            .ticket_id
            .ok_or_else(|| Error::invalid("Missing required attribute 'ticket_id'"))?;
        let now = self.now();
        let cx = self.change_context(ticket_id, actor.id(), now).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut ticket = tx
            .ticket(ticket_id)
            .await?
            .ok_or_else(|| no_lookup("ticket_id", ticket_id))?;
        let role = role_for(&mut tx, actor, &ticket, GroupAccess::Create).await?;
        let reopen =
            role == TicketRole::Customer && check_follow_up(&mut tx, &ticket, &cx.states).await?;
        let before = ticket.clone();
        let mut history = Vec::new();
        let (article, attachments, wants_open) = add_article(
            &mut tx,
            actor,
            role,
            &mut ticket,
            input,
            now,
            self.config().max_attachment_bytes,
            &mut history,
        )
        .await?;
        let create_state = cx.states.iter().find(|s| s.default_create).map(|s| s.id);
        if reopen || (wants_open && Some(ticket.state_id) == create_state) {
            ticket.enter_state(follow_up_state(&cx.states)?, now);
        }
        store_ticket_change(&mut tx, &before, &mut ticket, &cx, history).await?;
        tx.commit().await?;
        // The article was written just now by the actor: its views' names are the actor's.
        let login = Some(actor.user.login.clone());
        Ok(ArticleView {
            article,
            attachments,
            created_by: login.clone(),
            updated_by: login,
        })
    }

    /// Changes an article's `internal` flag or preferences (agents with `change`).
    pub async fn update_article(
        &self,
        actor: &Actor,
        id: Id,
        change: ArticleUpdate,
    ) -> Result<ArticleView> {
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let (mut article, ticket, role) =
            reach_article(&mut tx, actor, id, GroupAccess::Change).await?;
        authorize_article_update(role).into_result()?;
        if let Some(internal) = change.internal
            && internal != article.internal
        {
            let from = article.internal.to_string();
            article.internal = internal;
            let event = Event {
                kind: "updated",
                object: "Ticket::Article",
                o_id: article.id,
            };
            let field = FieldChange::text("internal", Some(from), Some(internal.to_string()));
            record(&mut tx, ticket.id, event, Some(field), actor.id(), now).await?;
        }
        if let Some(preferences) = change.preferences {
            article.preferences = check_preferences(preferences)?;
        }
        article.meta.touch(actor.id(), now);
        tx.update_article(&article).await?;
        let view = article_views(&mut tx, actor, vec![article])
            .await?
            .remove(0);
        tx.commit().await?;
        Ok(view)
    }

    /// An attachment's metadata and bytes, when the ids belong together and the caller may
    /// see the article.
    pub async fn attachment(
        &self,
        actor: &Actor,
        ticket_id: Id,
        article_id: Id,
        id: Id,
    ) -> Result<(Attachment, Vec<u8>)> {
        let mut tx = self.begin(Mode::Read).await?;
        let (_, role) = reach_ticket(&mut tx, actor, ticket_id, GroupAccess::Read).await?;
        let article = tx
            .article(article_id)
            .await?
            .or_not_found("Ticket::Article", article_id)?;
        let (attachment, data) = tx.attachment_data(id).await?.or_not_found("Store", id)?;
        let facts = AttachmentFacts {
            ticket_id,
            article_id,
            article_ticket_id: article.ticket_id,
            article_internal: article.internal,
            attachment_article_id: attachment.article_id,
        };
        authorize_attachment(role, &facts).into_result()?;
        Ok((attachment, data))
    }
}
