//! Custom values: set, replace, remove by `null`, batch reads, per-object separation, and
//! removal with their record.

use helpdesk_domain::{Id, ObjectKind};
use helpdesk_storage::Store;
use serde_json::{Value, json};

use crate::attributes::{as_map, set_values, values_of};
use crate::fixtures::{
    add_group, add_organization, add_ticket, add_ticket_basics, add_user, commit, read,
    sample_group, sample_organization, sample_ticket, sample_user, write,
};

fn row(id: Id, name: &str, value: Value) -> (Id, String, Value) {
    (id, name.to_string(), value)
}

/// Each entry replaces that field's value and `null` removes it; fields not named stay;
/// every JSON type reads back as written.
pub async fn custom_values_set_replace_and_remove(store: &dyn Store) {
    let object = ObjectKind::Ticket;
    set_values(
        store,
        object,
        1,
        json!({
            "text": "Grüße – «x»",
            "list": ["a", "B"],
            "number": 42,
            "flag": false,
            "tree": {"nested": [1, 2.5, null]},
        }),
    )
    .await;
    set_values(store, object, 2, json!({"text": "other"})).await;
    let mut tx = read(store).await;
    assert_eq!(
        values_of(&mut *tx, object, &[1]).await,
        vec![
            row(1, "flag", json!(false)),
            row(1, "list", json!(["a", "B"])),
            row(1, "number", json!(42)),
            row(1, "text", json!("Grüße – «x»")),
            row(1, "tree", json!({"nested": [1, 2.5, null]})),
        ]
    );
    drop(tx);
    set_values(
        store,
        object,
        1,
        json!({"text": "new", "list": null, "tree": null, "absent": null, "added": true}),
    )
    .await;
    set_values(store, object, 3, json!({})).await;
    let mut tx = read(store).await;
    assert_eq!(
        values_of(&mut *tx, object, &[1, 2, 3]).await,
        vec![
            row(1, "added", json!(true)),
            row(1, "flag", json!(false)),
            row(1, "number", json!(42)),
            row(1, "text", json!("new")),
            row(2, "text", json!("other")),
        ]
    );
}

/// A batch read answers the values of exactly the records asked for; no ids, or ids without
/// values, answer nothing; the same id of another object is another record.
pub async fn custom_values_batch_read_by_object_and_ids(store: &dyn Store) {
    for id in 1..=4 {
        set_values(store, ObjectKind::User, id, json!({"n": id, "m": "x"})).await;
    }
    set_values(store, ObjectKind::Organization, 2, json!({"n": "org"})).await;
    let mut tx = read(store).await;
    assert_eq!(
        values_of(&mut *tx, ObjectKind::User, &[4, 2, 9]).await,
        vec![
            row(2, "m", json!("x")),
            row(2, "n", json!(2)),
            row(4, "m", json!("x")),
            row(4, "n", json!(4)),
        ]
    );
    assert!(values_of(&mut *tx, ObjectKind::User, &[]).await.is_empty());
    assert!(values_of(&mut *tx, ObjectKind::User, &[5]).await.is_empty());
    assert_eq!(
        values_of(&mut *tx, ObjectKind::Organization, &[1, 2, 3]).await,
        vec![row(2, "n", json!("org"))]
    );
    assert!(
        values_of(&mut *tx, ObjectKind::Group, &[2])
            .await
            .is_empty()
    );
    assert!(
        values_of(&mut *tx, ObjectKind::Ticket, &[2])
            .await
            .is_empty()
    );
}

/// Changes within one transaction are visible to it before commit; a read transaction may
/// not set values.
pub async fn custom_values_read_their_own_writes(store: &dyn Store) {
    let mut tx = write(store).await;
    tx.set_custom_values(ObjectKind::Group, 1, &as_map(json!({"a": 1})))
        .await
        .unwrap();
    tx.set_custom_values(ObjectKind::Group, 1, &as_map(json!({"a": 2, "b": 3})))
        .await
        .unwrap();
    assert_eq!(
        values_of(&mut *tx, ObjectKind::Group, &[1]).await,
        vec![row(1, "a", json!(2)), row(1, "b", json!(3))]
    );
    commit(tx).await;
    let mut tx = read(store).await;
    assert_eq!(values_of(&mut *tx, ObjectKind::Group, &[1]).await.len(), 2);
}

/// Deleting a user, ticket, organization or group removes its values and no others.
pub async fn deleting_a_record_removes_its_values(store: &dyn Store) {
    add_ticket_basics(store).await;
    let bob = add_user(store, sample_user("bob")).await;
    let sales = add_group(store, sample_group("Sales")).await;
    let acme = add_organization(store, sample_organization("Acme")).await;
    let globex = add_organization(store, sample_organization("Globex")).await;
    let first = add_ticket(store, sample_ticket("1001", "first")).await;
    let second = add_ticket(store, sample_ticket("1002", "second")).await;
    let records = [
        (ObjectKind::User, 1, bob.id),
        (ObjectKind::Group, 1, sales.id),
        (ObjectKind::Organization, acme.id, globex.id),
        (ObjectKind::Ticket, first.id, second.id),
    ];
    for (object, kept, gone) in records {
        set_values(store, object, kept, json!({"f": "kept", "g": [1]})).await;
        set_values(store, object, gone, json!({"f": "gone", "g": [2]})).await;
    }
    let mut tx = write(store).await;
    tx.delete_user(bob.id).await.unwrap();
    tx.delete_group(sales.id).await.unwrap();
    tx.delete_organization(globex.id).await.unwrap();
    tx.delete_ticket(second.id).await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    for (object, kept, gone) in records {
        assert_eq!(
            values_of(&mut *tx, object, &[kept, gone]).await,
            vec![row(kept, "f", json!("kept")), row(kept, "g", json!([1]))],
            "{object}"
        );
    }
    drop(tx);
    // A new record never inherits values (ids are not reused).
    let carl = add_user(store, sample_user("carl")).await;
    let mut tx = read(store).await;
    assert!(
        values_of(&mut *tx, ObjectKind::User, &[carl.id])
            .await
            .is_empty()
    );
}
