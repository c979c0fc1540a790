//! Ticket history: round trips and the oldest-first order per ticket.

use helpdesk_domain::HistoryEntry;
use helpdesk_storage::Store;

use crate::fixtures::{
    add_ticket, add_ticket_basics, at, commit, ids_of, norm_history, read, sample_history,
    sample_ticket, write,
};

/// Entries read back with every field, options set and unset, oldest first (by id) per
/// ticket; the given id is ignored and ids count from 1.
pub async fn history_round_trip_oldest_first(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "one")).await;
    add_ticket(store, sample_ticket("1002", "two")).await;
    let mut created = HistoryEntry {
        id: 12,
        history_type: "created".into(),
        attribute: None,
        value_from: None,
        value_to: None,
        id_from: None,
        id_to: None,
        ..sample_history(1, "unused")
    };
    created.created_at = at(100);
    let state = HistoryEntry {
        history_object: "Ticket".into(),
        ..sample_history(1, "state")
    };
    let article = HistoryEntry {
        history_type: "created".into(),
        history_object: "Ticket::Article".into(),
        o_id: 7,
        attribute: None,
        value_from: None,
        value_to: None,
        id_from: None,
        id_to: None,
        ..sample_history(2, "unused")
    };
    let tag = HistoryEntry {
        history_type: "added".into(),
        history_object: "Tag".into(),
        value_from: None,
        value_to: Some("urgent".into()),
        id_from: None,
        id_to: None,
        attribute: None,
        ..sample_history(1, "unused")
    };
    let rows = [created.clone(), article.clone(), state.clone(), tag.clone()];
    let mut tx = write(store).await;
    for (i, row) in rows.iter().enumerate() {
        let stored = tx.insert_history(row).await.unwrap();
        let id = i as i64 + 1;
        assert_eq!(
            norm_history(&stored),
            HistoryEntry {
                id,
                ..norm_history(row)
            }
        );
    }
    commit(tx).await;
    let mut tx = read(store).await;
    let first = tx.history_of_ticket(1).await.unwrap();
    assert_eq!(ids_of(&first, |h| h.id), vec![1, 3, 4]);
    let expected: Vec<HistoryEntry> = [(1, &created), (3, &state), (4, &tag)]
        .into_iter()
        .map(|(id, h)| HistoryEntry {
            id,
            ..norm_history(h)
        })
        .collect();
    assert_eq!(first.iter().map(norm_history).collect::<Vec<_>>(), expected);
    let second = tx.history_of_ticket(2).await.unwrap();
    assert_eq!(
        second.iter().map(norm_history).collect::<Vec<_>>(),
        vec![HistoryEntry {
            id: 2,
            ..norm_history(&article)
        }]
    );
    assert!(tx.history_of_ticket(3).await.unwrap().is_empty());
}

/// `insert_histories` stores every entry in order, with ids counting on from the others, and
/// nothing for an empty list.
pub async fn histories_inserted_together_keep_their_order(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "one")).await;
    let first = sample_history(1, "title");
    let mut tx = write(store).await;
    tx.insert_history(&first).await.unwrap();
    tx.insert_histories(&[]).await.unwrap();
    let more = [sample_history(1, "state"), sample_history(1, "priority")];
    tx.insert_histories(&more).await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    let stored = tx.history_of_ticket(1).await.unwrap();
    assert_eq!(ids_of(&stored, |h| h.id), vec![1, 2, 3]);
    let expected: Vec<HistoryEntry> = [&first, &more[0], &more[1]]
        .into_iter()
        .enumerate()
        .map(|(i, h)| HistoryEntry {
            id: i as i64 + 1,
            ..norm_history(h)
        })
        .collect();
    assert_eq!(
        stored.iter().map(norm_history).collect::<Vec<_>>(),
        expected
    );
}
