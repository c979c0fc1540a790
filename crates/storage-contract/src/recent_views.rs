//! Recent views: one entry per user and ticket moved by each view, newest first, limited,
//! naming a ticket and a user that exist, removed with either.

use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_storage::{Conflict, Store};

use crate::fixtures::{add_user, assert_conflict, at, committed, read, sample_user, write};
use crate::links::three_tickets;

/// Three tickets (1 to 3) and the users admin (1) and bob (2).
async fn tickets_and_users(store: &dyn Store) {
    three_tickets(store).await;
    add_user(store, sample_user("bob")).await;
}

/// `(user, ticket, ms)` views, each in its own committed transaction.
async fn view(store: &dyn Store, views: &[(i64, i64, i64)]) {
    for &(user, ticket, ms) in views {
        committed(store, async |tx| {
            tx.log_recent_view(user, ticket, at(ms)).await.unwrap()
        })
        .await;
    }
}

/// The tickets of `user`'s `limit` latest views, newest first.
async fn viewed(store: &dyn Store, user: i64, limit: u64) -> Vec<i64> {
    let mut tx = read(store).await;
    let views = tx.recent_views(user, limit).await.unwrap();
    views.iter().map(|v| v.ticket_id).collect()
}

/// A user's views newest first, one entry per ticket moved by a later view (of two at the
/// same time the later first), limited; another user's views stay apart.
pub async fn recent_views_move_to_the_front_and_are_limited(store: &dyn Store) {
    tickets_and_users(store).await;
    view(
        store,
        &[(2, 1, 1_000), (2, 2, 2_000), (2, 3, 3_000), (1, 3, 4_000)],
    )
    .await;
    view(store, &[(2, 1, 5_000)]).await;
    let mut tx = read(store).await;
    let views = tx.recent_views(2, 10).await.unwrap();
    assert!(views.iter().all(|v| v.user_id == 2));
    assert_eq!(
        truncate_to_millis(views[0].viewed_at),
        truncate_to_millis(at(5_000))
    );
    drop(tx);
    assert_eq!(viewed(store, 2, 10).await, vec![1, 3, 2]);
    assert_eq!(viewed(store, 2, 2).await, vec![1, 3]);
    assert_eq!(viewed(store, 1, 10).await, vec![3]);
    // Of two views at the same time, the later comes first.
    view(store, &[(2, 2, 5_000)]).await;
    assert_eq!(viewed(store, 2, 10).await, vec![2, 1, 3]);
}

/// A view of a ticket or by a user that does not exist is a missing reference; deleting a
/// ticket removes its views, and views keep no user from being deleted.
pub async fn recent_views_name_what_exists_and_go_with_it(store: &dyn Store) {
    tickets_and_users(store).await;
    for (user, ticket) in [(2, 99), (99, 1)] {
        let mut tx = write(store).await;
        assert_conflict(
            tx.log_recent_view(user, ticket, at(1_000)).await,
            Conflict::MissingReference {
                record: "recent view",
            },
            "the recent view refers to a record that no longer exists",
        );
    }
    view(store, &[(2, 1, 1_000), (2, 2, 2_000)]).await;
    let mut tx = read(store).await;
    assert_eq!(tx.user_reference_count(2).await.unwrap(), 0);
    drop(tx);
    committed(store, async |tx| tx.delete_ticket(1).await.unwrap()).await;
    assert_eq!(viewed(store, 2, 10).await, vec![2]);
    committed(store, async |tx| tx.delete_user(2).await.unwrap()).await;
    assert!(viewed(store, 2, 10).await.is_empty());
}
