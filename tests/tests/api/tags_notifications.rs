//! Tags (`/tags`, `/tag_search`, `/tag_list`), online notifications and ticket history.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, TestUser, unique};

crate::on_every_backend!(
    tags_are_added_listed_and_removed,
    read_only_agent_cannot_tag,
    customers_read_tags_of_their_own_tickets_only,
    tag_search_is_substring_and_case_insensitive,
    tag_list_is_for_tag_admins,
    tag_list_counts_renames_and_deletes,
    unassigned_customer_ticket_notifies_full_agents,
    notifications_are_seen_updated_and_deleted_by_their_user_only,
    closing_a_ticket_marks_its_notifications_seen,
    history_lists_created_and_updated_entries,
);

/// Creates a ticket in group `Users` for `customer` as `creds` and answers its id.
async fn ticket(app: &TestApp, creds: (&str, &str), customer: &TestUser) -> i64 {
    let body = json!({
        "title": unique("Ticket "),
        "group_id": 1,
        "customer_id": customer.id,
        "article": { "subject": "Hello", "body": "Something broke", "type": "note" },
    });
    app.create("/tickets", Some(creds), body).await
}

/// The tags of a ticket, sorted.
async fn tags(app: &TestApp, creds: (&str, &str), ticket_id: i64) -> Vec<String> {
    let answer = app
        .get(
            &format!("/tags?object=Ticket&o_id={ticket_id}"),
            Some(creds),
        )
        .await
        .expect(200);
    let mut names: Vec<String> = answer.body["tags"]
        .as_array()
        .expect("tags array")
        .iter()
        .map(|t| t.as_str().expect("tag name").to_string())
        .collect();
    names.sort();
    names
}

fn tag_body(ticket_id: i64, item: &str) -> Value {
    json!({ "object": "Ticket", "o_id": ticket_id, "item": item })
}

/// Adds a tag as `creds`, expecting `true`.
async fn add_tag(app: &TestApp, creds: (&str, &str), ticket_id: i64, item: &str) {
    let answer = app
        .post("/tags/add", Some(creds), tag_body(ticket_id, item))
        .await
        .expect(200);
    assert_eq!(answer.body, json!(true));
}

/// The caller's notifications, as answered.
async fn notifications(app: &TestApp, user: &TestUser) -> Vec<Value> {
    let answer = app
        .get("/online_notifications", Some(user.creds()))
        .await
        .expect(200);
    let list = answer.body.as_array().expect("array").clone();
    assert_eq!(
        answer.header("X-Total-Count"),
        Some(list.len().to_string().as_str())
    );
    list
}

async fn tags_are_added_listed_and_removed(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    assert!(tags(&app, agent.creds(), id).await.is_empty());

    add_tag(&app, agent.creds(), id, "billing").await;
    add_tag(&app, agent.creds(), id, "urgent").await;
    add_tag(&app, agent.creds(), id, "urgent").await;
    assert_eq!(tags(&app, agent.creds(), id).await, ["billing", "urgent"]);

    let removed = app
        .call(
            Method::DELETE,
            "/tags/remove",
            Some(agent.creds()),
            Some(tag_body(id, "urgent")),
        )
        .await
        .expect(200);
    assert_eq!(removed.body, json!(true));
    assert_eq!(tags(&app, agent.creds(), id).await, ["billing"]);

    app.post("/tags/add", Some(agent.creds()), tag_body(id, "  "))
        .await
        .expect(422);
    app.post(
        "/tags/add",
        Some(agent.creds()),
        json!({ "object": "User", "o_id": id, "item": "x" }),
    )
    .await
    .expect(422);
    app.post("/tags/add", Some(agent.creds()), tag_body(999_999, "x"))
        .await
        .expect(404);
}

async fn read_only_agent_cannot_tag(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    add_tag(&app, agent.creds(), id, "keep").await;

    app.post("/tags/add", Some(reader.creds()), tag_body(id, "sneaky"))
        .await
        .expect_error(403, "Not authorized");
    app.call(
        Method::DELETE,
        "/tags/remove",
        Some(reader.creds()),
        Some(tag_body(id, "keep")),
    )
    .await
    .expect_error(403, "Not authorized");
    assert_eq!(tags(&app, reader.creds(), id).await, ["keep"]);
}

async fn customers_read_tags_of_their_own_tickets_only(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let owner = app.customer(None).await;
    let other = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &owner).await;
    add_tag(&app, agent.creds(), id, "secret-label").await;

    assert_eq!(tags(&app, owner.creds(), id).await, ["secret-label"]);
    let denied = app
        .get(
            &format!("/tags?object=Ticket&o_id={id}"),
            Some(other.creds()),
        )
        .await
        .expect(403);
    assert!(!denied.text.contains("secret-label"), "{}", denied.text);

    app.post("/tags/add", Some(owner.creds()), tag_body(id, "mine"))
        .await
        .expect(403);
    assert_eq!(tags(&app, agent.creds(), id).await, ["secret-label"]);
}

