//! `/tickets`: create (defaults, lookups, first article, tags, permissions), numbers under
//! concurrency, the lifecycle rules, list/show/search scope, update, delete and history.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, Backend, TestApp, TestUser, basic, unique};

/// The ids of a list answer, in order.
pub fn ids(answer: &Answer) -> Vec<i64> {
    answer
        .body
        .as_array()
        .expect("array")
        .iter()
        .map(|t| t["id"].as_i64().expect("id"))
        .collect()
}

/// The `X-Total-Count` header as a number.
pub fn total(answer: &Answer) -> u64 {
    answer
        .header("X-Total-Count")
        .expect("X-Total-Count")
        .parse()
        .expect("a number")
}

/// Percent-encodes a query parameter value.
pub fn enc(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Creates a ticket in group `Users` for `customer_id` as `creds` with `article` as its first
/// article, and answers the created ticket.
pub async fn open_ticket(
    app: &TestApp,
    creds: (&str, &str),
    customer_id: i64,
    article: Value,
) -> Value {
    let body = json!({
        "title": unique("Ticket "),
        "group_id": 1,
        "customer_id": customer_id,
        "article": article,
    });
    app.post_ok("/tickets", Some(creds), body).await
}

/// A note article body.
pub fn note(text: &str) -> Value {
    json!({ "subject": "Subject", "body": text, "type": "note" })
}

/// The id field of a record.
pub fn id_of(record: &Value) -> i64 {
    record["id"].as_i64().expect("id")
}

/// Creates a group as the admin and answers its id.
async fn group(app: &TestApp) -> i64 {
    let body = json!({ "name": unique("Group ") });
    id_of(&app.post_ok("/groups", Some(ADMIN), body).await)
}

/// How many tickets and users exist, as the admin counts them.
async fn counts(app: &TestApp) -> (u64, u64) {
    let tickets = total(&app.get("/tickets", Some(ADMIN)).await.expect(200));
    let users = total(&app.get("/users", Some(ADMIN)).await.expect(200));
    (tickets, users)
}

/// Waits long enough for the next timestamp to differ (millisecond resolution).
async fn tick() {
    tokio::time::sleep(Duration::from_millis(5)).await;
}

async fn show(app: &TestApp, creds: (&str, &str), id: i64) -> Value {
    app.get_ok(&format!("/tickets/{id}"), Some(creds)).await
}

async fn agent_creates_with_defaults_and_first_article(app: TestApp) {
    let org = app.organization(false).await;
    let customer = app.customer(Some(org)).await;
    let agent = app.agent(&["full"]).await;
    let created = app.post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({
                "title": "  Printer on fire  ",
                "group": "Users",
                "customer_id": customer.id,
                "tags": "a, b",
                "article": { "subject": "Help", "body": "It burns", "type": "note", "internal": false },
            }),
        ).await;
    let id = id_of(&created);
    assert_eq!(created["title"], "Printer on fire");
    assert_eq!(created["number"], "45001");
    assert_eq!(created["group_id"], 1);
    assert_eq!(created["state_id"], 1);
    assert_eq!(created["priority_id"], 2);
    assert_eq!(created["owner_id"], 1);
    assert_eq!(created["customer_id"], customer.id);
    assert_eq!(created["organization_id"], org);
    assert_eq!(created["article_count"], 1);
    assert_eq!(created["create_article_type_id"], 10);
    assert_eq!(created["create_article_sender_id"], 1);
    assert_eq!(created["created_by_id"], agent.id);
    assert_eq!(created["updated_by_id"], agent.id);
    assert_eq!(created["first_response_at"], Value::Null);
    assert_eq!(created["close_at"], Value::Null);
    assert_eq!(created["preferences"], json!({}));
    let article_ids = created["article_ids"].as_array().expect("article_ids");
    assert_eq!(article_ids.len(), 1);
    let article = app
        .get_ok(
            &format!("/ticket_articles/{}", article_ids[0]),
            Some(agent.creds()),
        )
        .await;
    assert_eq!(article["ticket_id"], id);
    assert_eq!(article["body"], "It burns");
    assert_eq!(article["subject"], "Help");
    assert_eq!(article["type"], "note");
    assert_eq!(article["sender"], "Agent");
    let tags = app
        .get(&format!("/tags?object=Ticket&o_id={id}"), Some(ADMIN))
        .await
        .expect(200);
    let mut names: Vec<&str> = tags.body["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| t.as_str().expect("tag"))
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["a", "b"]);
    assert_eq!(show(&app, agent.creds(), id).await, created);

    let second = app
        .post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({ "title": "Second", "group_id": 1, "customer_id": customer.id }),
        )
        .await;
    assert_eq!(second["number"], "45002");
    assert!(id_of(&second) > id);
    assert_eq!(second["article_count"], 0);
    assert_eq!(second["article_ids"], json!([]));
    assert_eq!(second["create_article_type_id"], Value::Null);
}

async fn customers_are_found_by_id_email_or_guess(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let by_email = app.post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({ "title": "By email", "group_id": 1, "customer": customer.login.to_uppercase() }),
        ).await;
    assert_eq!(by_email["customer_id"], customer.id);
    assert_eq!(by_email["organization_id"], Value::Null);
    let by_string_id = app
        .post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({ "title": "By id", "group_id": 1, "customer_id": customer.id.to_string() }),
        )
        .await;
    assert_eq!(by_string_id["customer_id"], customer.id);

    let (_, users_before) = counts(&app).await;
    let email = format!("{}@x.de", unique("new"));
    let guessed = app
        .post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({ "title": "Guess", "group_id": 1, "customer_id": format!("guess:{email}") }),
        )
        .await;
    let new_id = guessed["customer_id"].as_i64().expect("customer id");
    let user = app.get_ok(&format!("/users/{new_id}"), Some(ADMIN)).await;
    assert_eq!(user["email"], email);
    assert_eq!(user["login"], email);
    assert_eq!(user["role_ids"], json!([3]));
    assert_eq!(counts(&app).await.1, users_before + 1);
    // A second guess of the same address reuses that user.
    let again = app.post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({ "title": "Guess again", "group_id": 1, "customer_id": format!("guess:{email}") }),
        ).await;
    assert_eq!(again["customer_id"], new_id);
    assert_eq!(counts(&app).await.1, users_before + 1);
}

