//! Organizations: round trips, ids, lookups, lists with filters, search and sort, updates,
//! deletes, uniqueness and references.

use helpdesk_domain::search::Query;
use helpdesk_domain::{Id, Organization, Page};
use helpdesk_storage::{OrganizationFilter, Sort, Store, fields};

use crate::fixtures::{
    add_admin, add_organization, add_user, assert_missing_in_write, assert_name_taken,
    assert_sorted_by_every_field, at, committed, ids_of, norm_organization, page, read,
    sample_organization, sample_user, write,
};

/// Every field of an inserted organization reads back, by id and by name in any case.
pub async fn organization_round_trip(store: &dyn Store) {
    add_admin(store).await;
    let mut acme = sample_organization("Acme");
    acme.id = 12;
    let stored = add_organization(store, acme).await;
    let expected = Organization {
        id: 1,
        ..norm_organization(&sample_organization("Acme"))
    };
    assert_eq!(norm_organization(&stored), expected);
    let bare = Organization {
        shared: true,
        domain: String::new(),
        domain_assignment: false,
        active: false,
        note: String::new(),
        ..sample_organization("Bare")
    };
    add_organization(store, bare.clone()).await;
    let mut tx = read(store).await;
    assert_eq!(
        norm_organization(&tx.organization(1).await.unwrap().unwrap()),
        expected
    );
    let read_back = tx.organization(2).await.unwrap().unwrap();
    assert_eq!(
        norm_organization(&read_back),
        Organization {
            id: 2,
            ..norm_organization(&bare)
        }
    );
    assert_eq!(
        tx.organization_by_name("ACME").await.unwrap().map(|o| o.id),
        Some(1)
    );
    assert!(tx.organization_by_name("acm").await.unwrap().is_none());
    assert!(tx.organization(3).await.unwrap().is_none());
}

/// Organization ids count up and the highest is not reused after a delete.
pub async fn organization_ids_are_not_reused(store: &dyn Store) {
    add_admin(store).await;
    for name in ["a", "b", "c"] {
        add_organization(store, sample_organization(name)).await;
    }
    committed(store, async |tx| tx.delete_organization(3).await.unwrap()).await;
    assert_eq!(
        add_organization(store, sample_organization("d")).await.id,
        4
    );
    let mut tx = read(store).await;
    assert!(tx.organization(3).await.unwrap().is_none());
}