async fn tag_search_is_substring_and_case_insensitive(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    for name in ["PrinterJam", "old-printer-ink", "network"] {
        add_tag(&app, agent.creds(), id, name).await;
    }

    let found = app
        .get("/tag_search?term=PRINTER", Some(agent.creds()))
        .await
        .expect(200);
    let mut values: Vec<&str> = found
        .body
        .as_array()
        .expect("array")
        .iter()
        .map(|t| {
            assert!(t["id"].as_i64().is_some_and(|i| i > 0), "{t}");
            t["value"].as_str().expect("value")
        })
        .collect();
    values.sort();
    assert_eq!(values, ["PrinterJam", "old-printer-ink"]);

    let limited = app
        .get("/tag_search?term=printer&limit=1", Some(agent.creds()))
        .await
        .expect(200);
    assert_eq!(limited.body.as_array().expect("array").len(), 1);

    app.get("/tag_search?term=printer", Some(customer.creds()))
        .await
        .expect_error(403, "Not authorized (user)!");
}

async fn tag_list_is_for_tag_admins(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    app.get("/tag_list", Some(agent.creds()))
        .await
        .expect_error(403, "Not authorized (user)!");
    app.post("/tag_list", Some(agent.creds()), json!({ "name": "x" }))
        .await
        .expect_error(403, "Not authorized (user)!");
    app.get("/tag_list", None).await.expect(401);
}

