//! Tickets: round trips, ids, unique numbers, updates, cascading deletes, the ticket counter
//! and the references tickets and articles add to users, groups, organizations, states and
//! priorities.

use helpdesk_domain::search::Query;
use helpdesk_domain::{ArticleType, Page, Sender, Ticket};
use helpdesk_storage::{Sort, Store, TicketFilter, TicketScope};

use crate::fixtures::{
    add_article, add_group, add_organization, add_priority, add_state, add_ticket,
    add_ticket_basics, add_user, assert_missing, assert_taken, at, commit, committed, ids_of,
    meta_by, norm_ticket, read, sample_article, sample_attachment, sample_group, sample_history,
    sample_notification, sample_organization, sample_priority, sample_state, sample_ticket,
    sample_user, stored_tickets, write,
};

/// A ticket with every optional field set: owner user 2, customer user 3, organization 1.
fn full_ticket(number: &str) -> Ticket {
    Ticket {
        owner_id: 2,
        customer_id: 3,
        organization_id: Some(1),
        note: Some("call back tomorrow".into()),
        first_response_at: Some(at(10_000)),
        close_at: Some(at(20_000)),
        last_contact_at: Some(at(30_000)),
        last_contact_agent_at: Some(at(31_000)),
        last_contact_customer_at: Some(at(32_000)),
        last_owner_update_at: Some(at(33_000)),
        create_article_type_id: Some(ArticleType::WEB.id),
        create_article_sender_id: Some(Sender::Customer.id()),
        article_count: 7,
        pending_time: Some(at(40_000)),
        ticket_type: Some("incident".into()),
        time_unit: Some(2.25),
        preferences: serde_json::json!({"channel_id": 3, "escalation": {"first": true}}),
        ..sample_ticket(number, "Printer on fire")
    }
}

/// The basics plus users `bob` (2) and `carl` (3) and the organization `Acme` (1).
async fn add_full_ticket_basics(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_user(store, sample_user("bob")).await;
    add_user(store, sample_user("carl")).await;
    add_organization(store, sample_organization("Acme")).await;
}

/// Every field of inserted tickets reads back (timestamps at ms precision), with options both
/// set and unset; the given id is ignored.
pub async fn ticket_round_trip_keeps_every_field(store: &dyn Store) {
    add_full_ticket_basics(store).await;
    let mut full = full_ticket("1001");
    full.id = 77;
    let stored = add_ticket(store, full.clone()).await;
    let expected_full = Ticket {
        id: 1,
        ..norm_ticket(&full)
    };
    assert_eq!(norm_ticket(&stored), expected_full);
    let minimal = sample_ticket("1002", "Minimal");
    let stored = add_ticket(store, minimal.clone()).await;
    let expected_minimal = Ticket {
        id: 2,
        ..norm_ticket(&minimal)
    };
    assert_eq!(norm_ticket(&stored), expected_minimal);
    let mut tx = read(store).await;
    let read_back = tx.ticket(1).await.unwrap().expect("ticket 1");
    assert_eq!(norm_ticket(&read_back), expected_full);
    assert_eq!(read_back.time_unit, Some(2.25));
    let read_back = tx.ticket(2).await.unwrap().expect("ticket 2");
    assert_eq!(norm_ticket(&read_back), expected_minimal);
    assert_eq!(tx.ticket(3).await.unwrap(), None);
}

/// Ticket ids count up from 1 and the highest is not reused after a delete.
pub async fn ticket_ids_are_not_reused(store: &dyn Store) {
    add_ticket_basics(store).await;
    for number in ["1001", "1002", "1003"] {
        add_ticket(store, sample_ticket(number, "t")).await;
    }
    committed(store, async |tx| tx.delete_ticket(3).await.unwrap()).await;
    assert_eq!(add_ticket(store, sample_ticket("1004", "t")).await.id, 4);
    let mut tx = read(store).await;
    assert_eq!(tx.ticket(3).await.unwrap(), None);
    drop(tx);
    assert_eq!(
        ids_of(&stored_tickets(store).await, |t| t.id),
        vec![1, 2, 4]
    );
}

