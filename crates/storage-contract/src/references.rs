//! References between records, as every store keeps them: a record a ticket refers to cannot
//! be deleted, and a ticket cannot be written naming a record that no longer exists (deleted
//! after a use case read it, between its read transaction and its write transaction). Both
//! answer a typed conflict with the same text on every store.

use helpdesk_domain::{Id, Ticket};
use helpdesk_storage::{Conflict, Store, Transaction};

use crate::fixtures::{
    add_group, add_organization, add_priority, add_state, add_ticket, add_ticket_basics, add_user,
    assert_conflict, commit, ids_of, norm_ticket, read, sample_group, sample_organization,
    sample_priority, sample_state, sample_ticket, sample_user, stored_tickets, write,
};

/// A ticket in group, state and priority 1 of organization 1, owned by user 1 (the admin)
/// for customer user 2.
async fn add_referencing_ticket(store: &dyn Store) -> Ticket {
    add_ticket_basics(store).await;
    add_organization(store, sample_organization("Acme")).await;
    let customer = add_user(store, sample_user("customer")).await;
    add_ticket(
        store,
        Ticket {
            organization_id: Some(1),
            customer_id: customer.id,
            ..sample_ticket("1001", "referencing")
        },
    )
    .await
}

/// Deletes `record` `id` through `tx`.
async fn delete(tx: &mut dyn Transaction, record: &str, id: Id) -> helpdesk_storage::Result<()> {
    match record {
        "group" => tx.delete_group(id).await,
        "state" => tx.delete_state(id).await,
        "priority" => tx.delete_priority(id).await,
        "organization" => tx.delete_organization(id).await,
        "user" => tx.delete_user(id).await,
        other => panic!("no delete for {other}"),
    }
}

/// Deleting the group, state, priority, organization, owner or customer of a ticket answers
/// `InUse` naming the record, and deletes nothing.
pub async fn deleting_a_record_a_ticket_refers_to_is_in_use(store: &dyn Store) {
    let ticket = add_referencing_ticket(store).await;
    for (record, id, text) in [
        ("group", 1, "group 1 is still referenced"),
        ("state", 1, "state 1 is still referenced"),
        ("priority", 1, "priority 1 is still referenced"),
        ("organization", 1, "organization 1 is still referenced"),
        ("user", 1, "user 1 is still referenced"),
        ("user", 2, "user 2 is still referenced"),
    ] {
        let mut tx = write(store).await;
        assert_conflict(
            delete(tx.as_mut(), record, id).await,
            Conflict::InUse { record, id },
            text,
        );
    }
    let mut tx = read(store).await;
    assert_eq!(tx.group(1).await.unwrap().map(|g| g.id), Some(1));
    assert_eq!(tx.organization(1).await.unwrap().map(|o| o.id), Some(1));
    assert_eq!(tx.users_by_ids(&[1, 2]).await.unwrap().len(), 2);
    let stored = tx.ticket(ticket.id).await.unwrap().expect("the ticket");
    assert_eq!(norm_ticket(&stored), norm_ticket(&ticket));
}

/// The ticket `base` with one reference changed to `id`, by the name of its field.
fn pointing_at(base: &Ticket, field: &str, id: Id) -> Ticket {
    let mut ticket = base.clone();
    match field {
        "group_id" => ticket.group_id = id,
        "state_id" => ticket.state_id = id,
        "priority_id" => ticket.priority_id = id,
        "organization_id" => ticket.organization_id = Some(id),
        "owner_id" => ticket.owner_id = id,
        "customer_id" => ticket.customer_id = id,
        other => panic!("no reference {other}"),
    }
    ticket
}

/// Group 2, state 2, priority 2, organization 2 and user 3, each read in a read transaction
/// and then deleted in a committed write transaction, as another use case may between a
/// ticket use case's two transactions.
async fn add_then_delete_records(store: &dyn Store) {
    add_group(store, sample_group("Gone")).await;
    add_state(store, sample_state("gone")).await;
    add_priority(store, sample_priority("gone")).await;
    add_organization(store, sample_organization("Gone")).await;
    add_user(store, sample_user("gone")).await;
    let mut tx = read(store).await;
    assert!(tx.group(2).await.unwrap().is_some());
    drop(tx);
    let mut tx = write(store).await;
    tx.delete_group(2).await.unwrap();
    tx.delete_state(2).await.unwrap();
    tx.delete_priority(2).await.unwrap();
    tx.delete_organization(2).await.unwrap();
    tx.delete_user(3).await.unwrap();
    commit(tx).await;
}

/// A ticket insert or update naming a group, state, priority, organization, owner or
/// customer deleted since it was read answers `MissingReference` (a 422 for the client, not
/// a ticket pointing nowhere), and writes nothing.
pub async fn ticket_naming_a_deleted_record_is_a_missing_reference(store: &dyn Store) {
    let ticket = add_referencing_ticket(store).await;
    add_then_delete_records(store).await;
    let missing = Conflict::MissingReference { record: "ticket" };
    let text = "the ticket refers to a record that no longer exists";
    for (field, id) in [
        ("group_id", 2),
        ("state_id", 2),
        ("priority_id", 2),
        ("organization_id", 2),
        ("owner_id", 3),
        ("customer_id", 3),
    ] {
        let changed = pointing_at(&ticket, field, id);
        let mut tx = write(store).await;
        let new = Ticket {
            number: "1002".into(),
            ..changed.clone()
        };
        assert_conflict(tx.insert_ticket(&new).await, missing.clone(), text);
        drop(tx);
        let mut tx = write(store).await;
        assert_conflict(tx.update_ticket(&changed).await, missing.clone(), text);
        drop(tx);
    }
    let all = stored_tickets(store).await;
    assert_eq!(ids_of(&all, |t| t.id), vec![ticket.id]);
    assert_eq!(norm_ticket(&all[0]), norm_ticket(&ticket));
}
