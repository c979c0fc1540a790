//! Ticket lists: scopes, whole-word free text over tickets and their articles, field terms,
//! time ranges, sorting by every sortable field, pages and totals.

use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_domain::search::{Query, Term};
use helpdesk_domain::{Article, Id, Page, SortOrder, Ticket, Timestamp};
use helpdesk_storage::{Sort, Store, TicketFilter, TicketScope, Transaction, fields};

use crate::fixtures::{
    add_article, add_group, add_organization, add_priority, add_state, add_ticket,
    add_ticket_basics, add_user, assert_sorted_by_every_field, at, commit, ids_of, page, read,
    sample_article, sample_group, sample_organization, sample_priority, sample_state,
    sample_ticket, sample_user, write,
};

/// The ids (by id) and total of the tickets matching `query` in `scope`.
async fn find(
    tx: &mut dyn Transaction,
    scope: TicketScope,
    query: Query,
    internal_articles: bool,
) -> (Vec<Id>, u64) {
    let filter = TicketFilter {
        scope,
        query,
        internal_articles,
    };
    let found = tx
        .list_tickets(&filter, &Sort::by_id(), Page::all())
        .await
        .unwrap();
    (ids_of(&found.items, |t| t.id), found.total)
}

/// The ids of the tickets matching the query text, every ticket in scope, internal articles
/// included.
async fn search(tx: &mut dyn Transaction, query: &str) -> Vec<Id> {
    let query = Query::parse(query).unwrap();
    find(tx, TicketScope::All, query, true).await.0
}

/// Users `bob` (2), `carl` (3) and `dora` (4); groups `Users` (1) and `Sales` (2); states
/// `new` (1) and `open` (2); priorities `2 normal` (1) and `3 high` (2); organizations `Acme`
/// (1) and `Globex` (2).
async fn add_related_records(store: &dyn Store) {
    add_ticket_basics(store).await;
    for login in ["bob", "carl", "dora"] {
        add_user(store, sample_user(login)).await;
    }
    add_group(store, sample_group("Sales")).await;
    add_state(store, sample_state("open")).await;
    add_priority(store, sample_priority("3 high")).await;
    add_organization(store, sample_organization("Acme")).await;
    add_organization(store, sample_organization("Globex")).await;
}

/// A time exactly at a millisecond, so bounds compare the same on every store.
fn ms(offset: i64) -> Timestamp {
    truncate_to_millis(at(offset))
}

/// Scopes: all, groups (none for an empty list), a customer's own tickets, and with a shared
/// organization also that organization's; totals count the scoped matches only.
pub async fn list_tickets_scopes(store: &dyn Store) {
    add_related_records(store).await;
    let rows: [(Id, Id, Option<Id>); 5] = [
        (1, 2, Some(1)),
        (2, 2, Some(1)),
        (1, 3, Some(1)),
        (2, 4, Some(2)),
        (1, 3, None),
    ];
    for (i, (group, customer, org)) in rows.into_iter().enumerate() {
        let mut ticket = sample_ticket(&format!("100{i}"), "t");
        (ticket.group_id, ticket.customer_id, ticket.organization_id) = (group, customer, org);
        add_ticket(store, ticket).await;
    }
    let customer = |customer_id, organization_id| TicketScope::Customer {
        customer_id,
        organization_id,
    };
    let cases: Vec<(TicketScope, Vec<Id>)> = vec![
        (TicketScope::All, vec![1, 2, 3, 4, 5]),
        (TicketScope::Groups(vec![1]), vec![1, 3, 5]),
        (TicketScope::Groups(vec![2]), vec![2, 4]),
        (TicketScope::Groups(vec![1, 2]), vec![1, 2, 3, 4, 5]),
        (TicketScope::Groups(vec![]), vec![]),
        (TicketScope::Groups(vec![99]), vec![]),
        (customer(2, None), vec![1, 2]),
        (customer(3, None), vec![3, 5]),
        (customer(3, Some(1)), vec![1, 2, 3, 5]),
        (customer(4, Some(1)), vec![1, 2, 3, 4]),
        (customer(1, Some(2)), vec![4]),
        (customer(99, None), vec![]),
    ];
    let mut tx = read(store).await;
    for (scope, expected) in cases {
        let total = expected.len() as u64;
        let found = find(&mut *tx, scope.clone(), Query::All, true).await;
        assert_eq!(found, (expected, total), "{scope:?}");
    }
    let sales = Query::parse("group.name:sales").unwrap();
    assert_eq!(
        find(&mut *tx, customer(2, None), sales, true).await,
        (vec![2], 1)
    );
}

