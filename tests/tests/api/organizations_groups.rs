//! `/organizations` (and the singular `/organization/{id}`) and `/groups`.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, unique};

const NOT_AUTHORIZED_USER: &str = "Not authorized (user)!";
const REFERENCED: &str = "Can't delete, object has references.";

/// What the admin reads at `path` (the store's state, for before/after comparisons).
async fn snapshot(app: &TestApp, path: &str) -> Value {
    app.get_ok(path, Some(ADMIN)).await
}

/// The ids of a JSON array of records.
fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("an array")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect()
}

/// Creates an organization named `name` as the admin and answers it.
async fn create_org(app: &TestApp, name: &str, extra: Value) -> Value {
    let mut body = json!({ "name": name });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.post_ok("/organizations", Some(ADMIN), body).await
}

async fn organization_lists_are_scoped(app: TestApp) {
    let a = app.organization(false).await;
    let b = app.organization(true).await;
    let all = snapshot(&app, "/organizations").await;
    let all_ids = ids(&all);
    assert!(all_ids.contains(&a) && all_ids.contains(&b), "{all}");
    let mut sorted = all_ids.clone();
    sorted.sort_unstable();
    assert_eq!(all_ids, sorted, "ordered by id");

    let agent = app.agent(&["full"]).await;
    let seen = app
        .get("/organizations", Some(agent.creds()))
        .await
        .expect(200);
    assert_eq!(seen.body, all);
    assert_eq!(
        seen.header("X-Total-Count"),
        Some(all_ids.len().to_string().as_str())
    );

    let member = app.customer(Some(a)).await;
    let own = app
        .get("/organizations", Some(member.creds()))
        .await
        .expect(200);
    assert_eq!(ids(&own.body), vec![a]);
    assert_eq!(own.header("X-Total-Count"), Some("1"));

    let loner = app.customer(None).await;
    let none = app
        .get("/organizations", Some(loner.creds()))
        .await
        .expect(200);
    assert_eq!(none.body, json!([]));
    assert_eq!(none.header("X-Total-Count"), Some("0"));

    let anonymous = app
        .get("/organizations", None)
        .await
        .expect_error(401, "Authentication required");
    assert!(anonymous.header("WWW-Authenticate").is_some());
}

async fn organization_search_filters_and_sorts(app: TestApp) {
    let tag = unique("srch");
    let alpha = create_org(&app, &format!("Alpha {tag}"), json!({ "note": "brewery" })).await;
    let beta = create_org(&app, &format!("Beta {tag}"), json!({})).await;
    let gamma = create_org(&app, &format!("Gamma {tag}"), json!({})).await;
    let (a, b, c) = (
        alpha["id"].as_i64().unwrap(),
        beta["id"].as_i64().unwrap(),
        gamma["id"].as_i64().unwrap(),
    );

    let path = format!("/organizations/search?query={tag}&sort_by=name&order_by=asc");
    let asc = app.get(&path, Some(ADMIN)).await.expect(200);
    assert_eq!(ids(&asc.body), vec![a, b, c]);
    let path = format!("/organizations/search?query={tag}&sort_by=name&order_by=desc");
    let desc = app.get_ok(&path, Some(ADMIN)).await;
    assert_eq!(ids(&desc), vec![c, b, a]);

    let path = format!("/organizations/search?query=name:Beta%20{tag}");
    let by_field = app.get_ok(&path, Some(ADMIN)).await;
    assert_eq!(ids(&by_field), vec![b]);

    let free = app
        .get_ok("/organizations/search?query=brewery", Some(ADMIN))
        .await;
    assert_eq!(ids(&free), vec![a]);

    let limited = format!("/organizations/search?query={tag}&sort_by=id&order_by=asc&limit=2");
    let limited = app.get_ok(&limited, Some(ADMIN)).await;
    assert_eq!(ids(&limited), vec![a, b]);

    let bad = format!("/organizations/search?query={tag}&sort_by=password");
    let bad = app.get(&bad, Some(ADMIN)).await.expect(422);
    assert!(
        bad.error().starts_with("Invalid sort_by 'password'"),
        "{}",
        bad.text
    );

    // A customer of Beta finds only Beta, whatever it searches for.
    let member = app.customer(Some(b)).await;
    let path = format!("/organizations/search?query={tag}");
    let own = app.get_ok(&path, Some(member.creds())).await;
    assert_eq!(ids(&own), vec![b]);

    app.get(&path, None)
        .await
        .expect_error(401, "Authentication required");
}

