//! Online notifications: round trips, a user's newest first, updates, deletes and marking
//! them seen by user and by ticket.

use helpdesk_domain::{Id, NotificationType, OnlineNotification};
use helpdesk_storage::Store;

use crate::fixtures::{
    add_ticket, add_ticket_basics, add_user, assert_missing, at, commit, committed, ids_of,
    meta_by, norm_notification, read, sample_notification, sample_ticket, sample_user, write,
};

/// The basics, user `bob` (2) and tickets 1 and 2.
async fn add_users_and_tickets(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_user(store, sample_user("bob")).await;
    add_ticket(store, sample_ticket("1001", "one")).await;
    add_ticket(store, sample_ticket("1002", "two")).await;
}

/// Inserts notifications for `(user, ticket, seen)` in order, committed.
async fn add_notifications(store: &dyn Store, rows: &[(Id, Id, bool)]) {
    let mut tx = write(store).await;
    for (user, ticket, seen) in rows {
        let mut n = sample_notification(*user, *ticket);
        n.seen = *seen;
        tx.insert_notification(&n).await.unwrap();
    }
    commit(tx).await;
}

/// Every field reads back; the given id is ignored and ids count from 1.
pub async fn notification_round_trip(store: &dyn Store) {
    add_users_and_tickets(store).await;
    let mut created = OnlineNotification {
        id: 30,
        type_lookup_id: NotificationType::Create.id(),
        seen: true,
        meta: meta_by(2),
        ..sample_notification(1, 2)
    };
    created.meta.updated_at = at(4_000);
    let update = sample_notification(2, 1);
    let mut tx = write(store).await;
    let stored = tx.insert_notification(&created).await.unwrap();
    let expected_created = OnlineNotification {
        id: 1,
        ..norm_notification(&created)
    };
    assert_eq!(norm_notification(&stored), expected_created);
    assert_eq!(tx.insert_notification(&update).await.unwrap().id, 2);
    commit(tx).await;
    let mut tx = read(store).await;
    let read_back = tx.notification(1).await.unwrap().expect("first");
    assert_eq!(norm_notification(&read_back), expected_created);
    let read_back = tx.notification(2).await.unwrap().expect("second");
    assert_eq!(
        norm_notification(&read_back),
        OnlineNotification {
            id: 2,
            ..norm_notification(&update)
        }
    );
    assert_eq!(tx.notification(3).await.unwrap(), None);
}

/// A user's notifications come newest first (by id), at most `limit`, never another user's.
pub async fn notifications_of_user_newest_first_and_limited(store: &dyn Store) {
    add_users_and_tickets(store).await;
    add_notifications(
        store,
        &[
            (1, 1, false),
            (2, 1, false),
            (1, 2, true),
            (1, 1, false),
            (2, 2, false),
        ],
    )
    .await;
    let mut tx = read(store).await;
    for (user, limit, expected) in [
        (1, 10, vec![4, 3, 1]),
        (1, 2, vec![4, 3]),
        (1, 0, vec![]),
        (2, 10, vec![5, 2]),
        (3, 10, vec![]),
    ] {
        let found = tx.notifications_of_user(user, limit).await.unwrap();
        assert_eq!(
            ids_of(&found, |n| n.id),
            expected,
            "user {user} limit {limit}"
        );
    }
}

/// An update replaces the notification; a delete removes only it; unknown ids are `Missing`.
pub async fn notification_update_and_delete(store: &dyn Store) {
    add_users_and_tickets(store).await;
    add_notifications(store, &[(1, 1, false), (1, 2, false)]).await;
    let mut tx = write(store).await;
    let mut changed = tx.notification(1).await.unwrap().unwrap();
    changed.seen = true;
    changed.type_lookup_id = NotificationType::Create.id();
    changed.meta.updated_at = at(9_000);
    changed.meta.updated_by_id = 2;
    tx.update_notification(&changed).await.unwrap();
    assert_missing(
        tx.update_notification(&OnlineNotification {
            id: 99,
            ..changed.clone()
        })
        .await,
    );
    tx.delete_notification(2).await.unwrap();
    assert_missing(tx.delete_notification(2).await);
    assert_missing(tx.delete_notification(99).await);
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(
        norm_notification(&tx.notification(1).await.unwrap().unwrap()),
        norm_notification(&changed)
    );
    assert_eq!(tx.notification(2).await.unwrap(), None);
    let left = tx.notifications_of_user(1, 10).await.unwrap();
    assert_eq!(ids_of(&left, |n| n.id), vec![1]);
}

/// Marking seen by user or by ticket sets `seen` and `updated_at` on the unseen ones it
/// picks; notifications already seen, and those it does not pick, stay as they were.
pub async fn mark_notifications_seen_by_user_and_ticket(store: &dyn Store) {
    add_users_and_tickets(store).await;
    add_notifications(
        store,
        &[
            (1, 1, false),
            (1, 2, false),
            (1, 1, true),
            (2, 1, false),
            (2, 2, false),
        ],
    )
    .await;
    committed(store, async |tx| {
        tx.mark_notifications_seen_for_user(1, at(50_000))
            .await
            .unwrap()
    })
    .await;
    committed(store, async |tx| {
        tx.mark_notifications_seen_for_ticket(1, at(60_000))
            .await
            .unwrap()
    })
    .await;
    let mut tx = read(store).await;
    let expected: [(Id, Id, Id, bool, i64); 5] = [
        (1, 1, 1, true, 50_000),
        (2, 1, 2, true, 50_000),
        (3, 1, 1, true, 1_000),
        (4, 2, 1, true, 60_000),
        (5, 2, 2, false, 1_000),
    ];
    for (id, user, ticket, seen, updated) in expected {
        let n = norm_notification(&tx.notification(id).await.unwrap().unwrap());
        let mut want = OnlineNotification {
            id,
            seen,
            ..sample_notification(user, ticket)
        };
        want.meta.updated_at = at(updated);
        let want = norm_notification(&want);
        assert_eq!(n, want, "notification {id}");
    }
}

/// `insert_notifications` stores every notification with every field, ids counting on from
/// the others, and nothing for an empty list.
pub async fn notifications_inserted_together(store: &dyn Store) {
    add_users_and_tickets(store).await;
    add_notifications(store, &[(1, 1, false)]).await;
    let rows = [
        sample_notification(2, 1),
        OnlineNotification {
            seen: true,
            type_lookup_id: NotificationType::Create.id(),
            ..sample_notification(1, 2)
        },
    ];
    let mut tx = write(store).await;
    tx.insert_notifications(&[]).await.unwrap();
    tx.insert_notifications(&rows).await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    for (i, row) in rows.iter().enumerate() {
        let id = i as Id + 2;
        let stored = tx.notification(id).await.unwrap().expect("stored");
        assert_eq!(
            norm_notification(&stored),
            OnlineNotification {
                id,
                ..norm_notification(row)
            }
        );
    }
    assert!(tx.notification(4).await.unwrap().is_none());
}
