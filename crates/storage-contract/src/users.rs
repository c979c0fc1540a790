//! Users: round trips, ids, updates, uniqueness, lookups, lists, login counters, references.

use helpdesk_domain::search::Query;
use helpdesk_domain::{
    Group, GroupAccess, Id, Listing, Page, Priority, Role, SortOrder, State, User,
};
use helpdesk_storage::{Sort, Store, Transaction, UserFilter, fields};

use crate::fixtures::{
    access, add_group, add_organization, add_role, add_state, add_token, add_user,
    assert_missing_in_write, assert_sorted_by_every_field, assert_taken, at, commit, committed,
    ids_of, meta_by, norm_user, page, read, sample_group, sample_organization, sample_priority,
    sample_role, sample_state, sample_token, sample_user, write,
};

/// Adds the roles `r1` to `r3`.
async fn add_roles(store: &dyn Store) {
    for name in ["r1", "r2", "r3"] {
        add_role(store, sample_role(name)).await;
    }
}

/// Adds the groups `g1` to `g3` and the organizations `o1` to `o3`.
async fn add_groups_and_organizations(store: &dyn Store) {
    for name in ["g1", "g2", "g3"] {
        add_group(store, sample_group(name)).await;
    }
    for name in ["o1", "o2", "o3"] {
        add_organization(store, sample_organization(name)).await;
    }
}

/// Checks that the user `expected.id` reads back as `expected`.
async fn assert_reads_back(store: &dyn Store, expected: &User) {
    let mut tx = read(store).await;
    let read_back = tx
        .user(expected.id)
        .await
        .unwrap()
        .expect("the user exists");
    assert_eq!(norm_user(&read_back), norm_user(expected));
}

/// Stores `changed` over its user and checks that it reads back so.
async fn update_and_read_back(store: &dyn Store, changed: &User) {
    committed(store, async |tx| tx.update_user(changed).await.unwrap()).await;
    assert_reads_back(store, changed).await;
}

/// Checks that inserting `user` is refused because another user has its `field` `value`.
async fn assert_insert_taken(store: &dyn Store, user: &User, field: &'static str, value: &str) {
    let mut tx = write(store).await;
    assert_taken(tx.insert_user(user).await, field, value);
}

/// Every user, in id order.
async fn all_users(tx: &mut Box<dyn Transaction>) -> Listing<User> {
    tx.list_users(&UserFilter::all(), &Sort::by_id(), Page::all())
        .await
        .unwrap()
}

/// Every field of an inserted user reads back unchanged (timestamps at ms precision).
pub async fn user_round_trip_keeps_every_field(store: &dyn Store) {
    let mut user = sample_user("ann");
    user.id = 999;
    let mut tx = write(store).await;
    let stored = tx.insert_user(&user).await.unwrap();
    commit(tx).await;
    assert_eq!(
        stored.id, 1,
        "the store assigns ids from 1, ignoring the given one"
    );
    let expected = User {
        id: 1,
        ..norm_user(&sample_user("ann"))
    };
    assert_eq!(norm_user(&stored), expected);
    let mut tx = read(store).await;
    let read_back = tx.user(1).await.unwrap().expect("user 1 exists");
    assert_eq!(norm_user(&read_back), expected);
}

/// A user's empty and absent optional fields read back as they were written.
pub async fn user_round_trip_keeps_empty_fields(store: &dyn Store) {
    let blank = User {
        login: "blank".into(),
        ..User::blank(meta_by(1))
    };
    let stored = add_user(store, blank.clone()).await;
    assert_reads_back(
        store,
        &User {
            id: stored.id,
            ..blank
        },
    )
    .await;
}

/// Roles, organizations, group access and the out-of-office replacement read back.
pub async fn user_round_trip_keeps_relations(store: &dyn Store) {
    let admin = add_user(store, sample_user("admin")).await;
    add_roles(store).await;
    add_groups_and_organizations(store).await;
    let mut user = sample_user("bob");
    user.organization_id = Some(2);
    user.organization_ids = vec![1, 3];
    user.role_ids = vec![1, 3];
    user.group_ids = access(&[
        (1, &[GroupAccess::Full]),
        (3, &[GroupAccess::Read, GroupAccess::Change]),
    ]);
    user.out_of_office_replacement_id = Some(admin.id);
    let stored = add_user(store, user.clone()).await;
    assert_eq!(stored.id, 2);
    assert_reads_back(store, &User { id: 2, ..user }).await;
}

