//! Object-manager attributes: round trips, order, ids, uniqueness per object, updates, deletes
//! (with the values records hold for them) and rollback.

use helpdesk_domain::meta::from_millis;
use helpdesk_domain::{Id, Meta, ObjectAttribute, ObjectKind};
use helpdesk_storage::{Store, Transaction};
use serde_json::{Map, Value, json};

use crate::fixtures::{
    assert_missing_in_write, assert_name_taken, commit, committed, ids_of, read, write,
};

/// A live `select` attribute of `object` named `name` at `position`, every field set, created
/// by user 1 at whole milliseconds (so it compares exactly on every store).
pub fn sample_attribute(object: ObjectKind, name: &str, position: i64) -> ObjectAttribute {
    ObjectAttribute {
        id: 0,
        object,
        name: name.to_string(),
        display: format!("{name} – label"),
        data_type: "select".to_string(),
        data_option: json!({"options": {"a": "A", "b": "B"}, "null": true, "maxlength": 255}),
        data_type_new: Some("multiselect".to_string()),
        data_option_new: json!({"options": {"a": "A"}, "default": ["a"]}),
        editable: true,
        active: true,
        screens: json!({"create_middle": {"ticket.agent": {"shown": true, "required": false}}}),
        to_create: true,
        to_migrate: false,
        to_delete: true,
        to_config: false,
        position,
        meta: Meta {
            created_at: from_millis(1_700_000_000_000),
            updated_at: from_millis(1_700_000_001_000),
            created_by_id: 1,
            updated_by_id: 2,
        },
    }
}

/// Inserts `attribute` in its own committed transaction and answers the stored attribute.
pub async fn add_attribute(store: &dyn Store, attribute: ObjectAttribute) -> ObjectAttribute {
    let mut tx = write(store).await;
    let stored = tx
        .insert_attribute(&attribute)
        .await
        .expect("insert attribute");
    commit(tx).await;
    stored
}

/// Sets values of one record in its own committed transaction.
pub async fn set_values(store: &dyn Store, object: ObjectKind, id: Id, values: Value) {
    let mut tx = write(store).await;
    tx.set_custom_values(object, id, &as_map(values))
        .await
        .expect("set custom values");
    commit(tx).await;
}

/// The JSON object `values` as a map.
pub fn as_map(values: Value) -> Map<String, Value> {
    match values {
        Value::Object(map) => map,
        other => panic!("expected a JSON object, got {other}"),
    }
}

/// Every custom value of these records, sorted by record id then name.
pub async fn values_of(
    tx: &mut dyn Transaction,
    object: ObjectKind,
    ids: &[Id],
) -> Vec<(Id, String, Value)> {
    let mut values = tx.custom_values(object, ids).await.unwrap();
    values.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    values
}

/// Every field of an inserted attribute reads back by id and in lists; the id passed in is
/// ignored; unset optional fields stay unset.
pub async fn attribute_round_trip_keeps_every_field(store: &dyn Store) {
    let mut first = sample_attribute(ObjectKind::Ticket, "product", 1550);
    first.id = 77;
    let stored = add_attribute(store, first.clone()).await;
    assert_eq!(stored, ObjectAttribute { id: 1, ..first });
    let bare = ObjectAttribute {
        display: String::new(),
        data_type: "input".to_string(),
        data_option: json!({}),
        data_type_new: None,
        data_option_new: json!({}),
        editable: false,
        active: false,
        screens: json!({}),
        to_create: false,
        to_delete: false,
        to_migrate: true,
        to_config: true,
        position: -3,
        ..sample_attribute(ObjectKind::User, "région_ü", 0)
    };
    let bare_stored = add_attribute(store, bare.clone()).await;
    assert_eq!(bare_stored, ObjectAttribute { id: 2, ..bare });
    let mut tx = read(store).await;
    assert_eq!(tx.attribute(1).await.unwrap(), Some(stored.clone()));
    assert_eq!(tx.attribute(2).await.unwrap(), Some(bare_stored.clone()));
    assert_eq!(tx.attribute(3).await.unwrap(), None);
    assert_eq!(
        tx.attributes(Some(ObjectKind::Ticket)).await.unwrap(),
        vec![stored.clone()]
    );
    assert_eq!(
        tx.attributes(None).await.unwrap(),
        vec![bare_stored, stored]
    );
}

/// Lists order by position then id, per object or over all objects; ids count up and are not
/// reused after a delete.
pub async fn attributes_order_by_position_then_id(store: &dyn Store) {
    let specs = [
        (ObjectKind::Ticket, "c", 30),
        (ObjectKind::Ticket, "a", 10),
        (ObjectKind::User, "u", 20),
        (ObjectKind::Ticket, "b", 10),
        (ObjectKind::Group, "g", 5),
        (ObjectKind::Organization, "o", 10),
    ];
    for (object, name, position) in specs {
        add_attribute(store, sample_attribute(object, name, position)).await;
    }
    let mut tx = read(store).await;
    let ids = |list: Vec<ObjectAttribute>| ids_of(&list, |a| a.id);
    assert_eq!(
        ids(tx.attributes(Some(ObjectKind::Ticket)).await.unwrap()),
        vec![2, 4, 1]
    );
    assert_eq!(
        ids(tx.attributes(Some(ObjectKind::User)).await.unwrap()),
        vec![3]
    );
    assert_eq!(
        ids(tx.attributes(None).await.unwrap()),
        vec![5, 2, 4, 6, 3, 1]
    );
    drop(tx);
    committed(store, async |tx| tx.delete_attribute(6).await.unwrap()).await;
    let next = add_attribute(store, sample_attribute(ObjectKind::Ticket, "d", 0)).await;
    assert_eq!(next.id, 7);
}