async fn bad_creates_are_refused_and_write_nothing(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    open_ticket(&app, agent.creds(), customer.id, note("first")).await;
    let before = counts(&app).await;
    let base = json!({ "title": "Bad", "group_id": 1, "customer_id": customer.id });
    let with = |extra: Value| {
        let mut body = base.clone();
        for (k, v) in extra.as_object().expect("object") {
            body[k] = v.clone();
        }
        body
    };
    let email = format!("{}@x.de", unique("ghost"));
    let cases = [
        (
            json!({ "group_id": null, "group": "Nope" }),
            "No lookup value found for 'group': \"Nope\"",
        ),
        (
            json!({ "group_id": 999 }),
            "No lookup value found for 'group_id': \"999\"",
        ),
        (
            json!({ "state": "bogus" }),
            "No lookup value found for 'state': \"bogus\"",
        ),
        (
            json!({ "state_id": 99 }),
            "No lookup value found for 'state_id': \"99\"",
        ),
        (
            json!({ "priority": "urgent" }),
            "No lookup value found for 'priority': \"urgent\"",
        ),
        (
            json!({ "priority_id": 42 }),
            "No lookup value found for 'priority_id': \"42\"",
        ),
        (
            json!({ "customer_id": 999 }),
            "No lookup value found for 'customer_id': \"999\"",
        ),
        (
            json!({ "customer_id": null, "customer": "nobody@nowhere.de" }),
            "No lookup value found for 'customer_id': \"nobody@nowhere.de\"",
        ),
        // The guessed customer is created before the state fails: it must be rolled back.
        (
            json!({ "customer_id": format!("guess:{email}"), "state": "bogus" }),
            "No lookup value found for 'state': \"bogus\"",
        ),
        (
            json!({ "customer_id": "guess:not-an-email" }),
            "No lookup value found for 'customer_id': \"guess:not-an-email\"",
        ),
        (
            json!({ "title": null }),
            "Missing required attribute 'title'",
        ),
        (
            json!({ "title": "   " }),
            "Missing required attribute 'title'",
        ),
        (
            json!({ "article": { "body": "x", "type": "carrier pigeon" } }),
            "No lookup value found for 'type': \"carrier pigeon\"",
        ),
    ];
    for (extra, text) in cases {
        app.post("/tickets", Some(agent.creds()), with(extra))
            .await
            .expect_error(422, text);
        assert_eq!(counts(&app).await, before, "nothing written for {text}");
    }
    let search = app
        .get(&format!("/users/search?query={}", enc(&email)), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(search.body, json!([]));
    // The next ticket still gets the next number.
    let next = open_ticket(&app, agent.creds(), customer.id, note("next")).await;
    assert_eq!(next["number"], "45002");
}

async fn create_needs_the_right_permission(app: TestApp) {
    let customer = app.customer(None).await;
    let reader = app.agent(&["read"]).await;
    let admin_only = app.create_user(&["Admin"], json!({})).await;
    let body = json!({ "title": "Nope", "group_id": 1, "customer_id": customer.id });
    let before = counts(&app).await;
    app.post("/tickets", Some(reader.creds()), body.clone())
        .await
        .expect_error(403, "Not authorized");
    app.post("/tickets", Some(admin_only.creds()), body.clone())
        .await
        .expect_error(403, "Not authorized");
    app.post("/tickets", None, body.clone())
        .await
        .expect_error(401, "Authentication required");
    assert_eq!(counts(&app).await, before);
    open_ticket(&app, ADMIN, customer.id, note("x")).await;
    let nothing = app
        .get("/tickets", Some(admin_only.creds()))
        .await
        .expect(200);
    assert_eq!(nothing.body, json!([]));
    assert_eq!(total(&nothing), 0);
    let creator = app.agent(&["create"]).await;
    let made = app.post_ok("/tickets", Some(creator.creds()), body).await;
    assert_eq!(made["customer_id"], customer.id);
}

async fn customer_creates_for_itself_only(app: TestApp) {
    let org = app.organization(false).await;
    let customer = app.customer(Some(org)).await;
    let other = app.customer(None).await;
    let agent = app.agent(&["full"]).await;
    let created = app
        .post_ok(
            "/tickets",
            Some(customer.creds()),
            json!({
                "title": "My own",
                "group_id": 1,
                "customer_id": other.id,
                "owner_id": agent.id,
                "preferences": { "x": 1 },
                "article": { "body": "Please help", "type": "web" },
            }),
        )
        .await;
    assert_eq!(created["customer_id"], customer.id);
    assert_eq!(created["organization_id"], org);
    assert_eq!(created["owner_id"], 1);
    assert_eq!(created["preferences"], json!({}));
    assert_eq!(created["created_by_id"], customer.id);
    assert_eq!(created["create_article_sender_id"], 2);
    assert_eq!(created["create_article_type_id"], 11);
    assert_eq!(created["state_id"], 1);
    assert_eq!(created["time_unit"], Value::Null);
    assert!(created["last_contact_customer_at"].is_string());
    let id = id_of(&created);
    app.get(&format!("/tickets/{id}"), Some(other.creds()))
        .await
        .expect_error(403, "Not authorized");
}

async fn concurrent_creates_get_distinct_increasing_numbers(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let auth = basic(&agent.login, &agent.password);
    let mut tasks = Vec::new();
    for task in 0..8 {
        let client = reqwest::Client::new();
        let url = format!("{}/tickets", app.base());
        let auth = auth.clone();
        let customer_id = customer.id;
        tasks.push(tokio::spawn(async move {
            let mut made = Vec::new();
            for i in 0..25 {
                let resp = client
                    .post(&url)
                    .header("Authorization", &auth)
                    .json(&json!({ "title": format!("T{task}-{i}"), "group_id": 1, "customer_id": customer_id }))
                    .send()
                    .await
                    .expect("sent");
                assert_eq!(resp.status().as_u16(), 200);
                let body: Value = resp.json().await.expect("json");
                made.push((
                    body["id"].as_i64().expect("id"),
                    body["number"].as_str().expect("number").to_string(),
                ));
            }
            made
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("task"));
    }
    assert_eq!(all.len(), 200);
    let numbers: HashSet<&str> = all.iter().map(|(_, n)| n.as_str()).collect();
    assert_eq!(numbers.len(), 200);
    all.sort_by_key(|(id, _)| *id);
    let as_numbers: Vec<u64> = all
        .iter()
        .map(|(_, n)| n.parse().expect("digits"))
        .collect();
    assert!(
        as_numbers.windows(2).all(|w| w[0] < w[1]),
        "numbers increase with id"
    );
    assert_eq!(as_numbers[0], 45001);
    assert_eq!(as_numbers[199], 45200);

    // The list is capped at 100 per page.
    let capped = app
        .get("/tickets?per_page=500", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(
        ids(&capped),
        all[..100].iter().map(|t| t.0).collect::<Vec<_>>()
    );
    assert_eq!(total(&capped), 200);
    let default = app.get("/tickets?page=2", Some(ADMIN)).await.expect(200);
    assert_eq!(
        ids(&default),
        all[100..].iter().map(|t| t.0).collect::<Vec<_>>()
    );
    let past = app
        .get("/tickets?page=3&per_page=100", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(past.body, json!([]));
    assert_eq!(total(&past), 200);
}

/// The counter survives a restart on SQLite: numbers keep increasing, never reused.
#[tokio::test]
async fn numbers_continue_after_a_restart() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let customer = app.customer(None).await;
    let first = open_ticket(&app, ADMIN, customer.id, note("before")).await;
    assert_eq!(first["number"], "45001");
    let app = app.restart().await;
    let second = open_ticket(&app, ADMIN, customer.id, note("after")).await;
    assert_eq!(second["number"], "45002");
    assert_eq!(show(&app, ADMIN, id_of(&first)).await["number"], "45001");
}

async fn articles_drive_the_lifecycle(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("a note")).await;
    let id = id_of(&ticket);
    assert_eq!(ticket["state_id"], 1);
    assert_eq!(ticket["first_response_at"], Value::Null);
    assert_eq!(ticket["last_contact_agent_at"], Value::Null);
    // An internal email is no response.
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": id, "body": "internal", "type": "email", "internal": true, "time_unit": 1.5 }),
    )
    .await
    .expect(200);
    let now = show(&app, agent.creds(), id).await;
    assert_eq!(now["state_id"], 1);
    assert_eq!(now["first_response_at"], Value::Null);
    assert_eq!(now["time_unit"], 1.5);
    assert_eq!(now["article_count"], 2);
    // Another note neither.
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": id, "body": "note", "type": "note", "time_unit": "2" }),
    )
    .await
    .expect(200);
    let now = show(&app, agent.creds(), id).await;
    assert_eq!(now["state_id"], 1);
    assert_eq!(now["first_response_at"], Value::Null);
    assert_eq!(now["time_unit"], 3.5);
    tick().await;
    // A public email answers and opens.
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": id, "body": "reply", "type": "email", "to": customer.login }),
    )
    .await
    .expect(200);
    let answered = show(&app, agent.creds(), id).await;
    assert_eq!(answered["state_id"], 2);
    let first = answered["first_response_at"]
        .as_str()
        .expect("set")
        .to_string();
    assert_eq!(answered["last_contact_agent_at"], first.as_str());
    assert_eq!(answered["last_contact_at"], first.as_str());
    assert_eq!(answered["last_contact_customer_at"], Value::Null);
    assert_eq!(answered["article_count"], 4);
    tick().await;
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": id, "body": "called", "type": "phone" }),
    )
    .await
    .expect(200);
    let later = show(&app, agent.creds(), id).await;
    assert_eq!(later["first_response_at"], first.as_str());
    assert_ne!(later["last_contact_agent_at"], first.as_str());
    tick().await;
    app.post(
        "/ticket_articles",
        Some(customer.creds()),
        json!({ "ticket_id": id, "body": "thanks", "type": "web" }),
    )
    .await
    .expect(200);
    let by_customer = show(&app, customer.creds(), id).await;
    let contact = by_customer["last_contact_customer_at"]
        .as_str()
        .expect("customer contact");
    assert_eq!(by_customer["last_contact_at"], contact);
    assert_eq!(by_customer["time_unit"], Value::Null);
    assert_eq!(by_customer["updated_by_id"], customer.id);
    assert_eq!(show(&app, agent.creds(), id).await["time_unit"], 3.5);

    // A phone article on a new ticket opens it; a state sent along wins.
    let closed = app
        .post_ok(
            "/tickets",
            Some(agent.creds()),
            json!({ "title": "Done", "group_id": 1, "customer_id": customer.id, "state": "closed",
                    "article": { "body": "fixed on the phone", "type": "phone" } }),
        )
        .await;
    assert_eq!(closed["state_id"], 4);
    assert!(closed["close_at"].is_string());
    assert!(closed["first_response_at"].is_string());
    let listed = app
        .get("/tickets", Some(customer.creds()))
        .await
        .expect(200);
    assert!(
        listed
            .body
            .as_array()
            .expect("array")
            .iter()
            .all(|t| t["time_unit"].is_null())
    );
    let phoned = open_ticket(
        &app,
        agent.creds(),
        customer.id,
        json!({ "body": "called in", "type": "phone" }),
    )
    .await;
    assert_eq!(phoned["state_id"], 2);
    assert!(phoned["first_response_at"].is_string());
    assert_eq!(phoned["create_article_type_id"], 5);
}