/// Ids count up from 1 and the highest id is not reused after it is deleted.
pub async fn user_ids_increase_and_are_not_reused(store: &dyn Store) {
    let a = add_user(store, sample_user("a")).await;
    let b = add_user(store, sample_user("b")).await;
    let c = add_user(store, sample_user("c")).await;
    assert_eq!((a.id, b.id, c.id), (1, 2, 3));
    committed(store, async |tx| tx.delete_user(3).await.unwrap()).await;
    let d = add_user(store, sample_user("d")).await;
    assert_eq!(d.id, 4);
    let mut tx = read(store).await;
    assert!(tx.user(3).await.unwrap().is_none());
}

/// An update replaces every field and every relation.
pub async fn user_update_replaces_fields_and_relations(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    add_roles(store).await;
    add_groups_and_organizations(store).await;
    let mut user = sample_user("bob");
    user.organization_id = Some(1);
    user.organization_ids = vec![1, 2];
    user.role_ids = vec![1, 2];
    user.group_ids = access(&[(1, &[GroupAccess::Full]), (2, &[GroupAccess::Read])]);
    let stored = add_user(store, user).await;

    let mut changed = User {
        id: stored.id,
        organization_id: Some(3),
        login: "robert".into(),
        firstname: "robert".into(),
        lastname: "smith".into(),
        email: "robert@example.com".into(),
        image: None,
        image_source: None,
        vip: false,
        verified: false,
        active: false,
        note: String::new(),
        last_login: None,
        source: None,
        login_failed: 0,
        out_of_office: false,
        out_of_office_start_at: None,
        out_of_office_end_at: None,
        out_of_office_replacement_id: Some(1),
        preferences: serde_json::json!({"locale": "en-us"}),
        password_hash: None,
        role_ids: vec![3],
        organization_ids: vec![2, 3],
        group_ids: access(&[(3, &[GroupAccess::Change, GroupAccess::Overview])]),
        ..stored.clone()
    };
    changed.meta.updated_at = at(9_000);
    changed.meta.updated_by_id = 1;
    update_and_read_back(store, &changed).await;
    let mut tx = read(store).await;
    assert!(
        tx.user_by_login("bob").await.unwrap().is_none(),
        "the old login is gone"
    );

    changed.role_ids.clear();
    changed.organization_ids.clear();
    changed.group_ids.clear();
    update_and_read_back(store, &changed).await;
}

/// Updating or deleting a user that does not exist answers `Missing`.
pub async fn user_update_and_delete_of_unknown_id_are_missing(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    assert_missing_in_write(store, async |tx| {
        tx.update_user(&User {
            id: 42,
            ..sample_user("ghost")
        })
        .await
    })
    .await;
    assert_missing_in_write(store, async |tx| tx.delete_user(42).await).await;
}

/// Deleting a user removes it and nothing else.
pub async fn user_delete_removes_only_that_user(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    add_user(store, sample_user("bob")).await;
    add_user(store, sample_user("carl")).await;
    committed(store, async |tx| tx.delete_user(2).await.unwrap()).await;
    let mut tx = read(store).await;
    assert!(tx.user(2).await.unwrap().is_none());
    assert!(tx.user_by_login("bob").await.unwrap().is_none());
    let all = all_users(&mut tx).await;
    assert_eq!(ids_of(&all.items, |u| u.id), vec![1, 3]);
}

/// A taken login is refused on insert and nothing is written.
pub async fn duplicate_login_conflicts(store: &dyn Store) {
    add_user(store, sample_user("ann")).await;
    let dup = User {
        email: "other@example.com".into(),
        ..sample_user("ann")
    };
    assert_insert_taken(store, &dup, "login", "ann").await;
    let mut tx = read(store).await;
    let all = all_users(&mut tx).await;
    assert_eq!(all.total, 1);
    assert!(
        tx.user_by_login("other@example.com")
            .await
            .unwrap()
            .is_none()
    );
}

