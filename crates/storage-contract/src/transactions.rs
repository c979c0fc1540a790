//! Transactions: rollback on drop, visibility on commit, isolation of readers.

use helpdesk_storage::Store;

use crate::fixtures::{read, sample_user, write};

/// Writes of a transaction dropped without commit are not visible afterwards.
pub async fn dropping_a_transaction_rolls_back(store: &dyn Store) {
    let mut tx = write(store).await;
    tx.insert_user(&sample_user("ghost")).await.unwrap();
    drop(tx);
    let mut tx = read(store).await;
    assert!(tx.user(1).await.unwrap().is_none());
    assert!(tx.user_by_login("ghost").await.unwrap().is_none());
}