/// Free text matches whole words of the title, the number and articles' subjects and bodies,
/// case-insensitively: not a word inside another, a prefix with `*`, a phrase in order.
pub async fn list_tickets_free_text_matches_whole_words(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "Printer on fire")).await;
    add_ticket(store, sample_ticket("1002", "Printers everywhere")).await;
    add_ticket(store, sample_ticket("1003", "Quiet")).await;
    let mut article = sample_article(1, "The paper jam in tray two.");
    article.subject = Some("Toner low".into());
    add_article(store, article).await;
    add_article(store, sample_article(3, "Nothing to see")).await;
    let cases: &[(&str, &[Id])] = &[
        ("fire", &[1]),
        ("FIRE", &[1]),
        ("fir", &[]),
        ("ire", &[]),
        ("printer", &[1]),
        ("printers", &[2]),
        ("print*", &[1, 2]),
        ("PRINTER*", &[1, 2]),
        ("toner", &[1]),
        ("tray", &[1]),
        ("\"jam in tray\"", &[1]),
        ("\"Paper Jam\"", &[1]),
        ("\"tray jam\"", &[]),
        ("\"jam tray\"", &[]),
        ("1002", &[2]),
        ("100", &[]),
        ("100*", &[1, 2, 3]),
        ("printer jam", &[1]),
        ("printer quiet", &[]),
        ("printers OR see", &[2, 3]),
        // Several words: each may match a different text of the ticket.
        ("printer toner", &[1]),
        ("fire \"paper jam\" tray toner 1001", &[1]),
        ("print* toner", &[1]),
        ("100* quiet", &[3]),
        ("100* nothing see", &[3]),
        ("printer jam absent", &[]),
        ("printers toner", &[]),
        ("printers OR toner fire", &[1, 2]),
        ("nothing", &[3]),
        ("absent", &[]),
    ];
    let mut tx = read(store).await;
    for (query, expected) in cases {
        assert_eq!(search(&mut *tx, query).await, expected.to_vec(), "{query}");
    }
}

/// Internal articles count for free text only when the filter allows them; updating an
/// article keeps its search entry in step.
pub async fn list_tickets_free_text_skips_internal_articles(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "One")).await;
    add_ticket(store, sample_ticket("1002", "Two")).await;
    let mut secret = sample_article(1, "secret password reset");
    secret.subject = Some("confidential".into());
    secret.internal = true;
    add_article(store, secret).await;
    let public = add_article(store, sample_article(2, "public secret")).await;
    let mut tx = read(store).await;
    for (query, internal, expected) in [
        ("password", true, vec![1]),
        ("password", false, vec![]),
        ("confidential", true, vec![1]),
        ("confidential", false, vec![]),
        ("secret", true, vec![1, 2]),
        ("secret", false, vec![2]),
        ("secret password", true, vec![1]),
        ("secret password", false, vec![]),
        ("public secret", false, vec![2]),
        ("reset confidential one", true, vec![1]),
        ("secret two", false, vec![2]),
    ] {
        let q = Query::parse(query).unwrap();
        let total = expected.len() as u64;
        let found = find(&mut *tx, TicketScope::All, q, internal).await;
        assert_eq!(found, (expected, total), "{query} internal={internal}");
    }
    drop(tx);
    let mut tx = write(store).await;
    let changed = Article {
        body: "reworded completely".into(),
        internal: true,
        ..public
    };
    tx.update_article(&changed).await.unwrap();
    commit(tx).await;
    let mut tx = read(store).await;
    for (query, internal, expected) in [
        ("secret", false, vec![]),
        ("secret", true, vec![1]),
        ("reworded", true, vec![2]),
        ("reworded", false, vec![]),
    ] {
        let q = Query::parse(query).unwrap();
        let found = find(&mut *tx, TicketScope::All, q, internal).await.0;
        assert_eq!(found, expected, "{query} internal={internal} after update");
    }
}

