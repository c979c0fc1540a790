//! Groups: round trips, ids, lookups by name, pages, updates, deletes, uniqueness, references.

use helpdesk_domain::{FollowUpPossible, Group, GroupAccess, Page};
use helpdesk_storage::Store;

use crate::fixtures::{
    access, add_admin, add_group, add_user, assert_missing_in_write, assert_name_taken, at,
    committed, ids_of, norm_group, page, read, sample_group, sample_user, write,
};

/// Every field of an inserted group reads back, by id and by name in any case.
pub async fn group_round_trip(store: &dyn Store) {
    add_admin(store).await;
    let mut sales = sample_group("Sales");
    sales.id = 50;
    let stored = add_group(store, sales).await;
    let expected = Group {
        id: 1,
        ..norm_group(&sample_group("Sales"))
    };
    assert_eq!(norm_group(&stored), expected);
    let bare = Group {
        signature_id: None,
        email_address_id: None,
        assignment_timeout: None,
        follow_up_possible: FollowUpPossible::Yes,
        follow_up_assignment: true,
        active: false,
        note: String::new(),
        ..sample_group("Bare")
    };
    add_group(store, bare.clone()).await;
    let mut tx = read(store).await;
    assert_eq!(norm_group(&tx.group(1).await.unwrap().unwrap()), expected);
    assert_eq!(
        norm_group(&tx.group(2).await.unwrap().unwrap()),
        Group {
            id: 2,
            ..norm_group(&bare)
        }
    );
    assert_eq!(
        tx.group_by_name("sALES").await.unwrap().map(|g| g.id),
        Some(1)
    );
    assert!(tx.group_by_name("Sale").await.unwrap().is_none());
    assert!(tx.group(3).await.unwrap().is_none());
}

/// Group ids count up and the highest is not reused after a delete.
pub async fn group_ids_are_not_reused(store: &dyn Store) {
    add_admin(store).await;
    for name in ["a", "b", "c"] {
        add_group(store, sample_group(name)).await;
    }
    committed(store, async |tx| tx.delete_group(3).await.unwrap()).await;
    assert_eq!(add_group(store, sample_group("d")).await.id, 4);
    let mut tx = read(store).await;
    assert!(tx.group(3).await.unwrap().is_none());
    assert!(tx.group_by_name("c").await.unwrap().is_none());
}

/// Groups list by id in pages, with the total.
pub async fn list_groups_pages(store: &dyn Store) {
    add_admin(store).await;
    for name in ["e", "d", "c", "b", "a"] {
        add_group(store, sample_group(name)).await;
    }
    let mut tx = read(store).await;
    let middle = tx.list_groups(page(1, 3)).await.unwrap();
    assert_eq!(
        (ids_of(&middle.items, |g| g.id), middle.total),
        (vec![2, 3, 4], 5)
    );
    let past = tx.list_groups(page(5, 3)).await.unwrap();
    assert_eq!((past.items.len(), past.total), (0, 5));
    let all = tx.list_groups(Page::all()).await.unwrap();
    assert_eq!(ids_of(&all.items, |g| g.id), vec![1, 2, 3, 4, 5]);
}

/// An update replaces every field; a missing group answers `Missing`; delete removes it.
pub async fn group_update_and_delete(store: &dyn Store) {
    add_admin(store).await;
    let stored = add_group(store, sample_group("Sales")).await;
    let mut changed = Group {
        name: "SALES".into(),
        signature_id: None,
        email_address_id: Some(3),
        assignment_timeout: None,
        follow_up_possible: FollowUpPossible::Yes,
        follow_up_assignment: true,
        active: false,
        note: "renamed".into(),
        ..stored.clone()
    };
    changed.meta.updated_at = at(5_000);
    committed(store, async |tx| tx.update_group(&changed).await.unwrap()).await;
    let mut tx = read(store).await;
    assert_eq!(
        norm_group(&tx.group(stored.id).await.unwrap().unwrap()),
        norm_group(&changed)
    );
    drop(tx);
    assert_missing_in_write(store, async |tx| {
        tx.update_group(&Group {
            id: 9,
            ..changed.clone()
        })
        .await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_group(9).await).await;
    committed(store, async |tx| tx.delete_group(stored.id).await.unwrap()).await;
    let mut tx = read(store).await;
    assert!(tx.group(stored.id).await.unwrap().is_none());
    assert_eq!(tx.list_groups(Page::all()).await.unwrap().total, 0);
}

/// A group name taken in any letter case is refused on insert and update.
pub async fn duplicate_group_name_conflicts(store: &dyn Store) {
    add_admin(store).await;
    add_group(store, sample_group("Sales")).await;
    let support = add_group(store, sample_group("Support")).await;
    let mut tx = write(store).await;
    assert_name_taken(tx.insert_group(&sample_group("sales")).await, "sales");
    drop(tx);
    let mut tx = write(store).await;
    let renamed = Group {
        name: "SALES".into(),
        ..support.clone()
    };
    assert_name_taken(tx.update_group(&renamed).await, "SALES");
    drop(tx);
    let mut tx = read(store).await;
    let all = tx.list_groups(Page::all()).await.unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(tx.group(support.id).await.unwrap().unwrap().name, "Support");
}

/// A group's references are the users with access to it.
pub async fn group_reference_count_counts_members(store: &dyn Store) {
    add_admin(store).await;
    for name in ["g1", "g2", "g3"] {
        add_group(store, sample_group(name)).await;
    }
    let mut ann = sample_user("ann");
    ann.group_ids = access(&[(1, &[GroupAccess::Full]), (2, &[GroupAccess::Read])]);
    add_user(store, ann).await;
    let mut bob = sample_user("bob");
    bob.group_ids = access(&[(1, &[GroupAccess::Read, GroupAccess::Change])]);
    add_user(store, bob).await;
    let mut tx = read(store).await;
    assert_eq!(tx.group_reference_count(1).await.unwrap(), 2);
    assert_eq!(tx.group_reference_count(2).await.unwrap(), 1);
    assert_eq!(tx.group_reference_count(3).await.unwrap(), 0);
}