async fn states_owner_and_updater_are_tracked(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let other = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("n")).await;
    let id = id_of(&ticket);
    let path = format!("/tickets/{id}");
    let pending = app
        .put_ok(
            &path,
            Some(agent.creds()),
            json!({ "state": "pending reminder", "pending_time": "2030-01-02T03:04:05Z" }),
        )
        .await;
    assert_eq!(pending["state_id"], 3);
    assert_eq!(pending["pending_time"], "2030-01-02T03:04:05.000Z");
    let open = app
        .put_ok(&path, Some(agent.creds()), json!({ "state_id": 2 }))
        .await;
    assert_eq!(open["pending_time"], Value::Null);
    assert_eq!(open["close_at"], Value::Null);
    let closed = app
        .put_ok(&path, Some(other.creds()), json!({ "state": "closed" }))
        .await;
    let close_at = closed["close_at"].as_str().expect("close_at").to_string();
    assert_eq!(closed["updated_by_id"], other.id);
    assert_eq!(closed["created_by_id"], agent.id);
    tick().await;
    app.put(&path, Some(agent.creds()), json!({ "state": "open" }))
        .await
        .expect(200);
    let reclosed = app
        .put_ok(&path, Some(agent.creds()), json!({ "state": "closed" }))
        .await;
    assert_eq!(reclosed["close_at"], close_at.as_str());
    assert_eq!(reclosed["updated_by_id"], agent.id);
    assert_eq!(reclosed["last_owner_update_at"], Value::Null);
    tick().await;
    let owned = app
        .put_ok(&path, Some(agent.creds()), json!({ "owner_id": other.id }))
        .await;
    assert_eq!(owned["owner_id"], other.id);
    assert!(owned["last_owner_update_at"].is_string());
    assert!(owned["updated_at"].as_str() > reclosed["updated_at"].as_str());
}