/// Four tickets over the related records, for field terms and sorting:
///
/// | id | number | title   | created | updated | state | prio | group | owner | customer | org | close | contact | pending |
/// |----|--------|---------|---------|---------|-------|------|-------|-------|----------|-----|-------|---------|---------|
/// | 1  | 1003   | delta   | 300     | 900     | 2     | 1    | 2     | 3     | 2        | 2   | -     | 600     | 60      |
/// | 2  | 1001   | alpha   | 100     | 900     | 1     | 2    | 2     | 1     | 3        | -   | 500   | -       | -       |
/// | 3  | 1004   | charlie | 300     | 700     | 2     | 2    | 1     | 2     | 3        | 1   | -     | 500     | 50      |
/// | 4  | 1002   | bravo   | 200     | 800     | 1     | 1    | 1     | 1     | 2        | -   | 400   | 600     | -       |
///
/// Ticket 1 has the note "Call back tomorrow" and the tags `urgent` and `printer`; ticket 3
/// the note "vip" and the tag `printer-old`.
async fn add_four_tickets(store: &dyn Store) {
    add_related_records(store).await;
    type Row = (
        &'static str,
        &'static str,
        [i64; 2],
        [Id; 5],
        Option<Id>,
        [Option<i64>; 3],
    );
    let rows: [Row; 4] = [
        (
            "1003",
            "delta",
            [300, 900],
            [2, 1, 2, 3, 2],
            Some(2),
            [None, Some(600), Some(60)],
        ),
        (
            "1001",
            "alpha",
            [100, 900],
            [1, 2, 2, 1, 3],
            None,
            [Some(500), None, None],
        ),
        (
            "1004",
            "charlie",
            [300, 700],
            [2, 2, 1, 2, 3],
            Some(1),
            [None, Some(500), Some(50)],
        ),
        (
            "1002",
            "bravo",
            [200, 800],
            [1, 1, 1, 1, 2],
            None,
            [Some(400), Some(600), None],
        ),
    ];
    for (number, title, [created, updated], ids, org, [close, contact, pending]) in rows {
        let [state, priority, group, owner, customer] = ids;
        let mut ticket = Ticket {
            state_id: state,
            priority_id: priority,
            group_id: group,
            owner_id: owner,
            customer_id: customer,
            organization_id: org,
            close_at: close.map(ms),
            last_contact_at: contact.map(ms),
            pending_time: pending.map(ms),
            ..sample_ticket(number, title)
        };
        ticket.meta.created_at = ms(created);
        ticket.meta.updated_at = ms(updated);
        add_ticket(store, ticket).await;
    }
    let mut tx = write(store).await;
    for (id, note) in [(1, "Call back tomorrow"), (3, "vip")] {
        let mut ticket = tx.ticket(id).await.unwrap().unwrap();
        ticket.note = Some(note.into());
        tx.update_ticket(&ticket).await.unwrap();
    }
    for (id, tag) in [(1, "urgent"), (1, "printer"), (3, "printer-old")] {
        tx.add_tag(id, tag).await.unwrap();
    }
    commit(tx).await;
}

