//! Time accounting: activity types (round trips, unique names, in use while an entry has
//! one) and entries (round trips, pages per ticket and of all, references that must exist,
//! removed with their ticket).

use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_domain::{Id, TimeAccounting, TimeAccountingType};
use helpdesk_storage::{Conflict, Store};

use crate::fixtures::{
    add_admin, add_article, add_ticket, add_ticket_basics, assert_conflict,
    assert_missing_in_write, assert_name_taken, at, committed, ids_of, meta_by, page, read,
    sample_article, sample_ticket, with_meta_millis, write,
};

/// `entry` with its timestamps cut to milliseconds, as every store keeps them.
fn norm_entry(entry: &TimeAccounting) -> TimeAccounting {
    with_meta_millis(entry, |e| &mut e.meta)
}

/// The entries of `entries`, normalised.
fn norm_entries(entries: &[TimeAccounting]) -> Vec<TimeAccounting> {
    entries.iter().map(norm_entry).collect()
}

/// An active activity type named `name`, created by user 1.
fn sample_type(name: &str) -> TimeAccountingType {
    TimeAccountingType {
        name: name.into(),
        note: format!("{name} work"),
        ..TimeAccountingType::blank(meta_by(1))
    }
}

/// `time_unit` booked on ticket `ticket_id` by user 1.
fn sample_entry(ticket_id: Id, time_unit: f64) -> TimeAccounting {
    TimeAccounting {
        id: 0,
        ticket_id,
        ticket_article_id: None,
        time_unit,
        type_id: None,
        meta: meta_by(1),
    }
}

/// Stores `kind` in a committed transaction of its own.
async fn add_type(store: &dyn Store, kind: TimeAccountingType) -> TimeAccountingType {
    committed(store, async |tx| {
        tx.insert_time_accounting_type(&kind).await.unwrap()
    })
    .await
}

/// Stores `entry` in a committed transaction of its own.
async fn add_entry(store: &dyn Store, entry: TimeAccounting) -> TimeAccounting {
    committed(store, async |tx| {
        tx.insert_time_accounting(&entry).await.unwrap()
    })
    .await
}