/// A taken non-empty email is refused on insert; empty emails may repeat.
pub async fn duplicate_email_conflicts_but_empty_emails_do_not(store: &dyn Store) {
    add_user(store, sample_user("ann")).await;
    let dup = User {
        email: "ann@example.com".into(),
        ..sample_user("anne")
    };
    assert_insert_taken(store, &dup, "email", "ann@example.com").await;
    let mut tx = read(store).await;
    assert!(tx.user_by_login("anne").await.unwrap().is_none());
    drop(tx);

    let mut first = sample_user("nomail1");
    first.email.clear();
    let mut second = sample_user("nomail2");
    second.email.clear();
    add_user(store, first).await;
    add_user(store, second).await;
    let mut tx = read(store).await;
    let all = all_users(&mut tx).await;
    assert_eq!(all.total, 3);
}

/// An update to another user's login or email is refused and changes nothing; keeping one's
/// own login and email is no conflict.
pub async fn update_to_taken_login_or_email_conflicts(store: &dyn Store) {
    add_user(store, sample_user("ann")).await;
    let bob = add_user(store, sample_user("bob")).await;
    let mut tx = write(store).await;
    assert_taken(
        tx.update_user(&User {
            login: "ann".into(),
            ..bob.clone()
        })
        .await,
        "login",
        "ann",
    );
    drop(tx);
    let mut tx = write(store).await;
    let taken_email = User {
        email: "ann@example.com".into(),
        ..bob.clone()
    };
    assert_taken(
        tx.update_user(&taken_email).await,
        "email",
        "ann@example.com",
    );
    drop(tx);
    assert_reads_back(store, &bob).await;
    committed(store, async |tx| {
        tx.update_user(&User {
            firstname: "bobby".into(),
            ..bob.clone()
        })
        .await
        .unwrap()
    })
    .await;
    let mut tx = read(store).await;
    assert_eq!(tx.user(bob.id).await.unwrap().unwrap().firstname, "bobby");
}

/// `user_by_login` finds a user by login and by email, and nothing for an unknown name.
pub async fn user_by_login_finds_login_and_email(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    let mut ann = sample_user("ann");
    ann.email = "ann.smith@example.com".into();
    let ann = add_user(store, ann).await;
    let mut tx = read(store).await;
    assert_eq!(
        tx.user_by_login("ann").await.unwrap().map(|u| u.id),
        Some(ann.id)
    );
    let by_email = tx.user_by_login("ann.smith@example.com").await.unwrap();
    assert_eq!(by_email.map(|u| u.id), Some(ann.id));
    assert!(tx.user_by_login("ann@example.com").await.unwrap().is_none());
    assert!(tx.user_by_login("nobody").await.unwrap().is_none());
    assert!(tx.user_by_login("").await.unwrap().is_none());
}

/// `users_by_ids` answers the known users in id order.
pub async fn users_by_ids_in_id_order_skipping_unknown(store: &dyn Store) {
    for login in ["a", "b", "c", "d"] {
        add_user(store, sample_user(login)).await;
    }
    let mut tx = read(store).await;
    let found = tx.users_by_ids(&[4, 99, 1, 3]).await.unwrap();
    assert_eq!(ids_of(&found, |u| u.id), vec![1, 3, 4]);
    assert_eq!(found[0].login, "a");
    assert!(tx.users_by_ids(&[]).await.unwrap().is_empty());
}

/// Pages cut the list at offset and limit; the total counts every match; past the end is empty.
pub async fn list_users_pages(store: &dyn Store) {
    for login in ["a", "b", "c", "d", "e"] {
        add_user(store, sample_user(login)).await;
    }
    let mut tx = read(store).await;
    for (offset, expected) in [(0, vec![1, 2]), (2, vec![3, 4]), (4, vec![5]), (10, vec![])] {
        let found = tx
            .list_users(&UserFilter::all(), &Sort::by_id(), page(offset, 2))
            .await
            .unwrap();
        assert_eq!(
            (ids_of(&found.items, |u| u.id), found.total),
            (expected, 5),
            "offset {offset}"
        );
    }
    let every = all_users(&mut tx).await;
    assert_eq!(ids_of(&every.items, |u| u.id), vec![1, 2, 3, 4, 5]);
}