async fn agents_see_only_tickets_of_their_groups(app: TestApp) {
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, ADMIN, customer.id, note("secret body")).await;
    let id = id_of(&ticket);
    let title = ticket["title"].as_str().expect("title").to_string();
    let elsewhere = group(&app).await;
    let outsider = app
        .create_user(
            &["Agent"],
            json!({ "group_ids": { elsewhere.to_string(): ["full"] } }),
        )
        .await;
    let list = app
        .get("/tickets", Some(outsider.creds()))
        .await
        .expect(200);
    assert_eq!(list.body, json!([]));
    assert_eq!(total(&list), 0);
    for query in ["*", title.as_str(), "secret"] {
        let found = app
            .get(
                &format!("/tickets/search?query={}", enc(query)),
                Some(outsider.creds()),
            )
            .await
            .expect(200);
        assert_eq!(found.body, json!([]), "query {query}");
    }
    let denied = app
        .get(&format!("/tickets/{id}"), Some(outsider.creds()))
        .await
        .expect_error(403, "Not authorized");
    assert!(!denied.text.contains(&title));
    app.get(
        &format!("/ticket_articles/by_ticket/{id}"),
        Some(outsider.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    let reader = app.agent(&["read"]).await;
    assert_eq!(
        ids(&app.get("/tickets", Some(reader.creds())).await.expect(200)),
        vec![id]
    );
    app.get("/tickets/999", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Ticket with 'id'=999");
    app.get("/tickets", None)
        .await
        .expect_error(401, "Authentication required");
}

/// The ids a user's ticket list and `*` search answer (which must agree).
async fn visible(app: &TestApp, user: &TestUser) -> Vec<i64> {
    let list = app.get("/tickets", Some(user.creds())).await.expect(200);
    let search = app
        .get(
            "/tickets/search?query=*&sort_by=id&order_by=asc",
            Some(user.creds()),
        )
        .await
        .expect(200);
    assert_eq!(ids(&list), ids(&search));
    assert_eq!(total(&list), ids(&list).len() as u64);
    ids(&list)
}

async fn customers_see_own_and_shared_organization_tickets(app: TestApp) {
    let shared = app.organization(true).await;
    let private = app.organization(false).await;
    let s1 = app.customer(Some(shared)).await;
    let s2 = app.customer(Some(shared)).await;
    let p1 = app.customer(Some(private)).await;
    let p2 = app.customer(Some(private)).await;
    let loner = app.customer(None).await;
    let mut made = Vec::new();
    for c in [&s1, &s2, &p1, &p2, &loner] {
        made.push(id_of(&open_ticket(&app, ADMIN, c.id, note("hello")).await));
    }
    assert_eq!(visible(&app, &s1).await, vec![made[0], made[1]]);
    assert_eq!(visible(&app, &s2).await, vec![made[0], made[1]]);
    assert_eq!(visible(&app, &p1).await, vec![made[2]]);
    assert_eq!(visible(&app, &loner).await, vec![made[4]]);
    show(&app, s1.creds(), made[1]).await;
    for (who, ticket) in [(&p1, made[3]), (&loner, made[0]), (&s1, made[2])] {
        let denied = app
            .get(&format!("/tickets/{ticket}"), Some(who.creds()))
            .await
            .expect_error(403, "Not authorized");
        assert!(denied.body.get("title").is_none());
        assert!(!denied.text.contains("Ticket "));
    }
}

async fn list_pages_and_expands(app: TestApp) {
    let org = app.organization(false).await;
    let customer = app.customer(Some(org)).await;
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(id_of(
            &open_ticket(&app, ADMIN, customer.id, note("x")).await,
        ));
    }
    let page = |p: u32, n: u32| format!("/tickets?page={p}&per_page={n}");
    let first = app.get(&page(1, 2), Some(ADMIN)).await.expect(200);
    assert_eq!(ids(&first), made[..2]);
    assert_eq!(total(&first), 5);
    assert_eq!(
        ids(&app.get(&page(2, 2), Some(ADMIN)).await.expect(200)),
        made[2..4]
    );
    assert_eq!(
        ids(&app.get(&page(3, 2), Some(ADMIN)).await.expect(200)),
        made[4..]
    );
    let past = app.get(&page(4, 2), Some(ADMIN)).await.expect(200);
    assert_eq!(past.body, json!([]));
    assert_eq!(total(&past), 5);
    assert_eq!(
        ids(&app.get("/tickets", Some(ADMIN)).await.expect(200)),
        made
    );
    let list = app.get("/tickets", Some(ADMIN)).await.expect(200);
    assert!(list.body[0].get("state").is_none());
    assert!(list.body[0].get("article_ids").is_none());
    let expanded = app
        .get("/tickets?expand=true&per_page=1", Some(ADMIN))
        .await
        .expect(200);
    let org_name = app
        .get_ok(&format!("/organizations/{org}"), Some(ADMIN))
        .await["name"]
        .clone();
    let t = &expanded.body[0];
    assert_eq!(t["group"], "Users");
    assert_eq!(t["state"], "new");
    assert_eq!(t["priority"], "2 normal");
    assert_eq!(t["owner"], "-");
    assert_eq!(t["customer"], customer.login.as_str());
    assert_eq!(t["organization"], org_name);
    let one = app
        .get(&format!("/tickets/{}?expand=true", made[0]), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(one.body["state"], "new");
    assert_eq!(one.body["organization"], org_name);
    app.get("/tickets?page=x", Some(ADMIN)).await.expect(400);
}

async fn agent_updates_need_change(app: TestApp) {
    let agent = app.agent(&["read", "change"]).await;
    let reader = app.agent(&["read"]).await;
    let elsewhere = group(&app).await;
    let foreign = app
        .create_user(
            &["Agent"],
            json!({ "group_ids": { elsewhere.to_string(): ["full"] } }),
        )
        .await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, ADMIN, customer.id, note("x")).await;
    let id = id_of(&ticket);
    let path = format!("/tickets/{id}");
    let updated = app.put_ok(
            &path,
            Some(agent.creds()),
            json!({ "state": "open", "priority_id": 3, "owner_id": agent.id, "title": "Renamed", "number": "1" }),
        ).await;
    assert_eq!(updated["state_id"], 2);
    assert_eq!(updated["priority_id"], 3);
    assert_eq!(updated["owner_id"], agent.id);
    assert_eq!(updated["title"], "Renamed");
    assert_eq!(updated["number"], ticket["number"]);
    assert_eq!(updated["updated_by_id"], agent.id);
    for owner in [customer.id, foreign.id] {
        app.put(&path, Some(agent.creds()), json!({ "owner_id": owner }))
            .await
            .expect_error(
                422,
                &format!(
                    "Invalid value for 'owner_id': user {owner} is no agent of this ticket's group"
                ),
            );
    }
    app.put(&path, Some(agent.creds()), json!({ "group_id": elsewhere }))
        .await
        .expect_error(403, "Not authorized");
    app.put(&path, Some(agent.creds()), json!({ "state": "bogus" }))
        .await
        .expect_error(422, "No lookup value found for 'state': \"bogus\"");
    let before = show(&app, ADMIN, id).await;
    app.put(
        &path,
        Some(reader.creds()),
        json!({ "title": "Reader was here" }),
    )
    .await
    .expect_error(403, "Not authorized");
    app.put(
        &path,
        Some(foreign.creds()),
        json!({ "title": "Foreign was here" }),
    )
    .await
    .expect_error(403, "Not authorized");
    assert_eq!(show(&app, ADMIN, id).await, before);
    app.put("/tickets/999", Some(agent.creds()), json!({ "title": "x" }))
        .await
        .expect_error(404, "Couldn't find Ticket with 'id'=999");
    // An article in the body is appended.
    let with_article = app
        .put_ok(
            &path,
            Some(agent.creds()),
            json!({ "article": { "body": "appended", "type": "note", "internal": true } }),
        )
        .await;
    assert_eq!(with_article["article_count"], 2);
    let article_ids = with_article["article_ids"].as_array().expect("ids");
    assert_eq!(article_ids.len(), 2);
    let appended = app
        .get_ok(
            &format!("/ticket_articles/{}", article_ids[1]),
            Some(agent.creds()),
        )
        .await;
    assert_eq!(appended["body"], "appended");
    assert_eq!(appended["internal"], true);
}

async fn customer_updates_are_limited(app: TestApp) {
    let customer = app.customer(None).await;
    let other = app.customer(None).await;
    let agent = app.agent(&["full"]).await;
    let ticket = open_ticket(&app, ADMIN, customer.id, note("x")).await;
    let id = id_of(&ticket);
    let path = format!("/tickets/{id}");
    let updated = app.put_ok(
            &path,
            Some(customer.creds()),
            json!({ "title": "Customer title", "owner_id": agent.id, "customer_id": other.id, "preferences": { "a": 1 } }),
        ).await;
    assert_eq!(updated["title"], "Customer title");
    assert_eq!(updated["owner_id"], 1);
    assert_eq!(updated["customer_id"], customer.id);
    assert_eq!(updated["preferences"], json!({}));
    assert_eq!(updated["updated_by_id"], customer.id);
    app.put(&path, Some(other.creds()), json!({ "title": "Hijack" }))
        .await
        .expect_error(403, "Not authorized");
    assert_eq!(show(&app, ADMIN, id).await["title"], "Customer title");
}

async fn customer_follow_up_depends_on_the_group(app: TestApp) {
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, ADMIN, customer.id, note("x")).await;
    let id = id_of(&ticket);
    let path = format!("/tickets/{id}");
    app.put(&path, Some(ADMIN), json!({ "state": "closed" }))
        .await
        .expect(200);
    let reopened = app
        .put_ok(
            &path,
            Some(customer.creds()),
            json!({ "article": { "body": "still broken", "type": "web" } }),
        )
        .await;
    assert_eq!(reopened["state_id"], 2);
    assert_eq!(reopened["article_count"], 2);
    app.put(&path, Some(ADMIN), json!({ "state": "closed" }))
        .await
        .expect(200);
    app.post(
        "/ticket_articles",
        Some(customer.creds()),
        json!({ "ticket_id": id, "body": "and again", "type": "web" }),
    )
    .await
    .expect(200);
    assert_eq!(show(&app, ADMIN, id).await["state_id"], 2);
    app.put(&path, Some(ADMIN), json!({ "state": "closed" }))
        .await
        .expect(200);
    let group = app
        .put(
            "/groups/1",
            Some(ADMIN),
            json!({ "follow_up_possible": "new_ticket" }),
        )
        .await
        .expect(200);
    assert_eq!(group.body["follow_up_possible"], "new_ticket");
    let before = show(&app, ADMIN, id).await;
    let refused = "Cannot follow-up on a closed ticket. Please create a new ticket.";
    app.put(
        &path,
        Some(customer.creds()),
        json!({ "title": "again", "article": { "body": "again", "type": "web" } }),
    )
    .await
    .expect_error(422, refused);
    app.post(
        "/ticket_articles",
        Some(customer.creds()),
        json!({ "ticket_id": id, "body": "again", "type": "web" }),
    )
    .await
    .expect_error(422, refused);
    assert_eq!(show(&app, ADMIN, id).await, before);
    // Agents may still reopen.
    let by_agent = app
        .put_ok(&path, Some(ADMIN), json!({ "state": "open" }))
        .await;
    assert_eq!(by_agent["state_id"], 2);
}

