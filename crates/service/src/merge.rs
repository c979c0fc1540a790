//! Merging a ticket into another, as Zammad's `PUT /ticket_merge/{source_id}/{target_number}`
//! does it: the source's articles, tags, links and mentions move to the target, the source gets a
//! `merged` note, the state `merged`, no owner and a link to the target (its parent), and
//! both tickets a history entry naming the other. One transaction.

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::{
    GroupAccess, HistoryEntry, Id, Link, LinkType, Mention, State, StateType, Ticket, Timestamp,
};
use helpdesk_policy::{Actor, TicketRole, authorize_merged_ticket, authorize_ticket_merge};
use helpdesk_storage::{Mode, Transaction};

use crate::articles::{add_article, role_for};
use crate::links::history as link_history;
use crate::ticket_effects::{Event, entry, store_ticket_change, tag_entry};
use crate::tickets::view;
use crate::{ArticleInput, Error, Helpdesk, Result, TicketView};

/// Zammad's answer when no ticket has the target number.
pub const TARGET_NOT_FOUND: &str = "The target ticket number could not be found.";
/// Zammad's answer when the source ticket does not exist.
pub const SOURCE_NOT_FOUND: &str = "The source ticket could not be found.";

/// What a merge request came to.
#[derive(Debug, Clone)]
pub enum MergeOutcome {
    /// Merged: both tickets as they are now.
    Merged {
        /// The ticket merged into.
        target: Box<TicketView>,
        /// The ticket merged, now in state `merged`.
        source: Box<TicketView>,
    },
    /// Nothing changed, for this reason ([`TARGET_NOT_FOUND`], [`SOURCE_NOT_FOUND`]).
    Failed(&'static str),
}

impl Helpdesk {
    /// Merges ticket `source_id` into the ticket numbered `target_number`: `ticket.agent`
    /// with `change` on both. A missing ticket is a [`MergeOutcome::Failed`] (Zammad answers
    /// it with 200); merging into a merged ticket or into itself is refused.
    pub async fn merge_ticket(
        &self,
        actor: &Actor,
        source_id: Id,
        target_number: &str,
    ) -> Result<MergeOutcome> {
        authorize_ticket_merge(actor).into_result()?;
        let now = self.now();
        let cx = self.change_context(source_id, actor.id(), now).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let Some(mut target) = tx.ticket_by_number(target_number.trim()).await? else {
            return Ok(MergeOutcome::Failed(TARGET_NOT_FOUND));
        };
        let Some(mut source) = tx.ticket(source_id).await? else {
            return Ok(MergeOutcome::Failed(SOURCE_NOT_FOUND));
        };
        check_side(&mut tx, actor, &target).await?;
        check_side(&mut tx, actor, &source).await?;
        if state_type(&cx.states, target.state_id) == Some(StateType::Merged) {
            return Err(Error::invalid(
                "ticket already merged, no merge into merged ticket possible",
            ));
        }
        if source.id == target.id {
            return Err(Error::invalid("Can't merge ticket with it self!"));
        }
        let merged = cx
            .states
            .iter()
            .find(|s| StateType::from_id(s.state_type_id) == Some(StateType::Merged))
            .ok_or_else(|| Error::invalid("No state of type 'merged' exists"))?
            .clone();
        let before = source.clone();
        let who = (actor.id(), now);
        let mut history = Vec::new();
        move_articles(&mut tx, &mut source, &mut target).await?;
        move_tags(&mut tx, &source, &target, who, &mut history).await?;
        move_links(&mut tx, &source, &target).await?;
        move_mentions(&mut tx, &source, &target).await?;
        let parent = Link::new(LinkType::Parent, target.id, source.id, now)?;
        tx.insert_link(&parent).await?;
        history.extend(link_history(
            &parent,
            &target,
            &source,
            true,
            actor.id(),
            now,
        ));
        let ends = (source.id, target.id);
        history.push(merge_entry("received_merge", target.id, ends, who));
        history.push(merge_entry("merged_into", source.id, ends, who));
        let note = ArticleInput {
            body: Some("merged".into()),
            type_name: Some("note".into()),
            sender: Some("Agent".into()),
            internal: Some(false),
            ..Default::default()
        };
        let max = self.config().max_attachment_bytes;
        add_article(
            &mut tx,
            actor,
            TicketRole::Agent,
            &mut source,
            note,
            now,
            max,
            &mut history,
        )
        .await?;
        source.enter_state(&merged, now);
        source.assign_owner(SYSTEM_USER_ID, now);
        store_ticket_change(&mut tx, &before, &mut source, &cx, history).await?;
        target.meta.touch(actor.id(), now);
        tx.update_ticket(&target).await?;
        let target = agent_view(&mut tx, actor, target).await?;
        let source = agent_view(&mut tx, actor, source).await?;
        tx.commit().await?;
        Ok(MergeOutcome::Merged {
            target: Box::new(target),
            source: Box::new(source),
        })
    }
}

/// Refuses a ticket of the merge the actor may not change as an agent.
async fn check_side(tx: &mut Box<dyn Transaction>, actor: &Actor, ticket: &Ticket) -> Result<()> {
    let role = role_for(tx, actor, ticket, GroupAccess::Change).await?;
    Ok(authorize_merged_ticket(role).into_result()?)
}

fn state_type(states: &[State], id: Id) -> Option<StateType> {
    let state = states.iter().find(|s| s.id == id)?;
    StateType::from_id(state.state_type_id)
}

/// Moves every article of `source` to `target`, with the article counts.
async fn move_articles(
    tx: &mut Box<dyn Transaction>,
    source: &mut Ticket,
    target: &mut Ticket,
) -> Result<()> {
    for mut article in tx.articles_of_ticket(source.id, true).await? {
        article.ticket_id = target.id;
        tx.update_article(&article).await?;
        if article.counts() {
            source.article_count -= 1;
            target.article_count += 1;
        }
    }
    Ok(())
}

/// Moves the tags of `source` to `target` (those it has already stay once), with their
/// history on both tickets.
async fn move_tags(
    tx: &mut Box<dyn Transaction>,
    source: &Ticket,
    target: &Ticket,
    (actor, now): (Id, Timestamp),
    history: &mut Vec<HistoryEntry>,
) -> Result<()> {
    for name in tx.tags_of_ticket(source.id).await? {
        if tx.add_tag(target.id, &name).await? {
            history.push(tag_entry(target.id, &name, true, actor, now));
        }
        tx.remove_tag(source.id, &name).await?;
        history.push(tag_entry(source.id, &name, false, actor, now));
    }
    Ok(())
}

/// Re-points the links of `source` to `target`; a link between the two, or one the target
/// has already (either way round), is dropped.
async fn move_links(tx: &mut Box<dyn Transaction>, source: &Ticket, target: &Ticket) -> Result<()> {
    let mut known: Vec<(LinkType, Id)> = tx
        .links_of_ticket(target.id)
        .await?
        .iter()
        .filter_map(|l| l.seen_from(target.id))
        .collect();
    for link in tx.links_of_ticket(source.id).await? {
        tx.delete_link(link.link_type, link.source_id, link.target_id)
            .await?;
        let Some(seen) = link.seen_from(source.id) else {
            continue;
        };
        if seen.1 == target.id || known.contains(&seen) {
            continue;
        }
        let end = |id: Id| if id == source.id { target.id } else { id };
        let moved = Link::new(
            link.link_type,
            end(link.source_id),
            end(link.target_id),
            link.created_at,
        )?;
        tx.insert_link(&moved).await?;
        known.push(seen);
    }
    Ok(())
}

/// Moves the mentions of `source` to `target`; a user mentioned on both stays mentioned once.
async fn move_mentions(
    tx: &mut Box<dyn Transaction>,
    source: &Ticket,
    target: &Ticket,
) -> Result<()> {
    let mut mentioned: Vec<Id> = tx
        .mentions(Some(target.id), None)
        .await?
        .iter()
        .map(|m| m.user_id)
        .collect();
    for mention in tx.mentions(Some(source.id), None).await? {
        tx.delete_mention(mention.id).await?;
        if !mentioned.contains(&mention.user_id) {
            tx.insert_mention(&Mention::new(target.id, mention.user_id, mention.meta))
                .await?;
            mentioned.push(mention.user_id);
        }
    }
    Ok(())
}

/// The history entry `kind` (`received_merge`, `merged_into`) on ticket `on`, naming the
/// merge's source (`id_from`) and target (`id_to`) as Zammad does.
fn merge_entry(
    kind: &str,
    on: Id,
    (source, target): (Id, Id),
    (actor, now): (Id, Timestamp),
) -> HistoryEntry {
    let event = Event {
        kind,
        object: "Ticket",
        o_id: on,
    };
    HistoryEntry {
        id_from: Some(source),
        id_to: Some(target),
        ..entry(on, event, None, actor, now)
    }
}

/// A merged ticket as its agent sees it.
async fn agent_view(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ticket: Ticket,
) -> Result<TicketView> {
    let article_ids = tx.article_ids_of_ticket(ticket.id, true).await?;
    view(tx, actor, ticket, TicketRole::Agent, article_ids, false).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::desk;
    use crate::{LinkInput, TicketKey};

    async fn link(desk: &Helpdesk, admin: &Actor, link_type: &str, source: &Ticket, target: Id) {
        let input = LinkInput {
            link_type: link_type.into(),
            source_object: "Ticket".into(),
            source: TicketKey::Number(source.number.clone()),
            target_object: "Ticket".into(),
            target_id: target,
        };
        desk.add_link(admin, input).await.unwrap();
    }

    fn merged(outcome: MergeOutcome) -> (TicketView, TicketView) {
        match outcome {
            MergeOutcome::Merged { target, source } => (*target, *source),
            MergeOutcome::Failed(message) => panic!("merge failed: {message}"),
        }
    }

    #[tokio::test]
    async fn a_merge_moves_articles_tags_and_links_and_marks_the_source_merged() {
        let (desk, admin, t) = desk().await;
        let (one, two, three) = (&t[0], &t[1], &t[2]);
        let article = ArticleInput {
            ticket_id: Some(one.id),
            body: Some("printer on fire".into()),
            ..Default::default()
        };
        let article = desk.create_article(&admin, article).await.unwrap().article;
        for (ticket, tag) in [(one, "printer"), (one, "urgent"), (two, "urgent")] {
            desk.add_tag(&admin, "Ticket", ticket.id, tag)
                .await
                .unwrap();
        }
        link(&desk, &admin, "normal", three, one.id).await;
        link(&desk, &admin, "normal", two, one.id).await;
        desk.create_mention(&admin, "Ticket", one.id).await.unwrap();

        let (target, source) = merged(
            desk.merge_ticket(&admin, one.id, &two.number)
                .await
                .unwrap(),
        );
        assert_eq!(target.ticket.id, two.id);
        assert_eq!(target.article_ids, Some(vec![article.id]));
        assert_eq!(target.ticket.article_count, 1);
        assert_eq!(source.ticket.owner_id, SYSTEM_USER_ID);
        assert_eq!(source.ticket.article_count, 1);
        let notes = desk.articles_by_ticket(&admin, one.id).await.unwrap();
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].article.body, "merged");
        assert!(!notes[0].article.internal);
        assert_eq!(
            desk.tags_of(&admin, "Ticket", two.id).await.unwrap(),
            vec!["urgent".to_string(), "printer".to_string()]
        );
        assert!(
            desk.tags_of(&admin, "Ticket", one.id)
                .await
                .unwrap()
                .is_empty()
        );
        let of_one = desk.list_links(&admin, "Ticket", one.id).await.unwrap();
        assert_eq!(of_one.links, vec![(LinkType::Parent, two.id)]);
        let of_two = desk.list_links(&admin, "Ticket", two.id).await.unwrap();
        assert_eq!(
            of_two.links,
            vec![(LinkType::Normal, three.id), (LinkType::Child, one.id)]
        );
        let query = crate::MentionQuery {
            mentionable_type: Some("Ticket".into()),
            mentionable_id: Some(two.id),
            ..Default::default()
        };
        let mentions = desk.list_mentions(&admin, query).await.unwrap();
        assert_eq!(mentions.len(), 1);
        assert_eq!(mentions[0].user_id, admin.id());
        let history = desk.ticket_history(&admin, two.id).await.unwrap();
        assert!(history.iter().any(|h| h.history_type == "received_merge"
            && h.id_from == Some(one.id)
            && h.id_to == Some(two.id)));
        let history = desk.ticket_history(&admin, one.id).await.unwrap();
        assert!(history.iter().any(|h| h.history_type == "merged_into"
            && h.id_from == Some(one.id)
            && h.id_to == Some(two.id)));
        assert!(
            history
                .iter()
                .any(|h| h.attribute.as_deref() == Some("state")
                    && h.value_to.as_deref() == Some("merged"))
        );
    }

    #[tokio::test]
    async fn a_refused_merge_changes_nothing() {
        let (desk, admin, t) = desk().await;
        let (one, two, three) = (&t[0], &t[1], &t[2]);
        let failed = |o: MergeOutcome| match o {
            MergeOutcome::Failed(message) => message,
            MergeOutcome::Merged { .. } => panic!("merged"),
        };
        let outcome = desk.merge_ticket(&admin, one.id, "999999").await.unwrap();
        assert_eq!(failed(outcome), TARGET_NOT_FOUND);
        let outcome = desk.merge_ticket(&admin, 4242, &two.number).await.unwrap();
        assert_eq!(failed(outcome), SOURCE_NOT_FOUND);
        let invalid = |r: Result<MergeOutcome>| match r {
            Err(Error::Invalid(message)) => message,
            other => panic!("expected 422, got {other:?}"),
        };
        let own = desk.merge_ticket(&admin, one.id, &one.number).await;
        assert_eq!(invalid(own), "Can't merge ticket with it self!");
        merged(
            desk.merge_ticket(&admin, one.id, &two.number)
                .await
                .unwrap(),
        );
        let into_merged = desk.merge_ticket(&admin, three.id, &one.number).await;
        assert_eq!(
            invalid(into_merged),
            "ticket already merged, no merge into merged ticket possible"
        );
        let three_now = desk.show_ticket(&admin, three.id, false).await.unwrap();
        assert_eq!(three_now.ticket.state_id, three.state_id);
        assert!(
            desk.list_links(&admin, "Ticket", three.id)
                .await
                .unwrap()
                .links
                .is_empty()
        );
    }
}
