//! `/object_manager_attributes`: built-in attributes, data types and names, pending changes
//! with execute-migrations and discard, live custom fields on tickets, users, organizations
//! and groups (validation, defaults, search, deletion), and permissions.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, unique};
use crate::tickets::{enc, id_of, total};

const NOT_EDITABLE: &str = "Attribute not editable!";
const EXECUTE: &str = "/object_manager_attributes_execute_migrations";
const DISCARD: &str = "/object_manager_attributes_discard_changes";

/// Creates an attribute as the admin and answers it.
async fn create(app: &TestApp, body: Value) -> Value {
    app.post_ok("/object_manager_attributes", Some(ADMIN), body)
        .await
}

/// Runs execute-migrations as the admin.
async fn execute(app: &TestApp) {
    let done = app.post(EXECUTE, Some(ADMIN), json!({})).await.expect(200);
    assert_eq!(done.body, json!({}));
}

/// The attribute `id` as the admin reads it.
async fn attribute(app: &TestApp, id: i64) -> Value {
    app.get_ok(&format!("/object_manager_attributes/{id}"), Some(ADMIN))
        .await
}

/// Every attribute, as the admin lists them (the store's state, for comparisons).
async fn all_attributes(app: &TestApp) -> Value {
    app.get_ok("/object_manager_attributes", Some(ADMIN)).await
}

/// A live select field `name` on `object` with the options `wert1` and `wert2`.
async fn live_select(app: &TestApp, object: &str, name: &str) -> i64 {
    let created = create(
        app,
        json!({
            "name": name, "object": object, "display": "Produkt", "active": true,
            "data_type": "select",
            "data_option": { "options": { "wert1": "anzeige1", "wert2": "anzeige12" } },
        }),
    )
    .await;
    execute(app).await;
    id_of(&created)
}