async fn delete_is_for_admins(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("x")).await;
    let id = id_of(&ticket);
    let article = ticket["article_ids"][0].as_i64().expect("article");
    app.delete(&format!("/tickets/{id}"), Some(agent.creds()))
        .await
        .expect_error(403, "Not authorized (admin permission required)!");
    app.delete(&format!("/tickets/{id}"), Some(customer.creds()))
        .await
        .expect_error(403, "Not authorized (admin permission required)!");
    show(&app, agent.creds(), id).await;
    let deleted = app
        .delete(&format!("/tickets/{id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(deleted.body, json!({}));
    app.get(&format!("/tickets/{id}"), Some(ADMIN))
        .await
        .expect_error(404, &format!("Couldn't find Ticket with 'id'={id}"));
    app.get(&format!("/ticket_articles/{article}"), Some(ADMIN))
        .await
        .expect(404);
    app.get(&format!("/ticket_articles/by_ticket/{id}"), Some(ADMIN))
        .await
        .expect(404);
    app.get(&format!("/ticket_history/{id}"), Some(ADMIN))
        .await
        .expect(404);
    app.delete(&format!("/tickets/{id}"), Some(ADMIN))
        .await
        .expect(404);
    assert_eq!(
        total(&app.get("/tickets", Some(ADMIN)).await.expect(200)),
        0
    );
}

/// Searches as `creds` and answers the ids, in the order answered.
async fn search(app: &TestApp, creds: (&str, &str), query: &str) -> Vec<i64> {
    let answer = app
        .get(
            &format!(
                "/tickets/search?query={}&sort_by=id&order_by=asc&limit=200",
                enc(query)
            ),
            Some(creds),
        )
        .await
        .expect(200);
    ids(&answer)
}

async fn search_matches_words_fields_and_phrases(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let alice = app.customer(None).await;
    let bob = app.customer(None).await;
    let create = |title: &str, customer: i64, body: &str, tags: &str| {
        json!({
            "title": title, "group_id": 1, "customer_id": customer, "tags": tags,
            "article": { "body": body, "type": "note" },
        })
    };
    let a = id_of(
        &app.post_ok(
            "/tickets",
            Some(agent.creds()),
            create(
                "Printer jams daily",
                alice.id,
                "the paper is stuck",
                "hardware",
            ),
        )
        .await,
    );
    let b = id_of(
        &app.post_ok(
            "/tickets",
            Some(agent.creds()),
            create(
                "Network down",
                bob.id,
                "cannot print anything",
                "network, urgent",
            ),
        )
        .await,
    );
    let c = id_of(
        &app.post_ok(
            "/tickets",
            Some(agent.creds()),
            create("Keyboard sticky", alice.id, "coffee happened", "hardware"),
        )
        .await,
    );
    app.put(
        &format!("/tickets/{b}"),
        Some(agent.creds()),
        json!({ "state": "open" }),
    )
    .await
    .expect(200);
    let s = |q: &'static str| search(&app, agent.creds(), q);
    assert_eq!(s("print").await, vec![b]);
    assert_eq!(s("print*").await, vec![a, b]);
    assert_eq!(s("PRINTER").await, vec![a]);
    assert_eq!(s("coffee").await, vec![c]);
    assert_eq!(s("*").await, vec![a, b, c]);
    assert_eq!(s("state.name:open").await, vec![b]);
    assert_eq!(s("state.name:new").await, vec![a, c]);
    let by_email = search(
        &app,
        agent.creds(),
        &format!("customer.email:{}", alice.login),
    )
    .await;
    assert_eq!(by_email, vec![a, c]);
    assert_eq!(s("tags:hardware").await, vec![a, c]);
    assert_eq!(s("tags:urgent").await, vec![b]);
    assert_eq!(s("title:keyboard").await, vec![c]);
    assert_eq!(s("title:printer AND state.name:new").await, vec![a]);
    assert_eq!(
        s("title:printer AND state.name:open").await,
        Vec::<i64>::new()
    );
    assert_eq!(s("title:printer OR title:network").await, vec![a, b]);
    assert_eq!(s("tags:hardware AND coffee").await, vec![c]);
    assert_eq!(s("\"paper is stuck\"").await, vec![a]);
    assert_eq!(s("\"stuck paper\"").await, Vec::<i64>::new());
    assert_eq!(
        s("created_at:[2000-01-01 TO 2999-12-31]").await,
        vec![a, b, c]
    );
    assert_eq!(
        s("created_at:[2000-01-01 TO 2001-01-01]").await,
        Vec::<i64>::new()
    );
    assert_eq!(s("created_at:>2000-01-01").await, vec![a, b, c]);
    assert_eq!(s("nonexistentword").await, Vec::<i64>::new());
    app.get(
        &format!("/tickets/search?query={}", enc("bogus.field:x")),
        Some(agent.creds()),
    )
    .await
    .expect(422);
}

/// A `*` search as the admin with extra parameters `q`.
async fn search_all(app: &TestApp, q: &str) -> Answer {
    app.get(&format!("/tickets/search?query=*{q}"), Some(ADMIN))
        .await
}

async fn search_sorts_limits_and_counts(app: TestApp) {
    let customer = app.customer(None).await;
    let mut made = Vec::new();
    for title in ["Bravo", "Alpha", "Charlie"] {
        // Distinct creation times keep the default updated_at order free of ties.
        tick().await;
        let body = json!({ "title": title, "group_id": 1, "customer_id": customer.id });
        made.push(id_of(&app.post_ok("/tickets", Some(ADMIN), body).await));
    }
    // The oldest becomes the most recently updated.
    tick().await;
    app.put(
        &format!("/tickets/{}", made[0]),
        Some(ADMIN),
        json!({ "note": "touched" }),
    )
    .await
    .expect(200);
    let default = search_all(&app, "").await.expect(200);
    assert_eq!(ids(&default), vec![made[0], made[2], made[1]]);
    assert_eq!(total(&default), 3);
    assert_eq!(
        ids(&search_all(&app, "&sort_by=title&order_by=asc")
            .await
            .expect(200)),
        vec![made[1], made[0], made[2]]
    );
    assert_eq!(
        ids(&search_all(&app, "&sort_by=id&order_by=desc")
            .await
            .expect(200)),
        vec![made[2], made[1], made[0]]
    );
    let limited = search_all(&app, "&sort_by=id&order_by=asc&limit=2")
        .await
        .expect(200);
    assert_eq!(ids(&limited), made[..2]);
    assert_eq!(total(&limited), 3);
    let paged = search_all(&app, "&sort_by=id&order_by=asc&page=2&per_page=2")
        .await
        .expect(200);
    assert_eq!(ids(&paged), made[2..]);
    let counted = search_all(
        &app,
        "&sort_by=id&order_by=asc&limit=2&with_total_count=true",
    )
    .await
    .expect(200);
    assert_eq!(counted.body["total_count"], 3);
    let records: Vec<i64> = counted.body["records"]
        .as_array()
        .expect("records")
        .iter()
        .map(id_of)
        .collect();
    assert_eq!(records, made[..2]);
    let expanded = search_all(&app, "&sort_by=id&order_by=asc&expand=true")
        .await
        .expect(200);
    assert_eq!(expanded.body[0]["state"], "new");
    assert_eq!(expanded.body[0]["customer"], customer.login.as_str());
    let bad = search_all(&app, "&sort_by=password").await.expect(422);
    assert!(
        bad.error().starts_with("Invalid sort_by 'password'"),
        "{}",
        bad.text
    );
    app.get("/tickets/search?query=*&limit=abc", Some(ADMIN))
        .await
        .expect(400);
    app.get("/tickets/search?query=*", None)
        .await
        .expect_error(401, "Authentication required");
}

async fn customer_search_ignores_internal_articles(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("public words")).await;
    let id = id_of(&ticket);
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": id, "body": "confidential xylophone", "type": "note", "internal": true }),
    )
    .await
    .expect(200);
    assert_eq!(search(&app, agent.creds(), "xylophone").await, vec![id]);
    assert_eq!(
        search(&app, customer.creds(), "xylophone").await,
        Vec::<i64>::new()
    );
    assert_eq!(
        search(&app, customer.creds(), "\"confidential xylophone\"").await,
        Vec::<i64>::new()
    );
    assert_eq!(search(&app, customer.creds(), "public").await, vec![id]);
    // Once made public, the customer finds it.
    let internal_id = app
        .get_ok(
            &format!("/ticket_articles/by_ticket/{id}"),
            Some(agent.creds()),
        )
        .await[1]["id"]
        .as_i64()
        .expect("id");
    app.put(
        &format!("/ticket_articles/{internal_id}"),
        Some(agent.creds()),
        json!({ "internal": false }),
    )
    .await
    .expect(200);
    assert_eq!(search(&app, customer.creds(), "xylophone").await, vec![id]);
}

