//! Password-reset tokens (round trip, lookup by hash, deletion per user and with their user)
//! and the unknown-login failure count.

use helpdesk_domain::PasswordReset;
use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_storage::Store;

use crate::fixtures::{add_admin, add_user, at, commit, read, sample_user, write};

fn sample_reset(user_id: i64, hash: &str) -> PasswordReset {
    PasswordReset {
        id: 0,
        user_id,
        token_hash: hash.into(),
        expires_at: at(90_000),
        created_at: at(10_000),
    }
}

/// `reset` with its times at the millisecond precision stores keep.
fn norm(reset: PasswordReset) -> PasswordReset {
    PasswordReset {
        expires_at: truncate_to_millis(reset.expires_at),
        created_at: truncate_to_millis(reset.created_at),
        ..reset
    }
}

/// An inserted token reads back by hash with the id the store gave it; unknown hashes are
/// `None`.
pub async fn password_reset_round_trip(store: &dyn Store) {
    add_admin(store).await;
    let mut tx = write(store).await;
    let mut given = sample_reset(1, "aaaa");
    given.id = 77;
    let first = tx.insert_password_reset(&given).await.unwrap();
    let second = tx
        .insert_password_reset(&sample_reset(1, "bbbb"))
        .await
        .unwrap();
    commit(tx).await;
    assert!(first.id > 0 && second.id > first.id);
    let mut tx = read(store).await;
    let read_back = norm(tx.password_reset_by_hash("aaaa").await.unwrap().unwrap());
    assert_eq!(
        read_back,
        norm(PasswordReset {
            id: first.id,
            ..sample_reset(1, "aaaa")
        })
    );
    assert!(!read_back.is_expired(at(89_999)));
    assert!(read_back.is_expired(at(90_000)));
    assert!(tx.password_reset_by_hash("cccc").await.unwrap().is_none());
}

/// Deleting a user's tokens removes exactly theirs and counts them; deleting the user
/// removes its tokens too; a rollback keeps them.
pub async fn password_resets_are_deleted_per_user_and_with_the_user(store: &dyn Store) {
    add_admin(store).await;
    let bob = add_user(store, sample_user("bob")).await;
    let carl = add_user(store, sample_user("carl")).await;
    let mut tx = write(store).await;
    tx.insert_password_reset(&sample_reset(bob.id, "b1"))
        .await
        .unwrap();
    tx.insert_password_reset(&sample_reset(bob.id, "b2"))
        .await
        .unwrap();
    tx.insert_password_reset(&sample_reset(carl.id, "c1"))
        .await
        .unwrap();
    tx.insert_password_reset(&sample_reset(1, "a1"))
        .await
        .unwrap();
    commit(tx).await;

    let mut tx = write(store).await;
    assert_eq!(tx.delete_password_resets_of_user(bob.id).await.unwrap(), 2);
    drop(tx);
    let mut tx = read(store).await;
    assert!(
        tx.password_reset_by_hash("b1").await.unwrap().is_some(),
        "rolled back"
    );
    drop(tx);

    let mut tx = write(store).await;
    assert_eq!(tx.delete_password_resets_of_user(bob.id).await.unwrap(), 2);
    assert_eq!(tx.delete_password_resets_of_user(bob.id).await.unwrap(), 0);
    tx.delete_user(carl.id).await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    for gone in ["b1", "b2", "c1"] {
        assert!(
            tx.password_reset_by_hash(gone).await.unwrap().is_none(),
            "{gone}"
        );
    }
    assert!(tx.password_reset_by_hash("a1").await.unwrap().is_some());
}

/// The unknown-login count starts at zero, counts up by one per call and keeps only
/// committed increments.
pub async fn unknown_login_failed_counts_committed_failures(store: &dyn Store) {
    let mut tx = write(store).await;
    assert_eq!(tx.increment_unknown_login_failed().await.unwrap(), 1);
    assert_eq!(tx.increment_unknown_login_failed().await.unwrap(), 2);
    commit(tx).await;
    let mut tx = write(store).await;
    assert_eq!(tx.increment_unknown_login_failed().await.unwrap(), 3);
    drop(tx);
    let mut tx = write(store).await;
    assert_eq!(tx.increment_unknown_login_failed().await.unwrap(), 3);
    commit(tx).await;
}
