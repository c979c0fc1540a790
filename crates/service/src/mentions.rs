//! Mentions, as Zammad's `/mentions` serves them: an agent subscribes itself to a ticket it
//! reads (and then gets the ticket's online notifications), lists the mentions of a ticket or
//! a user, and removes its own. Ticket create's `mentions` subscribes other agents.

use helpdesk_domain::mention::MENTIONABLE_TYPE;
use helpdesk_domain::{GroupAccess, HistoryEntry, Id, Mention, Meta, Ticket, Timestamp};
use helpdesk_policy::{
    Actor, Decision, TicketRole, authorize_mention_removal, authorize_mentions,
    authorize_ticket_mention, ticket_role,
};
use helpdesk_storage::{Mode, Transaction};

use crate::articles::{facts, load_ticket, shared_org};
use crate::assets;
use crate::auth::actor_from;
use crate::error::OrNotFound;
use crate::ticket_effects::{Event, entry};
use crate::{Error, Helpdesk, Result};

/// Which mentions to list; absent fields do not filter.
#[derive(Debug, Clone, Default)]
pub struct MentionQuery {
    /// `Ticket`, the only kind of object mentioned on.
    pub mentionable_type: Option<String>,
    /// The ticket.
    pub mentionable_id: Option<Id>,
    /// The user mentioned.
    pub user_id: Option<Id>,
    /// One mention.
    pub id: Option<Id>,
}

/// Refuses a mentionable type other than `Ticket`, with Zammad's text.
fn check_type(mentionable_type: &str) -> Result<()> {
    if mentionable_type == MENTIONABLE_TYPE {
        Ok(())
    } else {
        Err(Error::invalid(
            "The parameter 'mentionable_type' is invalid.",
        ))
    }
}

impl Helpdesk {
    /// The mentions matching `query`, newest first: of one ticket the agent reads, or of every
    /// ticket it reads. A ticket that does not exist is refused like one it may not read.
    pub async fn list_mentions(&self, actor: &Actor, query: MentionQuery) -> Result<Vec<Mention>> {
        authorize_mentions(actor).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let ticket_id = match (&query.mentionable_type, query.mentionable_id) {
            (Some(kind), id) => {
                check_type(kind)?;
                match id {
                    Some(id) => Some(reach_mentionable(&mut tx, actor, id).await?.id),
                    None => None,
                }
            }
            (None, _) => None,
        };
        if let Some(user_id) = query.user_id {
            tx.user(user_id).await?.or_not_found("User", user_id)?;
        }
        let mut mentions = tx.mentions(ticket_id, query.user_id).await?;
        mentions.retain(|m| query.id.is_none_or(|id| m.id == id));
        if ticket_id.is_none() {
            mentions = readable(&mut tx, actor, mentions).await?;
        }
        Ok(mentions)
    }

    /// Subscribes the actor to a ticket it reads as an agent; a second subscription answers
    /// the first. The ticket's history notes it and the ticket counts as changed.
    pub async fn create_mention(
        &self,
        actor: &Actor,
        mentionable_type: &str,
        ticket_id: Id,
    ) -> Result<Mention> {
        authorize_mentions(actor).into_result()?;
        check_type(mentionable_type)?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let mut ticket = reach_mentionable(&mut tx, actor, ticket_id).await?;
        // Looked up first: a refused insert would end the transaction on PostgreSQL.
        if let Some(existing) = tx.mentions(Some(ticket.id), Some(actor.id())).await?.pop() {
            return Ok(existing);
        }
        let new = Mention::new(ticket.id, actor.id(), Meta::new(actor.id(), now));
        let mention = tx.insert_mention(&new).await?;
        touch(&mut tx, &mut ticket, &mention, "created", (actor.id(), now)).await?;
        tx.commit().await?;
        Ok(mention)
    }

    /// Removes the actor's own mention, even of a ticket it no longer reads; another user's
    /// mention, or one that does not exist, is refused.
    pub async fn delete_mention(&self, actor: &Actor, id: Id) -> Result<Mention> {
        authorize_mentions(actor).into_result()?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let mention = tx.mention(id).await?;
        authorize_mention_removal(actor, mention.as_ref().map(|m| m.user_id)).into_result()?;
        let mention = mention.or_not_found("Mention", id)?;
        tx.delete_mention(id).await?;
        let mut ticket = load_ticket(&mut tx, mention.ticket_id).await?;
        touch(&mut tx, &mut ticket, &mention, "removed", (actor.id(), now)).await?;
        tx.commit().await?;
        Ok(mention)
    }
}

