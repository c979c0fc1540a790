//! Sample records with every field set, and helpers to compare what a store answers.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use helpdesk_domain::meta::{from_millis, truncate_to_millis};
use helpdesk_domain::search::Query;
use helpdesk_domain::{
    AccessToken, Article, ArticleType, Attachment, FollowUpPossible, Group, GroupAccess,
    HistoryEntry, Id, Meta, NotificationType, OnlineNotification, Organization, Page, Priority,
    Role, Sender, SortOrder, State, StateType, Ticket, Timestamp, User,
};
use helpdesk_storage::{Mode, Sort, Store, TicketFilter, TicketScope, Transaction};

/// A fixed point in time `ms` milliseconds after a fixed origin, with a sub-millisecond part
/// that stores may drop.
pub fn at(ms: i64) -> Timestamp {
    from_millis(1_700_000_000_000 + ms) + Duration::nanoseconds(123_456)
}

/// Bookkeeping created at `at(0)` and updated at `at(1000)` by user `actor`.
pub fn meta_by(actor: Id) -> Meta {
    Meta {
        created_at: at(0),
        updated_at: at(1_000),
        created_by_id: actor,
        updated_by_id: actor,
    }
}

/// A user with every plain field set from `login` (its email is `login@example.com`), no
/// relations, created by user 1.
pub fn sample_user(login: &str) -> User {
    User {
        id: 0,
        organization_id: None,
        login: login.to_string(),
        firstname: format!("{login}-first"),
        lastname: format!("{login}-last"),
        email: format!("{login}@example.com"),
        image: Some(format!("{login}.png")),
        image_source: Some(format!("https://img.example.com/{login}")),
        web: format!("https://{login}.example.com"),
        phone: "+49 30 1234".to_string(),
        fax: "+49 30 1235".to_string(),
        mobile: "+49 170 1236".to_string(),
        department: "support".to_string(),
        street: "main street 1".to_string(),
        zip: "10115".to_string(),
        city: "berlin".to_string(),
        country: "germany".to_string(),
        address: "main street 1, 10115 berlin".to_string(),
        vip: true,
        verified: true,
        active: true,
        note: format!("note about {login}"),
        last_login: Some(at(5_000)),
        source: Some("signup".to_string()),
        login_failed: 2,
        out_of_office: true,
        out_of_office_start_at: Some(at(86_400_000)),
        out_of_office_end_at: Some(at(2 * 86_400_000)),
        out_of_office_replacement_id: None,
        preferences: serde_json::json!({"locale": "de-de", "notifications": {"mail": true}}),
        password_hash: Some(format!("$argon2id$v=19$m=19456,t=2,p=1${login}")),
        role_ids: Vec::new(),
        organization_ids: Vec::new(),
        group_ids: BTreeMap::new(),
        meta: meta_by(1),
    }
}

/// A role named `name`, created by user 1.
pub fn sample_role(name: &str) -> Role {
    Role {
        id: 0,
        name: name.to_string(),
        permissions: vec!["ticket.agent".to_string(), "user_preferences".to_string()],
        default_at_signup: true,
        active: true,
        note: format!("role {name}"),
        meta: meta_by(1),
    }
}

/// A group named `name` with every field set, created by user 1.
pub fn sample_group(name: &str) -> Group {
    Group {
        id: 0,
        name: name.to_string(),
        signature_id: Some(7),
        email_address_id: Some(9),
        assignment_timeout: Some(45),
        follow_up_possible: FollowUpPossible::NewTicket,
        follow_up_assignment: false,
        active: true,
        note: format!("group {name}"),
        meta: meta_by(1),
    }
}

/// An organization named `name` with every field set, created by user 1.
pub fn sample_organization(name: &str) -> Organization {
    Organization {
        id: 0,
        name: name.to_string(),
        shared: false,
        domain: format!("{}.example.com", name.to_lowercase()),
        domain_assignment: true,
        active: true,
        note: format!("organization {name}"),
        meta: meta_by(1),
    }
}