/// An update replaces every field; a missing organization answers `Missing`; delete removes.
pub async fn organization_update_and_delete(store: &dyn Store) {
    add_admin(store).await;
    let stored = add_organization(store, sample_organization("Acme")).await;
    let mut changed = Organization {
        name: "ACME".into(),
        shared: true,
        domain: "acme.test".into(),
        domain_assignment: false,
        active: false,
        note: "renamed".into(),
        ..stored.clone()
    };
    changed.meta.updated_at = at(5_000);
    committed(store, async |tx| {
        tx.update_organization(&changed).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    let read_back = tx.organization(stored.id).await.unwrap().unwrap();
    assert_eq!(norm_organization(&read_back), norm_organization(&changed));
    drop(tx);
    assert_missing_in_write(store, async |tx| {
        tx.update_organization(&Organization {
            id: 9,
            ..changed.clone()
        })
        .await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_organization(9).await).await;
    committed(store, async |tx| {
        tx.delete_organization(stored.id).await.unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert!(tx.organization(stored.id).await.unwrap().is_none());
    assert!(tx.organization_by_name("acme").await.unwrap().is_none());
}

/// An organization name taken in any letter case is refused on insert and update.
pub async fn duplicate_organization_name_conflicts(store: &dyn Store) {
    add_admin(store).await;
    add_organization(store, sample_organization("Acme")).await;
    let globex = add_organization(store, sample_organization("Globex")).await;
    let mut tx = write(store).await;
    assert_name_taken(
        tx.insert_organization(&sample_organization("aCmE")).await,
        "aCmE",
    );
    drop(tx);
    let mut tx = write(store).await;
    let renamed = Organization {
        name: "acme".into(),
        ..globex.clone()
    };
    assert_name_taken(tx.update_organization(&renamed).await, "acme");
    drop(tx);
    let mut tx = read(store).await;
    let all = tx
        .list_organizations(&OrganizationFilter::all(), &Sort::by_id(), Page::all())
        .await
        .unwrap();
    assert_eq!(all.total, 2);
    assert_eq!(
        tx.organization(globex.id).await.unwrap().unwrap().name,
        "Globex"
    );
}

async fn add_org(store: &dyn Store, name: &str, note: &str, created: i64, updated: i64) {
    let mut org = sample_organization(name);
    org.domain = format!("{name}.example");
    org.note = note.into();
    org.meta.created_at = at(created);
    org.meta.updated_at = at(updated);
    add_organization(store, org).await;
}

async fn three_organizations(store: &dyn Store) {
    add_admin(store).await;
    add_org(store, "globex", "big customer", 200, 500).await;
    add_org(store, "acme", "", 100, 500).await;
    add_org(store, "initech", "acme subsidiary", 200, 400).await;
}

/// An id scope, a query, and the ids they should answer.
type Case = (Option<Vec<Id>>, &'static str, &'static [Id]);

/// Pages, id filters and queries restrict the list; the total counts every match.
pub async fn list_organizations_filters_and_pages(store: &dyn Store) {
    three_organizations(store).await;
    let cases: &[Case] = &[
        (None, "*", &[1, 2, 3]),
        (None, "acme", &[2, 3]),
        (None, "ACME", &[2, 3]),
        (None, "name:acme", &[2]),
        (None, "domain:globex", &[1]),
        (None, "\"big customer\"", &[1]),
        (None, "init*", &[3]),
        (None, "acme OR globex", &[1, 2, 3]),
        (None, "acme AND subsidiary", &[3]),
        (None, "note:acme", &[3]),
        (None, "unknown:acme", &[]),
        (None, "zzz", &[]),
        (Some(vec![1, 3]), "acme", &[3]),
        (Some(vec![1, 3]), "*", &[1, 3]),
        (Some(vec![]), "*", &[]),
    ];
    let mut tx = read(store).await;
    for (ids, text, expected) in cases {
        let filter = OrganizationFilter {
            ids: ids.clone(),
            query: Query::parse(text).unwrap(),
        };
        let found = tx
            .list_organizations(&filter, &Sort::by_id(), Page::all())
            .await
            .unwrap();
        assert_eq!(
            ids_of(&found.items, |o| o.id),
            expected.to_vec(),
            "{ids:?} {text:?}"
        );
        assert_eq!(
            found.total,
            expected.len() as u64,
            "total of {ids:?} {text:?}"
        );
    }
    let all = OrganizationFilter::all();
    let second = tx
        .list_organizations(&all, &Sort::by_id(), page(1, 1))
        .await
        .unwrap();
    assert_eq!(
        (ids_of(&second.items, |o| o.id), second.total),
        (vec![2], 3)
    );
    let past = tx
        .list_organizations(&all, &Sort::by_id(), page(3, 1))
        .await
        .unwrap();
    assert_eq!((past.items.len(), past.total), (0, 3));
}

/// Every sortable field sorts both ways, ties broken by id ascending.
pub async fn list_organizations_sorts_by_every_field(store: &dyn Store) {
    three_organizations(store).await;
    let cases: &[(&str, [Id; 3], [Id; 3])] = &[
        ("id", [1, 2, 3], [3, 2, 1]),
        ("name", [2, 1, 3], [3, 1, 2]),
        ("created_at", [2, 1, 3], [1, 3, 2]),
        ("updated_at", [3, 1, 2], [1, 2, 3]),
    ];
    let mut tx = read(store).await;
    assert_sorted_by_every_field(tx.as_mut(), fields::ORGANIZATION_SORT, cases, |tx, sort| {
        Box::pin(async move {
            let found = tx
                .list_organizations(&OrganizationFilter::all(), &sort, Page::all())
                .await
                .unwrap();
            (ids_of(&found.items, |o| o.id), found.total)
        })
    })
    .await;
}

/// An organization's references are its users, primary or secondary, each counted once.
pub async fn organization_reference_count_counts_members(store: &dyn Store) {
    add_admin(store).await;
    for name in ["o1", "o2", "o3"] {
        add_organization(store, sample_organization(name)).await;
    }
    let mut ann = sample_user("ann");
    ann.organization_id = Some(1);
    ann.organization_ids = vec![2];
    add_user(store, ann).await;
    let mut bob = sample_user("bob");
    bob.organization_id = Some(2);
    bob.organization_ids = vec![1, 2];
    add_user(store, bob).await;
    let mut tx = read(store).await;
    assert_eq!(tx.organization_reference_count(1).await.unwrap(), 2);
    assert_eq!(tx.organization_reference_count(2).await.unwrap(), 2);
    assert_eq!(tx.organization_reference_count(3).await.unwrap(), 0);
}
