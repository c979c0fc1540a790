//! Mentions: one per user and ticket, filtered by ticket and user, newest first, naming a
//! ticket and a user that exist, removed with their ticket, references of their users.

use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_domain::{Id, Mention, Meta};
use helpdesk_storage::{Conflict, Store};

use crate::fixtures::{
    add_user, assert_conflict, assert_taken, at, committed, ids_of, read, sample_user, write,
};
use crate::links::three_tickets;

/// A mention of `user` on `ticket`, made by user 1 at `ms`.
fn mention(ticket: Id, user: Id, ms: i64) -> Mention {
    Mention::new(ticket, user, Meta::new(1, at(ms)))
}

/// Stores `new` in a committed transaction of its own.
async fn add_mention(store: &dyn Store, new: Mention) -> Mention {
    committed(store, async |tx| tx.insert_mention(&new).await.unwrap()).await
}

/// Three tickets (1 to 3) and the users admin (1) and bob (2).
async fn tickets_and_users(store: &dyn Store) {
    three_tickets(store).await;
    add_user(store, sample_user("bob")).await;
}

/// Mentions read back by id and filtered by ticket and user, newest first; removal answers
/// whether there was one.
pub async fn mentions_round_trip_filtered_newest_first(store: &dyn Store) {
    tickets_and_users(store).await;
    let old = add_mention(store, mention(1, 2, 1_000)).await;
    let new = add_mention(store, mention(1, 1, 3_000)).await;
    let other = add_mention(store, mention(2, 2, 2_000)).await;
    let mut tx = read(store).await;
    let stored = tx.mention(old.id).await.unwrap().expect("stored");
    assert_eq!((stored.ticket_id, stored.user_id), (1, 2));
    assert_eq!(stored.meta.created_by_id, 1);
    assert_eq!(
        truncate_to_millis(stored.meta.created_at),
        truncate_to_millis(at(1_000))
    );
    let ids = |m: Vec<Mention>| ids_of(&m, |m| m.id);
    assert_eq!(
        ids(tx.mentions(Some(1), None).await.unwrap()),
        vec![new.id, old.id]
    );
    assert_eq!(
        ids(tx.mentions(None, Some(2)).await.unwrap()),
        vec![other.id, old.id]
    );
    assert_eq!(
        ids(tx.mentions(Some(2), Some(2)).await.unwrap()),
        vec![other.id]
    );
    assert_eq!(
        ids(tx.mentions(None, None).await.unwrap()),
        vec![new.id, other.id, old.id]
    );
    assert!(tx.mentions(Some(3), None).await.unwrap().is_empty());
    assert!(tx.mention(999).await.unwrap().is_none());
    drop(tx);
    let removed = committed(store, async |tx| {
        (
            tx.delete_mention(old.id).await.unwrap(),
            tx.delete_mention(old.id).await.unwrap(),
        )
    })
    .await;
    assert_eq!(removed, (true, false));
    let mut tx = read(store).await;
    assert_eq!(ids(tx.mentions(Some(1), None).await.unwrap()), vec![new.id]);
}

/// A user mentioned twice on a ticket conflicts; a mention of a ticket or user that does not
/// exist is a missing reference; neither stores anything.
pub async fn duplicate_and_dangling_mentions_are_refused(store: &dyn Store) {
    tickets_and_users(store).await;
    add_mention(store, mention(1, 2, 1_000)).await;
    let mut tx = write(store).await;
    assert_taken(
        tx.insert_mention(&mention(1, 2, 2_000)).await,
        "mention",
        "ticket 1 user 2",
    );
    drop(tx);
    for (ticket, user) in [(99, 2), (1, 99)] {
        let mut tx = write(store).await;
        assert_conflict(
            tx.insert_mention(&mention(ticket, user, 2_000)).await,
            Conflict::MissingReference { record: "mention" },
            "the mention refers to a record that no longer exists",
        );
    }
    let mut tx = read(store).await;
    assert_eq!(tx.mentions(None, None).await.unwrap().len(), 1);
}

/// Deleting a ticket removes its mentions; a mentioned user, and the user who mentioned
/// someone, count them as references.
pub async fn mentions_go_with_their_ticket_and_hold_their_users(store: &dyn Store) {
    tickets_and_users(store).await;
    add_user(store, sample_user("carl")).await;
    let counts = async |store: &dyn Store| {
        let mut tx = read(store).await;
        (
            tx.user_reference_count(2).await.unwrap(),
            tx.user_reference_count(3).await.unwrap(),
        )
    };
    let before = counts(store).await;
    let mut by_carl = mention(1, 2, 1_000);
    by_carl.meta = Meta::new(3, at(1_000));
    add_mention(store, by_carl).await;
    let kept = add_mention(store, mention(2, 2, 2_000)).await;
    let after = counts(store).await;
    assert_eq!((after.0 - before.0, after.1 - before.1), (2, 1));
    committed(store, async |tx| tx.delete_ticket(1).await.unwrap()).await;
    let mut tx = read(store).await;
    assert_eq!(
        ids_of(&tx.mentions(None, None).await.unwrap(), |m| m.id),
        vec![kept.id]
    );
}