/// An open state named `name`, created by user 1.
pub fn sample_state(name: &str) -> State {
    State {
        id: 0,
        state_type_id: StateType::Open.id(),
        name: name.to_string(),
        next_state_id: None,
        ignore_escalation: true,
        default_create: false,
        default_follow_up: true,
        note: format!("state {name}"),
        active: true,
        meta: meta_by(1),
    }
}

/// A priority named `name`, created by user 1.
pub fn sample_priority(name: &str) -> Priority {
    Priority {
        id: 0,
        name: name.to_string(),
        default_create: true,
        ui_icon: Some("important".to_string()),
        ui_color: Some("high-priority".to_string()),
        note: format!("priority {name}"),
        active: true,
        meta: meta_by(1),
    }
}

/// A token of `user_id` whose hash is `hash`.
pub fn sample_token(user_id: Id, hash: &str) -> AccessToken {
    AccessToken {
        id: 0,
        user_id,
        label: format!("token {hash}"),
        token_hash: hash.to_string(),
        permissions: vec!["ticket.agent".to_string()],
        expires_at: NaiveDate::from_ymd_opt(2031, 12, 31),
        last_used_at: Some(at(3_000)),
        created_at: at(0),
        updated_at: at(1_000),
    }
}

/// A user's group access from `(group id, access names)` pairs.
pub fn access(entries: &[(Id, &[GroupAccess])]) -> BTreeMap<Id, Vec<GroupAccess>> {
    entries.iter().map(|(id, a)| (*id, a.to_vec())).collect()
}

/// Opens a write transaction or fails the test.
pub async fn write(store: &dyn Store) -> Box<dyn Transaction> {
    store.begin(Mode::Write).await.expect("begin write")
}

/// Opens a read transaction or fails the test.
pub async fn read(store: &dyn Store) -> Box<dyn Transaction> {
    store.begin(Mode::Read).await.expect("begin read")
}

/// Commits or fails the test.
pub async fn commit(tx: Box<dyn Transaction>) {
    tx.commit().await.expect("commit")
}

/// Runs `change` in a write transaction of its own, commits it and answers what `change`
/// answered.
pub async fn committed<T>(
    store: &dyn Store,
    change: impl AsyncFnOnce(&mut dyn Transaction) -> T,
) -> T {
    let mut tx = write(store).await;
    let answer = change(&mut *tx).await;
    commit(tx).await;
    answer
}

fn millis(t: Timestamp) -> Timestamp {
    truncate_to_millis(t)
}

fn meta_millis(m: &Meta) -> Meta {
    Meta {
        created_at: millis(m.created_at),
        updated_at: millis(m.updated_at),
        created_by_id: m.created_by_id,
        updated_by_id: m.updated_by_id,
    }
}

/// `record` with the timestamps of its `meta` cut to milliseconds.
pub fn with_meta_millis<T: Clone>(record: &T, meta: fn(&mut T) -> &mut Meta) -> T {
    let mut record = record.clone();
    let meta = meta(&mut record);
    *meta = meta_millis(meta);
    record
}

/// The user with timestamps cut to milliseconds and relation lists sorted, for comparing.
pub fn norm_user(u: &User) -> User {
    let mut u = u.clone();
    u.last_login = u.last_login.map(millis);
    u.out_of_office_start_at = u.out_of_office_start_at.map(millis);
    u.out_of_office_end_at = u.out_of_office_end_at.map(millis);
    u.meta = meta_millis(&u.meta);
    u.role_ids.sort_unstable();
    u.organization_ids.sort_unstable();
    u.group_ids.values_mut().for_each(|a| a.sort_unstable());
    u
}

/// The role with timestamps cut to milliseconds.
pub fn norm_role(r: &Role) -> Role {
    with_meta_millis(r, |r| &mut r.meta)
}

/// The group with timestamps cut to milliseconds.
pub fn norm_group(g: &Group) -> Group {
    with_meta_millis(g, |g| &mut g.meta)
}