/// `ids` and `organization_id` restrict the list; an empty id list matches nothing.
pub async fn list_users_filters_by_ids_and_organization(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    add_organization(store, sample_organization("o1")).await;
    add_organization(store, sample_organization("o2")).await;
    let mut member = sample_user("member");
    member.organization_id = Some(1);
    add_user(store, member).await;
    let mut secondary = sample_user("secondary");
    secondary.organization_id = Some(2);
    secondary.organization_ids = vec![1];
    add_user(store, secondary).await;
    let mut other = sample_user("other");
    other.organization_id = Some(1);
    add_user(store, other).await;

    let mut tx = read(store).await;
    let org1 = UserFilter {
        organization_id: Some(1),
        ..UserFilter::all()
    };
    let cases = [
        (
            "some ids, one unknown",
            UserFilter {
                ids: Some(vec![2, 3, 99]),
                ..UserFilter::all()
            },
            vec![2, 3],
        ),
        (
            "no ids",
            UserFilter {
                ids: Some(vec![]),
                ..UserFilter::all()
            },
            vec![],
        ),
        ("organization 1", org1.clone(), vec![2, 4]),
        (
            "ids and organization 1",
            UserFilter {
                ids: Some(vec![1, 2, 3]),
                ..org1.clone()
            },
            vec![2],
        ),
    ];
    for (case, filter, expected) in cases {
        let found = tx
            .list_users(&filter, &Sort::by_id(), Page::all())
            .await
            .unwrap();
        let total = expected.len() as u64;
        assert_eq!(
            (ids_of(&found.items, |u| u.id), found.total),
            (expected, total),
            "{case}"
        );
    }
    let found = tx
        .list_users(&org1, &Sort::by_id(), page(1, 5))
        .await
        .unwrap();
    assert_eq!((ids_of(&found.items, |u| u.id), found.total), (vec![4], 2));
}

async fn add_person(
    store: &dyn Store,
    login: &str,
    first: &str,
    last: &str,
    domain: &str,
    city: &str,
    note: &str,
) {
    let mut user = sample_user(login);
    user.firstname = first.into();
    user.lastname = last.into();
    user.email = format!("{login}@{domain}");
    user.city = city.into();
    user.note = note.into();
    add_user(store, user).await;
}

/// Queries match words, prefixes and phrases in any text field case-insensitively, field
/// terms in that field only, and combine with AND and OR; unknown fields match nothing.
pub async fn list_users_query(store: &dyn Store) {
    add_person(
        store,
        "alice",
        "Alice",
        "Archer",
        "acme.example",
        "paris",
        "likes printers",
    )
    .await;
    add_person(
        store,
        "bob",
        "Bob",
        "Baker",
        "globex.example",
        "berlin",
        "paper jam expert",
    )
    .await;
    add_person(
        store,
        "carla",
        "Carla",
        "Archibald",
        "acme.example",
        "rome",
        "",
    )
    .await;
    add_person(
        store,
        "dave",
        "Dave",
        "Stone",
        "initech.example",
        "paris",
        "printer in paris",
    )
    .await;

    let cases: &[(&str, &[Id])] = &[
        ("alice", &[1]),
        ("ARCH", &[1, 3]),
        ("arch*", &[1, 3]),
        ("\"paper jam\"", &[2]),
        ("\"jam paper\"", &[]),
        ("city:paris", &[1, 4]),
        ("email:acme", &[1, 3]),
        ("CITY:Rome", &[3]),
        ("paris AND printer", &[1, 4]),
        ("paris printer", &[1, 4]),
        ("city:rome OR login:bob", &[2, 3]),
        ("city:paris AND archer", &[1]),
        ("alice OR zzz", &[1]),
        ("zzz", &[]),
        ("nosuchfield:paris", &[]),
        ("street", &[]),
        ("berlin", &[2]),
        ("support", &[1, 2, 3, 4]),
        ("*", &[1, 2, 3, 4]),
    ];
    let mut tx = read(store).await;
    for (text, expected) in cases {
        let query = Query::parse(text).unwrap();
        let filter = UserFilter {
            query,
            ..UserFilter::all()
        };
        let found = tx
            .list_users(&filter, &Sort::by_id(), Page::all())
            .await
            .unwrap();
        assert_eq!(
            ids_of(&found.items, |u| u.id),
            expected.to_vec(),
            "query {text:?}"
        );
        assert_eq!(
            found.total,
            expected.len() as u64,
            "total of query {text:?}"
        );
    }
    let scoped = UserFilter {
        ids: Some(vec![1, 2]),
        organization_id: None,
        query: Query::parse("paris").unwrap(),
    };
    let found = tx
        .list_users(&scoped, &Sort::by_id(), Page::all())
        .await
        .unwrap();
    assert_eq!((ids_of(&found.items, |u| u.id), found.total), (vec![1], 1));
}

