//! Transactions: rollback on drop, visibility on commit, isolation of readers.

use helpdesk_domain::{AccessToken, Group, Organization, Page, Priority, Role, State, User};
use helpdesk_storage::{OrganizationFilter, Sort, Store, Transaction, UserFilter};

use crate::fixtures::{
    add_admin, add_group, add_organization, add_priority, add_role, add_state, add_token, add_user,
    at, commit, norm_group, norm_organization, norm_priority, norm_role, norm_state, norm_token,
    norm_user, read, sample_group, sample_organization, sample_priority, sample_role, sample_state,
    sample_token, sample_user, write,
};

/// Everything a transaction can read, normalized for comparing.
#[derive(Debug, PartialEq)]
struct Dump {
    users: Vec<User>,
    roles: Vec<Role>,
    groups: Vec<Group>,
    organizations: Vec<Organization>,
    states: Vec<State>,
    priorities: Vec<Priority>,
    tokens: Vec<AccessToken>,
}

async fn dump(tx: &mut dyn Transaction) -> Dump {
    let users = tx
        .list_users(&UserFilter::all(), &Sort::by_id(), Page::all())
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for user in &users.items {
        tokens.extend(
            tx.tokens_of_user(user.id)
                .await
                .unwrap()
                .iter()
                .map(norm_token),
        );
    }
    tokens.sort_by_key(|t| t.id);
    let orgs = OrganizationFilter::all();
    Dump {
        users: users.items.iter().map(norm_user).collect(),
        roles: tx.roles().await.unwrap().iter().map(norm_role).collect(),
        groups: tx
            .list_groups(Page::all())
            .await
            .unwrap()
            .items
            .iter()
            .map(norm_group)
            .collect(),
        organizations: tx
            .list_organizations(&orgs, &Sort::by_id(), Page::all())
            .await
            .unwrap()
            .items
            .iter()
            .map(norm_organization)
            .collect(),
        states: tx.states().await.unwrap().iter().map(norm_state).collect(),
        priorities: tx
            .priorities()
            .await
            .unwrap()
            .iter()
            .map(norm_priority)
            .collect(),
        tokens,
    }
}

/// Users 1 and 2, one role, group, organization, state and priority, a token each.
async fn baseline(store: &dyn Store) {
    add_admin(store).await;
    add_user(store, sample_user("bob")).await;
    add_role(store, sample_role("r1")).await;
    add_group(store, sample_group("g1")).await;
    add_organization(store, sample_organization("o1")).await;
    add_state(store, sample_state("s1")).await;
    add_priority(store, sample_priority("p1")).await;
    add_token(store, sample_token(2, "bob-token")).await;
    add_token(store, sample_token(1, "admin-token")).await;
}

/// Does every kind of write, then checks that the transaction sees them itself.
async fn write_everything(tx: &mut dyn Transaction) {
    let carl = tx.insert_user(&sample_user("carl")).await.unwrap();
    tx.insert_role(&sample_role("r2")).await.unwrap();
    tx.insert_group(&sample_group("g2")).await.unwrap();
    tx.insert_organization(&sample_organization("o2"))
        .await
        .unwrap();
    tx.insert_state(&sample_state("s2")).await.unwrap();
    tx.insert_priority(&sample_priority("p2")).await.unwrap();
    tx.insert_token(&sample_token(carl.id, "carl-token"))
        .await
        .unwrap();

    let admin = tx.user(1).await.unwrap().unwrap();
    tx.update_user(&User {
        firstname: "changed".into(),
        ..admin
    })
    .await
    .unwrap();
    let group = tx.group(1).await.unwrap().unwrap();
    tx.update_group(&Group {
        note: "changed".into(),
        ..group
    })
    .await
    .unwrap();
    let org = tx.organization(1).await.unwrap().unwrap();
    tx.update_organization(&Organization {
        note: "changed".into(),
        ..org
    })
    .await
    .unwrap();
    let state = tx.states().await.unwrap().remove(0);
    tx.update_state(&State {
        note: "changed".into(),
        ..state
    })
    .await
    .unwrap();
    let priority = tx.priorities().await.unwrap().remove(0);
    tx.update_priority(&Priority {
        note: "changed".into(),
        ..priority
    })
    .await
    .unwrap();
    tx.increment_login_failed(1).await.unwrap();
    tx.record_login(1, at(99_000)).await.unwrap();
    tx.increment_login_failed(1).await.unwrap();
    tx.touch_token(2, at(99_000)).await.unwrap();

    tx.delete_user(2).await.unwrap();
    tx.delete_token(2).await.unwrap();
    tx.delete_group(1).await.unwrap();
    tx.delete_organization(1).await.unwrap();
    tx.delete_state(1).await.unwrap();
    tx.delete_priority(1).await.unwrap();

    let seen = dump(tx).await;
    assert_eq!(
        seen.users
            .iter()
            .map(|u| u.login.as_str())
            .collect::<Vec<_>>(),
        ["admin", "carl"]
    );
    assert_eq!(seen.users[0].firstname, "changed");
    assert_eq!(seen.users[0].login_failed, 1);
    assert_eq!(seen.roles.len(), 2);
    assert_eq!(
        seen.groups
            .iter()
            .map(|g| g.name.as_str())
            .collect::<Vec<_>>(),
        ["g2"]
    );
    assert_eq!(
        seen.organizations
            .iter()
            .map(|o| o.name.as_str())
            .collect::<Vec<_>>(),
        ["o2"]
    );
    assert_eq!(
        seen.states
            .iter()
            .map(|s| s.name.as_str())
            .collect::<Vec<_>>(),
        ["s2"]
    );
    assert_eq!(
        seen.priorities
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["p2"]
    );
    assert_eq!(
        seen.tokens
            .iter()
            .map(|t| t.token_hash.as_str())
            .collect::<Vec<_>>(),
        ["carl-token"]
    );
}

