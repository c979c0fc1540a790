//! `/ticket_states`, `/ticket_priorities` and `/roles`.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, TestUser, unique};

const NOT_AUTHORIZED_USER: &str = "Not authorized (user)!";
const REFERENCED: &str = "Can't delete, object has references.";

/// What the admin reads at `path` (the store's state, for before/after comparisons).
async fn snapshot(app: &TestApp, path: &str) -> Value {
    app.get(path, Some(ADMIN)).await.expect(200).body
}

/// The `(id, name)` pairs of a JSON array of records.
fn names(list: &Value) -> Vec<(i64, String)> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|r| {
            (
                r["id"].as_i64().expect("id"),
                r["name"].as_str().expect("name").to_string(),
            )
        })
        .collect()
}

/// The ids of the records of `list` whose `flag` is true.
fn flagged(list: &Value, flag: &str) -> Vec<i64> {
    list.as_array()
        .expect("an array")
        .iter()
        .filter(|r| r[flag] == true)
        .map(|r| r["id"].as_i64().expect("id"))
        .collect()
}

/// An agent and a customer, the two non-admin readers.
async fn readers(app: &TestApp) -> [TestUser; 2] {
    [app.agent(&["full"]).await, app.customer(None).await]
}

fn seeded_states() -> Vec<(i64, String)> {
    [
        "new",
        "open",
        "pending reminder",
        "closed",
        "merged",
        "pending close",
    ]
    .iter()
    .zip(1..)
    .map(|(n, id)| (id, n.to_string()))
    .collect()
}

