//! Ticket states: round trips, ids, updates, deletes, uniqueness and references.

use helpdesk_domain::{State, StateType};
use helpdesk_storage::Store;

use crate::fixtures::{
    add_admin, add_state, assert_missing_in_write, assert_name_taken, at, committed, ids_of,
    norm_state, read, sample_state, write,
};

/// Every field of inserted states reads back, listed by id.
pub async fn state_round_trip(store: &dyn Store) {
    add_admin(store).await;
    let mut open = sample_state("open");
    open.id = 40;
    let stored = add_state(store, open).await;
    assert_eq!(
        norm_state(&stored),
        State {
            id: 1,
            ..norm_state(&sample_state("open"))
        }
    );
    let pending = State {
        state_type_id: StateType::PendingReminder.id(),
        next_state_id: Some(1),
        ignore_escalation: false,
        default_create: true,
        default_follow_up: false,
        note: String::new(),
        active: false,
        ..sample_state("pending reminder")
    };
    add_state(store, pending.clone()).await;
    let mut tx = read(store).await;
    let states = tx.states().await.unwrap();
    assert_eq!(ids_of(&states, |s| s.id), vec![1, 2]);
    assert_eq!(
        norm_state(&states[0]),
        State {
            id: 1,
            ..norm_state(&sample_state("open"))
        }
    );
    assert_eq!(
        norm_state(&states[1]),
        State {
            id: 2,
            ..norm_state(&pending)
        }
    );
}

/// State ids count up and the highest is not reused after a delete.
pub async fn state_ids_are_not_reused(store: &dyn Store) {
    add_admin(store).await;
    for name in ["a", "b", "c"] {
        add_state(store, sample_state(name)).await;
    }
    committed(store, async |tx| tx.delete_state(3).await.unwrap()).await;
    assert_eq!(add_state(store, sample_state("d")).await.id, 4);
    let mut tx = read(store).await;
    assert_eq!(ids_of(&tx.states().await.unwrap(), |s| s.id), vec![1, 2, 4]);
}

/// An update replaces every field; unknown ids answer `Missing`.
pub async fn state_update_and_delete(store: &dyn Store) {
    add_admin(store).await;
    add_state(store, sample_state("new")).await;
    let stored = add_state(store, sample_state("open")).await;
    let mut changed = State {
        state_type_id: StateType::Closed.id(),
        name: "OPEN".into(),
        next_state_id: Some(1),
        ignore_escalation: false,
        default_create: true,
        default_follow_up: false,
        note: "changed".into(),
        active: false,
        ..stored.clone()
    };
    changed.meta.updated_at = at(5_000);
    committed(store, async |tx| tx.update_state(&changed).await.unwrap()).await;
    let mut tx = read(store).await;
    assert_eq!(
        norm_state(&tx.states().await.unwrap()[1]),
        norm_state(&changed)
    );
    drop(tx);
    assert_missing_in_write(store, async |tx| {
        tx.update_state(&State {
            id: 9,
            ..changed.clone()
        })
        .await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_state(9).await).await;
    committed(store, async |tx| tx.delete_state(stored.id).await.unwrap()).await;
    let mut tx = read(store).await;
    assert_eq!(ids_of(&tx.states().await.unwrap(), |s| s.id), vec![1]);
}

/// A state name taken in any letter case is refused on insert and update.
pub async fn duplicate_state_name_conflicts(store: &dyn Store) {
    add_admin(store).await;
    add_state(store, sample_state("open")).await;
    let closed = add_state(store, sample_state("closed")).await;
    let mut tx = write(store).await;
    assert_name_taken(tx.insert_state(&sample_state("Open")).await, "Open");
    drop(tx);
    let mut tx = write(store).await;
    assert_name_taken(
        tx.update_state(&State {
            name: "OPEN".into(),
            ..closed.clone()
        })
        .await,
        "OPEN",
    );
    drop(tx);
    let mut tx = read(store).await;
    let states = tx.states().await.unwrap();
    assert_eq!(states.len(), 2);
    assert_eq!(states[1].name, "closed");
}

/// A state's references are the other states that move to it.
pub async fn state_reference_count_counts_next_states(store: &dyn Store) {
    add_admin(store).await;
    let first = add_state(store, sample_state("s1")).await;
    add_state(
        store,
        State {
            next_state_id: Some(1),
            ..sample_state("s2")
        },
    )
    .await;
    add_state(
        store,
        State {
            next_state_id: Some(1),
            ..sample_state("s3")
        },
    )
    .await;
    add_state(
        store,
        State {
            next_state_id: Some(2),
            ..sample_state("s4")
        },
    )
    .await;
    committed(store, async |tx| {
        tx.update_state(&State {
            next_state_id: Some(1),
            ..first
        })
        .await
        .unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.state_reference_count(1).await.unwrap(),
        2,
        "its own next state is no reference"
    );
    assert_eq!(tx.state_reference_count(2).await.unwrap(), 1);
    assert_eq!(tx.state_reference_count(4).await.unwrap(), 0);
}
