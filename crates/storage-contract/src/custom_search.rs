//! Searches by custom field: a `field:value` term on a name that is not a built-in field of
//! the record type matches records holding a value of that name with a search key equal to
//! the needle, case-insensitively (`value*`: starting with it); on tickets, users and
//! organizations, combined with other terms.

use helpdesk_domain::search::Query;
use helpdesk_domain::{Id, ObjectKind, Page};
use helpdesk_storage::{
    OrganizationFilter, Sort, Store, TicketFilter, TicketScope, Transaction, UserFilter,
};
use serde_json::{Value, json};

use crate::attributes::set_values;
use crate::fixtures::{
    add_admin, add_organization, add_ticket, add_ticket_basics, add_user, ids_of, read,
    sample_organization, sample_ticket, sample_user,
};

/// The values of records 1 to 4 of every searched object: record 4 has none.
fn values() -> [Value; 3] {
    [
        json!({"product": "Alpha Beta", "colors": ["Red", "Green"], "count": 42, "vip": true}),
        json!({"product": "alphabet", "colors": ["green"], "count": 7, "vip": false}),
        json!({"product": "Gamma", "colors": [], "count": 420, "region": "Grüße"}),
    ]
}

/// Query texts and the ids (of records 1 to 4) they find, the same on every object.
const CASES: &[(&str, &[Id])] = &[
    ("product:\"alpha beta\"", &[1]),
    ("product:\"ALPHA BETA\"", &[1]),
    ("product:alphabet", &[2]),
    ("product:ALPHABET", &[2]),
    ("product:alpha", &[]),
    ("product:alpha*", &[1, 2]),
    ("product:ALPH*", &[1, 2]),
    ("product:gam*", &[3]),
    ("product:beta", &[]),
    ("colors:green", &[1, 2]),
    ("colors:RED", &[1]),
    ("colors:gr*", &[1, 2]),
    ("count:42", &[1]),
    ("count:4", &[]),
    ("count:4*", &[1, 3]),
    ("vip:true", &[1]),
    ("vip:false", &[2]),
    ("region:grüße", &[3]),
    ("region:GRÜ*", &[3]),
    ("nothing:x", &[]),
    ("nothing:x*", &[]),
    ("count:>2020-01-01", &[]),
    ("product:alpha* AND colors:red", &[1]),
    ("product:alpha* colors:red", &[1]),
    ("product:gamma OR vip:false", &[2, 3]),
    ("count:7 AND colors:green OR product:gamma", &[2, 3]),
];

/// Every case on tickets, whose built-in fields keep their meaning beside custom ones.
pub async fn search_tickets_by_custom_field(store: &dyn Store) {
    add_ticket_basics(store).await;
    for n in 1..=4 {
        add_ticket(store, sample_ticket(&format!("100{n}"), &format!("t{n}"))).await;
    }
    for (id, values) in (1..).zip(values()) {
        set_values(store, ObjectKind::Ticket, id, values).await;
    }
    set_values(store, ObjectKind::User, 1, json!({"product": "gamma"})).await;
    let mut tx = read(store).await;
    for (query, expected) in CASES {
        assert_eq!(
            tickets(&mut *tx, query, TicketScope::All).await,
            *expected,
            "{query}"
        );
    }
    assert_eq!(
        tickets(&mut *tx, "title:t2 OR product:gamma", TicketScope::All).await,
        vec![2, 3]
    );
    assert_eq!(
        tickets(&mut *tx, "t1 AND colors:green", TicketScope::All).await,
        vec![1]
    );
    assert_eq!(
        tickets(&mut *tx, "number:1002 AND product:alpha*", TicketScope::All).await,
        vec![2]
    );
    assert!(
        tickets(&mut *tx, "colors:green", TicketScope::Groups(vec![2]))
            .await
            .is_empty()
    );
}

/// Every case on users, combined with built-in fields and the organization filter.
pub async fn search_users_by_custom_field(store: &dyn Store) {
    let acme = add_organization(store, sample_organization("Acme")).await;
    add_admin(store).await;
    for login in ["bob", "carl", "dora"] {
        let mut user = sample_user(login);
        user.organization_id = (login == "bob").then_some(acme.id);
        add_user(store, user).await;
    }
    for (id, values) in (1..).zip(values()) {
        set_values(store, ObjectKind::User, id, values).await;
    }
    set_values(store, ObjectKind::Ticket, 4, json!({"product": "gamma"})).await;
    let mut tx = read(store).await;
    for (query, expected) in CASES {
        assert_eq!(users(&mut *tx, query, None).await, *expected, "{query}");
    }
    assert_eq!(
        users(&mut *tx, "login:dora OR product:gamma", None).await,
        vec![3, 4]
    );
    assert_eq!(users(&mut *tx, "bob colors:green", None).await, vec![2]);
    assert_eq!(
        users(&mut *tx, "colors:green", Some(acme.id)).await,
        vec![2]
    );
}

/// Every case on organizations, combined with built-in fields.
pub async fn search_organizations_by_custom_field(store: &dyn Store) {
    for name in ["Acme", "Globex", "Initech", "Umbrella"] {
        add_organization(store, sample_organization(name)).await;
    }
    for (id, values) in (1..).zip(values()) {
        set_values(store, ObjectKind::Organization, id, values).await;
    }
    set_values(store, ObjectKind::Group, 4, json!({"product": "gamma"})).await;
    let mut tx = read(store).await;
    for (query, expected) in CASES {
        assert_eq!(organizations(&mut *tx, query).await, *expected, "{query}");
    }
    assert_eq!(
        organizations(&mut *tx, "name:umbrella OR product:gamma").await,
        vec![3, 4]
    );
    assert_eq!(
        organizations(&mut *tx, "globex colors:green").await,
        vec![2]
    );
}

async fn tickets(tx: &mut dyn Transaction, query: &str, scope: TicketScope) -> Vec<Id> {
    let filter = TicketFilter {
        scope,
        query: Query::parse(query).unwrap(),
        internal_articles: true,
    };
    let found = tx
        .list_tickets(&filter, &Sort::by_id(), Page::all())
        .await
        .unwrap();
    assert_eq!(found.total, found.items.len() as u64);
    ids_of(&found.items, |t| t.id)
}

async fn users(tx: &mut dyn Transaction, query: &str, organization_id: Option<Id>) -> Vec<Id> {
    let filter = UserFilter {
        organization_id,
        query: Query::parse(query).unwrap(),
        ..UserFilter::all()
    };
    let found = tx
        .list_users(&filter, &Sort::by_id(), Page::all())
        .await
        .unwrap();
    assert_eq!(found.total, found.items.len() as u64);
    ids_of(&found.items, |u| u.id)
}

async fn organizations(tx: &mut dyn Transaction, query: &str) -> Vec<Id> {
    let filter = OrganizationFilter {
        query: Query::parse(query).unwrap(),
        ..OrganizationFilter::all()
    };
    let found = tx
        .list_organizations(&filter, &Sort::by_id(), Page::all())
        .await
        .unwrap();
    assert_eq!(found.total, found.items.len() as u64);
    ids_of(&found.items, |o| o.id)
}
