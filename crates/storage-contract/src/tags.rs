//! Tags: adding and removing them on tickets (names compare ignoring case), the tag list with
//! its filter, order, limit and counts, and renaming and deleting tag items.

use helpdesk_domain::TagItem;
use helpdesk_storage::{Store, Transaction};

use crate::fixtures::{
    add_ticket, add_ticket_basics, assert_missing, assert_name_taken, commit, read, sample_ticket,
    write,
};

/// Tickets 1 and 2.
async fn add_two_tickets(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "one")).await;
    add_ticket(store, sample_ticket("1002", "two")).await;
}

/// `(name, count)` of every tag item, by name.
async fn items(tx: &mut dyn Transaction) -> Vec<(String, u64)> {
    let items = tx.tag_items(None, 100).await.unwrap();
    items.into_iter().map(|t| (t.name, t.count)).collect()
}

/// A tag-list query (term and limit) and the `(name, count)` pairs it answers.
type ListCase = (Option<&'static str>, u64, &'static [(&'static str, u64)]);

fn named(pairs: &[(&str, u64)]) -> Vec<(String, u64)> {
    pairs.iter().map(|(n, c)| (n.to_string(), *c)).collect()
}

/// A ticket's tags come in the order they were added; a tag of another case reuses the
/// existing item (and shows its name); adding a tag the ticket has answers false.
pub async fn tags_keep_order_and_reuse_items_ignoring_case(store: &dyn Store) {
    add_two_tickets(store).await;
    let mut tx = write(store).await;
    assert!(tx.add_tag(1, "urgent").await.unwrap());
    assert!(tx.add_tag(1, "printer").await.unwrap());
    assert!(tx.add_tag(1, "billing").await.unwrap());
    assert!(!tx.add_tag(1, "URGENT").await.unwrap());
    assert!(!tx.add_tag(1, "printer").await.unwrap());
    assert!(tx.add_tag(2, "Printer").await.unwrap());
    assert!(tx.add_tag(2, "new-one").await.unwrap());
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.tags_of_ticket(1).await.unwrap(),
        vec!["urgent", "printer", "billing"]
    );
    assert_eq!(
        tx.tags_of_ticket(2).await.unwrap(),
        vec!["printer", "new-one"]
    );
    assert!(tx.tags_of_ticket(3).await.unwrap().is_empty());
    assert_eq!(
        items(&mut *tx).await,
        named(&[
            ("billing", 1),
            ("new-one", 1),
            ("printer", 2),
            ("urgent", 1)
        ])
    );
}

/// Removing a tag (any case) answers true once, then false; the tag item stays, with a lower
/// count; removing a tag nobody has answers false.
pub async fn remove_tag_answers_whether_it_was_there(store: &dyn Store) {
    add_two_tickets(store).await;
    let mut tx = write(store).await;
    for (ticket, tag) in [(1, "urgent"), (1, "printer"), (2, "urgent")] {
        assert!(tx.add_tag(ticket, tag).await.unwrap());
    }
    assert!(tx.remove_tag(1, "URGENT").await.unwrap());
    assert!(!tx.remove_tag(1, "urgent").await.unwrap());
    assert!(!tx.remove_tag(1, "absent").await.unwrap());
    assert!(!tx.remove_tag(3, "printer").await.unwrap());
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(tx.tags_of_ticket(1).await.unwrap(), vec!["printer"]);
    assert_eq!(tx.tags_of_ticket(2).await.unwrap(), vec!["urgent"]);
    assert_eq!(
        items(&mut *tx).await,
        named(&[("printer", 1), ("urgent", 1)])
    );
    drop(tx);
    let mut tx = write(store).await;
    assert!(tx.add_tag(1, "Urgent").await.unwrap());
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.tags_of_ticket(1).await.unwrap(),
        vec!["printer", "urgent"],
        "a re-added tag goes last"
    );
}

/// The tag list filters by a case-insensitive substring, sorts by name, stops at the limit
/// and counts tickets; single items answer with their count.
pub async fn tag_items_filter_sort_limit_and_count(store: &dyn Store) {
    add_two_tickets(store).await;
    let mut tx = write(store).await;
    for name in ["pineapple", "banana", "apple"] {
        tx.insert_tag_item(name).await.unwrap();
    }
    let cherry = tx.insert_tag_item("cherry").await.unwrap();
    assert_eq!(
        cherry,
        TagItem {
            id: 4,
            name: "cherry".into(),
            count: 0
        }
    );
    for (ticket, tag) in [(1, "apple"), (2, "apple"), (1, "cherry")] {
        assert!(tx.add_tag(ticket, tag).await.unwrap());
    }
    commit(tx).await;
    let mut tx = read(store).await;
    let cases: &[ListCase] = &[
        (
            None,
            10,
            &[("apple", 2), ("banana", 0), ("cherry", 1), ("pineapple", 0)],
        ),
        (None, 2, &[("apple", 2), ("banana", 0)]),
        (Some("APPLE"), 10, &[("apple", 2), ("pineapple", 0)]),
        (Some("an"), 10, &[("banana", 0)]),
        (Some("apple"), 1, &[("apple", 2)]),
        (Some("kiwi"), 10, &[]),
        (None, 0, &[]),
    ];
    for (term, limit, expected) in cases {
        let found: Vec<(String, u64)> = tx
            .tag_items(*term, *limit)
            .await
            .unwrap()
            .into_iter()
            .map(|t| (t.name, t.count))
            .collect();
        assert_eq!(found, named(expected), "{term:?} limit {limit}");
    }
    let apple = tx.tag_item(3).await.unwrap();
    assert_eq!(
        apple,
        Some(TagItem {
            id: 3,
            name: "apple".into(),
            count: 2
        })
    );
    assert_eq!(tx.tag_item(99).await.unwrap(), None);
}

/// Tag item names are unique ignoring case on insert and rename; a rename shows on tickets;
/// renaming an item to another case of its own name is allowed; unknown ids are `Missing`.
pub async fn tag_items_rename_and_conflicts(store: &dyn Store) {
    add_two_tickets(store).await;
    let mut tx = write(store).await;
    assert!(tx.add_tag(1, "printer").await.unwrap());
    assert!(tx.add_tag(1, "urgent").await.unwrap());
    commit(tx).await;
    let mut tx = write(store).await;
    assert_name_taken(tx.insert_tag_item("PRINTER").await, "PRINTER");
    drop(tx);
    let mut tx = write(store).await;
    assert_name_taken(tx.rename_tag_item(2, "Printer").await, "Printer");
    drop(tx);
    let mut tx = write(store).await;
    assert_missing(tx.rename_tag_item(99, "anything").await);
    tx.rename_tag_item(1, "laser-printer").await.unwrap();
    tx.rename_tag_item(2, "Urgent").await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.tags_of_ticket(1).await.unwrap(),
        vec!["laser-printer", "Urgent"]
    );
    assert_eq!(
        tx.tag_item(1).await.unwrap().map(|t| (t.name, t.count)),
        Some(("laser-printer".to_string(), 1))
    );
    drop(tx);
    let mut tx = write(store).await;
    let fresh = tx.insert_tag_item("printer").await.unwrap();
    assert!(fresh.id > 2, "a new item: {fresh:?}");
    assert_eq!((fresh.name.as_str(), fresh.count), ("printer", 0));
    commit(tx).await;
}

