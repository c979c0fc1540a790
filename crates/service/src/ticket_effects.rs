//! What a ticket change sets off inside its transaction: history entries and online
//! notifications.

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::notification::TICKET_OBJECT_ID;
use helpdesk_domain::permission::names::TICKET_AGENT;
use helpdesk_domain::ticket::FieldChange;
use helpdesk_domain::{
    GroupAccess, HistoryEntry, Id, Meta, NotificationType, OnlineNotification, Priority, Role,
    State, StateType, Ticket, Timestamp,
};
use helpdesk_storage::Transaction;

use crate::Result;
use crate::auth::actor_from;

/// The history entry of one event.
pub(crate) struct Event<'a> {
    /// `created`, `updated`, `added` or `removed`.
    pub kind: &'a str,
    /// `Ticket`, `Ticket::Article` or `Tag`.
    pub object: &'a str,
    /// The changed object's id.
    pub o_id: Id,
}

/// Records `event` on `ticket_id`'s history.
pub(crate) async fn record(
    tx: &mut Box<dyn Transaction>,
    ticket_id: Id,
    event: Event<'_>,
    change: Option<FieldChange>,
    actor: Id,
    now: Timestamp,
) -> Result<()> {
    tx.insert_history(&entry(ticket_id, event, change, actor, now))
        .await?;
    Ok(())
}

/// The history entry of tag `name` added to (`added`) or removed from ticket `ticket_id`.
pub(crate) fn tag_entry(
    ticket_id: Id,
    name: &str,
    added: bool,
    actor: Id,
    now: Timestamp,
) -> HistoryEntry {
    let event = Event {
        kind: if added { "added" } else { "removed" },
        object: "Tag",
        o_id: ticket_id,
    };
    entry(
        ticket_id,
        event,
        Some(FieldChange::tag(name, added)),
        actor,
        now,
    )
}

/// The history entry of `event` on `ticket_id`, to store with the others of its request
/// (`Transaction::insert_histories`).
pub(crate) fn entry(
    ticket_id: Id,
    event: Event<'_>,
    change: Option<FieldChange>,
    actor: Id,
    now: Timestamp,
) -> HistoryEntry {
    let (attribute, value_from, value_to, id_from, id_to) = match change {
        Some(c) => (
            Some(c.attribute.to_string()),
            c.value_from,
            c.value_to,
            c.id_from,
            c.id_to,
        ),
        None => (None, None, None, None, None),
    };
    HistoryEntry {
        id: 0,
        ticket_id,
        history_type: event.kind.into(),
        history_object: event.object.into(),
        o_id: event.o_id,
        attribute,
        value_from,
        value_to,
        id_from,
        id_to,
        created_by_id: actor,
        created_at: now,
    }
}

/// Adds the history entries of every changed field of `before` → `after`, with names in
/// place of ids, to `history`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn record_changes(
    tx: &mut Box<dyn Transaction>,
    before: &Ticket,
    after: &Ticket,
    states: &[State],
    priorities: &[Priority],
    actor: Id,
    now: Timestamp,
    history: &mut Vec<HistoryEntry>,
) -> Result<()> {
    for mut change in before.changes_to(after) {
        let name = |id: Option<Id>| -> Option<String> {
            let id = id?;
            match change.attribute {
                "state" => states.iter().find(|s| s.id == id).map(|s| s.name.clone()),
                "priority" => priorities
                    .iter()
                    .find(|p| p.id == id)
                    .map(|p| p.name.clone()),
                _ => None,
            }
        };
        let (from, to) = (name(change.id_from), name(change.id_to));
        if from.is_some() || to.is_some() {
            change.value_from = from.or(change.value_from);
            change.value_to = to.or(change.value_to);
        }
        match change.attribute {
            "group" => {
                change.value_from = group_name(tx, change.id_from).await?.or(change.value_from);
                change.value_to = group_name(tx, change.id_to).await?.or(change.value_to);
            }
            "owner" | "customer" => {
                change.value_from = user_login(tx, change.id_from).await?.or(change.value_from);
                change.value_to = user_login(tx, change.id_to).await?.or(change.value_to);
            }
            "organization" => {
                change.value_from = org_name(tx, change.id_from).await?.or(change.value_from);
                change.value_to = org_name(tx, change.id_to).await?.or(change.value_to);
            }
            _ => {}
        }
        let event = Event {
            kind: "updated",
            object: "Ticket",
            o_id: after.id,
        };
        history.push(entry(after.id, event, Some(change), actor, now));
    }
    Ok(())
}

async fn group_name(tx: &mut Box<dyn Transaction>, id: Option<Id>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => tx.group(id).await?.map(|g| g.name),
        None => None,
    })
}

async fn user_login(tx: &mut Box<dyn Transaction>, id: Option<Id>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => tx.user(id).await?.map(|u| u.login),
        None => None,
    })
}

async fn org_name(tx: &mut Box<dyn Transaction>, id: Option<Id>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => tx.organization(id).await?.map(|o| o.name),
        None => None,
    })
}

/// Notifies the ticket's owner or, for an unassigned ticket, every agent with `full` access
/// to its group; never the actor, an inactive user, or a user who cannot read the ticket.
pub(crate) async fn notify(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    kind: NotificationType,
    roles: &[Role],
    actor: Id,
    now: Timestamp,
) -> Result<()> {
    let users = recipients(tx, ticket, roles, actor).await?;
    notify_users(tx, ticket, kind, &users, actor, now).await
}

