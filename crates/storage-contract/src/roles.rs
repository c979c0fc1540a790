//! Roles: round trips, ids and name uniqueness.

use helpdesk_domain::Role;
use helpdesk_storage::Store;

use crate::fixtures::{
    add_admin, add_role, assert_name_taken, ids_of, norm_role, read, sample_role, write,
};

/// Every field of an inserted role reads back; roles list by id.
pub async fn role_round_trip_and_ids(store: &dyn Store) {
    add_admin(store).await;
    let mut agent = sample_role("Agent");
    agent.id = 77;
    let stored = add_role(store, agent).await;
    assert_eq!(stored.id, 1);
    assert_eq!(
        norm_role(&stored),
        Role {
            id: 1,
            ..norm_role(&sample_role("Agent"))
        }
    );
    let customer = Role {
        permissions: vec![],
        default_at_signup: false,
        active: false,
        note: String::new(),
        ..sample_role("Customer")
    };
    add_role(store, customer.clone()).await;
    add_role(store, sample_role("Admin")).await;
    let mut tx = read(store).await;
    let roles = tx.roles().await.unwrap();
    assert_eq!(ids_of(&roles, |r| r.id), vec![1, 2, 3]);
    assert_eq!(
        norm_role(&roles[0]),
        Role {
            id: 1,
            ..norm_role(&sample_role("Agent"))
        }
    );
    assert_eq!(
        norm_role(&roles[1]),
        Role {
            id: 2,
            ..norm_role(&customer)
        }
    );
}

/// A role name taken in any letter case is refused and nothing is written.
pub async fn duplicate_role_name_conflicts(store: &dyn Store) {
    add_admin(store).await;
    add_role(store, sample_role("Agent")).await;
    let mut tx = write(store).await;
    assert_name_taken(tx.insert_role(&sample_role("aGENT")).await, "aGENT");
    drop(tx);
    let mut tx = read(store).await;
    assert_eq!(tx.roles().await.unwrap().len(), 1);
}
