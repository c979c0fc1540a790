//! Users: round trips, ids, updates, uniqueness, lookups, lists, login counters, references.

use helpdesk_domain::User;
use helpdesk_storage::Store;

use crate::fixtures::{add_user, commit, norm_user, read, sample_user, write};

/// Every field of an inserted user reads back unchanged (timestamps at ms precision).
pub async fn user_round_trip_keeps_every_field(store: &dyn Store) {
    let mut user = sample_user("ann");
    user.id = 999;
    let mut tx = write(store).await;
    let stored = tx.insert_user(&user).await.unwrap();
    commit(tx).await;
    assert_eq!(
        stored.id, 1,
        "the store assigns ids from 1, ignoring the given one"
    );
    let expected = User {
        id: 1,
        ..norm_user(&sample_user("ann"))
    };
    assert_eq!(norm_user(&stored), expected);
    let mut tx = read(store).await;
    let read_back = tx.user(1).await.unwrap().expect("user 1 exists");
    assert_eq!(norm_user(&read_back), expected);
}

/// Ids count up from 1 and the highest id is not reused after it is deleted.
pub async fn user_ids_increase_and_are_not_reused(store: &dyn Store) {
    let a = add_user(store, sample_user("a")).await;
    let b = add_user(store, sample_user("b")).await;
    let c = add_user(store, sample_user("c")).await;
    assert_eq!((a.id, b.id, c.id), (1, 2, 3));
    let mut tx = write(store).await;
    tx.delete_user(3).await.unwrap();
    commit(tx).await;
    let d = add_user(store, sample_user("d")).await;
    assert_eq!(d.id, 4);
    let mut tx = read(store).await;
    assert!(tx.user(3).await.unwrap().is_none());
}