async fn history_records_who_and_when(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("x")).await;
    let id = id_of(&ticket);
    let article = ticket["article_ids"][0].as_i64().expect("article");
    let old_title = ticket["title"].as_str().expect("title").to_string();
    app.put(
        &format!("/tickets/{id}"),
        Some(ADMIN),
        json!({ "title": "New title", "state": "closed" }),
    )
    .await
    .expect(200);
    let history = app
        .get_ok(&format!("/ticket_history/{id}"), Some(agent.creds()))
        .await["history"]
        .as_array()
        .expect("history")
        .clone();
    let find = |kind: &str, object: &str, attribute: Option<&str>| {
        history
            .iter()
            .find(|e| {
                e["type"] == kind && e["object"] == object && e["attribute"].as_str() == attribute
            })
            .unwrap_or_else(|| panic!("no {kind} {object} {attribute:?} in {history:?}"))
            .clone()
    };
    let created = find("created", "Ticket", None);
    assert_eq!(created["o_id"], id);
    assert_eq!(created["created_by_id"], agent.id);
    assert_eq!(created["created_at"], ticket["created_at"]);
    let article_entry = find("created", "Ticket::Article", None);
    assert_eq!(article_entry["o_id"], article);
    assert_eq!(article_entry["created_by_id"], agent.id);
    let title = find("updated", "Ticket", Some("title"));
    assert_eq!(title["value_from"], old_title.as_str());
    assert_eq!(title["value_to"], "New title");
    assert_eq!(title["created_by_id"], 2);
    let state = find("updated", "Ticket", Some("state"));
    assert_eq!(state["value_from"], "new");
    assert_eq!(state["value_to"], "closed");
    assert_eq!(state["id_from"], 1);
    assert_eq!(state["id_to"], 4);
    assert_eq!(state["created_by_id"], 2);
    let when = state["created_at"].as_str().expect("when");
    assert_eq!(when.len(), 24, "{when}");
    assert!(when.ends_with('Z'));
    assert!(when >= created["created_at"].as_str().expect("created"));
    let outsider = app.customer(None).await;
    app.get(&format!("/ticket_history/{id}"), Some(outsider.creds()))
        .await
        .expect_error(403, "Not authorized");
}