/// A second ticket with a taken number is refused with a conflict naming the number.
pub async fn duplicate_ticket_number_conflicts(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "first")).await;
    let mut tx = write(store).await;
    assert_taken(
        tx.insert_ticket(&sample_ticket("1001", "second")).await,
        "number",
        "1001",
    );
    drop(tx);
    let all = stored_tickets(store).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].title, "first");
}

/// A ticket is found by its exact number; another number finds nothing.
pub async fn ticket_by_number_finds_exactly_that_ticket(store: &dyn Store) {
    add_ticket_basics(store).await;
    for number in ["1001", "10010", "2001"] {
        add_ticket(store, sample_ticket(number, "t")).await;
    }
    let mut tx = read(store).await;
    let found = tx.ticket_by_number("10010").await.unwrap().expect("10010");
    assert_eq!((found.id, found.number.as_str()), (2, "10010"));
    assert_eq!(
        tx.ticket_by_number("1001").await.unwrap().map(|t| t.id),
        Some(1)
    );
    assert_eq!(tx.ticket_by_number("100").await.unwrap(), None);
    assert_eq!(tx.ticket_by_number("").await.unwrap(), None);
}

/// An update replaces every field but the number, setting and clearing options; unknown ids
/// answer `Missing` on update and delete.
pub async fn ticket_update_replaces_every_field_but_number(store: &dyn Store) {
    add_full_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "Minimal")).await;
    let changed = Ticket {
        id: 1,
        ..full_ticket("9999")
    };
    committed(store, async |tx| tx.update_ticket(&changed).await.unwrap()).await;
    let mut tx = read(store).await;
    let read_back = tx.ticket(1).await.unwrap().unwrap();
    let expected = Ticket {
        number: "1001".into(),
        ..norm_ticket(&changed)
    };
    assert_eq!(norm_ticket(&read_back), expected);
    drop(tx);
    let cleared = Ticket {
        id: 1,
        ..sample_ticket("1001", "Cleared")
    };
    let mut tx = write(store).await;
    tx.update_ticket(&cleared).await.unwrap();
    assert_missing(
        tx.update_ticket(&Ticket {
            id: 99,
            ..cleared.clone()
        })
        .await,
    );
    assert_missing(tx.delete_ticket(99).await);
    commit(tx).await;
    let mut tx = read(store).await;
    let read_back = tx.ticket(1).await.unwrap().unwrap();
    assert_eq!(norm_ticket(&read_back), norm_ticket(&cleared));
}

/// The counter answers 1, 2, ... across committed transactions; an increment of a
/// rolled-back transaction is undone or leaves a gap, never repeats a committed value.
pub async fn ticket_counter_counts_up(store: &dyn Store) {
    let mut tx = write(store).await;
    assert_eq!(tx.next_ticket_counter().await.unwrap(), 1);
    assert_eq!(tx.next_ticket_counter().await.unwrap(), 2);
    commit(tx).await;
    let mut tx = write(store).await;
    assert_eq!(tx.next_ticket_counter().await.unwrap(), 3);
    drop(tx);
    let mut tx = write(store).await;
    let next = tx.next_ticket_counter().await.unwrap();
    assert!(
        next == 3 || next == 4,
        "after a rollback the counter answers 3 or 4, not {next}"
    );
    commit(tx).await;
    let mut tx = write(store).await;
    assert_eq!(tx.next_ticket_counter().await.unwrap(), next + 1);
}

async fn count_up(store: &dyn Store) -> i64 {
    let mut tx = write(store).await;
    tokio::task::yield_now().await;
    let value = tx.next_ticket_counter().await.unwrap();
    tokio::task::yield_now().await;
    commit(tx).await;
    value
}