/// Field terms: substrings of title and note, case-insensitive equality (or starts-with for
/// a prefix) of the number, related names and tags, exact ids; unknown fields match nothing.
pub async fn list_tickets_field_terms(store: &dyn Store) {
    add_four_tickets(store).await;
    let cases: &[(&str, &[Id])] = &[
        ("title:alp", &[2]),
        ("title:ALP", &[2]),
        ("title:\"rav\"", &[4]),
        ("title:zulu", &[]),
        ("note:BACK", &[1]),
        ("note:vip", &[3]),
        ("note:\"back tomorrow\"", &[1]),
        ("number:1003", &[1]),
        ("number:100", &[]),
        ("number:100*", &[1, 2, 3, 4]),
        ("state.name:OPEN", &[1, 3]),
        ("state.name:ope", &[]),
        ("state.name:op*", &[1, 3]),
        ("priority.name:\"3 high\"", &[2, 3]),
        ("priority.name:3", &[]),
        ("group.name:sales", &[1, 2]),
        ("customer.email:BOB@example.com", &[1, 4]),
        ("customer.email:bob", &[]),
        ("customer.login:carl", &[2, 3]),
        ("owner.login:admin", &[2, 4]),
        ("owner.login:c*", &[1]),
        ("organization.name:acme", &[3]),
        ("organization.name:glob*", &[1]),
        ("tags:printer", &[1]),
        ("tags:PRINT*", &[1, 3]),
        ("tags:print", &[]),
        ("id:3", &[3]),
        ("id:x", &[]),
        ("state_id:2", &[1, 3]),
        ("priority_id:2", &[2, 3]),
        ("group_id:1", &[3, 4]),
        ("owner_id:1", &[2, 4]),
        ("customer_id:3", &[2, 3]),
        ("organization_id:2", &[1]),
        ("organization_id:0", &[]),
        ("unknown:x", &[]),
        ("created_at:x", &[]),
        ("article.body:x", &[]),
        ("state.name:open AND group.name:users", &[3]),
        ("owner_id:3 OR organization.name:acme", &[1, 3]),
        ("tags:urgent delta", &[1]),
    ];
    let used: Vec<String> = cases
        .iter()
        .flat_map(|(q, _)| {
            Query::parse(q)
                .unwrap()
                .fields()
                .into_iter()
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect();
    for field in fields::TICKET_SUBSTRING
        .iter()
        .chain(fields::TICKET_EQUALITY)
        .chain(fields::TICKET_IDS)
    {
        assert!(used.iter().any(|u| u == field), "no case for {field}");
    }
    let mut tx = read(store).await;
    for (query, expected) in cases {
        assert_eq!(search(&mut *tx, query).await, expected.to_vec(), "{query}");
    }
}

/// Range terms on time fields: inclusive bounds, open bounds, no value never in range; a
/// range on any other field matches nothing.
pub async fn list_tickets_time_ranges(store: &dyn Store) {
    add_ticket_basics(store).await;
    type Row = (i64, i64, Option<i64>, Option<i64>, Option<i64>);
    let rows: [Row; 3] = [
        (1_000, 5_000, Some(3_000), None, Some(2_000)),
        (2_000, 6_000, None, Some(4_000), None),
        (3_000, 7_000, Some(4_000), Some(5_000), Some(3_000)),
    ];
    for (i, (created, updated, close, pending, contact)) in rows.into_iter().enumerate() {
        let mut ticket = sample_ticket(&format!("100{i}"), "t");
        ticket.meta.created_at = ms(created);
        ticket.meta.updated_at = ms(updated);
        ticket.close_at = close.map(ms);
        ticket.pending_time = pending.map(ms);
        ticket.last_contact_at = contact.map(ms);
        add_ticket(store, ticket).await;
    }
    let range = |field: &str, from: Option<i64>, to: Option<i64>| {
        Query::Term(Term::Range {
            field: field.into(),
            from: from.map(ms),
            to: to.map(ms),
        })
    };
    let cases: Vec<(Query, Vec<Id>)> = vec![
        (range("created_at", Some(2_000), Some(3_000)), vec![2, 3]),
        (range("created_at", Some(1_001), Some(2_999)), vec![2]),
        (range("created_at", None, Some(2_000)), vec![1, 2]),
        (range("created_at", Some(2_000), None), vec![2, 3]),
        (range("created_at", None, None), vec![1, 2, 3]),
        (range("created_at", Some(3_001), None), vec![]),
        (range("updated_at", Some(6_000), None), vec![2, 3]),
        (range("updated_at", None, Some(4_999)), vec![]),
        (range("close_at", None, None), vec![1, 3]),
        (range("close_at", Some(3_500), None), vec![3]),
        (range("pending_time", None, Some(4_000)), vec![2]),
        (range("pending_time", None, None), vec![2, 3]),
        (
            range("last_contact_at", Some(2_000), Some(3_000)),
            vec![1, 3],
        ),
        (range("first_response_at", None, None), vec![]),
        (range("title", None, None), vec![]),
        (range("unknown", Some(0), None), vec![]),
        (
            Query::And(vec![
                range("created_at", Some(2_000), None),
                range("close_at", None, None),
            ]),
            vec![3],
        ),
        (
            Query::Or(vec![
                range("pending_time", Some(5_000), None),
                Query::parse("number:1000").unwrap(),
            ]),
            vec![1, 3],
        ),
    ];
    let mut tx = read(store).await;
    for time_field in fields::TICKET_TIMES {
        let used = cases.iter().any(|(q, _)| q.fields().contains(time_field));
        assert!(used, "no case for {time_field}");
    }
    for (query, expected) in cases {
        let total = expected.len() as u64;
        let found = find(&mut *tx, TicketScope::All, query.clone(), true).await;
        assert_eq!(found, (expected, total), "{query:?}");
    }
}

/// Every sortable field in both directions, ties by id ascending and no value first when
/// ascending.
pub async fn list_tickets_sorts_by_every_field(store: &dyn Store) {
    add_four_tickets(store).await;
    let cases: &[(&str, [Id; 4], [Id; 4])] = &[
        ("id", [1, 2, 3, 4], [4, 3, 2, 1]),
        ("number", [2, 4, 1, 3], [3, 1, 4, 2]),
        ("title", [2, 4, 3, 1], [1, 3, 4, 2]),
        ("created_at", [2, 4, 1, 3], [1, 3, 4, 2]),
        ("updated_at", [3, 4, 1, 2], [1, 2, 4, 3]),
        ("state_id", [2, 4, 1, 3], [1, 3, 2, 4]),
        ("priority_id", [1, 4, 2, 3], [2, 3, 1, 4]),
        ("group_id", [3, 4, 1, 2], [1, 2, 3, 4]),
        ("owner_id", [2, 4, 3, 1], [1, 3, 2, 4]),
        ("customer_id", [1, 4, 2, 3], [2, 3, 1, 4]),
        ("organization_id", [2, 4, 3, 1], [1, 3, 2, 4]),
        ("close_at", [1, 3, 4, 2], [2, 4, 1, 3]),
        ("last_contact_at", [2, 3, 1, 4], [1, 4, 3, 2]),
        ("pending_time", [2, 4, 3, 1], [1, 3, 2, 4]),
    ];
    let mut tx = read(store).await;
    assert_sorted_by_every_field(tx.as_mut(), fields::TICKET_SORT, cases, |tx, sort| {
        Box::pin(async move {
            let all = TicketFilter {
                scope: TicketScope::All,
                query: Query::All,
                internal_articles: true,
            };
            let found = tx.list_tickets(&all, &sort, Page::all()).await.unwrap();
            (ids_of(&found.items, |t| t.id), found.total)
        })
    })
    .await;
}

/// A page is a window of the sorted matches; the total counts every match.
pub async fn list_tickets_pages(store: &dyn Store) {
    add_four_tickets(store).await;
    let title_asc = Sort {
        field: "title",
        order: SortOrder::Asc,
    };
    let id_desc = Sort {
        field: "id",
        order: SortOrder::Desc,
    };
    let sales = TicketFilter {
        scope: TicketScope::Groups(vec![2]),
        query: Query::All,
        internal_articles: true,
    };
    let all = TicketFilter {
        scope: TicketScope::All,
        query: Query::All,
        internal_articles: true,
    };
    let prefix = TicketFilter {
        query: Query::parse("number:100*").unwrap(),
        ..all.clone()
    };
    let cases: Vec<(&TicketFilter, &Sort, Page, Vec<Id>, u64)> = vec![
        (&all, &title_asc, page(1, 2), vec![4, 3], 4),
        (&all, &title_asc, page(0, 1), vec![2], 4),
        (&all, &title_asc, page(3, 10), vec![1], 4),
        (&all, &title_asc, page(4, 10), vec![], 4),
        (&all, &id_desc, page(0, 0), vec![], 4),
        (&sales, &id_desc, page(0, 10), vec![2, 1], 2),
        (&sales, &id_desc, page(1, 5), vec![1], 2),
        (&prefix, &id_desc, page(2, 1), vec![2], 4),
    ];
    let mut tx = read(store).await;
    for (filter, sort, page, expected, total) in cases {
        let found = tx.list_tickets(filter, sort, page).await.unwrap();
        assert_eq!(
            (ids_of(&found.items, |t| t.id), found.total),
            (expected, total),
            "{filter:?} {sort:?} {page:?}"
        );
    }
}