async fn organization_show_is_for_members_and_agents(app: TestApp) {
    let name = unique("Secret Org ");
    let org = create_org(&app, &name, json!({ "note": "confidential-note" })).await;
    let id = org["id"].as_i64().unwrap();
    let path = format!("/organizations/{id}");

    let member = app.customer(Some(id)).await;
    let shown = app.get(&path, Some(member.creds())).await.expect(200);
    assert_eq!(shown.body["name"], name.as_str());
    // A member sees only the id, name and active flag (Zammad's field scope).
    assert!(shown.body.get("member_ids").is_none(), "{}", shown.text);
    assert!(!shown.text.contains("confidential-note"), "{}", shown.text);

    let agent = app.agent(&["read"]).await;
    let shown = app.get_ok(&path, Some(agent.creds())).await;
    assert_eq!(shown["note"], "confidential-note");

    let outsider = app.customer(None).await;
    let denied = app
        .get(&path, Some(outsider.creds()))
        .await
        .expect_error(403, "Not authorized");
    assert!(!denied.text.contains(&name), "{}", denied.text);
    assert!(!denied.text.contains("confidential-note"));

    app.get(&path, None)
        .await
        .expect_error(401, "Authentication required");
    app.get("/organizations/999999", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Organization with 'id'=999999");
}

async fn organization_writes_need_admin_organization(app: TestApp) {
    let id = app.organization(true).await;
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(Some(id)).await;
    let before = snapshot(&app, "/organizations").await;
    let path = format!("/organizations/{id}");

    for user in [&agent, &customer] {
        app.post(
            "/organizations",
            Some(user.creds()),
            json!({ "name": unique("Sneaky ") }),
        )
        .await
        .expect_error(403, NOT_AUTHORIZED_USER);
        app.put(&path, Some(user.creds()), json!({ "name": "Renamed" }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.delete(&path, Some(user.creds()))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.delete(&format!("/organization/{id}"), Some(user.creds()))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
    }
    app.post("/organizations", None, json!({ "name": unique("Anon ") }))
        .await
        .expect_error(401, "Authentication required");
    app.put(&path, None, json!({ "name": "Anon" }))
        .await
        .expect_error(401, "Authentication required");
    app.delete(&path, None)
        .await
        .expect_error(401, "Authentication required");

    assert_eq!(snapshot(&app, "/organizations").await, before);

    let renamed = unique("Renamed ");
    let updated = app
        .put(
            &path,
            Some(ADMIN),
            json!({ "name": renamed, "note": "n", "shared": false }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["name"], renamed.as_str());
    assert_eq!(updated.body["shared"], false);
    assert_eq!(updated.body["updated_by_id"], 2);
    assert_eq!(snapshot(&app, &path).await["note"], "n");
    app.put("/organizations/999999", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect_error(404, "Couldn't find Organization with 'id'=999999");
}

async fn organization_names_are_required_and_unique(app: TestApp) {
    let name = unique("Unique Org ");
    let first = create_org(&app, &name, json!({})).await;
    assert_eq!(first["shared"], true);
    assert_eq!(first["active"], true);
    assert_eq!(first["member_ids"], json!([]));
    assert_eq!(first["created_by_id"], 2);
    let before = snapshot(&app, "/organizations").await;

    let dup = app
        .post(
            "/organizations",
            Some(ADMIN),
            json!({ "name": name.to_uppercase() }),
        )
        .await
        .expect(422);
    assert!(dup.error().contains("already used"), "{}", dup.text);
    app.post("/organizations", Some(ADMIN), json!({ "note": "nameless" }))
        .await
        .expect(422);
    app.post("/organizations", Some(ADMIN), json!({ "name": "   " }))
        .await
        .expect(422);

    let other = app.organization(true).await;
    let after_other = snapshot(&app, "/organizations").await;
    app.put(
        &format!("/organizations/{other}"),
        Some(ADMIN),
        json!({ "name": name.to_lowercase() }),
    )
    .await
    .expect(422);
    assert_eq!(snapshot(&app, "/organizations").await, after_other);
    assert_eq!(ids(&after_other).len(), ids(&before).len() + 1);
}

async fn member_ids_move_users_in_and_out(app: TestApp) {
    let first = app.customer(None).await;
    let second = app.customer(None).await;
    let org = create_org(
        &app,
        &unique("Members "),
        json!({ "member_ids": [first.id] }),
    )
    .await;
    let id = org["id"].as_i64().unwrap();
    assert_eq!(org["member_ids"], json!([first.id]));
    let user = snapshot(&app, &format!("/users/{}", first.id)).await;
    assert_eq!(user["organization_id"], id);

    let updated = app
        .put(
            &format!("/organizations/{id}"),
            Some(ADMIN),
            json!({ "member_ids": [second.id] }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["member_ids"], json!([second.id]));
    let left = snapshot(&app, &format!("/users/{}", first.id)).await;
    assert_eq!(left["organization_id"], Value::Null);
    let joined = snapshot(&app, &format!("/users/{}", second.id)).await;
    assert_eq!(joined["organization_id"], id);

    // An unknown member is refused and nothing moves.
    let before = snapshot(&app, &format!("/organizations/{id}")).await;
    app.put(
        &format!("/organizations/{id}"),
        Some(ADMIN),
        json!({ "member_ids": [first.id, 999999] }),
    )
    .await
    .expect(422);
    assert_eq!(
        snapshot(&app, &format!("/organizations/{id}")).await,
        before
    );
    let still_out = snapshot(&app, &format!("/users/{}", first.id)).await;
    assert_eq!(still_out["organization_id"], Value::Null);
}

async fn organization_delete_needs_no_references(app: TestApp) {
    let used = app.organization(true).await;
    app.customer(Some(used)).await;
    let before = snapshot(&app, "/organizations").await;
    app.delete(&format!("/organizations/{used}"), Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    app.delete(&format!("/organization/{used}"), Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    assert_eq!(snapshot(&app, "/organizations").await, before);

    let plural = app.organization(true).await;
    let gone = app
        .delete(&format!("/organizations/{plural}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(gone.body, json!({}));
    app.get(&format!("/organizations/{plural}"), Some(ADMIN))
        .await
        .expect_error(
            404,
            &format!("Couldn't find Organization with 'id'={plural}"),
        );
    app.delete(&format!("/organizations/{plural}"), Some(ADMIN))
        .await
        .expect_error(
            404,
            &format!("Couldn't find Organization with 'id'={plural}"),
        );

    let singular = app.organization(true).await;
    let gone = app
        .delete(&format!("/organization/{singular}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(gone.body, json!({}));
    app.get(&format!("/organizations/{singular}"), Some(ADMIN))
        .await
        .expect_error(
            404,
            &format!("Couldn't find Organization with 'id'={singular}"),
        );
    assert_eq!(snapshot(&app, "/organizations").await, before);

    // Ids are never reused.
    let next = app.organization(true).await;
    assert!(next > singular);
}

async fn organization_pages_and_expand(app: TestApp) {
    for _ in 0..3 {
        app.organization(true).await;
    }
    let all = snapshot(&app, "/organizations").await;
    let all_ids = ids(&all);
    let total = all_ids.len();
    assert!(total >= 3);

    let first = app
        .get("/organizations?page=1&per_page=2", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&first.body), all_ids[..2].to_vec());
    assert_eq!(
        first.header("X-Total-Count"),
        Some(total.to_string().as_str())
    );
    let second = app
        .get_ok("/organizations?page=2&per_page=2", Some(ADMIN))
        .await;
    assert_eq!(ids(&second), all_ids[2..total.min(4)].to_vec());
    let past = format!("/organizations?page={}&per_page=2", total + 1);
    let past = app.get(&past, Some(ADMIN)).await.expect(200);
    assert_eq!(past.body, json!([]));
    assert_eq!(
        past.header("X-Total-Count"),
        Some(total.to_string().as_str())
    );

    let member = app.customer(Some(all_ids[0])).await;
    assert!(all[0].get("members").is_none(), "members only on expand");
    let expanded = app.get_ok("/organizations?expand=true", Some(ADMIN)).await;
    assert_eq!(expanded[0]["members"], json!([member.login]));
    assert_eq!(expanded[0]["member_ids"], json!([member.id]));
    let one = app
        .get_ok(
            &format!("/organizations/{}?expand=true", all_ids[0]),
            Some(ADMIN),
        )
        .await;
    assert_eq!(one["members"], json!([member.login]));
    assert_eq!(one["member_ids"], json!([member.id]));
    let path = format!("/organizations/search?query=name:%22{}%22&expand=true", {
        let n = one["name"].as_str().expect("name").to_string();
        n.replace(' ', "%20")
    });
    let found = app.get_ok(&path, Some(ADMIN)).await;
    assert_eq!(found[0]["members"], json!([member.login]));
}

async fn groups_are_for_admins_only(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let before = snapshot(&app, "/groups").await;

    for user in [&agent, &customer] {
        let creds = Some(user.creds());
        app.get("/groups", creds)
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.get("/groups/1", creds)
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.post("/groups", creds, json!({ "name": unique("Sneaky ") }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.put("/groups/1", creds, json!({ "name": "Hijacked" }))
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
        app.delete("/groups/1", creds)
            .await
            .expect_error(403, NOT_AUTHORIZED_USER);
    }
    app.get("/groups", None)
        .await
        .expect_error(401, "Authentication required");
    app.post("/groups", None, json!({ "name": unique("Anon ") }))
        .await
        .expect_error(401, "Authentication required");
    app.delete("/groups/1", None)
        .await
        .expect_error(401, "Authentication required");

    assert_eq!(snapshot(&app, "/groups").await, before);
}

async fn groups_list_and_show_with_members(app: TestApp) {
    let agent = app.agent(&["read"]).await;
    let list = app.get("/groups", Some(ADMIN)).await.expect(200);
    assert_eq!(list.header("X-Total-Count"), Some("1"));
    assert_eq!(ids(&list.body), vec![1]);
    let users = &list.body[0];
    assert_eq!(users["name"], "Users");
    assert_eq!(users["user_ids"], json!([2, agent.id]));
    assert_eq!(users["follow_up_possible"], "yes");
    assert_eq!(users["active"], true);

    let shown = app.get_ok("/groups/1", Some(ADMIN)).await;
    assert_eq!(shown, list.body[0]);
    app.get("/groups/999", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Group with 'id'=999");
    let past = app.get_ok("/groups?page=2&per_page=1", Some(ADMIN)).await;
    assert_eq!(past, json!([]));
}

async fn group_create_update_and_validation(app: TestApp) {
    let before = snapshot(&app, "/groups").await;
    app.post("/groups", Some(ADMIN), json!({ "note": "no name" }))
        .await
        .expect(422);
    let bad = app
        .post(
            "/groups",
            Some(ADMIN),
            json!({ "name": unique("Bad "), "follow_up_possible": "maybe" }),
        )
        .await
        .expect(422);
    assert_eq!(
        bad.error(),
        "Invalid value 'maybe' for 'follow_up_possible' (allowed: yes, new_ticket)"
    );
    app.post("/groups", Some(ADMIN), json!({ "name": "Users" }))
        .await
        .expect(422);
    assert_eq!(snapshot(&app, "/groups").await, before);

    let name = unique("Sales ");
    let created = app
        .post(
            "/groups",
            Some(ADMIN),
            json!({ "name": name, "follow_up_possible": "new_ticket", "note": "sales" }),
        )
        .await
        .expect(200);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.body["name"], name.as_str());
    assert_eq!(created.body["follow_up_possible"], "new_ticket");
    assert_eq!(created.body["user_ids"], json!([]));
    assert_eq!(created.body["created_by_id"], 2);

    let renamed = unique("Support ");
    let updated = app
        .put(
            &format!("/groups/{id}"),
            Some(ADMIN),
            json!({ "name": renamed, "follow_up_possible": "yes", "active": false }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["name"], renamed.as_str());
    assert_eq!(updated.body["follow_up_possible"], "yes");
    assert_eq!(updated.body["active"], false);
    assert_eq!(updated.body["note"], "sales");
    assert_eq!(snapshot(&app, &format!("/groups/{id}")).await, updated.body);

    let after = snapshot(&app, "/groups").await;
    app.put(
        &format!("/groups/{id}"),
        Some(ADMIN),
        json!({ "name": "Users" }),
    )
    .await
    .expect(422);
    app.put(
        &format!("/groups/{id}"),
        Some(ADMIN),
        json!({ "follow_up_possible": "never" }),
    )
    .await
    .expect(422);
    app.put("/groups/999", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect_error(404, "Couldn't find Group with 'id'=999");
    assert_eq!(snapshot(&app, "/groups").await, after);
}

async fn group_delete_needs_no_references(app: TestApp) {
    let before = snapshot(&app, "/groups").await;
    app.delete("/groups/1", Some(ADMIN))
        .await
        .expect_error(422, REFERENCED);
    assert_eq!(snapshot(&app, "/groups").await, before);

    let body = json!({ "name": unique("Temp ") });
    let id = app.create("/groups", Some(ADMIN), body).await;
    let gone = app
        .delete(&format!("/groups/{id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(gone.body, json!({}));
    app.get(&format!("/groups/{id}"), Some(ADMIN))
        .await
        .expect_error(404, &format!("Couldn't find Group with 'id'={id}"));
    app.delete(&format!("/groups/{id}"), Some(ADMIN))
        .await
        .expect_error(404, &format!("Couldn't find Group with 'id'={id}"));
    assert_eq!(snapshot(&app, "/groups").await, before);
}

crate::on_every_backend!(
    organization_lists_are_scoped,
    organization_search_filters_and_sorts,
    organization_show_is_for_members_and_agents,
    organization_writes_need_admin_organization,
    organization_names_are_required_and_unique,
    member_ids_move_users_in_and_out,
    organization_delete_needs_no_references,
    organization_pages_and_expand,
    groups_are_for_admins_only,
    groups_list_and_show_with_members,
    group_create_update_and_validation,
    group_delete_needs_no_references,
);