async fn states_are_readable_by_everyone_signed_in(app: TestApp) {
    let all = app.get("/ticket_states", Some(ADMIN)).await.expect(200);
    assert_eq!(names(&all.body), seeded_states());
    assert_eq!(all.header("X-Total-Count"), Some("6"));
    assert_eq!(flagged(&all.body, "default_create"), vec![1]);
    assert_eq!(flagged(&all.body, "default_follow_up"), vec![2]);
    assert_eq!(all.body[3]["state_type_id"], 5, "closed is of type closed");

    for user in readers(&app).await {
        let seen = app
            .get("/ticket_states", Some(user.creds()))
            .await
            .expect(200);
        assert_eq!(seen.body, all.body);
        let one = app
            .get("/ticket_states/2", Some(user.creds()))
            .await
            .expect(200);
        assert_eq!(one.body, all.body[1]);
    }
    let page = app
        .get("/ticket_states?page=2&per_page=4", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(names(&page.body), seeded_states()[4..].to_vec());
    let past = app
        .get("/ticket_states?page=3&per_page=4", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(past.body, json!([]));

    app.get("/ticket_states", None)
        .await
        .expect_error(401, "Authentication required");
    app.get("/ticket_states/99", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Ticket::State with 'id'=99");
}

async fn state_writes_need_admin_object(app: TestApp) {
    let before = snapshot(&app, "/ticket_states").await;
    for user in readers(&app).await {
        let creds = Some(user.creds());
        app.post(
            "/ticket_states",
            creds,
            json!({ "name": unique("s"), "state_type": "open" }),
        )
        .await
        .expect_error(403, NOT_AUTHORIZED_USER);
        app.put("/ticket_states/2", creds, json!({ "name": "hijacked" }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.delete("/ticket_states/6", creds)
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
    }
    app.post(
        "/ticket_states",
        None,
        json!({ "name": unique("s"), "state_type_id": 2 }),
    )
    .await
    .expect_error(401, "Authentication required");
    app.delete("/ticket_states/6", None)
        .await
        .expect_error(401, "Authentication required");
    assert_eq!(snapshot(&app, "/ticket_states").await, before);
}

async fn state_validation(app: TestApp) {
    let before = snapshot(&app, "/ticket_states").await;
    let unknown = app
        .post(
            "/ticket_states",
            Some(ADMIN),
            json!({ "name": unique("s"), "state_type_id": 99 }),
        )
        .await
        .expect(422);
    assert_eq!(
        unknown.error(),
        "No lookup value found for 'state_type_id': \"99\""
    );
    let unknown = app
        .post(
            "/ticket_states",
            Some(ADMIN),
            json!({ "name": unique("s"), "state_type": "sleeping" }),
        )
        .await
        .expect(422);
    assert_eq!(
        unknown.error(),
        "No lookup value found for 'state_type': \"sleeping\""
    );
    app.post(
        "/ticket_states",
        Some(ADMIN),
        json!({ "name": unique("s") }),
    )
    .await
    .expect(422);
    app.post("/ticket_states", Some(ADMIN), json!({ "state_type_id": 2 }))
        .await
        .expect(422);
    let dup = app
        .post(
            "/ticket_states",
            Some(ADMIN),
            json!({ "name": "Open", "state_type_id": 2 }),
        )
        .await
        .expect(422);
    assert_eq!(
        dup.error(),
        "Name 'Open' is already used for another state."
    );
    app.put("/ticket_states/3", Some(ADMIN), json!({ "name": "closed" }))
        .await
        .expect(422);
    app.post(
        "/ticket_states",
        Some(ADMIN),
        json!({ "name": unique("s"), "state_type_id": 3, "next_state_id": 99 }),
    )
    .await
    .expect(422);
    app.put("/ticket_states/99", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect_error(404, "Couldn't find Ticket::State with 'id'=99");
    assert_eq!(snapshot(&app, "/ticket_states").await, before);
}

async fn state_create_update_delete(app: TestApp) {
    let name = unique("waiting ");
    let created = app
        .post(
            "/ticket_states",
            Some(ADMIN),
            json!({ "name": name, "state_type": "pending reminder", "next_state_id": 2, "note": "n" }),
        )
        .await
        .expect(200);
    let id = created.body["id"].as_i64().unwrap();
    assert!(id > 6);
    assert_eq!(created.body["state_type_id"], 3);
    assert_eq!(created.body["next_state_id"], 2);
    assert_eq!(created.body["default_create"], false);
    assert_eq!(created.body["active"], true);
    assert_eq!(created.body["created_by_id"], 2);
    let path = format!("/ticket_states/{id}");
    assert_eq!(snapshot(&app, &path).await, created.body);

    let updated = app
        .put(
            &path,
            Some(ADMIN),
            json!({ "state_type_id": 5, "next_state_id": null, "active": false }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["state_type_id"], 5);
    assert_eq!(updated.body["next_state_id"], Value::Null);
    assert_eq!(updated.body["active"], false);
    assert_eq!(updated.body["name"], name.as_str());
    assert_eq!(updated.body["note"], "n");

    let gone = app.delete(&path, Some(ADMIN)).await.expect(200);
    assert_eq!(gone.body, json!({}));
    app.get(&path, Some(ADMIN))
        .await
        .expect_error(404, &format!("Couldn't find Ticket::State with 'id'={id}"));
    assert_eq!(
        names(&snapshot(&app, "/ticket_states").await),
        seeded_states()
    );
}

async fn one_default_state_at_a_time(app: TestApp) {
    let created = app
        .post(
            "/ticket_states",
            Some(ADMIN),
            json!({ "name": unique("fresh "), "state_type": "new", "default_create": true }),
        )
        .await
        .expect(200);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.body["default_create"], true);
    let list = snapshot(&app, "/ticket_states").await;
    assert_eq!(flagged(&list, "default_create"), vec![id]);
    assert_eq!(flagged(&list, "default_follow_up"), vec![2]);

    // Moving the follow-up default by update clears the old one too.
    app.put(
        "/ticket_states/6",
        Some(ADMIN),
        json!({ "default_follow_up": true }),
    )
    .await
    .expect(200);
    let list = snapshot(&app, "/ticket_states").await;
    assert_eq!(flagged(&list, "default_follow_up"), vec![6]);
    assert_eq!(flagged(&list, "default_create"), vec![id]);

    // Un-setting the only default, or deleting a default, is refused.
    let none = app
        .put(
            &format!("/ticket_states/{id}"),
            Some(ADMIN),
            json!({ "default_create": false }),
        )
        .await
        .expect(422);
    assert_eq!(
        none.error(),
        "Minimum one object needs to have default_create."
    );
    app.put(
        "/ticket_states/6",
        Some(ADMIN),
        json!({ "default_follow_up": false }),
    )
    .await
    .expect(422);
    app.delete(&format!("/ticket_states/{id}"), Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    app.delete("/ticket_states/6", Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    assert_eq!(snapshot(&app, "/ticket_states").await, list);

    // Once the default moved back, the old default is deletable.
    app.put(
        "/ticket_states/1",
        Some(ADMIN),
        json!({ "default_create": true }),
    )
    .await
    .expect(200);
    let list = snapshot(&app, "/ticket_states").await;
    assert_eq!(flagged(&list, "default_create"), vec![1]);
    let gone = app
        .delete(&format!("/ticket_states/{id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(gone.body, json!({}));
}

async fn priorities_are_readable_by_everyone_signed_in(app: TestApp) {
    let all = app.get("/ticket_priorities", Some(ADMIN)).await.expect(200);
    assert_eq!(
        names(&all.body),
        vec![
            (1, "1 low".to_string()),
            (2, "2 normal".to_string()),
            (3, "3 high".to_string())
        ]
    );
    assert_eq!(all.header("X-Total-Count"), Some("3"));
    assert_eq!(flagged(&all.body, "default_create"), vec![2]);
    for user in readers(&app).await {
        let seen = app
            .get("/ticket_priorities", Some(user.creds()))
            .await
            .expect(200);
        assert_eq!(seen.body, all.body);
        let one = app
            .get("/ticket_priorities/3", Some(user.creds()))
            .await
            .expect(200);
        assert_eq!(one.body, all.body[2]);
    }
    app.get("/ticket_priorities/1", None)
        .await
        .expect_error(401, "Authentication required");
    app.get("/ticket_priorities/99", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Ticket::Priority with 'id'=99");
}

async fn priority_writes_need_admin_object(app: TestApp) {
    let before = snapshot(&app, "/ticket_priorities").await;
    for user in readers(&app).await {
        let creds = Some(user.creds());
        app.post("/ticket_priorities", creds, json!({ "name": unique("p") }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.put("/ticket_priorities/1", creds, json!({ "name": "hijacked" }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.delete("/ticket_priorities/3", creds)
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
    }
    app.delete("/ticket_priorities/3", None)
        .await
        .expect_error(401, "Authentication required");
    assert_eq!(snapshot(&app, "/ticket_priorities").await, before);
}

async fn priority_rules(app: TestApp) {
    let before = snapshot(&app, "/ticket_priorities").await;
    let dup = app
        .post(
            "/ticket_priorities",
            Some(ADMIN),
            json!({ "name": "3 HIGH" }),
        )
        .await
        .expect(422);
    assert_eq!(
        dup.error(),
        "Name '3 HIGH' is already used for another priority."
    );
    app.post("/ticket_priorities", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect(422);
    let none = app
        .put(
            "/ticket_priorities/2",
            Some(ADMIN),
            json!({ "default_create": false }),
        )
        .await
        .expect(422);
    assert_eq!(
        none.error(),
        "Minimum one object needs to have default_create."
    );
    app.delete("/ticket_priorities/2", Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    app.put("/ticket_priorities/99", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect_error(404, "Couldn't find Ticket::Priority with 'id'=99");
    assert_eq!(snapshot(&app, "/ticket_priorities").await, before);

    let name = unique("4 urgent ");
    let created = app
        .post(
            "/ticket_priorities",
            Some(ADMIN),
            json!({ "name": name, "default_create": true, "ui_color": "high-priority" }),
        )
        .await
        .expect(200);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.body["ui_color"], "high-priority");
    let list = snapshot(&app, "/ticket_priorities").await;
    assert_eq!(flagged(&list, "default_create"), vec![id]);

    let updated = app
        .put(
            &format!("/ticket_priorities/{id}"),
            Some(ADMIN),
            json!({ "ui_color": null, "note": "hot" }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["ui_color"], Value::Null);
    assert_eq!(updated.body["note"], "hot");
    assert_eq!(updated.body["default_create"], true);

    app.put(
        "/ticket_priorities/2",
        Some(ADMIN),
        json!({ "default_create": true }),
    )
    .await
    .expect(200);
    let list = snapshot(&app, "/ticket_priorities").await;
    assert_eq!(flagged(&list, "default_create"), vec![2]);
    let gone = app
        .delete(&format!("/ticket_priorities/{id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(gone.body, json!({}));
    app.get(&format!("/ticket_priorities/{id}"), Some(ADMIN))
        .await
        .expect_error(
            404,
            &format!("Couldn't find Ticket::Priority with 'id'={id}"),
        );
    let after = snapshot(&app, "/ticket_priorities").await;
    assert_eq!(names(&after), names(&before));
    assert_eq!(flagged(&after, "default_create"), vec![2]);
}

async fn roles_are_listed_for_admins(app: TestApp) {
    let list = app.get("/roles", Some(ADMIN)).await.expect(200);
    assert_eq!(
        names(&list.body),
        vec![
            (1, "Admin".to_string()),
            (2, "Agent".to_string()),
            (3, "Customer".to_string())
        ]
    );
    assert_eq!(list.header("X-Total-Count"), Some("3"));
    let perms = |i: usize| -> Vec<String> {
        let mut p: Vec<String> = list.body[i]["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .map(|v| v.as_str().expect("a name").to_string())
            .collect();
        p.sort();
        p
    };
    assert_eq!(perms(0), vec!["admin", "report", "user_preferences"]);
    assert_eq!(perms(1), vec!["ticket.agent", "user_preferences"]);
    assert_eq!(perms(2), vec!["ticket.customer", "user_preferences"]);
    assert_eq!(list.body[2]["default_at_signup"], true);
    assert_eq!(list.body[0]["default_at_signup"], false);

    let one = app.get("/roles/3", Some(ADMIN)).await.expect(200);
    assert_eq!(one.body, list.body[2]);
    app.get("/roles/99", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Role with 'id'=99");

    for user in readers(&app).await {
        app.get("/roles", Some(user.creds()))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.get("/roles/1", Some(user.creds()))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
    }
    app.get("/roles", None)
        .await
        .expect_error(401, "Authentication required");
}

crate::on_every_backend!(
    states_are_readable_by_everyone_signed_in,
    state_writes_need_admin_object,
    state_validation,
    state_create_update_delete,
    one_default_state_at_a_time,
    priorities_are_readable_by_everyone_signed_in,
    priority_writes_need_admin_object,
    priority_rules,
    roles_are_listed_for_admins,
);