/// The organization with timestamps cut to milliseconds.
pub fn norm_organization(o: &Organization) -> Organization {
    with_meta_millis(o, |o| &mut o.meta)
}

/// The state with timestamps cut to milliseconds.
pub fn norm_state(s: &State) -> State {
    with_meta_millis(s, |s| &mut s.meta)
}

/// The priority with timestamps cut to milliseconds.
pub fn norm_priority(p: &Priority) -> Priority {
    with_meta_millis(p, |p| &mut p.meta)
}

/// The token with timestamps cut to milliseconds.
pub fn norm_token(t: &AccessToken) -> AccessToken {
    AccessToken {
        last_used_at: t.last_used_at.map(millis),
        created_at: millis(t.created_at),
        updated_at: millis(t.updated_at),
        ..t.clone()
    }
}

/// Declares each `pub async fn $name(store, $record: $ty) -> $ty`, which inserts the record
/// with `$insert` in a committed transaction of its own and answers the stored record.
macro_rules! adders {
    ($($(#[$doc:meta])* $name:ident($record:ident: $ty:ty) = $insert:ident;)*) => {$(
        $(#[$doc])*
        pub async fn $name(store: &dyn Store, $record: $ty) -> $ty {
            let mut tx = write(store).await;
            let stored = tx.$insert(&$record).await.expect(stringify!($insert));
            commit(tx).await;
            stored
        }
    )*};
}

adders! {
    /// Inserts `user` in its own committed transaction and answers the stored user.
    add_user(user: User) = insert_user;
    /// Inserts `group` in its own committed transaction and answers the stored group.
    add_group(group: Group) = insert_group;
    /// Inserts `org` in its own committed transaction and answers the stored organization.
    add_organization(org: Organization) = insert_organization;
    /// Inserts `role` in its own committed transaction and answers the stored role.
    add_role(role: Role) = insert_role;
    /// Inserts `state` in its own committed transaction and answers the stored state.
    add_state(state: State) = insert_state;
    /// Inserts `priority` in its own committed transaction and answers the stored priority.
    add_priority(priority: Priority) = insert_priority;
    /// Inserts `token` in its own committed transaction and answers the stored token.
    add_token(token: AccessToken) = insert_token;
    /// Inserts `ticket` in its own committed transaction and answers the stored ticket.
    add_ticket(ticket: Ticket) = insert_ticket;
    /// Inserts `article` in its own committed transaction and answers the stored article.
    add_article(article: Article) = insert_article;
}

/// Inserts the user `admin` (id 1 in a fresh store, created by itself), so records created
/// by user 1 refer to an existing user.
pub async fn add_admin(store: &dyn Store) -> User {
    add_user(store, sample_user("admin")).await
}

/// Inserts what every ticket refers to, in a fresh store: the user `admin` (id 1), the group
/// `Users` (id 1), the state `new` (id 1) and the priority `2 normal` (id 1).
pub async fn add_ticket_basics(store: &dyn Store) {
    add_admin(store).await;
    add_group(store, sample_group("Users")).await;
    add_state(store, sample_state("new")).await;
    add_priority(store, sample_priority("2 normal")).await;
}

/// A minimal valid ticket numbered `number`: group, state and priority 1, owner and customer
/// user 1, no organization, every other optional field unset, created by user 1.
pub fn sample_ticket(number: &str, title: &str) -> Ticket {
    Ticket {
        id: 0,
        number: number.to_string(),
        title: title.to_string(),
        group_id: 1,
        priority_id: 1,
        state_id: 1,
        organization_id: None,
        owner_id: 1,
        customer_id: 1,
        note: None,
        first_response_at: None,
        close_at: None,
        last_contact_at: None,
        last_contact_agent_at: None,
        last_contact_customer_at: None,
        last_owner_update_at: None,
        create_article_type_id: None,
        create_article_sender_id: None,
        article_count: 0,
        pending_time: None,
        ticket_type: None,
        time_unit: None,
        preferences: serde_json::json!({}),
        meta: meta_by(1),
    }
}

/// A minimal valid article of `ticket_id`: a public note by an agent with `body`, every
/// optional field unset, created by user 1.
pub fn sample_article(ticket_id: Id, body: &str) -> Article {
    Article {
        id: 0,
        ticket_id,
        type_id: ArticleType::NOTE.id,
        sender_id: Sender::Agent.id(),
        from: None,
        to: None,
        cc: None,
        subject: None,
        reply_to: None,
        message_id: None,
        message_id_md5: None,
        in_reply_to: None,
        content_type: "text/plain".to_string(),
        references: None,
        body: body.to_string(),
        internal: false,
        preferences: serde_json::json!({}),
        origin_by_id: None,
        time_unit: None,
        meta: meta_by(1),
    }
}

/// An attachment of `article_id` named `filename`, stored by user 1.
pub fn sample_attachment(article_id: Id, filename: &str) -> Attachment {
    Attachment {
        id: 0,
        article_id,
        filename: filename.to_string(),
        size: 5,
        content_type: "application/pdf".to_string(),
        preferences: serde_json::json!({"Mime-Type": "application/pdf", "Charset": "UTF-8"}),
        created_at: at(2_000),
        created_by_id: 1,
    }
}

/// An unseen `update` notification of `user_id` about ticket `ticket_id`, made by user 1.
pub fn sample_notification(user_id: Id, ticket_id: Id) -> OnlineNotification {
    OnlineNotification {
        id: 0,
        o_id: ticket_id,
        object_lookup_id: helpdesk_domain::notification::TICKET_OBJECT_ID,
        type_lookup_id: NotificationType::Update.id(),
        user_id,
        seen: false,
        meta: meta_by(1),
    }
}

/// A history entry of ticket `ticket_id`: `attribute` changed from "a" (id 1) to "b" (id 2).
pub fn sample_history(ticket_id: Id, attribute: &str) -> HistoryEntry {
    HistoryEntry {
        id: 0,
        ticket_id,
        history_type: "updated".to_string(),
        history_object: "Ticket".to_string(),
        o_id: ticket_id,
        attribute: Some(attribute.to_string()),
        value_from: Some("a".to_string()),
        value_to: Some("b".to_string()),
        id_from: Some(1),
        id_to: Some(2),
        created_by_id: 1,
        created_at: at(3_000),
    }
}

/// The ticket with timestamps cut to milliseconds.
pub fn norm_ticket(t: &Ticket) -> Ticket {
    Ticket {
        first_response_at: t.first_response_at.map(millis),
        close_at: t.close_at.map(millis),
        last_contact_at: t.last_contact_at.map(millis),
        last_contact_agent_at: t.last_contact_agent_at.map(millis),
        last_contact_customer_at: t.last_contact_customer_at.map(millis),
        last_owner_update_at: t.last_owner_update_at.map(millis),
        pending_time: t.pending_time.map(millis),
        meta: meta_millis(&t.meta),
        ..t.clone()
    }
}

/// The article with timestamps cut to milliseconds.
pub fn norm_article(a: &Article) -> Article {
    with_meta_millis(a, |a| &mut a.meta)
}

/// The attachment with timestamps cut to milliseconds.
pub fn norm_attachment(a: &Attachment) -> Attachment {
    Attachment {
        created_at: millis(a.created_at),
        ..a.clone()
    }
}

/// The notification with timestamps cut to milliseconds.
pub fn norm_notification(n: &OnlineNotification) -> OnlineNotification {
    with_meta_millis(n, |n| &mut n.meta)
}

/// The history entry with timestamps cut to milliseconds.
pub fn norm_history(h: &HistoryEntry) -> HistoryEntry {
    HistoryEntry {
        created_at: millis(h.created_at),
        ..h.clone()
    }
}

/// Every stored ticket by id, read in a read transaction of its own.
pub async fn stored_tickets(store: &dyn Store) -> Vec<Ticket> {
    let filter = TicketFilter {
        scope: TicketScope::All,
        query: Query::All,
        internal_articles: true,
    };
    let mut tx = read(store).await;
    let all = tx
        .list_tickets(&filter, &Sort::by_id(), Page::all())
        .await
        .expect("list tickets");
    assert_eq!(all.total, all.items.len() as u64);
    all.items
}

/// The ids and the total of a whole list in one sort, as a future.
pub type SortedIds<'a> = std::pin::Pin<Box<dyn Future<Output = (Vec<Id>, u64)> + Send + 'a>>;

/// Fails the test unless a list sorted by each of `fields` (every allow-listed sort field of
/// a record type) in each direction answers the ids `cases` names for it: `(field, ids
/// ascending, ids descending)`. `list` answers the ids and the total of the whole list in a
/// sort, read through `tx`.
pub async fn assert_sorted_by_every_field<const N: usize>(
    tx: &mut dyn Transaction,
    fields: &[&'static str],
    cases: &[(&str, [Id; N], [Id; N])],
    list: for<'a> fn(&'a mut dyn Transaction, Sort) -> SortedIds<'a>,
) {
    assert_eq!(cases.len(), fields.len(), "a case per field");
    for &field in fields {
        let (_, asc, desc) = cases
            .iter()
            .find(|(f, _, _)| *f == field)
            .expect("a case per field");
        for (order, expected) in [(SortOrder::Asc, asc), (SortOrder::Desc, desc)] {
            let found = list(&mut *tx, Sort { field, order }).await;
            assert_eq!(found, (expected.to_vec(), N as u64), "{field} {order:?}");
        }
    }
}

/// The page of `limit` records from `offset`.
pub fn page(offset: u64, limit: u64) -> Page {
    Page { offset, limit }
}

/// The ids of `items`, in their order.
pub fn ids_of<T>(items: &[T], id: impl Fn(&T) -> Id) -> Vec<Id> {
    items.iter().map(id).collect()
}

/// Fails the test unless `result` is the conflict `expected` and reads `text` (the text
/// every backend answers for that kind).
pub fn assert_conflict<T: std::fmt::Debug>(
    result: helpdesk_storage::Result<T>,
    expected: helpdesk_storage::Conflict,
    text: &str,
) {
    match result {
        Err(helpdesk_storage::Error::Conflict(conflict)) => {
            assert_eq!(conflict, expected);
            assert_eq!(conflict.to_string(), text);
        }
        other => panic!("expected the conflict {expected:?}, got {other:?}"),
    }
}

/// Fails the test unless `result` is the conflict of a name taken (in any letter case) by
/// another record: `name '{name}' is already taken`.
pub fn assert_name_taken<T: std::fmt::Debug>(result: helpdesk_storage::Result<T>, name: &str) {
    assert_taken(result, "name", name);
}

/// Fails the test unless `result` is the conflict of a `field` whose `value` another record
/// has: `{field} '{value}' is already taken`.
pub fn assert_taken<T: std::fmt::Debug>(
    result: helpdesk_storage::Result<T>,
    field: &'static str,
    value: &str,
) {
    let text = format!("{field} '{value}' is already taken");
    assert_conflict(
        result,
        helpdesk_storage::Conflict::unique(field, value),
        &text,
    );
}

/// Fails the test unless `attempt`, run in a write transaction of its own (dropped after),
/// answers [`Error::Missing`](helpdesk_storage::Error::Missing).
pub async fn assert_missing_in_write<T: std::fmt::Debug>(
    store: &dyn Store,
    attempt: impl AsyncFnOnce(&mut dyn Transaction) -> helpdesk_storage::Result<T>,
) {
    let mut tx = write(store).await;
    assert_missing(attempt(&mut *tx).await);
}

/// Fails the test unless `result` is [`Error::Missing`](helpdesk_storage::Error::Missing).
pub fn assert_missing<T: std::fmt::Debug>(result: helpdesk_storage::Result<T>) {
    assert!(
        matches!(result, Err(helpdesk_storage::Error::Missing(_))),
        "expected Missing, got {result:?}"
    );
}
