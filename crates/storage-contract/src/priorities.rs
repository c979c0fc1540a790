//! Ticket priorities: round trips, ids, updates, deletes, uniqueness and references.

use helpdesk_domain::Priority;
use helpdesk_storage::Store;

use crate::fixtures::{
    add_admin, add_priority, assert_missing_in_write, assert_name_taken, at, committed, ids_of,
    norm_priority, read, sample_priority, write,
};

/// Every field of inserted priorities reads back, listed by id.
pub async fn priority_round_trip(store: &dyn Store) {
    add_admin(store).await;
    let mut high = sample_priority("3 high");
    high.id = 30;
    let stored = add_priority(store, high).await;
    let expected = Priority {
        id: 1,
        ..norm_priority(&sample_priority("3 high"))
    };
    assert_eq!(norm_priority(&stored), expected);
    let bare = Priority {
        default_create: false,
        ui_icon: None,
        ui_color: None,
        note: String::new(),
        active: false,
        ..sample_priority("1 low")
    };
    add_priority(store, bare.clone()).await;
    let mut tx = read(store).await;
    let priorities = tx.priorities().await.unwrap();
    assert_eq!(ids_of(&priorities, |p| p.id), vec![1, 2]);
    assert_eq!(norm_priority(&priorities[0]), expected);
    assert_eq!(
        norm_priority(&priorities[1]),
        Priority {
            id: 2,
            ..norm_priority(&bare)
        }
    );
}

/// Priority ids count up and the highest is not reused after a delete.
pub async fn priority_ids_are_not_reused(store: &dyn Store) {
    add_admin(store).await;
    for name in ["a", "b", "c"] {
        add_priority(store, sample_priority(name)).await;
    }
    committed(store, async |tx| tx.delete_priority(3).await.unwrap()).await;
    assert_eq!(add_priority(store, sample_priority("d")).await.id, 4);
    let mut tx = read(store).await;
    assert_eq!(
        ids_of(&tx.priorities().await.unwrap(), |p| p.id),
        vec![1, 2, 4]
    );
}

/// An update replaces every field; unknown ids answer `Missing`; nothing refers to a
/// priority yet.
pub async fn priority_update_delete_and_references(store: &dyn Store) {
    add_admin(store).await;
    let stored = add_priority(store, sample_priority("2 normal")).await;
    let mut changed = Priority {
        name: "2 NORMAL".into(),
        default_create: false,
        ui_icon: None,
        ui_color: Some("low-priority".into()),
        note: "changed".into(),
        active: false,
        ..stored.clone()
    };
    changed.meta.updated_at = at(5_000);
    committed(store, async |tx| {
        tx.update_priority(&changed).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert_eq!(
        norm_priority(&tx.priorities().await.unwrap()[0]),
        norm_priority(&changed)
    );
    assert_eq!(tx.priority_reference_count(stored.id).await.unwrap(), 0);
    drop(tx);
    assert_missing_in_write(store, async |tx| {
        tx.update_priority(&Priority {
            id: 9,
            ..changed.clone()
        })
        .await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_priority(9).await).await;
    committed(store, async |tx| {
        tx.delete_priority(stored.id).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert!(tx.priorities().await.unwrap().is_empty());
}

/// A priority name taken in any letter case is refused on insert and update.
pub async fn duplicate_priority_name_conflicts(store: &dyn Store) {
    add_admin(store).await;
    add_priority(store, sample_priority("high")).await;
    let low = add_priority(store, sample_priority("low")).await;
    let mut tx = write(store).await;
    assert_name_taken(tx.insert_priority(&sample_priority("HIGH")).await, "HIGH");
    drop(tx);
    let mut tx = write(store).await;
    let renamed = Priority {
        name: "High".into(),
        ..low.clone()
    };
    assert_name_taken(tx.update_priority(&renamed).await, "High");
    drop(tx);
    let mut tx = read(store).await;
    let priorities = tx.priorities().await.unwrap();
    assert_eq!(priorities.len(), 2);
    assert_eq!(priorities[1].name, "low");
}