/// Who [`notify`] would notify of a change of a ticket with this owner and group, as read
/// before its write transaction began.
pub(crate) struct Recipients {
    /// The ticket's owner then.
    pub(crate) owner_id: Id,
    /// The ticket's group then.
    pub(crate) group_id: Id,
    /// The users to notify.
    pub(crate) users: Vec<Id>,
}

/// [`notify`], reusing `known` recipients when the ticket's owner and group are still theirs.
pub(crate) async fn notify_known(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    kind: NotificationType,
    roles: &[Role],
    known: Option<&Recipients>,
    (actor, now): (Id, Timestamp),
) -> Result<()> {
    match known {
        Some(k) if k.owner_id == ticket.owner_id && k.group_id == ticket.group_id => {
            notify_users(tx, ticket, kind, &k.users, actor, now).await
        }
        _ => notify(tx, ticket, kind, roles, actor, now).await,
    }
}

/// Who [`notify`] notifies of a change of `ticket` (its owner and group as they will be, and
/// the users mentioned on it as stored).
pub(crate) async fn recipients(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    roles: &[Role],
    actor: Id,
) -> Result<Vec<Id>> {
    let mentioned: Vec<Id> = tx
        .mentions(Some(ticket.id), None)
        .await?
        .iter()
        .map(|m| m.user_id)
        .collect();
    recipients_with(tx, ticket, roles, actor, &mentioned).await
}

/// Who is notified of a change of `ticket` with these users mentioned on it: its owner or,
/// for an unassigned ticket, every agent with `full` access to its group, and every mentioned
/// agent who can read it; never the actor or an inactive user.
pub(crate) async fn recipients_with(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    roles: &[Role],
    actor: Id,
    mentioned: &[Id],
) -> Result<Vec<Id>> {
    let mut candidates: Vec<Id> = if ticket.owner_id != SYSTEM_USER_ID {
        vec![ticket.owner_id]
    } else {
        tx.group_members(&[ticket.group_id])
            .await?
            .into_iter()
            .map(|(_, user)| user)
            .collect()
    };
    candidates.extend(
        mentioned
            .iter()
            .filter(|id| !candidates.contains(id))
            .copied()
            .collect::<Vec<_>>(),
    );
    let users = tx.users_by_ids(&candidates).await?;
    let mut recipients = Vec::new();
    for user in users {
        let wanted = if ticket.owner_id != SYSTEM_USER_ID || mentioned.contains(&user.id) {
            GroupAccess::Read
        } else {
            GroupAccess::Full
        };
        let recipient = actor_from(user, roles);
        if recipient.id() == actor
            || !recipient.user.active
            || !recipient.can(TICKET_AGENT)
            || !recipient.user.has_group_access(ticket.group_id, wanted)
        {
            continue;
        }
        recipients.push(recipient.id());
    }
    Ok(recipients)
}

/// Stores a notification of `kind` about `ticket` for each of `users`.
pub(crate) async fn notify_users(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    kind: NotificationType,
    users: &[Id],
    actor: Id,
    now: Timestamp,
) -> Result<()> {
    let notifications: Vec<OnlineNotification> = users
        .iter()
        .map(|&user_id| OnlineNotification {
            id: 0,
            o_id: ticket.id,
            object_lookup_id: TICKET_OBJECT_ID,
            type_lookup_id: kind.id(),
            user_id,
            seen: false,
            meta: Meta::new(actor, now),
        })
        .collect();
    tx.insert_notifications(&notifications).await?;
    Ok(())
}

/// What a ticket change is written with: the lookups its history names, who was to be
/// notified before the change, and who changes it when.
pub(crate) struct ChangeContext {
    pub(crate) states: Vec<State>,
    pub(crate) priorities: Vec<Priority>,
    pub(crate) roles: Vec<Role>,
    pub(crate) known: Option<Recipients>,
    pub(crate) actor: Id,
    pub(crate) now: Timestamp,
}

/// Writes the change of `before` into `ticket` with what it sets off: `history` plus an entry
/// per changed field, and the online notifications (all seen when the ticket reaches a final
/// state, else an update notification).
pub(crate) async fn store_ticket_change(
    tx: &mut Box<dyn Transaction>,
    before: &Ticket,
    ticket: &mut Ticket,
    cx: &ChangeContext,
    mut history: Vec<HistoryEntry>,
) -> Result<()> {
    ticket.meta.touch(cx.actor, cx.now);
    tx.update_ticket(ticket).await?;
    record_changes(
        tx,
        before,
        ticket,
        &cx.states,
        &cx.priorities,
        cx.actor,
        cx.now,
        &mut history,
    )
    .await?;
    tx.insert_histories(&history).await?;
    if ticket.state_id != before.state_id && is_final(&cx.states, ticket.state_id) {
        tx.mark_notifications_seen_for_ticket(ticket.id, cx.now)
            .await?;
        return Ok(());
    }
    let who = (cx.actor, cx.now);
    notify_known(
        tx,
        ticket,
        NotificationType::Update,
        &cx.roles,
        cx.known.as_ref(),
        who,
    )
    .await
}

/// Whether state `id` is closed or merged.
pub(crate) fn is_final(states: &[State], id: Id) -> bool {
    states
        .iter()
        .find(|s| s.id == id)
        .and_then(|s| StateType::from_id(s.state_type_id))
        .is_some_and(|t| matches!(t, StateType::Closed | StateType::Merged))
}
