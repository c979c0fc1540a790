//! Links between tickets: read from both ends, unique, naming tickets that exist, removed with
//! either ticket.

use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_domain::{Id, Link, LinkType};
use helpdesk_storage::{Conflict, Store};

use crate::fixtures::{
    add_ticket, add_ticket_basics, assert_conflict, assert_taken, at, committed, ids_of, read,
    sample_ticket, write,
};

/// Three tickets, ids 1 to 3.
pub(crate) async fn three_tickets(store: &dyn Store) {
    add_ticket_basics(store).await;
    for n in 1..=3 {
        add_ticket(store, sample_ticket(&format!("100{n}"), "linked")).await;
    }
}

/// A link of `link_type` from `source` to `target`.
fn link(link_type: LinkType, source: Id, target: Id) -> Link {
    Link::new(link_type, source, target, at(2_000)).expect("two tickets")
}

/// Stores `new` in a committed transaction of its own.
async fn add_link(store: &dyn Store, new: Link) -> Link {
    committed(store, async |tx| tx.insert_link(&new).await.unwrap()).await
}

/// Links read back from their source and their target, by id, and are removed by type,
/// source and target.
pub async fn links_read_from_both_ends_and_are_removed(store: &dyn Store) {
    three_tickets(store).await;
    let parent = add_link(store, link(LinkType::Parent, 1, 2)).await;
    let normal = add_link(store, link(LinkType::Normal, 3, 1)).await;
    let mut tx = read(store).await;
    let of_one = tx.links_of_ticket(1).await.unwrap();
    assert_eq!(ids_of(&of_one, |l| l.id), vec![parent.id, normal.id]);
    assert_eq!(of_one[0].link_type, LinkType::Parent);
    assert_eq!((of_one[0].source_id, of_one[0].target_id), (1, 2));
    assert_eq!(
        truncate_to_millis(of_one[0].created_at),
        truncate_to_millis(at(2_000))
    );
    assert_eq!(
        ids_of(&tx.links_of_ticket(2).await.unwrap(), |l| l.id),
        vec![parent.id]
    );
    drop(tx);
    let removed = committed(store, async |tx| {
        let wrong_type = tx.delete_link(LinkType::Child, 1, 2).await.unwrap();
        let wrong_way = tx.delete_link(LinkType::Parent, 2, 1).await.unwrap();
        let right = tx.delete_link(LinkType::Parent, 1, 2).await.unwrap();
        (wrong_type, wrong_way, right)
    })
    .await;
    assert_eq!(removed, (false, false, true));
    let mut tx = read(store).await;
    assert_eq!(
        ids_of(&tx.links_of_ticket(1).await.unwrap(), |l| l.id),
        vec![normal.id]
    );
    assert!(tx.links_of_ticket(2).await.unwrap().is_empty());
}

/// The same link twice conflicts; a link naming a ticket that does not exist is a missing
/// reference; neither stores anything.
pub async fn duplicate_and_dangling_links_are_refused(store: &dyn Store) {
    three_tickets(store).await;
    add_link(store, link(LinkType::Child, 1, 2)).await;
    // The same tickets with another type, or the other way round, are other links.
    add_link(store, link(LinkType::Normal, 1, 2)).await;
    add_link(store, link(LinkType::Child, 2, 1)).await;
    let mut tx = write(store).await;
    assert_taken(
        tx.insert_link(&link(LinkType::Child, 1, 2)).await,
        "link",
        "child 1->2",
    );
    drop(tx);
    for (source, target) in [(1, 99), (99, 1)] {
        let mut tx = write(store).await;
        assert_conflict(
            tx.insert_link(&link(LinkType::Normal, source, target))
                .await,
            Conflict::MissingReference { record: "link" },
            "the link refers to a record that no longer exists",
        );
    }
    let mut tx = read(store).await;
    assert_eq!(tx.links_of_ticket(1).await.unwrap().len(), 3);
}

/// Deleting a ticket removes the links from and to it, and leaves the others.
pub async fn deleting_a_ticket_removes_its_links(store: &dyn Store) {
    three_tickets(store).await;
    add_link(store, link(LinkType::Parent, 1, 2)).await;
    add_link(store, link(LinkType::Normal, 3, 1)).await;
    let kept = add_link(store, link(LinkType::Normal, 2, 3)).await;
    committed(store, async |tx| tx.delete_ticket(1).await.unwrap()).await;
    let mut tx = read(store).await;
    assert_eq!(
        ids_of(&tx.links_of_ticket(2).await.unwrap(), |l| l.id),
        vec![kept.id]
    );
    assert_eq!(
        ids_of(&tx.links_of_ticket(3).await.unwrap(), |l| l.id),
        vec![kept.id]
    );
}