/// Eight concurrent write transactions each counting once get 1 to 8, each exactly once.
pub async fn ticket_counter_is_atomic(store: &dyn Store) {
    let (a, b, c, d, e, f, g, h) = tokio::join!(
        count_up(store),
        count_up(store),
        count_up(store),
        count_up(store),
        count_up(store),
        count_up(store),
        count_up(store),
        count_up(store),
    );
    let mut seen = vec![a, b, c, d, e, f, g, h];
    seen.sort_unstable();
    assert_eq!(seen, (1..=8).collect::<Vec<i64>>());
}

/// Deleting a ticket removes its articles, attachments and their bytes, tag links,
/// notifications, history and search entries; another ticket keeps all of its own.
pub async fn delete_ticket_removes_what_hangs_off_it(store: &dyn Store) {
    add_ticket_basics(store).await;
    let doomed = add_ticket(store, sample_ticket("1001", "doomed")).await.id;
    let kept = add_ticket(store, sample_ticket("1002", "kept")).await;
    let a1 = add_article(store, sample_article(doomed, "alpha")).await.id;
    let a2 = add_article(store, sample_article(kept.id, "alpha"))
        .await
        .id;
    let mut internal = sample_article(doomed, "beta");
    internal.internal = true;
    let a3 = add_article(store, internal).await.id;
    let mut tx = write(store).await;
    for (article, name) in [(a1, "one.pdf"), (a2, "two.pdf"), (a3, "three.pdf")] {
        tx.insert_attachment(&sample_attachment(article, name), b"bytes")
            .await
            .unwrap();
    }
    for (ticket, tag) in [
        (doomed, "shared"),
        (doomed, "only-doomed"),
        (kept.id, "shared"),
    ] {
        assert!(tx.add_tag(ticket, tag).await.unwrap());
    }
    for ticket in [doomed, kept.id] {
        tx.insert_notification(&sample_notification(1, ticket))
            .await
            .unwrap();
        tx.insert_history(&sample_history(ticket, "title"))
            .await
            .unwrap();
    }
    commit(tx).await;

    committed(store, async |tx| tx.delete_ticket(doomed).await.unwrap()).await;

    let mut tx = read(store).await;
    assert_eq!(tx.ticket(doomed).await.unwrap(), None);
    assert_eq!(tx.article(a1).await.unwrap(), None);
    assert_eq!(tx.article(a3).await.unwrap(), None);
    assert!(
        tx.articles_of_ticket(doomed, true)
            .await
            .unwrap()
            .is_empty()
    );
    let attachments = tx.attachments_of_articles(&[a1, a2, a3]).await.unwrap();
    assert_eq!(ids_of(&attachments, |a| a.id), vec![2]);
    assert_eq!(tx.attachment_data(1).await.unwrap(), None);
    assert_eq!(tx.attachment_data(3).await.unwrap(), None);
    let (_, bytes) = tx.attachment_data(2).await.unwrap().expect("kept bytes");
    assert_eq!(bytes, b"bytes".to_vec());
    assert!(tx.tags_of_ticket(doomed).await.unwrap().is_empty());
    assert_eq!(tx.tags_of_ticket(kept.id).await.unwrap(), vec!["shared"]);
    let counts: Vec<(String, u64)> = tx
        .tag_items(None, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|t| (t.name, t.count))
        .collect();
    assert_eq!(
        counts,
        vec![("only-doomed".to_string(), 0), ("shared".to_string(), 1)]
    );
    assert_eq!(tx.notification(1).await.unwrap(), None);
    let left = tx.notifications_of_user(1, 10).await.unwrap();
    assert_eq!(ids_of(&left, |n| n.id), vec![2]);
    assert!(tx.history_of_ticket(doomed).await.unwrap().is_empty());
    assert_eq!(tx.history_of_ticket(kept.id).await.unwrap().len(), 1);
    assert_eq!(
        norm_ticket(&tx.ticket(kept.id).await.unwrap().unwrap()),
        norm_ticket(&kept)
    );
    assert_eq!(tx.articles_of_ticket(kept.id, true).await.unwrap().len(), 1);
    let filter = TicketFilter {
        scope: TicketScope::All,
        query: Query::parse("alpha OR beta").unwrap(),
        internal_articles: true,
    };
    let found = tx
        .list_tickets(&filter, &Sort::by_id(), Page::all())
        .await
        .unwrap();
    assert_eq!(
        (ids_of(&found.items, |t| t.id), found.total),
        (vec![kept.id], 1)
    );
}

