//! `/ticket_states`, `/ticket_priorities` and `/roles`.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp, TestUser, unique};

const NOT_AUTHORIZED_USER: &str = "Not authorized (user)!";
const REFERENCED: &str = "Can't delete, object has references.";

/// What the admin reads at `path` (the store's state, for before/after comparisons).
async fn snapshot(app: &TestApp, path: &str) -> Value {
    app.get_ok(path, Some(ADMIN)).await
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

/// The admin's list at `path`, after checking that every reader sees the same list and the
/// same record `id`, that nobody signed out reads either and that an unknown id of `model`
/// is not found.
async fn readable_by_everyone(app: &TestApp, path: &str, id: i64, model: &str) -> Answer {
    let all = app.get(path, Some(ADMIN)).await.expect(200);
    let record = all
        .body
        .as_array()
        .expect("an array")
        .iter()
        .find(|r| r["id"] == id)
        .expect("the record")
        .clone();
    for user in readers(app).await {
        let seen = app.get_ok(path, Some(user.creds())).await;
        assert_eq!(seen, all.body, "the list as {}", user.login);
        let one = app
            .get_ok(&format!("{path}/{id}"), Some(user.creds()))
            .await;
        assert_eq!(one, record, "record {id} as {}", user.login);
    }
    for unsigned in [path.to_string(), format!("{path}/{id}")] {
        app.get(&unsigned, None)
            .await
            .expect_error(401, "Authentication required");
    }
    assert_missing(app, path, model, 99).await;
    all
}

/// Checks that `path/{id}` answers that `model` `id` does not exist.
async fn assert_missing(app: &TestApp, path: &str, model: &str, id: i64) {
    app.get(&format!("{path}/{id}"), Some(ADMIN))
        .await
        .expect_error(404, &format!("Couldn't find {model} with 'id'={id}"));
}

/// Checks that readers may not create (with `create`), update `update_id` or delete
/// `delete_id` under `path`, nor anybody signed out create or delete, and that nothing changed.
async fn writes_need_admin_object(
    app: &TestApp,
    path: &str,
    create: Value,
    update_id: i64,
    delete_id: i64,
) {
    let before = snapshot(app, path).await;
    let update = format!("{path}/{update_id}");
    let delete = format!("{path}/{delete_id}");
    for user in readers(app).await {
        let creds = Some(user.creds());
        app.post(path, creds, create.clone())
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.put(&update, creds, json!({ "name": "hijacked" }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.delete(&delete, creds)
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
    }
    app.post(path, None, create)
        .await
        .expect_error(401, "Authentication required");
    app.delete(&delete, None)
        .await
        .expect_error(401, "Authentication required");
    assert_eq!(snapshot(app, path).await, before);
}

/// Creates a record under `path` from `body` (which makes it the default of new tickets),
/// checks that it is the only such default and answers it.
async fn create_default(app: &TestApp, path: &str, body: Value) -> Value {
    let created = app.post_ok(path, Some(ADMIN), body).await;
    assert_eq!(created["default_create"], true);
    let id = created["id"].as_i64().unwrap();
    let list = snapshot(app, path).await;
    assert_eq!(flagged(&list, "default_create"), vec![id]);
    created
}

/// Makes `default_id` the default of new tickets again, after which the former default
/// `id` deletes.
async fn restore_default_and_delete(app: &TestApp, path: &str, default_id: i64, id: i64) {
    set_default(app, path, default_id, true).await.expect(200);
    let list = snapshot(app, path).await;
    assert_eq!(flagged(&list, "default_create"), vec![default_id]);
    let gone = app
        .delete(&format!("{path}/{id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(gone.body, json!({}));
}

/// The `(id, name)` pairs of records numbered from 1 in the order of `names`.
fn numbered(names: &[&str]) -> Vec<(i64, String)> {
    names
        .iter()
        .zip(1..)
        .map(|(n, id)| (id, n.to_string()))
        .collect()
}

/// Checks that the only default of new tickets under `path`, `id`, may not stop being one.
async fn default_stays(app: &TestApp, path: &str, id: i64) {
    set_default(app, path, id, false)
        .await
        .expect_error(422, "Minimum one object needs to have default_create.");
}

/// Sets whether the record `id` under `path` is the default of new tickets.
async fn set_default(app: &TestApp, path: &str, id: i64, flag: bool) -> Answer {
    let body = json!({ "default_create": flag });
    app.put(&format!("{path}/{id}"), Some(ADMIN), body).await
}

/// Sets whether state 6 is the default state of follow-ups.
async fn follow_up_default_6(app: &TestApp, flag: bool) -> Answer {
    let body = json!({ "default_follow_up": flag });
    app.put("/ticket_states/6", Some(ADMIN), body).await
}

fn seeded_states() -> Vec<(i64, String)> {
    numbered(&[
        "new",
        "open",
        "pending reminder",
        "closed",
        "merged",
        "pending close",
    ])
}

async fn states_are_readable_by_everyone_signed_in(app: TestApp) {
    let all = readable_by_everyone(&app, "/ticket_states", 2, "Ticket::State").await;
    assert_eq!(names(&all.body), seeded_states());
    assert_eq!(all.header("X-Total-Count"), Some("6"));
    assert_eq!(flagged(&all.body, "default_create"), vec![1]);
    assert_eq!(flagged(&all.body, "default_follow_up"), vec![2]);
    assert_eq!(all.body[3]["state_type_id"], 5, "closed is of type closed");

    let page = app
        .get("/ticket_states?page=2&per_page=4", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(names(&page.body), seeded_states()[4..].to_vec());
    let past = app
        .get_ok("/ticket_states?page=3&per_page=4", Some(ADMIN))
        .await;
    assert_eq!(past, json!([]));
}

async fn state_writes_need_admin_object(app: TestApp) {
    let create = json!({ "name": unique("s"), "state_type": "open" });
    writes_need_admin_object(&app, "/ticket_states", create, 2, 6).await;
}

async fn state_validation(app: TestApp) {
    let before = snapshot(&app, "/ticket_states").await;
    let lookup_99 = "No lookup value found for 'state_type_id': \"99\"";
    let sleeping = "No lookup value found for 'state_type': \"sleeping\"";
    let taken = "Name 'Open' is already used for another state.";
    let creates = [
        (
            "an unknown type id",
            json!({ "name": unique("s"), "state_type_id": 99 }),
            Some(lookup_99),
        ),
        (
            "an unknown type",
            json!({ "name": unique("s"), "state_type": "sleeping" }),
            Some(sleeping),
        ),
        ("no type", json!({ "name": unique("s") }), None),
        ("no name", json!({ "state_type_id": 2 }), None),
        (
            "a taken name",
            json!({ "name": "Open", "state_type_id": 2 }),
            Some(taken),
        ),
        (
            "an unknown next state",
            json!({ "name": unique("s"), "state_type_id": 3, "next_state_id": 99 }),
            None,
        ),
    ];
    for (case, body, error) in creates {
        let refused = app.post("/ticket_states", Some(ADMIN), body).await;
        assert_eq!(refused.status.as_u16(), 422, "{case}: {}", refused.text);
        if let Some(error) = error {
            assert_eq!(refused.error(), error, "{case}");
        }
    }
    app.put("/ticket_states/3", Some(ADMIN), json!({ "name": "closed" }))
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
    assert_missing(&app, "/ticket_states", "Ticket::State", id).await;
    assert_eq!(
        names(&snapshot(&app, "/ticket_states").await),
        seeded_states()
    );
}

async fn one_default_state_at_a_time(app: TestApp) {
    let body = json!({ "name": unique("fresh "), "state_type": "new", "default_create": true });
    let created = create_default(&app, "/ticket_states", body).await;
    let id = created["id"].as_i64().unwrap();
    let list = snapshot(&app, "/ticket_states").await;
    assert_eq!(flagged(&list, "default_follow_up"), vec![2]);

    // Moving the follow-up default by update clears the old one too.
    follow_up_default_6(&app, true).await.expect(200);
    let list = snapshot(&app, "/ticket_states").await;
    assert_eq!(flagged(&list, "default_follow_up"), vec![6]);
    assert_eq!(flagged(&list, "default_create"), vec![id]);

    // Un-setting the only default, or deleting a default, is refused.
    default_stays(&app, "/ticket_states", id).await;
    follow_up_default_6(&app, false).await.expect(422);
    app.delete(&format!("/ticket_states/{id}"), Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    app.delete("/ticket_states/6", Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    assert_eq!(snapshot(&app, "/ticket_states").await, list);

    // Once the default moved back, the old default is deletable.
    restore_default_and_delete(&app, "/ticket_states", 1, id).await;
}

async fn priorities_are_readable_by_everyone_signed_in(app: TestApp) {
    let all = readable_by_everyone(&app, "/ticket_priorities", 3, "Ticket::Priority").await;
    assert_eq!(names(&all.body), numbered(&["1 low", "2 normal", "3 high"]));
    assert_eq!(all.header("X-Total-Count"), Some("3"));
    assert_eq!(flagged(&all.body, "default_create"), vec![2]);
}

async fn priority_writes_need_admin_object(app: TestApp) {
    let create = json!({ "name": unique("p") });
    writes_need_admin_object(&app, "/ticket_priorities", create, 1, 3).await;
}

async fn priority_rules(app: TestApp) {
    let before = snapshot(&app, "/ticket_priorities").await;
    app.post(
        "/ticket_priorities",
        Some(ADMIN),
        json!({ "name": "3 HIGH" }),
    )
    .await
    .expect_error(422, "Name '3 HIGH' is already used for another priority.");
    app.post("/ticket_priorities", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect(422);
    default_stays(&app, "/ticket_priorities", 2).await;
    app.delete("/ticket_priorities/2", Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    app.put("/ticket_priorities/99", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect_error(404, "Couldn't find Ticket::Priority with 'id'=99");
    assert_eq!(snapshot(&app, "/ticket_priorities").await, before);

    let name = unique("4 urgent ");
    let body = json!({ "name": name, "default_create": true, "ui_color": "high-priority" });
    let created = create_default(&app, "/ticket_priorities", body).await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["ui_color"], "high-priority");

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

    restore_default_and_delete(&app, "/ticket_priorities", 2, id).await;
    assert_missing(&app, "/ticket_priorities", "Ticket::Priority", id).await;
    let after = snapshot(&app, "/ticket_priorities").await;
    assert_eq!(names(&after), names(&before));
    assert_eq!(flagged(&after, "default_create"), vec![2]);
}

async fn roles_are_listed_for_admins(app: TestApp) {
    let list = app.get("/roles", Some(ADMIN)).await.expect(200);
    assert_eq!(names(&list.body), numbered(&["Admin", "Agent", "Customer"]));
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

    let one = app.get_ok("/roles/3", Some(ADMIN)).await;
    assert_eq!(one, list.body[2]);
    assert_missing(&app, "/roles", "Role", 99).await;

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