/// A name is unique per object: a second attribute of that name on the same object (on
/// insert or update) is a conflict naming `name`; the same name on another object is fine.
pub async fn duplicate_attribute_name_conflicts_per_object(store: &dyn Store) {
    add_attribute(store, sample_attribute(ObjectKind::Ticket, "product", 1)).await;
    let other = add_attribute(store, sample_attribute(ObjectKind::Ticket, "region", 2)).await;
    let mut tx = write(store).await;
    assert_name_taken(
        tx.insert_attribute(&sample_attribute(ObjectKind::Ticket, "product", 3))
            .await,
        "product",
    );
    drop(tx);
    let mut tx = write(store).await;
    let renamed = ObjectAttribute {
        name: "product".to_string(),
        ..other.clone()
    };
    assert_name_taken(tx.update_attribute(&renamed).await, "product");
    drop(tx);
    for object in [
        ObjectKind::User,
        ObjectKind::Organization,
        ObjectKind::Group,
    ] {
        add_attribute(store, sample_attribute(object, "product", 1)).await;
    }
    let mut tx = read(store).await;
    assert_eq!(tx.attributes(None).await.unwrap().len(), 5);
    assert_eq!(
        tx.attribute(other.id).await.unwrap().unwrap().name,
        "region"
    );
}

/// An update replaces every field; updating or deleting an unknown id is `Missing`.
pub async fn attribute_update_replaces_every_field(store: &dyn Store) {
    let stored = add_attribute(store, sample_attribute(ObjectKind::Ticket, "product", 1)).await;
    let changed = ObjectAttribute {
        display: "Produkt".to_string(),
        data_type: "multiselect".to_string(),
        data_option: json!({"options": {"x": "X"}, "null": false}),
        data_type_new: None,
        data_option_new: json!({}),
        editable: false,
        active: false,
        screens: json!({"edit": {}}),
        to_create: false,
        to_migrate: true,
        to_delete: false,
        to_config: true,
        position: 9_000,
        meta: Meta {
            updated_at: from_millis(1_700_000_009_000),
            updated_by_id: 5,
            ..stored.meta
        },
        ..stored.clone()
    };
    committed(store, async |tx| {
        tx.update_attribute(&changed).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.attribute(stored.id).await.unwrap(),
        Some(changed.clone())
    );
    drop(tx);
    assert_missing_in_write(store, async |tx| {
        tx.update_attribute(&ObjectAttribute {
            id: 9,
            ..changed.clone()
        })
        .await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_attribute(9).await).await;
}

/// Deleting an attribute removes it and the values of that name on that object only.
pub async fn delete_attribute_removes_its_values(store: &dyn Store) {
    let product = add_attribute(store, sample_attribute(ObjectKind::Ticket, "product", 1)).await;
    add_attribute(store, sample_attribute(ObjectKind::User, "product", 1)).await;
    set_values(
        store,
        ObjectKind::Ticket,
        1,
        json!({"product": "a", "region": "north"}),
    )
    .await;
    set_values(store, ObjectKind::Ticket, 2, json!({"product": "b"})).await;
    set_values(store, ObjectKind::User, 1, json!({"product": "a"})).await;
    committed(store, async |tx| {
        tx.delete_attribute(product.id).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert_eq!(tx.attribute(product.id).await.unwrap(), None);
    assert_eq!(
        values_of(&mut *tx, ObjectKind::Ticket, &[1, 2]).await,
        vec![(1, "region".to_string(), json!("north"))]
    );
    assert_eq!(
        values_of(&mut *tx, ObjectKind::User, &[1]).await,
        vec![(1, "product".to_string(), json!("a"))]
    );
}

/// Dropping a write transaction discards its attribute inserts, updates and deletes and its
/// value changes.
pub async fn rollback_discards_attribute_and_value_changes(store: &dyn Store) {
    let kept = add_attribute(store, sample_attribute(ObjectKind::Ticket, "product", 1)).await;
    set_values(store, ObjectKind::Ticket, 1, json!({"product": "a"})).await;
    let mut tx = write(store).await;
    tx.insert_attribute(&sample_attribute(ObjectKind::Ticket, "other", 2))
        .await
        .unwrap();
    tx.update_attribute(&ObjectAttribute {
        display: "changed".to_string(),
        ..kept.clone()
    })
    .await
    .unwrap();
    tx.set_custom_values(ObjectKind::Ticket, 1, &as_map(json!({"product": "b"})))
        .await
        .unwrap();
    tx.set_custom_values(ObjectKind::Ticket, 2, &as_map(json!({"product": "c"})))
        .await
        .unwrap();
    assert_eq!(
        values_of(&mut *tx, ObjectKind::Ticket, &[1, 2]).await.len(),
        2
    );
    drop(tx);
    let mut tx = write(store).await;
    tx.delete_attribute(kept.id).await.unwrap();
    drop(tx);
    let mut tx = read(store).await;
    assert_eq!(tx.attributes(None).await.unwrap(), vec![kept]);
    assert_eq!(
        values_of(&mut *tx, ObjectKind::Ticket, &[1, 2]).await,
        vec![(1, "product".to_string(), json!("a"))]
    );
}