/// A ticket body in group `Users` for the admin, with `extra` keys.
fn ticket(extra: Value) -> Value {
    let mut body = json!({
        "title": unique("Ticket "),
        "group_id": 1,
        "customer_id": 2,
        "article": { "subject": "S", "body": "text", "type": "note" },
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    body
}

/// How many tickets exist.
async fn ticket_count(app: &TestApp) -> u64 {
    total(&app.get("/tickets", Some(ADMIN)).await.expect(200))
}

async fn done_means(app: TestApp) {
    let created = create(
        &app,
        json!({
            "name": "product", "object": "Ticket", "display": "Produkt", "active": true,
            "data_type": "select",
            "data_option": { "options": { "wert1": "anzeige1", "wert2": "anzeige12" } },
        }),
    )
    .await;
    assert_eq!(created["object_lookup_id"], 2);
    assert_eq!(created["to_create"], true);
    assert_eq!(created["editable"], true);
    assert_eq!(created["data_option"]["null"], true);
    assert_eq!(created["data_option_new"], json!({}));
    execute(&app).await;

    let t = app
        .post_ok(
            "/tickets",
            Some(ADMIN),
            ticket(json!({ "product": "wert1" })),
        )
        .await;
    assert_eq!(t["product"], "wert1", "{t}");
    let shown = app
        .get(&format!("/tickets/{}", id_of(&t)), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(shown.body["product"], "wert1");

    let before = ticket_count(&app).await;
    let refused = app
        .post(
            "/tickets",
            Some(ADMIN),
            ticket(json!({ "product": "nope" })),
        )
        .await
        .expect(422);
    assert!(refused.error().contains("'product'"), "{}", refused.text);
    assert_eq!(ticket_count(&app).await, before, "nothing written");

    let found = app
        .get(
            &format!("/tickets/search?query={}", enc("product:wert1")),
            Some(ADMIN),
        )
        .await
        .expect(200);
    let ids: Vec<i64> = found.body.as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(ids, vec![id_of(&t)], "{}", found.text);

    let agent = app.agent(&["full"]).await;
    let id = id_of(&created);
    for (method, path) in attribute_calls(id) {
        app.call(method, &path, Some(agent.creds()), Some(json!({})))
            .await
            .expect_error(403, "Not authorized (user)!");
    }
}

/// Every attribute endpoint, with `id` where one is needed.
fn attribute_calls(id: i64) -> Vec<(Method, String)> {
    vec![
        (Method::GET, "/object_manager_attributes".into()),
        (Method::GET, format!("/object_manager_attributes/{id}")),
        (Method::POST, "/object_manager_attributes".into()),
        (Method::PUT, format!("/object_manager_attributes/{id}")),
        (Method::DELETE, format!("/object_manager_attributes/{id}")),
        (Method::POST, EXECUTE.into()),
        (Method::POST, DISCARD.into()),
    ]
}

async fn only_admin_object_may_call(app: TestApp) {
    let id = live_select(&app, "Ticket", "product").await;
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let before = all_attributes(&app).await;
    for user in [&agent, &customer] {
        for (method, path) in attribute_calls(id) {
            let body = json!({ "name": "other", "object": "Ticket", "data_type": "input" });
            app.call(method, &path, Some(user.creds()), Some(body))
                .await
                .expect_error(403, "Not authorized (user)!");
        }
    }
    for (method, path) in attribute_calls(id) {
        app.call(method, &path, None, Some(json!({})))
            .await
            .expect(401);
    }
    assert_eq!(all_attributes(&app).await, before, "nothing written");
}

async fn the_list_answers_every_attribute_by_position_then_name(app: TestApp) {
    let body = |name: &str| json!({ "name": name, "object": "Group", "data_type": "input", "position": 1550 });
    let second = create(&app, body("zz_region")).await;
    let first = create(&app, body("aa_region")).await;
    // Zammad's `list_full`: the object by name, `deletable`, no `object_lookup_id`.
    let everything = all_attributes(&app).await;
    let list = everything.as_array().expect("an array");
    let listed = |id: &Value| {
        list.iter()
            .position(|a| a["id"] == *id)
            .unwrap_or_else(|| panic!("{id} listed"))
    };
    assert!(listed(&first["id"]) < listed(&second["id"]), "by name");
    let entry = &list[listed(&first["id"])];
    assert_eq!(entry["object"], "Group");
    assert_eq!(entry["deletable"], true);
    assert!(entry.get("object_lookup_id").is_none(), "{entry}");
    assert!(entry.get("not_deletable_reason").is_none(), "{entry}");
    let order: Vec<(i64, String)> = list
        .iter()
        .map(|a| {
            (
                a["position"].as_i64().unwrap(),
                a["name"].as_str().unwrap().into(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted, "by position, then name");

    // Not paginated: `page` and `per_page` change nothing.
    let paged = app
        .get_ok("/object_manager_attributes?page=2&per_page=1", Some(ADMIN))
        .await;
    assert_eq!(paged, everything);

    // Show, create and update answer Zammad's record: `object_lookup_id` (4: Group).
    assert_eq!(first["object_lookup_id"], 4);
    let shown = attribute(&app, id_of(&first)).await;
    assert_eq!(shown["object_lookup_id"], 4);
    assert!(shown.get("object").is_none() && shown.get("deletable").is_none());
}

async fn built_ins_are_listed_and_locked(app: TestApp) {
    let tickets = app
        .get_ok("/object_manager_attributes?object=Ticket", Some(ADMIN))
        .await;
    let list = tickets.as_array().unwrap();
    for name in ["title", "customer_id", "group_id", "owner_id", "state_id"] {
        let a = list
            .iter()
            .find(|a| a["name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"));
        assert_eq!(a["editable"], false);
        assert_eq!(a["object"], "Ticket");
        assert_eq!(a["deletable"], false);
        assert_eq!(a["to_create"], false);
    }
    assert!(list.iter().all(|a| a["object"] == "Ticket"));
    let all = all_attributes(&app).await;
    for object in ["User", "Ticket", "Organization", "Group"] {
        assert!(
            all.as_array()
                .unwrap()
                .iter()
                .any(|a| a["object"] == object && a["editable"] == false),
            "object {object} has built-ins"
        );
    }
    app.get("/object_manager_attributes?object=Nope", Some(ADMIN))
        .await
        .expect(422);

    let title = id_of(list.iter().find(|a| a["name"] == "title").unwrap());
    let path = format!("/object_manager_attributes/{title}");
    app.put(&path, Some(ADMIN), json!({ "display": "Betreff" }))
        .await
        .expect_error(422, NOT_EDITABLE);
    app.delete(&path, Some(ADMIN))
        .await
        .expect_error(422, NOT_EDITABLE);
    assert_eq!(all_attributes(&app).await, all, "nothing written");
    app.get("/object_manager_attributes/999999", Some(ADMIN))
        .await
        .expect(404);
}

async fn data_types_and_names_are_checked(app: TestApp) {
    let before = all_attributes(&app).await;
    let bad_options = [
        ("input", json!({ "type": "color" })),
        ("input", json!({ "maxlength": -1 })),
        ("textarea", json!({ "maxlength": "long" })),
        ("integer", json!({})),
        ("integer", json!({ "min": 5, "max": 1 })),
        ("boolean", json!({ "default": "yes" })),
        ("boolean", json!({ "options": "yes/no" })),
        ("select", json!({ "options": {} })),
        ("select", json!({ "options": { "a": "A" }, "default": "b" })),
        ("multiselect", json!({})),
        ("tree_select", json!({ "options": { "a": "A" } })),
        ("date", json!({ "diff": "soon" })),
        ("datetime", json!({ "future": "yes" })),
        ("input", json!({ "null": "maybe" })),
        ("color", json!({})),
        ("input", json!("text")),
    ];
    for (data_type, data_option) in bad_options {
        let body = json!({
            "name": "field", "object": "Ticket", "data_type": data_type,
            "data_option": data_option,
        });
        let refused = app
            .post("/object_manager_attributes", Some(ADMIN), body)
            .await
            .expect(422);
        assert!(!refused.error().is_empty(), "{data_type}");
    }
    for name in [
        "",
        "Product",
        "a-b",
        "has space",
        "2_3",
        "customer_id",
        "tag_ids",
        "id",
        "type",
        "title",
        "created_at",
    ] {
        let body = json!({ "name": name, "object": "Ticket", "data_type": "input" });
        app.post("/object_manager_attributes", Some(ADMIN), body)
            .await
            .expect(422);
    }
    for body in [
        json!({ "name": "field", "data_type": "input" }),
        json!({ "name": "field", "object": "Ticketz", "data_type": "input" }),
        json!({ "name": "field", "object": "Ticket" }),
    ] {
        app.post("/object_manager_attributes", Some(ADMIN), body)
            .await
            .expect(422);
    }
    assert_eq!(all_attributes(&app).await, before, "nothing written");

    // Each valid type, with its defaults filled in.
    for (name, data_type, data_option) in [
        ("f_input", "input", json!({ "type": "email" })),
        ("f_textarea", "textarea", json!({})),
        ("f_integer", "integer", json!({ "min": 0, "max": 10 })),
        ("f_boolean", "boolean", json!({ "default": true })),
        ("f_multi", "multiselect", json!({ "options": { "a": "A" } })),
        (
            "f_tree",
            "tree_select",
            json!({ "options": [{ "name": "A", "value": "a" }] }),
        ),
        ("f_date", "date", json!({ "diff": 24 })),
        ("f_datetime", "datetime", json!({})),
    ] {
        let a = create(
            &app,
            json!({ "name": name, "object": "Ticket", "data_type": data_type, "data_option": data_option }),
        )
        .await;
        assert_eq!(a["data_option"]["null"], true, "{name}");
        assert_eq!(a["display"], name, "display defaults to the name");
    }

    let first = create(
        &app,
        json!({ "name": "shared_name", "object": "Ticket", "data_type": "input" }),
    )
    .await;
    let after = all_attributes(&app).await;
    app.post(
        "/object_manager_attributes",
        Some(ADMIN),
        json!({ "name": "shared_name", "object": "Ticket", "data_type": "input" }),
    )
    .await
    .expect(422);
    assert_eq!(all_attributes(&app).await, after, "nothing written");
    let other = create(
        &app,
        json!({ "name": "shared_name", "object": "User", "data_type": "input" }),
    )
    .await;
    assert_eq!(other["object_lookup_id"], 1);
    assert!(other["position"].as_i64() > Some(0));
    assert_ne!(id_of(&first), id_of(&other));
}

async fn pending_changes(app: TestApp) {
    let region = create(
        &app,
        json!({ "name": "region", "object": "Ticket", "data_type": "input", "data_option": { "maxlength": 20 } }),
    )
    .await;
    let id = id_of(&region);
    assert_eq!(region["to_create"], true);

    // Not live yet: the key is ignored.
    let t = app
        .post_ok(
            "/tickets",
            Some(ADMIN),
            ticket(json!({ "region": "north" })),
        )
        .await;
    assert!(t.get("region").is_none(), "{t}");

    // A pending attribute changes in place.
    let changed = app
        .put_ok(
            &format!("/object_manager_attributes/{id}"),
            Some(ADMIN),
            json!({ "data_option": { "maxlength": 30 } }),
        )
        .await;
    assert_eq!(changed["data_option"]["maxlength"], 30);
    assert_eq!(changed["to_create"], true);

    execute(&app).await;
    let live = attribute(&app, id).await;
    assert_eq!(live["to_create"], false);
    assert_eq!(live["to_migrate"], false);
    let t = app
        .get_ok(&format!("/tickets/{}", id_of(&t)), Some(ADMIN))
        .await;
    assert_eq!(
        t["region"],
        Value::Null,
        "live fields answer null when unset"
    );

    // A live attribute keeps its options until execute-migrations.
    let changed = app
        .put_ok(
            &format!("/object_manager_attributes/{id}"),
            Some(ADMIN),
            json!({ "data_option": { "maxlength": 5 }, "display": "Region" }),
        )
        .await;
    assert_eq!(changed["to_migrate"], true);
    assert_eq!(changed["data_option_new"]["maxlength"], 5);
    assert_eq!(changed["data_option"]["maxlength"], 30);
    assert_eq!(changed["display"], "Region", "the label changes at once");
    app.post(
        "/tickets",
        Some(ADMIN),
        ticket(json!({ "region": "far far north" })),
    )
    .await
    .expect(200);

    // Discard: the pending change goes, a pending attribute goes.
    let extra = id_of(
        &create(
            &app,
            json!({ "name": "scratch", "object": "Ticket", "data_type": "input" }),
        )
        .await,
    );
    app.post(DISCARD, Some(ADMIN), json!({})).await.expect(200);
    let kept = attribute(&app, id).await;
    assert_eq!(kept["to_migrate"], false);
    assert_eq!(kept["data_option_new"], json!({}));
    assert_eq!(kept["data_option"]["maxlength"], 30);
    app.get(&format!("/object_manager_attributes/{extra}"), Some(ADMIN))
        .await
        .expect(404);

    // Applied: the new limit holds.
    app.put(
        &format!("/object_manager_attributes/{id}"),
        Some(ADMIN),
        json!({ "data_option": { "maxlength": 5 } }),
    )
    .await
    .expect(200);
    execute(&app).await;
    let applied = attribute(&app, id).await;
    assert_eq!(applied["data_option"]["maxlength"], 5);
    assert_eq!(applied["data_option_new"], json!({}));
    let refused = app
        .post(
            "/tickets",
            Some(ADMIN),
            ticket(json!({ "region": "far far north" })),
        )
        .await
        .expect(422);
    assert!(refused.error().contains("'region'"), "{}", refused.text);
}

async fn type_changes(app: TestApp) {
    let id = id_of(
        &create(
            &app,
            json!({ "name": "kind", "object": "Ticket", "data_type": "input" }),
        )
        .await,
    );
    execute(&app).await;
    let path = format!("/object_manager_attributes/{id}");
    let changed = app
        .put_ok(
            &path,
            Some(ADMIN),
            json!({ "data_type": "select", "data_option": { "options": { "a": "A", "b": "B" } } }),
        )
        .await;
    assert_eq!(changed["to_migrate"], true);
    assert_eq!(changed["data_type"], "input", "the live type stays");
    execute(&app).await;
    let select = attribute(&app, id).await;
    assert_eq!(select["data_type"], "select");
    assert_eq!(select["data_option"]["options"]["a"], "A");

    let before = all_attributes(&app).await;
    let refused = app
        .put(
            &path,
            Some(ADMIN),
            json!({ "data_type": "integer", "data_option": { "min": 0, "max": 9 } }),
        )
        .await
        .expect(422);
    assert!(refused.error().contains("integer"), "{}", refused.text);
    app.put(&path, Some(ADMIN), json!({ "data_type": "boolean" }))
        .await
        .expect(422);
    assert_eq!(all_attributes(&app).await, before, "nothing written");
}

async fn delete_removes_values_after_migrations(app: TestApp) {
    let id = live_select(&app, "Ticket", "product").await;
    let t = app
        .post_ok(
            "/tickets",
            Some(ADMIN),
            ticket(json!({ "product": "wert2" })),
        )
        .await;
    let ticket_path = format!("/tickets/{}", id_of(&t));
    let path = format!("/object_manager_attributes/{id}");
    app.delete(&path, Some(ADMIN)).await.expect(200);
    let marked = attribute(&app, id).await;
    assert_eq!(marked["to_delete"], true);
    let still = app.get_ok(&ticket_path, Some(ADMIN)).await;
    assert_eq!(
        still["product"], "wert2",
        "values stay until migrations run"
    );

    execute(&app).await;
    app.get(&path, Some(ADMIN)).await.expect(404);
    let gone = app.get_ok(&ticket_path, Some(ADMIN)).await;
    assert!(gone.get("product").is_none(), "{gone}");

    // A new field of the same name starts empty.
    live_select(&app, "Ticket", "product").await;
    let fresh = app.get_ok(&ticket_path, Some(ADMIN)).await;
    assert_eq!(fresh["product"], Value::Null);
    let found = app
        .get(
            &format!("/tickets/search?query={}", enc("product:wert2")),
            Some(ADMIN),
        )
        .await
        .expect(200);
    assert_eq!(found.body, json!([]));
}

async fn required_defaults_and_ranges(app: TestApp) {
    create(
        &app,
        json!({
            "name": "effort", "object": "Ticket", "data_type": "integer",
            "data_option": { "min": 1, "max": 10, "null": false },
        }),
    )
    .await;
    create(
        &app,
        json!({
            "name": "channel", "object": "Ticket", "data_type": "select",
            "data_option": { "options": { "phone": "Phone", "web": "Web" }, "default": "web" },
        }),
    )
    .await;
    execute(&app).await;
    let before = ticket_count(&app).await;
    let missing = app
        .post("/tickets", Some(ADMIN), ticket(json!({})))
        .await
        .expect(422);
    assert!(missing.error().contains("'effort'"), "{}", missing.text);
    for bad in [json!(0), json!(11), json!("many"), json!(true)] {
        let refused = app
            .post("/tickets", Some(ADMIN), ticket(json!({ "effort": bad })))
            .await
            .expect(422);
        assert!(refused.error().contains("'effort'"), "{}", refused.text);
    }
    assert_eq!(ticket_count(&app).await, before, "nothing written");

    let t = app
        .post_ok("/tickets", Some(ADMIN), ticket(json!({ "effort": 10 })))
        .await;
    assert_eq!(t["effort"], 10);
    assert_eq!(t["channel"], "web", "the default applies");
    let path = format!("/tickets/{}", id_of(&t));
    let updated = app
        .put_ok(
            &path,
            Some(ADMIN),
            json!({ "channel": "phone", "effort": 1 }),
        )
        .await;
    assert_eq!(updated["channel"], "phone");
    assert_eq!(updated["effort"], 1);
    app.put(
        &path,
        Some(ADMIN),
        json!({ "effort": null, "title": "changed" }),
    )
    .await
    .expect(422);
    let kept = app.get_ok(&path, Some(ADMIN)).await;
    assert_eq!(kept["effort"], 1);
    assert_ne!(kept["title"], "changed", "nothing written");
}

async fn users_organizations_and_groups(app: TestApp) {
    create(
        &app,
        json!({ "name": "shoe_size", "object": "User", "data_type": "integer", "data_option": { "min": 1, "max": 60 } }),
    )
    .await;
    create(
        &app,
        json!({ "name": "tier", "object": "Organization", "data_type": "select", "data_option": { "options": { "gold": "Gold", "silver": "Silver" } } }),
    )
    .await;
    create(
        &app,
        json!({ "name": "region", "object": "Group", "data_type": "input" }),
    )
    .await;
    execute(&app).await;

    let login = format!("{}@example.com", unique("shoe"));
    let user = app
        .post_ok(
            "/users",
            Some(ADMIN),
            json!({ "email": login, "firstname": "S", "shoe_size": 42, "tier": "gold" }),
        )
        .await;
    assert_eq!(user["shoe_size"], 42);
    assert!(
        user.get("tier").is_none(),
        "another object's field is ignored"
    );
    let user_path = format!("/users/{}", id_of(&user));
    app.put(&user_path, Some(ADMIN), json!({ "shoe_size": 99 }))
        .await
        .expect(422);
    let updated = app
        .put_ok(&user_path, Some(ADMIN), json!({ "shoe_size": "43" }))
        .await;
    assert_eq!(updated["shoe_size"], 43);
    let found = app
        .get(
            &format!("/users/search?query={}", enc("shoe_size:43")),
            Some(ADMIN),
        )
        .await
        .expect(200);
    let ids: Vec<i64> = found.body.as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(ids, vec![id_of(&user)], "{}", found.text);
    let listed = app.get_ok("/users", Some(ADMIN)).await;
    let me = listed
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == user["id"])
        .expect("listed");
    assert_eq!(me["shoe_size"], 43);

    let org = app
        .post_ok(
            "/organizations",
            Some(ADMIN),
            json!({ "name": unique("Org "), "tier": "gold" }),
        )
        .await;
    assert_eq!(org["tier"], "gold");
    let org_path = format!("/organizations/{}", id_of(&org));
    app.put(&org_path, Some(ADMIN), json!({ "tier": "bronze" }))
        .await
        .expect(422);
    let org = app
        .put_ok(&org_path, Some(ADMIN), json!({ "tier": "silver" }))
        .await;
    assert_eq!(org["tier"], "silver");
    let found = app
        .get(
            &format!("/organizations/search?query={}", enc("tier:silver")),
            Some(ADMIN),
        )
        .await
        .expect(200);
    let ids: Vec<i64> = found.body.as_array().unwrap().iter().map(id_of).collect();
    assert_eq!(ids, vec![id_of(&org)], "{}", found.text);
    app.get(
        &format!("/organizations/search?query={}", enc("nonesuch:silver")),
        Some(ADMIN),
    )
    .await
    .expect(422);

    let group = app
        .post_ok(
            "/groups",
            Some(ADMIN),
            json!({ "name": unique("Group "), "region": "north" }),
        )
        .await;
    assert_eq!(group["region"], "north");
    let group_path = format!("/groups/{}", id_of(&group));
    let group = app
        .put_ok(&group_path, Some(ADMIN), json!({ "region": "south" }))
        .await;
    assert_eq!(group["region"], "south");
    let shown = app.get_ok(&group_path, Some(ADMIN)).await;
    assert_eq!(shown["region"], "south");
}

crate::on_every_backend!(
    done_means,
    the_list_answers_every_attribute_by_position_then_name,
    only_admin_object_may_call,
    built_ins_are_listed_and_locked,
    data_types_and_names_are_checked,
    pending_changes,
    type_changes,
    delete_removes_values_after_migrations,
    required_defaults_and_ranges,
    users_organizations_and_groups,
);