/// Every field of stored types reads back, by id; an update replaces them; unknown ids
/// answer `Missing`.
pub async fn time_accounting_type_round_trip_and_update(store: &dyn Store) {
    add_admin(store).await;
    let billable = add_type(store, sample_type("Billable")).await;
    let internal = add_type(
        store,
        TimeAccountingType {
            active: false,
            note: String::new(),
            ..sample_type("Internal")
        },
    )
    .await;
    assert_eq!((billable.id, internal.id), (1, 2));
    let mut changed = TimeAccountingType {
        name: "Billable hours".into(),
        note: "changed".into(),
        active: false,
        ..billable.clone()
    };
    changed.meta.updated_at = at(5_000);
    committed(store, async |tx| {
        tx.update_time_accounting_type(&changed).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    let all = tx.time_accounting_types().await.unwrap();
    assert_eq!(ids_of(&all, |t| t.id), vec![1, 2]);
    assert_eq!(all[0].name, "Billable hours");
    assert_eq!((all[0].note.as_str(), all[0].active), ("changed", false));
    assert_eq!(
        truncate_to_millis(all[0].meta.updated_at),
        truncate_to_millis(at(5_000))
    );
    assert_eq!(
        with_meta_millis(&all[1], |t| &mut t.meta),
        with_meta_millis(&internal, |t| &mut t.meta)
    );
    let unknown = TimeAccountingType {
        id: 99,
        ..changed.clone()
    };
    assert_missing_in_write(store, async |tx| {
        tx.update_time_accounting_type(&unknown).await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_time_accounting_type(99).await).await;
}

/// A type's name is unique regardless of case, on insert and update.
pub async fn duplicate_time_accounting_type_name_conflicts(store: &dyn Store) {
    add_admin(store).await;
    add_type(store, sample_type("Billable")).await;
    let other = add_type(store, sample_type("Travel")).await;
    let mut tx = write(store).await;
    assert_name_taken(
        tx.insert_time_accounting_type(&sample_type("BILLABLE"))
            .await,
        "BILLABLE",
    );
    drop(tx);
    let mut tx = write(store).await;
    let renamed = TimeAccountingType {
        name: "billable".into(),
        ..other
    };
    assert_name_taken(tx.update_time_accounting_type(&renamed).await, "billable");
}

/// Entries read back by id and in pages of their ticket or of all tickets, with totals; an
/// update replaces them; a delete removes only that one; unknown ids answer `Missing`.
pub async fn time_accounting_round_trip_and_pages(store: &dyn Store) {
    add_ticket_basics(store).await;
    let first = add_ticket(store, sample_ticket("1001", "first")).await;
    let second = add_ticket(store, sample_ticket("1002", "second")).await;
    let article = add_article(store, sample_article(first.id, "worked")).await;
    let kind = add_type(store, sample_type("Billable")).await;
    let booked = add_entry(
        store,
        TimeAccounting {
            ticket_article_id: Some(article.id),
            type_id: Some(kind.id),
            ..sample_entry(first.id, 1.5)
        },
    )
    .await;
    add_entry(store, sample_entry(second.id, 2.0)).await;
    add_entry(store, sample_entry(first.id, 0.25)).await;
    let mut tx = read(store).await;
    let read_back = tx.time_accounting(booked.id).await.unwrap().expect("entry");
    assert_eq!(read_back.ticket_article_id, Some(article.id));
    assert_eq!(read_back.type_id, Some(kind.id));
    assert_eq!(read_back.time_unit, 1.5);
    assert_eq!(norm_entry(&read_back).meta, norm_entry(&booked).meta);
    let of_first = tx
        .time_accountings(Some(first.id), page(0, 10))
        .await
        .unwrap();
    assert_eq!(
        (ids_of(&of_first.items, |e| e.id), of_first.total),
        (vec![1, 3], 2)
    );
    let all = tx.time_accountings(None, page(1, 1)).await.unwrap();
    assert_eq!((ids_of(&all.items, |e| e.id), all.total), (vec![2], 3));
    drop(tx);
    let changed = TimeAccounting {
        time_unit: 4.0,
        type_id: None,
        ..read_back
    };
    committed(store, async |tx| {
        tx.update_time_accounting(&changed).await.unwrap();
        tx.delete_time_accounting(3).await.unwrap();
    })
    .await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.time_accounting(1).await.unwrap().map(|e| norm_entry(&e)),
        Some(norm_entry(&changed))
    );
    assert_eq!(tx.time_accounting(3).await.unwrap(), None);
    drop(tx);
    let unknown = TimeAccounting { id: 99, ..changed };
    assert_missing_in_write(store, async |tx| tx.update_time_accounting(&unknown).await).await;
    assert_missing_in_write(store, async |tx| tx.delete_time_accounting(99).await).await;
}

/// An entry naming a ticket, article or type that does not exist answers `MissingReference`,
/// on insert and update, and stores nothing.
pub async fn time_accounting_references_must_exist(store: &dyn Store) {
    add_ticket_basics(store).await;
    let ticket = add_ticket(store, sample_ticket("1001", "t")).await;
    let stored = add_entry(store, sample_entry(ticket.id, 1.0)).await;
    let text = "the time accounting refers to a record that no longer exists";
    let expected = Conflict::MissingReference {
        record: "time accounting",
    };
    let broken = [
        sample_entry(99, 1.0),
        TimeAccounting {
            ticket_article_id: Some(99),
            ..sample_entry(ticket.id, 1.0)
        },
        TimeAccounting {
            type_id: Some(99),
            ..sample_entry(ticket.id, 1.0)
        },
    ];
    for entry in broken {
        let mut tx = write(store).await;
        assert_conflict(
            tx.insert_time_accounting(&entry).await,
            expected.clone(),
            text,
        );
        drop(tx);
        let mut tx = write(store).await;
        let update = TimeAccounting {
            id: stored.id,
            ..entry
        };
        assert_conflict(
            tx.update_time_accounting(&update).await,
            expected.clone(),
            text,
        );
    }
    let mut tx = read(store).await;
    let all = tx.time_accountings(None, page(0, 10)).await.unwrap();
    assert_eq!(norm_entries(&all.items), vec![norm_entry(&stored)]);
}

/// A type an entry has is in use: it cannot be deleted until the entry is gone, and its
/// reference count says so.
pub async fn time_accounting_type_in_use_is_kept(store: &dyn Store) {
    add_ticket_basics(store).await;
    let ticket = add_ticket(store, sample_ticket("1001", "t")).await;
    let kind = add_type(store, sample_type("Billable")).await;
    let entry = add_entry(
        store,
        TimeAccounting {
            type_id: Some(kind.id),
            ..sample_entry(ticket.id, 1.0)
        },
    )
    .await;
    let mut tx = write(store).await;
    assert_eq!(
        tx.time_accounting_type_reference_count(kind.id)
            .await
            .unwrap(),
        1
    );
    assert_conflict(
        tx.delete_time_accounting_type(kind.id).await,
        Conflict::InUse {
            record: "activity type",
            id: kind.id,
        },
        "activity type 1 is still referenced",
    );
    drop(tx);
    committed(store, async |tx| {
        tx.delete_time_accounting(entry.id).await.unwrap();
        assert_eq!(
            tx.time_accounting_type_reference_count(kind.id)
                .await
                .unwrap(),
            0
        );
        tx.delete_time_accounting_type(kind.id).await.unwrap();
    })
    .await;
    let mut tx = read(store).await;
    assert!(tx.time_accounting_types().await.unwrap().is_empty());
}

/// Deleting a ticket removes its entries and leaves those of other tickets.
pub async fn deleting_a_ticket_removes_its_time_accounting(store: &dyn Store) {
    add_ticket_basics(store).await;
    let gone = add_ticket(store, sample_ticket("1001", "gone")).await;
    let kept = add_ticket(store, sample_ticket("1002", "kept")).await;
    let article = add_article(store, sample_article(gone.id, "worked")).await;
    add_entry(
        store,
        TimeAccounting {
            ticket_article_id: Some(article.id),
            ..sample_entry(gone.id, 1.0)
        },
    )
    .await;
    let other = add_entry(store, sample_entry(kept.id, 2.0)).await;
    committed(store, async |tx| tx.delete_ticket(gone.id).await.unwrap()).await;
    let mut tx = read(store).await;
    let all = tx.time_accountings(None, page(0, 10)).await.unwrap();
    assert_eq!(norm_entries(&all.items), vec![norm_entry(&other)]);
}