async fn tag_list_counts_renames_and_deletes(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let first = ticket(&app, agent.creds(), &customer).await;
    let second = ticket(&app, agent.creds(), &customer).await;
    add_tag(&app, agent.creds(), first, "shared").await;
    add_tag(&app, agent.creds(), second, "shared").await;
    add_tag(&app, agent.creds(), second, "solo").await;

    let created = app
        .post("/tag_list", Some(ADMIN), json!({ "name": "unused" }))
        .await
        .expect(200);
    assert_eq!(created.body["name"], "unused");
    assert_eq!(created.body["count"], 0);

    let list = app.get("/tag_list", Some(ADMIN)).await.expect(200);
    let row = |name: &str| -> Value {
        list.body
            .as_array()
            .expect("array")
            .iter()
            .find(|t| t["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} listed: {}", list.text))
    };
    assert_eq!(row("shared")["count"], 2);
    assert_eq!(row("solo")["count"], 1);
    assert_eq!(row("unused")["count"], 0);
    let shared_id = row("shared")["id"].as_i64().expect("id");
    let solo_id = row("solo")["id"].as_i64().expect("id");

    let shown = app
        .get(&format!("/tag_list/{shared_id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(shown.body["name"], "shared");

    let renamed = app
        .put(
            &format!("/tag_list/{shared_id}"),
            Some(ADMIN),
            json!({ "name": "common" }),
        )
        .await
        .expect(200);
    assert_eq!(renamed.body["name"], "common");
    assert_eq!(renamed.body["id"], shared_id);
    assert_eq!(tags(&app, agent.creds(), first).await, ["common"]);
    assert_eq!(tags(&app, agent.creds(), second).await, ["common", "solo"]);

    let deleted = app
        .delete(&format!("/tag_list/{solo_id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(deleted.body, json!({}));
    assert_eq!(tags(&app, agent.creds(), second).await, ["common"]);
    app.get(&format!("/tag_list/{solo_id}"), Some(ADMIN))
        .await
        .expect(404);
}

async fn unassigned_customer_ticket_notifies_full_agents(app: TestApp) {
    let full_one = app.agent(&["full"]).await;
    let full_two = app.agent(&["full"]).await;
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;

    let first = ticket(&app, customer.creds(), &customer).await;
    let second = ticket(&app, customer.creds(), &customer).await;

    for agent in [&full_one, &full_two] {
        let list = notifications(&app, agent).await;
        let o_ids: Vec<i64> = list.iter().map(|n| n["o_id"].as_i64().unwrap()).collect();
        assert_eq!(o_ids, [second, first], "newest first");
        let n = &list[0];
        assert_eq!(n["user_id"], agent.id);
        assert_eq!(n["object_lookup_id"], 2);
        assert_eq!(n["type_lookup_id"], 1);
        assert_eq!(n["seen"], false);
        assert_eq!(n["created_by_id"], customer.id);
        assert!(n["created_at"].as_str().is_some_and(|t| t.ends_with('Z')));
        assert!(n.get("object").is_none() && n.get("type").is_none(), "{n}");
    }
    assert!(notifications(&app, &reader).await.is_empty());
    assert!(notifications(&app, &customer).await.is_empty());

    let expanded = app
        .get("/online_notifications?expand=true", Some(full_one.creds()))
        .await
        .expect(200);
    assert_eq!(expanded.body[0]["object"], "Ticket");
    assert_eq!(expanded.body[0]["type"], "create");
}

async fn notifications_are_seen_updated_and_deleted_by_their_user_only(app: TestApp) {
    let mine = app.agent(&["full"]).await;
    let theirs = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    ticket(&app, customer.creds(), &customer).await;
    ticket(&app, customer.creds(), &customer).await;

    let list = notifications(&app, &mine).await;
    let (a, b) = (
        list[0]["id"].as_i64().unwrap(),
        list[1]["id"].as_i64().unwrap(),
    );
    let other = notifications(&app, &theirs).await[0]["id"]
        .as_i64()
        .unwrap();

    app.get(&format!("/online_notifications/{a}"), Some(mine.creds()))
        .await
        .expect(200);
    let path = format!("/online_notifications/{other}");
    app.get(&path, Some(mine.creds())).await.expect(403);
    app.put(&path, Some(mine.creds()), json!({ "seen": true }))
        .await
        .expect(403);
    app.delete(&path, Some(mine.creds())).await.expect(403);
    // Nor may an admin (admin.object included) change, read or delete another user's.
    app.put(&path, Some(ADMIN), json!({ "seen": true }))
        .await
        .expect_error(403, "Not authorized");
    app.get(&path, Some(ADMIN)).await.expect(403);
    app.delete(&path, Some(ADMIN)).await.expect(403);
    let still = notifications(&app, &theirs).await;
    let still = still.iter().find(|n| n["id"] == other).expect("kept");
    assert_eq!(still["seen"], false);

    let updated = app
        .put(
            &format!("/online_notifications/{a}"),
            Some(mine.creds()),
            json!({ "seen": true }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["id"], a);
    assert_eq!(updated.body["seen"], true);

    let done = app
        .post(
            "/online_notifications/mark_all_as_read",
            Some(mine.creds()),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(done.body, json!({}));
    assert!(
        notifications(&app, &mine)
            .await
            .iter()
            .all(|n| n["seen"] == true)
    );
    assert!(
        notifications(&app, &theirs)
            .await
            .iter()
            .all(|n| n["seen"] == false),
        "another user's notifications stay unseen"
    );

    let deleted = app
        .delete(&format!("/online_notifications/{b}"), Some(mine.creds()))
        .await
        .expect(200);
    assert_eq!(deleted.body, json!({}));
    app.get(&format!("/online_notifications/{b}"), Some(mine.creds()))
        .await
        .expect(404);
    assert_eq!(notifications(&app, &mine).await.len(), 1);
    app.get("/online_notifications", None).await.expect(401);
}

async fn closing_a_ticket_marks_its_notifications_seen(app: TestApp) {
    let watcher = app.agent(&["full"]).await;
    let closer = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let closed = ticket(&app, customer.creds(), &customer).await;
    let open = ticket(&app, customer.creds(), &customer).await;

    app.put(
        &format!("/tickets/{closed}"),
        Some(closer.creds()),
        json!({ "state": "closed" }),
    )
    .await
    .expect(200);

    let list = notifications(&app, &watcher).await;
    assert!(!list.is_empty());
    for n in &list {
        let expected_seen = n["o_id"] == closed;
        assert_eq!(n["seen"], expected_seen, "{n}");
    }
    assert!(list.iter().any(|n| n["o_id"] == open));
}

async fn history_lists_created_and_updated_entries(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let stranger = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    app.put(
        &format!("/tickets/{id}"),
        Some(agent.creds()),
        json!({ "title": "Renamed", "state": "open" }),
    )
    .await
    .expect(200);

    let answer = app
        .get(&format!("/ticket_history/{id}"), Some(agent.creds()))
        .await
        .expect(200);
    let history = answer.body["history"].as_array().expect("history array");
    let created = history
        .iter()
        .find(|e| e["type"] == "created" && e["object"] == "Ticket")
        .unwrap_or_else(|| panic!("created entry: {}", answer.text));
    assert_eq!(created["o_id"], id);
    assert_eq!(created["created_by_id"], agent.id);
    for legacy in ["history_type", "history_object", "history_attribute"] {
        assert!(created.get(legacy).is_none(), "{legacy}: {}", answer.text);
    }
    assert!(created.get("related_o_id").is_none(), "{}", answer.text);
    let article = history
        .iter()
        .find(|e| e["object"] == "Ticket::Article")
        .unwrap_or_else(|| panic!("article entry: {}", answer.text));
    assert_eq!(article["related_o_id"], id);
    assert_eq!(article["related_object"], "Ticket");
    assert!(
        created["created_at"]
            .as_str()
            .is_some_and(|t| t.ends_with('Z'))
    );

    let updated = |attribute: &str| -> Value {
        history
            .iter()
            .find(|e| e["type"] == "updated" && e["attribute"] == attribute)
            .cloned()
            .unwrap_or_else(|| panic!("{attribute} entry: {}", answer.text))
    };
    let title = updated("title");
    assert_eq!(title["o_id"], id);
    assert_eq!(title["value_to"], "Renamed");
    assert_eq!(title["created_by_id"], agent.id);
    let state = updated("state");
    assert_eq!(state["value_from"], "new");
    assert_eq!(state["value_to"], "open");

    app.get(&format!("/ticket_history/{id}"), Some(customer.creds()))
        .await
        .expect(200);
    let denied = app
        .get(&format!("/ticket_history/{id}"), Some(stranger.creds()))
        .await
        .expect(403);
    assert!(!denied.text.contains("Renamed"), "{}", denied.text);
    app.get("/ticket_history/999999", Some(agent.creds()))
        .await
        .expect(404);
}