/// Deleting a tag item removes it from every ticket, keeping their other tags; adding the
/// name again creates a new item; unknown ids are `Missing`.
pub async fn delete_tag_item_removes_it_from_tickets(store: &dyn Store) {
    add_two_tickets(store).await;
    let mut tx = write(store).await;
    for (ticket, tag) in [(1, "a"), (1, "doomed"), (1, "b"), (2, "doomed")] {
        assert!(tx.add_tag(ticket, tag).await.unwrap());
    }
    tx.delete_tag_item(2).await.unwrap();
    assert_missing(tx.delete_tag_item(2).await);
    assert_missing(tx.delete_tag_item(99).await);
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(tx.tags_of_ticket(1).await.unwrap(), vec!["a", "b"]);
    assert!(tx.tags_of_ticket(2).await.unwrap().is_empty());
    assert_eq!(tx.tag_item(2).await.unwrap(), None);
    assert_eq!(items(&mut *tx).await, named(&[("a", 1), ("b", 1)]));
    drop(tx);
    let mut tx = write(store).await;
    assert!(tx.add_tag(2, "doomed").await.unwrap());
    commit(tx).await;
    let mut tx = read(store).await;
    let items = tx.tag_items(Some("doomed"), 10).await.unwrap();
    assert_eq!(items.len(), 1);
    assert!(items[0].id > 3, "a new item, not id 2 again: {items:?}");
    assert_eq!(items[0].count, 1);
}
