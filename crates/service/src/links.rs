//! Links between tickets, as Zammad's `/links` serves them: listed from one ticket's side with
//! the linked tickets as assets, added (the source named by its number) and removed (both
//! directions of the relation) by agents with `change` on the target and `read` on the source.

use helpdesk_domain::ticket::FieldChange;
use helpdesk_domain::{GroupAccess, HistoryEntry, Id, Link, LinkType, Ticket, Timestamp};
use helpdesk_policy::{Actor, authorize_ticket_linking};
use helpdesk_storage::{Conflict, Mode, Transaction};
use serde_json::Value;

use crate::articles::{load_ticket, reach_ticket, role_for};
use crate::assets::{Assets, readable};
use crate::ticket_effects::{Event, entry};
use crate::{Error, Helpdesk, Result};

/// The only kind of object links join here.
const TICKET: &str = "Ticket";

/// A ticket's links as it sees them, and the linked tickets the caller may read.
#[derive(Debug, Clone)]
pub struct LinkList {
    /// What each linked ticket is of this one, and which ticket that is, in link order.
    pub links: Vec<(LinkType, Id)>,
    /// The linked tickets with what they refer to.
    pub assets: Assets,
}

/// One link as a request names it: `source` is the `link_type` of `target`.
#[derive(Debug, Clone)]
pub struct LinkInput {
    /// `normal`, `parent` or `child`.
    pub link_type: String,
    /// The source's object type (`Ticket`).
    pub source_object: String,
    /// The source ticket.
    pub source: TicketKey,
    /// The target's object type (`Ticket`).
    pub target_object: String,
    /// The target ticket's id.
    pub target_id: Id,
}

/// How a request names a ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketKey {
    /// By id.
    Id(Id),
    /// By number (`link_object_source_number`).
    Number(String),
}

/// Refuses objects other than tickets.
pub(crate) fn check_object(field: &str, object: &str) -> Result<()> {
    if object == TICKET {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "Invalid value for '{field}': {object:?} (allowed: Ticket)"
        )))
    }
}

impl Helpdesk {
    /// The links of a ticket an agent may read; linked tickets it may not read are left out.
    pub async fn list_links(&self, actor: &Actor, object: &str, ticket_id: Id) -> Result<LinkList> {
        check_object("link_object", object)?;
        let mut tx = self.begin(Mode::Read).await?;
        let (_, role) = reach_ticket(&mut tx, actor, ticket_id, GroupAccess::Read).await?;
        authorize_ticket_linking(role).into_result()?;
        let seen: Vec<(LinkType, Id)> = tx
            .links_of_ticket(ticket_id)
            .await?
            .iter()
            .filter_map(|l| l.seen_from(ticket_id))
            .collect();
        let mut others = Vec::new();
        for (_, id) in &seen {
            others.extend(tx.ticket(*id).await?);
        }
        let others = readable(&mut tx, actor, others).await?;
        let links = seen
            .into_iter()
            .filter(|(_, id)| others.iter().any(|(t, _)| t.id == *id))
            .collect();
        let assets = Assets::of_tickets(&mut tx, actor, others).await?;
        Ok(LinkList { links, assets })
    }

    /// Links two tickets: `change` on the target, `read` on the source (named by number).
    pub async fn add_link(&self, actor: &Actor, input: LinkInput) -> Result<Link> {
        let link_type = check_input(&input)?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let (source, target) = reach_ends(&mut tx, actor, &input).await?;
        let link = Link::new(link_type, source.id, target.id, now)?;
        let link = match tx.insert_link(&link).await {
            Err(helpdesk_storage::Error::Conflict(Conflict::Unique { .. })) => {
                return Err(Error::invalid("Link already exists"));
            }
            other => other?,
        };
        tx.insert_histories(&history(&link, &source, &target, true, actor.id(), now))
            .await?;
        tx.commit().await?;
        Ok(link)
    }