/// Customers set only the states of Zammad's customer screens (new or closed on create, open
/// or closed on edit; never merged or pending), and never the priority (ignored, as the
/// customer screens do not offer it); refused changes write nothing. Agents are not bound.
async fn customers_set_only_customer_states_and_no_priority(app: TestApp) {
    let customer = app.customer(None).await;
    let agent = app.agent(&["full"]).await;
    let before = app.get_ok("/tickets", Some(ADMIN)).await;
    for state in ["merged", "pending reminder", "open"] {
        let refused = app
            .post(
                "/tickets",
                Some(customer.creds()),
                json!({ "title": "T", "group_id": 1, "state": state, "article": note("x") }),
            )
            .await
            .expect(422);
        assert!(
            refused.error().contains("'state_id'"),
            "{state}: {}",
            refused.text
        );
    }
    assert_eq!(app.get_ok("/tickets", Some(ADMIN)).await, before);
    let created = app
        .post_ok(
            "/tickets",
            Some(customer.creds()),
            json!({ "title": "T", "group_id": 1, "state": "new", "priority": "3 high",
                    "article": note("x") }),
        )
        .await;
    assert_eq!(
        created["priority_id"], 2,
        "a customer's priority is ignored"
    );
    let id = id_of(&created);
    let path = format!("/tickets/{id}");
    let shown = app.get_ok(&path, Some(ADMIN)).await;
    for state in ["merged", "pending reminder", "pending close"] {
        app.put(
            &path,
            Some(customer.creds()),
            json!({ "state": state, "title": "Changed" }),
        )
        .await
        .expect(422);
    }
    let mut unchanged = app.get_ok(&path, Some(ADMIN)).await;
    unchanged.as_object_mut().unwrap().remove("updated_at");
    let mut expected = shown.clone();
    expected.as_object_mut().unwrap().remove("updated_at");
    assert_eq!(unchanged, expected, "refused updates write nothing");
    // Keeping the current state is no change; a priority is ignored.
    let kept = app
        .put_ok(
            &path,
            Some(customer.creds()),
            json!({ "state": "new", "priority_id": 3 }),
        )
        .await;
    assert_eq!(kept["state_id"], shown["state_id"]);
    assert_eq!(kept["priority_id"], 2);
    let closed = app
        .put_ok(&path, Some(customer.creds()), json!({ "state": "closed" }))
        .await;
    assert_eq!(closed["state_id"], 4);
    // Agents set any state and priority.
    let by_agent = app
        .put_ok(
            &path,
            Some(agent.creds()),
            json!({ "state": "pending reminder",
                                                   "pending_time": "2030-01-01T00:00:00Z",
                                                   "priority": "3 high" }),
        )
        .await;
    assert_eq!(by_agent["priority_id"], 3);
}

crate::on_every_backend!(
    agent_creates_with_defaults_and_first_article,
    customers_are_found_by_id_email_or_guess,
    bad_creates_are_refused_and_write_nothing,
    create_needs_the_right_permission,
    customer_creates_for_itself_only,
    concurrent_creates_get_distinct_increasing_numbers,
    articles_drive_the_lifecycle,
    states_owner_and_updater_are_tracked,
    agents_see_only_tickets_of_their_groups,
    customers_see_own_and_shared_organization_tickets,
    list_pages_and_expands,
    agent_updates_need_change,
    customer_updates_are_limited,
    customer_follow_up_depends_on_the_group,
    customers_set_only_customer_states_and_no_priority,
    delete_is_for_admins,
    search_matches_words_fields_and_phrases,
    search_sorts_limits_and_counts,
    customer_search_ignores_internal_articles,
    history_records_who_and_when,
);