/// A write transaction dropped without commit leaves no trace of any kind of write.
pub async fn dropping_a_transaction_rolls_back(store: &dyn Store) {
    baseline(store).await;
    let before = dump(read(store).await.as_mut()).await;
    let mut tx = write(store).await;
    write_everything(tx.as_mut()).await;
    drop(tx);
    let after = dump(read(store).await.as_mut()).await;
    assert_eq!(after, before);
    let mut tx = read(store).await;
    assert!(tx.user_by_login("carl").await.unwrap().is_none());
    assert!(tx.token_by_hash("carl-token").await.unwrap().is_none());
    assert!(tx.group_by_name("g2").await.unwrap().is_none());
    assert!(tx.organization_by_name("o2").await.unwrap().is_none());
}

/// A committed transaction's writes are all visible to later transactions.
pub async fn committing_makes_every_write_visible(store: &dyn Store) {
    baseline(store).await;
    let mut tx = write(store).await;
    write_everything(tx.as_mut()).await;
    let staged = dump(tx.as_mut()).await;
    commit(tx).await;
    let after = dump(read(store).await.as_mut()).await;
    assert_eq!(after, staged);
}

/// Writes not yet committed are invisible to other transactions.
pub async fn uncommitted_writes_are_invisible_to_others(store: &dyn Store) {
    baseline(store).await;
    let mut writer = write(store).await;
    writer.insert_user(&sample_user("carl")).await.unwrap();
    let mut reader = read(store).await;
    assert!(reader.user_by_login("carl").await.unwrap().is_none());
    reader.commit().await.unwrap();
    commit(writer).await;
    let mut tx = read(store).await;
    assert!(tx.user_by_login("carl").await.unwrap().is_some());
}

/// A read transaction opened before a write commits keeps working and commits cleanly.
pub async fn read_transaction_survives_a_concurrent_commit(store: &dyn Store) {
    baseline(store).await;
    let mut reader = read(store).await;
    assert_eq!(
        reader.user(1).await.unwrap().map(|u| u.login),
        Some("admin".into())
    );
    let mut writer = write(store).await;
    writer.insert_user(&sample_user("carl")).await.unwrap();
    let admin = writer.user(1).await.unwrap().unwrap();
    writer
        .update_user(&User {
            firstname: "changed".into(),
            ..admin
        })
        .await
        .unwrap();
    commit(writer).await;
    let admin = reader
        .user(1)
        .await
        .unwrap()
        .expect("the reader still reads");
    assert!(["admin-first", "changed"].contains(&admin.firstname.as_str()));
    let listed = reader
        .list_users(&UserFilter::all(), &Sort::by_id(), Page::all())
        .await;
    assert!(listed.unwrap().total >= 2);
    reader.commit().await.unwrap();
    let mut tx = read(store).await;
    assert_eq!(tx.user(1).await.unwrap().unwrap().firstname, "changed");
}

/// Committing a read transaction succeeds and changes nothing.
pub async fn committing_a_read_transaction_changes_nothing(store: &dyn Store) {
    baseline(store).await;
    let before = dump(read(store).await.as_mut()).await;
    let mut tx = read(store).await;
    assert_eq!(dump(tx.as_mut()).await, before);
    tx.commit().await.unwrap();
    assert_eq!(dump(read(store).await.as_mut()).await, before);
}

/// One of [`concurrent_writes_commit_or_roll_back_alone`]'s writes: adds `user{i}`, then
/// commits, or rolls back when `i` is a multiple of three.
async fn add_or_roll_back(store: &dyn Store, i: usize) {
    let mut tx = write(store).await;
    tokio::task::yield_now().await;
    tx.insert_user(&sample_user(&format!("user{i}")))
        .await
        .unwrap();
    tokio::task::yield_now().await;
    if i.is_multiple_of(3) {
        drop(tx);
    } else {
        commit(tx).await;
    }
}

/// Ten concurrent write transactions, four of them (the last one too) rolling back: every
/// commit is visible once it answers, and every rollback leaves nothing, whatever the order
/// (a store may commit writes that queue up together as one).
pub async fn concurrent_writes_commit_or_roll_back_alone(store: &dyn Store) {
    tokio::join!(
        add_or_roll_back(store, 0),
        add_or_roll_back(store, 1),
        add_or_roll_back(store, 2),
        add_or_roll_back(store, 3),
        add_or_roll_back(store, 4),
        add_or_roll_back(store, 5),
        add_or_roll_back(store, 6),
        add_or_roll_back(store, 7),
        add_or_roll_back(store, 8),
        add_or_roll_back(store, 9),
    );
    let mut tx = read(store).await;
    for i in 0..10_usize {
        let found = tx.user_by_login(&format!("user{i}")).await.unwrap();
        assert_eq!(found.is_some(), !i.is_multiple_of(3), "user{i}");
    }
}