    /// Removes the relation between two tickets, stored either way round: `change` on the
    /// target, `read` on the source (named by id). Removing what does not exist changes
    /// nothing.
    pub async fn remove_link(&self, actor: &Actor, input: LinkInput) -> Result<()> {
        let link_type = check_input(&input)?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let (source, target) = reach_ends(&mut tx, actor, &input).await?;
        let one_way = tx.delete_link(link_type, source.id, target.id).await?;
        let other_way = tx
            .delete_link(link_type.reversed(), target.id, source.id)
            .await?;
        if one_way || other_way {
            let link = Link::new(link_type, source.id, target.id, now)?;
            tx.insert_histories(&history(&link, &source, &target, false, actor.id(), now))
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

/// The links a new ticket's request names, as Zammad's ticket create reads them
/// (`{"Ticket": {"parent": [ids], "normal": [ids], "child": [ids]}}`): what the new ticket is
/// of each named ticket, without repeats.
pub(crate) fn parse_new_ticket_links(value: &Value) -> Result<Vec<(LinkType, Id)>> {
    let Some(objects) = value.as_object() else {
        return Err(Error::invalid("Invalid link structure"));
    };
    let mut links = Vec::new();
    for (object, by_type) in objects {
        check_object("links", object)?;
        let Some(by_type) = by_type.as_object() else {
            return Err(Error::invalid("Invalid link structure (Object)"));
        };
        for (link_type, ids) in by_type {
            let link_type = LinkType::parse(link_type)?;
            let Some(ids) = ids.as_array() else {
                return Err(Error::invalid("Invalid link structure (Object → LinkType)"));
            };
            for id in ids {
                let id = id
                    .as_i64()
                    .or_else(|| id.as_str().and_then(|s| s.trim().parse().ok()))
                    .ok_or_else(|| Error::invalid(format!("Invalid ticket id in 'links': {id}")))?;
                if !links.contains(&(link_type, id)) {
                    links.push((link_type, id));
                }
            }
        }
    }
    Ok(links)
}

/// The tickets a new ticket is to be linked with, each read by the agent creating it
/// (`read`, as `/links/add` asks of its source); an unknown id answers 422 "No such object!".
pub(crate) async fn reach_linked(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    links: Vec<(LinkType, Id)>,
) -> Result<Vec<(LinkType, Ticket)>> {
    let mut reached = Vec::with_capacity(links.len());
    for (link_type, id) in links {
        let other = tx
            .ticket(id)
            .await?
            .ok_or_else(|| Error::invalid("No such object!"))?;
        let role = role_for(tx, actor, &other, GroupAccess::Read).await?;
        authorize_ticket_linking(role).into_result()?;
        reached.push((link_type, other));
    }
    Ok(reached)
}

/// Stores the links of new ticket `ticket` (the `link_type` of each other ticket) with their
/// history entries.
pub(crate) async fn store_new_links(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    linked: &[(LinkType, Ticket)],
    (actor, now): (Id, Timestamp),
    history: &mut Vec<HistoryEntry>,
) -> Result<()> {
    for (link_type, other) in linked {
        let link = tx
            .insert_link(&Link::new(*link_type, ticket.id, other.id, now)?)
            .await?;
        history.extend(self::history(&link, ticket, other, true, actor, now));
    }
    Ok(())
}

/// The link type of a request whose objects are tickets.
fn check_input(input: &LinkInput) -> Result<LinkType> {
    check_object("link_object_source", &input.source_object)?;
    check_object("link_object_target", &input.target_object)?;
    Ok(LinkType::parse(&input.link_type)?)
}

/// The source (read) and target (change) of a link request, both reached by an agent.
async fn reach_ends(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    input: &LinkInput,
) -> Result<(Ticket, Ticket)> {
    let (target, role) = reach_ticket(tx, actor, input.target_id, GroupAccess::Change).await?;
    authorize_ticket_linking(role).into_result()?;
    let source = match &input.source {
        TicketKey::Id(id) => load_ticket(tx, *id).await?,
        TicketKey::Number(number) => tx
            .ticket_by_number(number.trim())
            .await?
            .ok_or_else(|| Error::invalid("No such object!"))?,
    };
    let role = role_for(tx, actor, &source, GroupAccess::Read).await?;
    authorize_ticket_linking(role).into_result()?;
    Ok((source, target))
}

/// The history entries of a link added or removed: one on each ticket, naming the other
/// and what it is of this one.
pub(crate) fn history(
    link: &Link,
    source: &Ticket,
    target: &Ticket,
    added: bool,
    actor: Id,
    now: Timestamp,
) -> Vec<HistoryEntry> {
    [(target, source), (source, target)]
        .into_iter()
        .filter_map(|(this, other)| {
            let (link_type, _) = link.seen_from(this.id)?;
            let event = Event {
                kind: if added { "added" } else { "removed" },
                object: "Link",
                o_id: this.id,
            };
            let change = FieldChange {
                attribute: link_type.name(),
                value_from: None,
                value_to: Some(other.number.clone()),
                id_from: None,
                id_to: Some(other.id),
            };
            Some(entry(this.id, event, Some(change), actor, now))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::desk;

    fn input(link_type: &str, source: TicketKey, target_id: Id) -> LinkInput {
        LinkInput {
            link_type: link_type.into(),
            source_object: TICKET.into(),
            source,
            target_object: TICKET.into(),
            target_id,
        }
    }

    #[tokio::test]
    async fn links_read_from_both_sides_and_are_removed_either_way_round() {
        let (desk, admin, t) = desk().await;
        // Ticket one is the parent of ticket two.
        let number = TicketKey::Number(t[0].number.clone());
        desk.add_link(&admin, input("parent", number, t[1].id))
            .await
            .unwrap();
        let of_two = desk.list_links(&admin, TICKET, t[1].id).await.unwrap();
        assert_eq!(of_two.links, vec![(LinkType::Parent, t[0].id)]);
        assert_eq!(of_two.assets.tickets.len(), 1);
        assert_eq!(of_two.assets.tickets[0].ticket.id, t[0].id);
        assert!(of_two.assets.users.iter().any(|u| u.user.id == admin.id()));
        let of_one = desk.list_links(&admin, TICKET, t[0].id).await.unwrap();
        assert_eq!(of_one.links, vec![(LinkType::Child, t[1].id)]);
        let history = desk.ticket_history(&admin, t[1].id).await.unwrap();
        assert!(history.iter().any(|h| h.history_object == "Link"
            && h.history_type == "added"
            && h.attribute.as_deref() == Some("parent")
            && h.id_to == Some(t[0].id)));
        // Removed as seen from the other side: ticket two is the child of ticket one.
        desk.remove_link(&admin, input("child", TicketKey::Id(t[1].id), t[0].id))
            .await
            .unwrap();
        assert!(
            desk.list_links(&admin, TICKET, t[1].id)
                .await
                .unwrap()
                .links
                .is_empty()
        );
    }

    #[tokio::test]
    async fn bad_links_are_refused_and_change_nothing() {
        let (desk, admin, t) = desk().await;
        let invalid = |r: Result<Link>| match r {
            Err(Error::Invalid(message)) => message,
            other => panic!("expected 422, got {other:?}"),
        };
        let own = TicketKey::Number(t[0].number.clone());
        let message = invalid(
            desk.add_link(&admin, input("normal", own.clone(), t[0].id))
                .await,
        );
        assert_eq!(message, "A ticket cannot be linked with itself");
        let unknown = TicketKey::Number("999999".into());
        let message = invalid(
            desk.add_link(&admin, input("normal", unknown, t[1].id))
                .await,
        );
        assert_eq!(message, "No such object!");
        invalid(
            desk.add_link(&admin, input("sibling", own.clone(), t[1].id))
                .await,
        );
        desk.add_link(&admin, input("normal", own.clone(), t[1].id))
            .await
            .unwrap();
        let message = invalid(desk.add_link(&admin, input("normal", own, t[1].id)).await);
        assert_eq!(message, "Link already exists");
        let links = desk.list_links(&admin, TICKET, t[1].id).await.unwrap();
        assert_eq!(links.links, vec![(LinkType::Normal, t[0].id)]);
        assert!(matches!(
            desk.list_links(&admin, "User", t[1].id).await,
            Err(Error::Invalid(_))
        ));
    }
}
