//! Access tokens: round trips, lookups, touch, delete, and deletion with their user.

use helpdesk_domain::AccessToken;
use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_storage::Store;

use crate::fixtures::{
    add_admin, add_token, add_user, assert_missing_in_write, at, committed, ids_of, norm_token,
    read, sample_token, sample_user,
};

/// Every field of an inserted token reads back by id and by hash.
pub async fn token_round_trip(store: &dyn Store) {
    add_admin(store).await;
    let mut token = sample_token(1, "aaaa");
    token.id = 88;
    let stored = add_token(store, token).await;
    let expected = AccessToken {
        id: 1,
        ..norm_token(&sample_token(1, "aaaa"))
    };
    assert_eq!(norm_token(&stored), expected);
    let bare = AccessToken {
        permissions: vec![],
        expires_at: None,
        last_used_at: None,
        ..sample_token(1, "bbbb")
    };
    add_token(store, bare.clone()).await;
    let mut tx = read(store).await;
    assert_eq!(norm_token(&tx.token(1).await.unwrap().unwrap()), expected);
    assert_eq!(
        norm_token(&tx.token_by_hash("aaaa").await.unwrap().unwrap()),
        expected
    );
    let read_back = tx.token_by_hash("bbbb").await.unwrap().unwrap();
    assert_eq!(
        norm_token(&read_back),
        AccessToken {
            id: 2,
            ..norm_token(&bare)
        }
    );
    assert!(tx.token(3).await.unwrap().is_none());
    assert!(tx.token_by_hash("cccc").await.unwrap().is_none());
}

/// A user's tokens list by id and only theirs.
pub async fn tokens_of_user_by_id(store: &dyn Store) {
    add_admin(store).await;
    let bob = add_user(store, sample_user("bob")).await;
    add_token(store, sample_token(bob.id, "b1")).await;
    add_token(store, sample_token(1, "a1")).await;
    add_token(store, sample_token(bob.id, "b2")).await;
    let mut tx = read(store).await;
    assert_eq!(
        ids_of(&tx.tokens_of_user(bob.id).await.unwrap(), |t| t.id),
        vec![1, 3]
    );
    assert_eq!(
        ids_of(&tx.tokens_of_user(1).await.unwrap(), |t| t.id),
        vec![2]
    );
    assert!(tx.tokens_of_user(99).await.unwrap().is_empty());
}

/// Touching sets `last_used_at` only; deleting removes the token; unknown ids are `Missing`.
pub async fn token_touch_and_delete(store: &dyn Store) {
    add_admin(store).await;
    let token = add_token(store, sample_token(1, "aaaa")).await;
    let other = add_token(store, sample_token(1, "bbbb")).await;
    committed(store, async |tx| {
        tx.touch_token(token.id, at(60_000)).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    let touched = tx.token(token.id).await.unwrap().unwrap();
    assert_eq!(
        touched.last_used_at.map(truncate_to_millis),
        Some(truncate_to_millis(at(60_000)))
    );
    let expected = AccessToken {
        last_used_at: Some(at(60_000)),
        ..token.clone()
    };
    assert_eq!(norm_token(&touched), norm_token(&expected));
    drop(tx);
    assert_missing_in_write(store, async |tx| tx.touch_token(9, at(0)).await).await;
    assert_missing_in_write(store, async |tx| tx.delete_token(9).await).await;
    committed(store, async |tx| tx.delete_token(token.id).await.unwrap()).await;
    let mut tx = read(store).await;
    assert!(tx.token(token.id).await.unwrap().is_none());
    assert!(tx.token_by_hash("aaaa").await.unwrap().is_none());
    assert_eq!(
        ids_of(&tx.tokens_of_user(1).await.unwrap(), |t| t.id),
        vec![other.id]
    );
}

/// Deleting a user deletes its tokens and no one else's.
pub async fn tokens_go_with_their_user(store: &dyn Store) {
    add_admin(store).await;
    let bob = add_user(store, sample_user("bob")).await;
    add_token(store, sample_token(bob.id, "b1")).await;
    add_token(store, sample_token(bob.id, "b2")).await;
    let kept = add_token(store, sample_token(1, "a1")).await;
    committed(store, async |tx| tx.delete_user(bob.id).await.unwrap()).await;
    let mut tx = read(store).await;
    assert!(tx.tokens_of_user(bob.id).await.unwrap().is_empty());
    assert!(tx.token_by_hash("b1").await.unwrap().is_none());
    assert!(tx.token(1).await.unwrap().is_none());
    assert_eq!(
        tx.token(kept.id).await.unwrap().map(|t| t.id),
        Some(kept.id)
    );
}
