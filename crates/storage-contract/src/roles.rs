//! Roles: round trips, ids, updates and name uniqueness.

use helpdesk_domain::Role;
use helpdesk_storage::Store;

use crate::fixtures::{
    add_admin, add_role, assert_missing_in_write, assert_name_taken, at, committed, ids_of,
    norm_role, read, sample_role, write,
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
    let customer = add_role(store, sample_role("Customer")).await;
    let mut tx = write(store).await;
    assert_name_taken(tx.insert_role(&sample_role("aGENT")).await, "aGENT");
    drop(tx);
    let mut tx = write(store).await;
    let renamed = Role {
        name: "AGENT".into(),
        ..customer.clone()
    };
    assert_name_taken(tx.update_role(&renamed).await, "AGENT");
    drop(tx);
    let mut tx = read(store).await;
    let roles = tx.roles().await.unwrap();
    assert_eq!(roles.len(), 2);
    assert_eq!(roles[1].name, "Customer");
}

/// An update replaces every field of the role (its own name in another case included); a
/// role that does not exist is `Missing`.
pub async fn role_update_replaces_every_field(store: &dyn Store) {
    add_admin(store).await;
    let stored = add_role(store, sample_role("Agent")).await;
    let mut changed = Role {
        name: "AGENT".into(),
        permissions: vec!["ticket.customer".into(), "report".into()],
        default_at_signup: !stored.default_at_signup,
        active: !stored.active,
        note: "changed".into(),
        ..stored.clone()
    };
    changed.meta.updated_at = at(5_000);
    changed.meta.updated_by_id = 1;
    committed(store, async |tx| tx.update_role(&changed).await.unwrap()).await;
    let mut tx = read(store).await;
    assert_eq!(
        norm_role(&tx.roles().await.unwrap()[0]),
        norm_role(&changed)
    );
    drop(tx);
    assert_missing_in_write(store, async |tx| {
        tx.update_role(&Role {
            id: 9,
            ..changed.clone()
        })
        .await
    })
    .await;
}