/// Every sortable field sorts both ways, ties broken by id ascending.
pub async fn list_users_sorts_by_every_field(store: &dyn Store) {
    let rows = [
        ("dora", "ann", "kim", 300, 900),
        ("bert", "zoe", "kim", 100, 900),
        ("anja", "ann", "lee", 300, 700),
        ("cole", "max", "abe", 200, 800),
    ];
    for (login, first, last, created, updated) in rows {
        let mut user = sample_user(login);
        user.firstname = first.into();
        user.lastname = last.into();
        user.meta.created_at = at(created);
        user.meta.updated_at = at(updated);
        add_user(store, user).await;
    }
    let cases: &[(&str, [Id; 4], [Id; 4])] = &[
        ("id", [1, 2, 3, 4], [4, 3, 2, 1]),
        ("login", [3, 2, 4, 1], [1, 4, 2, 3]),
        ("firstname", [1, 3, 4, 2], [2, 4, 1, 3]),
        ("lastname", [4, 1, 2, 3], [3, 1, 2, 4]),
        ("email", [3, 2, 4, 1], [1, 4, 2, 3]),
        ("created_at", [2, 4, 1, 3], [1, 3, 4, 2]),
        ("updated_at", [3, 4, 1, 2], [1, 2, 4, 3]),
    ];
    let mut tx = read(store).await;
    assert_sorted_by_every_field(tx.as_mut(), fields::USER_SORT, cases, |tx, sort| {
        Box::pin(async move {
            let found = tx
                .list_users(&UserFilter::all(), &sort, Page::all())
                .await
                .unwrap();
            (ids_of(&found.items, |u| u.id), found.total)
        })
    })
    .await;
    let sort = Sort {
        field: "login",
        order: SortOrder::Desc,
    };
    let page = tx
        .list_users(
            &UserFilter::all(),
            &sort,
            Page {
                offset: 1,
                limit: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!((ids_of(&page.items, |u| u.id), page.total), (vec![4, 2], 4));
}

/// One failed login in its own write transaction, yielding inside it so that the eight
/// callers interleave.
async fn bump(store: &dyn Store, id: Id) -> i32 {
    let mut tx = write(store).await;
    tokio::task::yield_now().await;
    let count = tx.increment_login_failed(id).await.unwrap();
    tokio::task::yield_now().await;
    commit(tx).await;
    count
}

/// Eight concurrent write transactions each adding one failed login add exactly eight.
pub async fn increment_login_failed_is_atomic(store: &dyn Store) {
    let mut user = sample_user("ann");
    user.login_failed = 0;
    let user = add_user(store, user).await;
    let id = user.id;
    let (a, b, c, d, e, f, g, h) = tokio::join!(
        bump(store, id),
        bump(store, id),
        bump(store, id),
        bump(store, id),
        bump(store, id),
        bump(store, id),
        bump(store, id),
        bump(store, id),
    );
    let mut seen = vec![a, b, c, d, e, f, g, h];
    seen.sort_unstable();
    assert_eq!(
        seen,
        (1..=8).collect::<Vec<i32>>(),
        "each increment sees the previous ones"
    );
    let mut tx = read(store).await;
    assert_eq!(tx.user(id).await.unwrap().unwrap().login_failed, 8);
}

/// A successful login resets the failure count and records the time.
pub async fn record_login_resets_failures(store: &dyn Store) {
    let user = add_user(store, sample_user("ann")).await;
    let mut tx = write(store).await;
    assert_eq!(
        tx.increment_login_failed(user.id).await.unwrap(),
        user.login_failed + 1
    );
    tx.record_login(user.id, at(77_000)).await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    let read_back = tx.user(user.id).await.unwrap().unwrap();
    assert_eq!(read_back.login_failed, 0);
    let expected = User {
        login_failed: 0,
        last_login: Some(at(77_000)),
        ..user
    };
    assert_eq!(
        norm_user(&read_back),
        norm_user(&expected),
        "nothing else changes"
    );
}

/// References count creators and updaters of other rows and out-of-office replacements, not
/// the user's own row, roles, group access or tokens.
pub async fn user_reference_count_counts_other_rows(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    let mut bob = sample_user("bob");
    bob.meta.updated_by_id = 2;
    add_user(store, bob).await;
    add_role(store, sample_role("r1")).await;
    add_group(store, sample_group("g1")).await;
    let mut carl = sample_user("carl");
    carl.meta.created_by_id = 2;
    carl.role_ids = vec![1];
    add_user(store, carl).await;
    let mut dora = sample_user("dora");
    dora.out_of_office_replacement_id = Some(2);
    dora.group_ids = access(&[(1, &[GroupAccess::Full])]);
    add_user(store, dora).await;
    add_group(
        store,
        Group {
            meta: meta_by(2),
            ..sample_group("g2")
        },
    )
    .await;
    let mut org = sample_organization("o1");
    org.meta.updated_by_id = 2;
    add_organization(store, org).await;
    add_state(
        store,
        State {
            meta: meta_by(2),
            ..sample_state("s1")
        },
    )
    .await;
    let mut tx = write(store).await;
    tx.insert_priority(&Priority {
        meta: meta_by(2),
        ..sample_priority("p1")
    })
    .await
    .unwrap();
    tx.insert_role(&Role {
        meta: meta_by(2),
        ..sample_role("r2")
    })
    .await
    .unwrap();
    commit(tx).await;
    add_token(store, sample_token(2, "hash-of-bob")).await;
    let mut eve = sample_user("eve");
    eve.role_ids = vec![1, 2];
    eve.group_ids = access(&[(1, &[GroupAccess::Read]), (2, &[GroupAccess::Read])]);
    let eve = add_user(store, eve).await;
    add_token(store, sample_token(eve.id, "hash-of-eve")).await;

    let mut tx = read(store).await;
    // carl (created), dora (replacement), g2, o1 (updated), s1, p1, r2.
    assert_eq!(tx.user_reference_count(2).await.unwrap(), 7);
    // bob (created), carl (updated), dora, eve, r1, g1, o1 (created).
    assert_eq!(tx.user_reference_count(1).await.unwrap(), 7);
    assert_eq!(tx.user_reference_count(eve.id).await.unwrap(), 0);
    assert_eq!(tx.user_reference_count(99).await.unwrap(), 0);
}

/// Group and organization membership lists pair each group or organization with its users.
pub async fn group_and_organization_members(store: &dyn Store) {
    add_user(store, sample_user("admin")).await;
    add_groups_and_organizations(store).await;
    let mut ann = sample_user("ann");
    ann.group_ids = access(&[(1, &[GroupAccess::Full]), (2, &[GroupAccess::Read])]);
    ann.organization_id = Some(1);
    ann.organization_ids = vec![2];
    let ann = add_user(store, ann).await;
    let mut bob = sample_user("bob");
    bob.group_ids = access(&[(1, &[GroupAccess::Change])]);
    bob.organization_id = Some(2);
    bob.organization_ids = vec![1, 2];
    let bob = add_user(store, bob).await;

    let mut tx = read(store).await;
    let mut members = tx.group_members(&[1]).await.unwrap();
    members.sort_unstable();
    assert_eq!(members, vec![(1, ann.id), (1, bob.id)]);
    let mut members = tx.group_members(&[2, 3]).await.unwrap();
    members.sort_unstable();
    assert_eq!(members, vec![(2, ann.id)]);
    assert!(tx.group_members(&[]).await.unwrap().is_empty());
    let mut members = tx.organization_members(&[1, 2, 3]).await.unwrap();
    members.sort_unstable();
    assert_eq!(
        members,
        vec![(1, ann.id), (1, bob.id), (2, ann.id), (2, bob.id)]
    );
    assert!(tx.organization_members(&[3]).await.unwrap().is_empty());
}