/// The ticket a mention request names, read by the agent; one that does not exist is
/// refused as Zammad does, like one the agent may not read.
async fn reach_mentionable(tx: &mut Box<dyn Transaction>, actor: &Actor, id: Id) -> Result<Ticket> {
    let ticket = tx.ticket(id).await?;
    let role = match &ticket {
        Some(ticket) => mention_role(tx, actor, ticket).await?,
        None => None,
    };
    authorize_ticket_mention(role).into_result()?;
    ticket.or_not_found("Ticket", id)
}

/// How the actor reads `ticket`, if at all.
async fn mention_role(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ticket: &Ticket,
) -> Result<Option<TicketRole>> {
    let shared = shared_org(tx, actor).await?;
    Ok(ticket_role(
        actor,
        &facts(ticket),
        GroupAccess::Read,
        shared,
    ))
}

/// The mentions of tickets the actor reads as an agent.
async fn readable(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    mentions: Vec<Mention>,
) -> Result<Vec<Mention>> {
    let mut ids: Vec<Id> = mentions.iter().map(|m| m.ticket_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let mut tickets = Vec::with_capacity(ids.len());
    for id in ids {
        tickets.extend(tx.ticket(id).await?);
    }
    let read_as_agent: Vec<Id> = assets::readable(tx, actor, tickets)
        .await?
        .into_iter()
        .filter(|(_, role)| authorize_ticket_mention(Some(*role)) == Decision::Allow)
        .map(|(ticket, _)| ticket.id)
        .collect();
    Ok(mentions
        .into_iter()
        .filter(|m| read_as_agent.contains(&m.ticket_id))
        .collect())
}

/// Notes a mention `kind` (`created`, `removed`) on its ticket's history and marks the ticket
/// changed by the actor, as Zammad does.
async fn touch(
    tx: &mut Box<dyn Transaction>,
    ticket: &mut Ticket,
    mention: &Mention,
    kind: &str,
    (actor, now): (Id, Timestamp),
) -> Result<()> {
    tx.insert_history(&mention_entry(mention, kind, (actor, now)))
        .await?;
    ticket.meta.touch(actor, now);
    tx.update_ticket(ticket).await?;
    Ok(())
}

/// The history entry of mention `kind` on its ticket: the mentioned user in `id_to` and
/// `value_to`.
fn mention_entry(mention: &Mention, kind: &str, (actor, now): (Id, Timestamp)) -> HistoryEntry {
    let event = Event {
        kind,
        object: "Mention",
        o_id: mention.id,
    };
    HistoryEntry {
        id_to: Some(mention.user_id),
        value_to: Some(mention.user_id.to_string()),
        ..entry(mention.ticket_id, event, None, actor, now)
    }
}

/// The users ticket create's `mentions` names, each an active agent who reads `ticket`
/// (422 "A mentioned user has no agent access to this ticket" otherwise), without repeats.
pub(crate) async fn mentionable_users(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    user_ids: &[Id],
) -> Result<Vec<Id>> {
    let roles = tx.roles().await?;
    let mut ids = user_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let users = tx.users_by_ids(&ids).await?;
    let no_access = || Error::invalid("A mentioned user has no agent access to this ticket");
    if users.len() != ids.len() {
        return Err(no_access());
    }
    let facts = facts(ticket);
    for user in users {
        let mentioned = actor_from(user, &roles);
        let role = ticket_role(&mentioned, &facts, GroupAccess::Read, false);
        if authorize_ticket_mention(role) != Decision::Allow || !mentioned.user.active {
            return Err(no_access());
        }
    }
    Ok(ids)
}

/// Stores the mentions of new ticket `ticket` with their history entries.
pub(crate) async fn store_new_mentions(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    user_ids: &[Id],
    (actor, now): (Id, Timestamp),
    history: &mut Vec<HistoryEntry>,
) -> Result<()> {
    for &user_id in user_ids {
        let new = Mention::new(ticket.id, user_id, Meta::new(actor, now));
        let mention = tx.insert_mention(&new).await?;
        history.push(mention_entry(&mention, "created", (actor, now)));
    }
    Ok(())
}