/// The reference counts of users, groups, organizations, states and priorities include the
/// tickets and articles that name them (each row once), and drop again when a ticket goes.
pub async fn reference_counts_include_tickets_and_articles(store: &dyn Store) {
    add_full_ticket_basics(store).await;
    add_group(store, sample_group("Sales")).await;
    add_state(store, sample_state("open")).await;
    add_priority(store, sample_priority("3 high")).await;
    let before = reference_counts(store).await;

    let t1 = sample_ticket("1001", "one");
    add_ticket(store, t1.clone()).await;
    let mut t2 = sample_ticket("1002", "two");
    (t2.customer_id, t2.owner_id, t2.organization_id) = (2, 3, Some(1));
    (t2.group_id, t2.state_id, t2.priority_id) = (2, 2, 2);
    t2.meta.created_by_id = 3;
    t2.meta.updated_by_id = 2;
    add_ticket(store, t2).await;
    let mut t3 = sample_ticket("1003", "three");
    (t3.customer_id, t3.owner_id, t3.organization_id) = (3, 3, Some(1));
    (t3.group_id, t3.state_id) = (2, 2);
    add_ticket(store, t3).await;
    let mut a1 = sample_article(1, "by bob");
    a1.meta = meta_by(2);
    add_article(store, a1).await;
    let mut a2 = sample_article(1, "by carl, changed by admin");
    a2.meta.created_by_id = 3;
    add_article(store, a2).await;
    let mut a3 = sample_article(3, "by carl");
    a3.meta = meta_by(3);
    add_article(store, a3).await;

    let after = reference_counts(store).await;
    assert_eq!(
        deltas(&before, &after),
        Counts {
            users: [3, 2, 4],
            groups: [1, 2],
            organizations: [2],
            states: [1, 2],
            priorities: [2, 1],
        }
    );

    committed(store, async |tx| tx.delete_ticket(3).await.unwrap()).await;
    let after_delete = reference_counts(store).await;
    assert_eq!(
        deltas(&before, &after_delete),
        Counts {
            users: [2, 2, 2],
            groups: [1, 1],
            organizations: [1],
            states: [1, 1],
            priorities: [1, 1],
        }
    );
}

/// Reference counts of users 1–3, groups 1–2, organization 1, states 1–2, priorities 1–2.
#[derive(Debug, PartialEq)]
struct Counts {
    users: [u64; 3],
    groups: [u64; 2],
    organizations: [u64; 1],
    states: [u64; 2],
    priorities: [u64; 2],
}

async fn reference_counts(store: &dyn Store) -> Counts {
    let mut tx = read(store).await;
    let mut counts = Counts {
        users: [0; 3],
        groups: [0; 2],
        organizations: [0; 1],
        states: [0; 2],
        priorities: [0; 2],
    };
    for (i, id) in (1..=3).enumerate() {
        counts.users[i] = tx.user_reference_count(id).await.unwrap();
    }
    for (i, id) in (1..=2).enumerate() {
        counts.groups[i] = tx.group_reference_count(id).await.unwrap();
        counts.states[i] = tx.state_reference_count(id).await.unwrap();
        counts.priorities[i] = tx.priority_reference_count(id).await.unwrap();
    }
    counts.organizations[0] = tx.organization_reference_count(1).await.unwrap();
    counts
}

fn deltas(before: &Counts, after: &Counts) -> Counts {
    fn sub<const N: usize>(a: [u64; N], b: [u64; N]) -> [u64; N] {
        std::array::from_fn(|i| b[i] - a[i])
    }
    Counts {
        users: sub(before.users, after.users),
        groups: sub(before.groups, after.groups),
        organizations: sub(before.organizations, after.organizations),
        states: sub(before.states, after.states),
        priorities: sub(before.priorities, after.priorities),
    }
}
