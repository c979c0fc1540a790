//! `/users`: me, list, search, show, create (signup included), update, delete, password
//! change, and that no answer ever carries a secret.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, Backend, TestApp, unique};
use crate::tokens::token;

/// Every user as the admin lists them, without `last_login` (which each successful login,
/// the admin's own included, moves).
pub async fn users_snapshot(app: &TestApp) -> Value {
    let mut body = app.get_ok("/users?per_page=1000", Some(ADMIN)).await;
    for user in body.as_array_mut().expect("array") {
        user.as_object_mut().expect("object").remove("last_login");
    }
    body
}

/// The ids in a list answer.
fn ids(answer: &Answer) -> Vec<i64> {
    answer
        .body
        .as_array()
        .expect("array")
        .iter()
        .map(|u| u["id"].as_i64().expect("id"))
        .collect()
}

/// The `X-Total-Count` header as a number.
fn total(answer: &Answer) -> u64 {
    answer
        .header("X-Total-Count")
        .expect("X-Total-Count")
        .parse()
        .expect("a number")
}

/// A fresh email address.
fn email() -> String {
    format!("{}@example.com", unique("u"))
}

async fn me_answers_the_admin_without_a_password(app: TestApp) {
    let me = app.get("/users/me", Some(ADMIN)).await.expect(200);
    assert_eq!(me.body["id"], 2);
    assert_eq!(me.body["login"], "admin@example.com");
    assert_eq!(me.body["role_ids"], json!([1, 2]));
    assert_eq!(me.body["group_ids"], json!({ "1": ["full"] }));
    assert!(me.body.get("password").is_none());
    assert!(me.body.get("roles").is_none());
    assert!(!me.text.contains("argon2"));
    let expanded = app.get_ok("/users/me?expand=true", Some(ADMIN)).await;
    assert_eq!(expanded["roles"], json!(["Admin", "Agent"]));
    let customer = app.customer(None).await;
    let me = app
        .get("/users/me?expand=true", Some(customer.creds()))
        .await
        .expect(200);
    assert_eq!(me.body["id"], customer.id);
    assert_eq!(me.body["role_ids"], json!([3]));
    assert_eq!(me.body["roles"], json!(["Customer"]));
    let anonymous = app.get("/users/me", None).await.expect(401);
    assert_eq!(anonymous.error(), "Authentication required");
}

async fn list_scope_depends_on_the_caller(app: TestApp) {
    let agent = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let all = app.get("/users", Some(ADMIN)).await.expect(200);
    let all_ids = ids(&all);
    assert_eq!(all_ids, vec![1, 2, agent.id, customer.id]);
    assert_eq!(total(&all), 4);
    let by_agent = app.get("/users", Some(agent.creds())).await.expect(200);
    assert_eq!(ids(&by_agent), all_ids);
    let by_customer = app.get("/users", Some(customer.creds())).await.expect(200);
    assert_eq!(ids(&by_customer), vec![customer.id]);
    assert_eq!(total(&by_customer), 1);
    let anonymous = app.get("/users", None).await.expect(401);
    assert_eq!(anonymous.error(), "Authentication required");
}

async fn list_pages_exactly(app: TestApp) {
    let mut created = Vec::new();
    for _ in 0..3 {
        created.push(app.customer(None).await.id);
    }
    let expected = [vec![1, 2], created].concat();
    let page1 = app
        .get("/users?page=1&per_page=2", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&page1), expected[..2]);
    assert_eq!(total(&page1), 5);
    let page2 = app
        .get("/users?page=2&per_page=2", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&page2), expected[2..4]);
    let page3 = app
        .get("/users?page=3&per_page=2", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&page3), expected[4..]);
    let past = app
        .get("/users?page=9&per_page=2", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(past.body, json!([]));
    assert_eq!(total(&past), 5);
    let huge = app
        .get("/users?per_page=5000", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&huge), expected);
    app.get("/users?page=abc", Some(ADMIN)).await.expect(400);
    app.get("/users?per_page=-1", Some(ADMIN)).await.expect(400);
}

/// More than 1000 users: `per_page` over the maximum is capped at 1000, not refused.
#[tokio::test]
async fn per_page_over_1000_is_capped() {
    let app = TestApp::spawn(Backend::Memory).await;
    for i in 0..1000 {
        app.post(
            "/users",
            Some(ADMIN),
            json!({ "login": format!("bulk{i}"), "firstname": "Bulk" }),
        )
        .await
        .expect(200);
    }
    let capped = app
        .get("/users?per_page=5000", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(capped.body.as_array().unwrap().len(), 1000);
    assert_eq!(total(&capped), 1002);
    let rest = app.get_ok("/users?per_page=5000&page=2", Some(ADMIN)).await;
    assert_eq!(rest.as_array().unwrap().len(), 2);
    let default = app.get("/users", Some(ADMIN)).await.expect(200);
    assert_eq!(default.body.as_array().unwrap().len(), 500);
    // Search: 10 results by default, `limit` capped at 200.
    let search = app.get_ok("/users/search?query=Bulk", Some(ADMIN)).await;
    assert_eq!(search.as_array().unwrap().len(), 10);
    let search = app
        .get_ok("/users/search?query=Bulk&limit=5000", Some(ADMIN))
        .await;
    assert_eq!(search.as_array().unwrap().len(), 200);
}

async fn search_by_text_field_and_order(app: TestApp) {
    let tag = unique("Zebra");
    let mut made = Vec::new();
    for login in ["b-", "a-", "c-"] {
        let login = format!("{login}{}", unique("s"));
        let created = app
            .post(
                "/users",
                Some(ADMIN),
                json!({ "login": login, "email": format!("{login}@example.com"), "firstname": tag, "roles": ["Customer"], "password": "password-123" }),
            )
            .await
            .expect(200);
        made.push((created.body["id"].as_i64().unwrap(), login));
    }
    let other = app.customer(None).await;
    let path = |extra: &str| format!("/users/search?query={tag}{extra}");

    let found = app.get(&path(""), Some(ADMIN)).await.expect(200);
    let mut found_ids = ids(&found);
    found_ids.sort_unstable();
    assert_eq!(
        found_ids,
        made.iter().map(|(id, _)| *id).collect::<Vec<_>>()
    );
    assert!(!found_ids.contains(&other.id));
    let asc = app
        .get(&path("&sort_by=login&order_by=asc"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&asc), vec![made[1].0, made[0].0, made[2].0]);
    let desc = app
        .get(&path("&sort_by=login&order_by=desc"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&desc), vec![made[2].0, made[0].0, made[1].0]);
    let limited = app
        .get(&path("&sort_by=login&order_by=asc&limit=2"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(ids(&limited), vec![made[1].0, made[0].0]);

    let by_field = app
        .get(
            &format!("/users/search?query=email:{}@example.com", made[0].1),
            Some(ADMIN),
        )
        .await
        .expect(200);
    assert_eq!(ids(&by_field), vec![made[0].0]);
    let agent = app.agent(&["read"]).await;
    let by_agent = app
        .get(&path("&sort_by=id&order_by=asc"), Some(agent.creds()))
        .await
        .expect(200);
    assert_eq!(ids(&by_agent), found_ids);

    let bad_sort = app
        .get(&path("&sort_by=password_hash"), Some(ADMIN))
        .await
        .expect(422);
    assert!(
        bad_sort
            .error()
            .starts_with("Invalid sort_by 'password_hash'")
    );
    app.get(&path("&order_by=sideways"), Some(ADMIN))
        .await
        .expect(422);
    app.get("/users/search?query=password_hash:x", Some(ADMIN))
        .await
        .expect(422);
    app.get(&path(""), None).await.expect(401);

    // A customer's search only ever finds the customer itself.
    let customer = (made[0].1.as_str(), "password-123");
    let own = app.get(&path(""), Some(customer)).await.expect(200);
    assert_eq!(ids(&own), vec![made[0].0]);
    let everything = app
        .get("/users/search?query=*", Some(customer))
        .await
        .expect(200);
    assert_eq!(ids(&everything), vec![made[0].0]);
    let admin = app
        .get_ok("/users/search?query=admin", Some(customer))
        .await;
    assert_eq!(admin, json!([]));
}

async fn show_respects_customer_scope(app: TestApp) {
    let org = app.organization(false).await;
    let customer = app.customer(Some(org)).await;
    let colleague = app.customer(Some(org)).await;
    let stranger = app.customer(None).await;
    let agent = app.agent(&["read"]).await;

    let own = app
        .get_ok(&format!("/users/{}", customer.id), Some(customer.creds()))
        .await;
    assert_eq!(own["email"], customer.login.as_str());
    let mate = app
        .get(&format!("/users/{}", colleague.id), Some(customer.creds()))
        .await
        .expect(200);
    assert_eq!(mate.body["id"], colleague.id);
    assert!(mate.body.get("email").is_none(), "{}", mate.text);
    for other in [stranger.id, agent.id, 2] {
        let denied = app
            .get(&format!("/users/{other}"), Some(customer.creds()))
            .await
            .expect(403);
        assert_eq!(denied.error(), "Not authorized");
        assert_eq!(denied.header("X-Failure"), Some("Not authorized"));
        assert!(!denied.text.contains("@example.com"), "{}", denied.text);
        assert!(denied.body.get("id").is_none());
    }
    // A customer without an organization sees only itself, not others without one.
    app.get(&format!("/users/{}", customer.id), Some(stranger.creds()))
        .await
        .expect(403);
    for creds in [agent.creds(), ADMIN] {
        let shown = app
            .get_ok(&format!("/users/{}?expand=true", stranger.id), Some(creds))
            .await;
        assert_eq!(shown["email"], stranger.login.as_str());
        assert_eq!(shown["roles"], json!(["Customer"]));
    }
    let expanded = app
        .get_ok(&format!("/users/{}?expand=true", colleague.id), Some(ADMIN))
        .await;
    assert!(
        expanded["organization"]
            .as_str()
            .unwrap()
            .starts_with("Org ")
    );
    app.get(&format!("/users/{}", stranger.id), None)
        .await
        .expect(401);
    let missing = app.get("/users/999999", Some(ADMIN)).await.expect(404);
    assert_eq!(missing.error(), "Couldn't find User with 'id'=999999");
}

async fn admin_creates_users_with_roles_groups_and_password(app: TestApp) {
    let org = app.organization(false).await;
    let address = format!("{}@Example.COM", unique("Admin.Made"));
    let created = app
        .post(
            "/users",
            Some(ADMIN),
            json!({
                "email": address, "firstname": "Ada", "lastname": "Lovelace",
                "roles": ["Agent", "Admin"], "group_ids": { "1": ["read", "change"] },
                "password": "made-by-admin", "organization_id": org, "vip": true,
                "phone": "+49 30 1234", "note": "hello", "unknown_key": 1
            }),
        )
        .await
        .expect(200);
    let b = &created.body;
    assert_eq!(b["login"], address.to_lowercase());
    assert_eq!(b["email"], address.to_lowercase());
    assert_eq!(b["role_ids"], json!([1, 2]));
    assert_eq!(b["group_ids"], json!({ "1": ["read", "change"] }));
    assert_eq!(b["organization_id"], org);
    assert_eq!(b["vip"], true);
    assert_eq!(b["active"], true);
    assert_eq!(b["phone"], "+49 30 1234");
    assert_eq!(b["login_failed"], 0);
    assert_eq!(b["created_by_id"], 2);
    assert_eq!(b["updated_by_id"], 2);
    assert!(b["last_login"].is_null());
    let id = b["id"].as_i64().unwrap();
    assert_eq!(
        app.get_ok(&format!("/users/{id}"), Some(ADMIN)).await,
        created.body
    );
    let me = app
        .get_ok("/users/me", Some((&address, "made-by-admin")))
        .await;
    assert_eq!(me["id"], id);
    // By role ids, and groups as a list of ids (meaning full).
    let by_ids = app
        .post(
            "/users",
            Some(ADMIN),
            json!({ "email": email(), "role_ids": [2], "group_ids": [1] }),
        )
        .await
        .expect(200);
    assert_eq!(by_ids.body["role_ids"], json!([2]));
    assert_eq!(by_ids.body["group_ids"], json!({ "1": ["full"] }));
    // Without roles the user gets the signup role.
    let plain = app
        .post("/users", Some(ADMIN), json!({ "email": email() }))
        .await
        .expect(200);
    assert_eq!(plain.body["role_ids"], json!([3]));
}

async fn agent_creates_customers_only(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let address = email();
    let created = app
        .post(
            "/users",
            Some(agent.creds()),
            json!({
                "email": address, "firstname": "By", "lastname": "Agent",
                "role_ids": [1, 2], "roles": ["Admin"], "group_ids": { "1": ["full"] },
                "password": "agent-set-pw"
            }),
        )
        .await
        .expect(200);
    assert_eq!(created.body["role_ids"], json!([3]));
    assert_eq!(created.body["group_ids"], json!({}));
    assert_eq!(created.body["created_by_id"], agent.id);
    assert_eq!(created.body["firstname"], "By");
    let login = app
        .get("/users/me", Some((&address, "agent-set-pw")))
        .await
        .expect(401);
    assert_eq!(login.error(), "Invalid BasicAuth credentials");
}

async fn customers_and_anonymous_callers_cannot_create_as_staff(app: TestApp) {
    let customer = app.customer(None).await;
    let before = users_snapshot(&app).await;
    let denied = app
        .post(
            "/users",
            Some(customer.creds()),
            json!({ "email": email(), "roles": ["Admin"] }),
        )
        .await
        .expect(403);
    assert_eq!(denied.error(), "Not authorized (user)!");
    assert_eq!(denied.header("X-Failure"), Some("Not authorized (user)!"));
    // Wrong credentials are not treated as a signup.
    let wrong = app
        .post(
            "/users",
            Some((&customer.login, "wrong-password")),
            json!({ "email": email() }),
        )
        .await
        .expect(401);
    assert_eq!(wrong.error(), "Invalid BasicAuth credentials");
    let mut after = users_snapshot(&app).await;
    // The failed login is counted on the customer; nothing else changed.
    let row = after
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|u| u["id"] == customer.id)
        .unwrap();
    assert_eq!(row["login_failed"], 1);
    row["login_failed"] = json!(0);
    assert_eq!(after, before);
}

async fn anonymous_signup_gets_the_customer_role_only(app: TestApp) {
    let address = email();
    let org = app.organization(false).await;
    let created = app
        .post(
            "/users",
            None,
            json!({
                "email": address, "firstname": "Sign", "lastname": "Up", "password": "signup-pw-1",
                "roles": ["Admin"], "role_ids": [1], "group_ids": { "1": ["full"] },
                "organization_id": org, "active": false
            }),
        )
        .await
        .expect(201);
    assert_eq!(created.body, json!({ "message": "ok" }));
    let me = app
        .get_ok("/users/me", Some((&address, "signup-pw-1")))
        .await;
    assert_eq!(me["role_ids"], json!([3]));
    assert_eq!(me["group_ids"], json!({}));
    assert_eq!(me["organization_id"], Value::Null);
    assert_eq!(me["active"], true);
    let before = users_snapshot(&app).await;
    let no_email = app
        .post(
            "/users",
            None,
            json!({ "firstname": "No", "lastname": "Mail", "password": "signup-pw-1" }),
        )
        .await
        .expect(422);
    assert_eq!(no_email.error(), "Missing required attribute 'email'");
    assert_eq!(users_snapshot(&app).await, before);
}

/// With `user_create_account` off, an anonymous create is refused with 401.
#[tokio::test]
async fn signup_can_be_disabled() {
    for backend in [Backend::Memory, Backend::Sqlite] {
        let config = helpdesk_service::Config {
            user_create_account: false,
            ..helpdesk_service::Config::for_tests()
        };
        let app = TestApp::spawn_with(backend, config).await;
        let before = users_snapshot(&app).await;
        let refused = app
            .post(
                "/users",
                None,
                json!({ "email": email(), "password": "signup-pw-1" }),
            )
            .await
            .expect(401);
        assert_eq!(refused.error(), "Authentication required");
        assert!(refused.header("X-Failure").is_some());
        assert_eq!(users_snapshot(&app).await, before);
        // Staff still create users.
        app.post("/users", Some(ADMIN), json!({ "email": email() }))
            .await
            .expect(200);
    }
}

async fn duplicates_are_refused_case_insensitively(app: TestApp) {
    let existing = app.customer(None).await;
    let login = unique("Taken");
    app.post(
        "/users",
        Some(ADMIN),
        json!({ "login": login, "email": email() }),
    )
    .await
    .expect(200);
    let before = users_snapshot(&app).await;
    let cases = [
        json!({ "email": existing.login.to_uppercase() }),
        json!({ "email": existing.login.clone() }),
        json!({ "login": login.to_uppercase(), "email": email() }),
        json!({ "login": existing.login.to_uppercase(), "email": email() }),
    ];
    for body in cases {
        let answer = app
            .post("/users", Some(ADMIN), body.clone())
            .await
            .expect(422);
        assert!(
            answer.error().contains("is already used for another user"),
            "{body}: {}",
            answer.text
        );
        // Signup answers as for a new address and creates nothing (checked below).
        let signup = app.post("/users", None, body.clone()).await.expect(201);
        assert_eq!(signup.body, json!({ "message": "ok" }), "{body}");
    }
    // Updating another user onto a taken email is refused too.
    let other = app.customer(None).await;
    let before_update = users_snapshot(&app).await;
    app.put(
        &format!("/users/{}", other.id),
        Some(ADMIN),
        json!({ "email": existing.login.to_uppercase() }),
    )
    .await
    .expect(422);
    assert_eq!(users_snapshot(&app).await, before_update);
    let mut now = users_snapshot(&app).await;
    now.as_array_mut().unwrap().retain(|u| u["id"] != other.id);
    assert_eq!(now, before);
}

async fn unknown_lookups_and_bad_input_are_refused(app: TestApp) {
    let before = users_snapshot(&app).await;
    let cases = [
        (
            json!({ "email": email(), "organization_id": 999999 }),
            "No lookup value found for 'organization_id': \"999999\"",
        ),
        (
            json!({ "email": email(), "organization": "No Such Org" }),
            "No lookup value found for 'organization': \"No Such Org\"",
        ),
        (
            json!({ "email": email(), "roles": ["Customer", "Wizard"] }),
            "No lookup value found for 'roles': \"Wizard\"",
        ),
        (
            json!({ "email": email(), "role_ids": [3, 99] }),
            "No lookup value found for 'role_ids': \"99\"",
        ),
        (
            json!({ "email": email(), "group_ids": { "999": ["full"] } }),
            "No lookup value found for 'group_ids': \"999\"",
        ),
        (
            json!({ "email": email(), "out_of_office_replacement_id": 999999 }),
            "No lookup value found for 'out_of_office_replacement_id': \"999999\"",
        ),
    ];
    for (body, error) in cases {
        let answer = app
            .post("/users", Some(ADMIN), body.clone())
            .await
            .expect(422);
        assert_eq!(answer.error(), error, "{body}");
    }
    for body in [
        json!({ "email": email(), "vip": "x" }),
        json!({ "email": email(), "role_ids": "1" }),
        json!({ "email": email(), "group_ids": { "1": ["fly"] } }),
        json!({ "email": email(), "preferences": [1] }),
        json!({ "email": "not an email" }),
        json!({ "firstname": "" }),
        json!({ "email": email(), "password": "123" }),
    ] {
        app.post("/users", Some(ADMIN), body.clone())
            .await
            .expect(422);
    }
    for raw in ["{\"email\": ", "not json", "[1, 2"] {
        let answer = app
            .send(
                app.request(Method::POST, "/users")
                    .basic_auth(ADMIN.0, Some(ADMIN.1))
                    .header("Content-Type", "application/json")
                    .body(raw),
            )
            .await
            .expect(400);
        assert!(
            answer.error().starts_with("Malformed JSON"),
            "{}",
            answer.text
        );
    }
    // Bodies with `\r\n` inside are fine.
    app.send(
        app.request(Method::POST, "/users")
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .header("Content-Type", "application/json")
            .body("{\r\n  \"firstname\": \"Crlf\",\r\n  \"lastname\": \"Body\"\r\n}"),
    )
    .await
    .expect(200);
    let mut after = users_snapshot(&app).await;
    after
        .as_array_mut()
        .unwrap()
        .retain(|u| u["firstname"] != "Crlf");
    assert_eq!(after, before);
}

async fn updates_follow_the_callers_rights(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let other_agent = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let org = app.organization(false).await;

    let updated = app
        .put(
            &format!("/users/{}", customer.id),
            Some(ADMIN),
            json!({ "firstname": "Renamed", "organization_id": org, "roles": ["Customer", "Agent"] }),
        )
        .await
        .expect(200);
    assert_eq!(updated.body["firstname"], "Renamed");
    assert_eq!(updated.body["organization_id"], org);
    assert_eq!(updated.body["role_ids"], json!([2, 3]));
    assert_eq!(updated.body["updated_by_id"], 2);
    assert_eq!(updated.body["created_by_id"], 2);
    // Back to a plain customer.
    app.put(
        &format!("/users/{}", customer.id),
        Some(ADMIN),
        json!({ "roles": ["Customer"], "organization_id": null }),
    )
    .await
    .expect(200);

    // An agent changes a customer's plain fields; roles, groups and password are dropped.
    let by_agent = app
        .put(
            &format!("/users/{}", customer.id),
            Some(agent.creds()),
            json!({ "lastname": "ByAgent", "roles": ["Admin"], "group_ids": { "1": ["full"] }, "password": "agent-pw-99" }),
        )
        .await
        .expect(200);
    assert_eq!(by_agent.body["lastname"], "ByAgent");
    assert_eq!(by_agent.body["role_ids"], json!([3]));
    assert_eq!(by_agent.body["group_ids"], json!({}));
    assert_eq!(by_agent.body["organization_id"], Value::Null);
    assert_eq!(by_agent.body["updated_by_id"], agent.id);
    app.get("/users/me", Some((&customer.login, "agent-pw-99")))
        .await
        .expect(401);
    app.get("/users/me", Some(customer.creds()))
        .await
        .expect(200);

    // An agent may not touch agents or admins; customers may not update anyone.
    let before = users_snapshot(&app).await;
    for target in [other_agent.id, 2, agent.id] {
        let denied = app
            .put(
                &format!("/users/{target}"),
                Some(agent.creds()),
                json!({ "firstname": "Hacked" }),
            )
            .await
            .expect(403);
        assert_eq!(denied.error(), "Not authorized");
    }
    for target in [customer.id, agent.id, 2] {
        let denied = app
            .put(
                &format!("/users/{target}"),
                Some(customer.creds()),
                json!({ "firstname": "Hacked", "roles": ["Admin"] }),
            )
            .await
            .expect(403);
        assert_eq!(denied.error(), "Not authorized (user)!");
    }
    app.put(
        &format!("/users/{}", customer.id),
        None,
        json!({ "firstname": "Hacked" }),
    )
    .await
    .expect(401);
    let missing = app
        .put("/users/999999", Some(ADMIN), json!({ "firstname": "x" }))
        .await
        .expect(404);
    assert_eq!(missing.error(), "Couldn't find User with 'id'=999999");
    let mut after = users_snapshot(&app).await;
    // The customer's own update attempt logged in successfully: nothing else moved.
    for user in after.as_array_mut().unwrap() {
        assert_ne!(user["firstname"], "Hacked");
    }
    assert_eq!(after, before);
}

async fn delete_only_unreferenced_users_as_admin(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let victim = app.customer(None).await;
    let before = users_snapshot(&app).await;
    for creds in [agent.creds(), customer.creds()] {
        let denied = app
            .delete(&format!("/users/{}", victim.id), Some(creds))
            .await
            .expect(403);
        assert_eq!(denied.error(), "Not authorized (user)!");
    }
    app.delete(&format!("/users/{}", victim.id), None)
        .await
        .expect(401);
    assert_eq!(users_snapshot(&app).await, before);

    let victim_token = token(&app, victim.creds(), "mine", &["ticket.customer"]).await;
    let before = users_snapshot(&app).await;
    let deleted = app
        .delete(&format!("/users/{}", victim.id), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(deleted.body, json!({}));
    let missing = format!("Couldn't find User with 'id'={}", victim.id);
    app.get(&format!("/users/{}", victim.id), Some(ADMIN))
        .await
        .expect_error(404, &missing);
    app.get("/users/me", Some(victim.creds())).await.expect(401);
    let by_token = app
        .send(
            app.request(Method::GET, "/users/me")
                .header("Authorization", format!("Bearer {victim_token}")),
        )
        .await
        .expect(401);
    assert_eq!(by_token.error(), "Not authorized (token expired)!");
    let after = users_snapshot(&app).await;
    let mut expected = before.clone();
    expected
        .as_array_mut()
        .unwrap()
        .retain(|u| u["id"] != victim.id);
    assert_eq!(after, expected);
    app.delete(&format!("/users/{}", victim.id), Some(ADMIN))
        .await
        .expect_error(404, &missing);

    // A stand-in for another user is referenced.
    let stand_in = app.customer(None).await;
    app.put(
        &format!("/users/{}", customer.id),
        Some(ADMIN),
        json!({ "out_of_office_replacement_id": stand_in.id }),
    )
    .await
    .expect(200);
    // A second admin that created an organization (acting through `From`) is referenced.
    let creator = app.create_user(&["Admin"], json!({})).await;
    let org = app
        .send(
            app.request(Method::POST, "/organizations")
                .basic_auth(ADMIN.0, Some(ADMIN.1))
                .header("From", creator.id.to_string())
                .json(&json!({ "name": unique("Org by ") })),
        )
        .await
        .expect(200);
    assert_eq!(org.body["created_by_id"], creator.id);
    // The agent created a user, so it is referenced as well.
    app.post("/users", Some(agent.creds()), json!({ "email": email() }))
        .await
        .expect(200);
    let before = users_snapshot(&app).await;
    for referenced in [stand_in.id, creator.id, agent.id, 1, 2] {
        let refused = app
            .delete(&format!("/users/{referenced}"), Some(ADMIN))
            .await
            .expect(422);
        assert_eq!(refused.error(), "Can't delete, object has references.");
    }
    assert_eq!(users_snapshot(&app).await, before);
    app.get("/users/me", Some(stand_in.creds()))
        .await
        .expect(200);
}

async fn password_change_checks_the_old_password(app: TestApp) {
    let user = app.customer(None).await;
    app.get("/users/me", Some(user.creds())).await.expect(200);
    let before = users_snapshot(&app).await;
    let wrong = app
        .post(
            "/users/password_change",
            Some(user.creds()),
            json!({ "password_old": "not-it-at-all", "password_new": "next-password-1" }),
        )
        .await
        .expect(422);
    assert_eq!(wrong.error(), "Current password is wrong!");
    app.post(
        "/users/password_change",
        Some(user.creds()),
        json!({ "password_old": user.password, "password_new": "abc" }),
    )
    .await
    .expect(422);
    app.post(
        "/users/password_change",
        Some(user.creds()),
        json!({ "password_new": "next-password-1" }),
    )
    .await
    .expect(422);
    app.post(
        "/users/password_change",
        None,
        json!({ "password_old": user.password, "password_new": "next-password-1" }),
    )
    .await
    .expect(401);
    assert_eq!(users_snapshot(&app).await, before);
    app.get("/users/me", Some((&user.login, "next-password-1")))
        .await
        .expect(401);
    app.get("/users/me", Some(user.creds())).await.expect(200);

    let ok = app
        .post(
            "/users/password_change",
            Some(user.creds()),
            json!({ "password_old": user.password, "password_new": "next-password-1" }),
        )
        .await
        .expect(200);
    assert_eq!(ok.body, json!({ "message": "ok" }));
    let old = app.get("/users/me", Some(user.creds())).await.expect(401);
    assert_eq!(old.error(), "Invalid BasicAuth credentials");
    app.get("/users/me", Some((&user.login, "next-password-1")))
        .await
        .expect(200);
}

/// Fails when `answer` carries anything secret.
#[track_caller]
fn assert_no_secret(what: &str, answer: &Answer, secrets: &[&str]) {
    let lower = answer.text.to_lowercase();
    assert!(!lower.contains("password"), "{what}: {}", answer.text);
    assert!(!lower.contains("$argon2"), "{what}: {}", answer.text);
    for secret in secrets {
        assert!(!answer.text.contains(secret), "{what} leaks a token secret");
    }
}

async fn no_answer_ever_carries_a_secret(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let created = app
        .post(
            "/users",
            Some(ADMIN),
            json!({ "email": email(), "password": "hidden-pw-1", "roles": ["Customer"] }),
        )
        .await;
    let id = created.body["id"].as_i64().unwrap();
    let secret = token(&app, ADMIN, "walk", &["admin.user"]).await;
    let agent_secret = token(&app, agent.creds(), "walk", &["ticket.agent"]).await;
    let secrets = [secret.as_str(), agent_secret.as_str()];
    let mut answers = vec![("create", created)];
    for creds in [ADMIN, agent.creds()] {
        for path in [
            "/users/me".to_string(),
            "/users/me?expand=true".to_string(),
            "/users".to_string(),
            "/users?expand=true".to_string(),
            format!("/users/{id}"),
            format!("/users/{id}?expand=true"),
            "/users/search?query=*&limit=200".to_string(),
            "/users/search?query=*&expand=true".to_string(),
            "/user_access_token".to_string(),
        ] {
            answers.push(("get", app.get(&path, Some(creds)).await.expect(200)));
        }
    }
    answers.push((
        "update",
        app.put(
            &format!("/users/{id}"),
            Some(ADMIN),
            json!({ "password": "hidden-pw-2", "note": "n" }),
        )
        .await
        .expect(200),
    ));
    answers.push((
        "signup",
        app.post(
            "/users",
            None,
            json!({ "email": email(), "password": "hidden-pw-3" }),
        )
        .await
        .expect(201),
    ));
    answers.push((
        "unlock",
        app.put(&format!("/users/unlock/{id}"), Some(ADMIN), json!({}))
            .await
            .expect(200),
    ));
    answers.push((
        "token by token",
        app.send(
            app.request(Method::GET, "/users/me")
                .header("Authorization", format!("Bearer {secret}")),
        )
        .await
        .expect(200),
    ));
    for (what, answer) in &answers {
        assert_no_secret(what, answer, &secrets);
    }
    let list = app.get_ok("/user_access_token", Some(ADMIN)).await;
    for token in list["tokens"].as_array().unwrap() {
        assert!(token.get("token").is_none());
        assert!(token.get("token_hash").is_none());
    }
}

/// A user created through the API survives a restart on SQLite, unchanged.
#[tokio::test]
async fn users_survive_a_restart() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let org = app.organization(true).await;
    let address = email();
    let created = app
        .post(
            "/users",
            Some(ADMIN),
            json!({
                "email": address, "firstname": "Per", "lastname": "Sistent", "vip": true,
                "roles": ["Agent"], "group_ids": { "1": ["read", "create"] },
                "organization_id": org, "password": "persisted-1",
                "preferences": { "locale": "de-de" }, "out_of_office_start_at": "2024-01-02T03:04:05.678Z"
            }),
        )
        .await
        .expect(200);
    let id = created.body["id"].as_i64().unwrap();
    let app = app.restart().await;
    let shown = app.get_ok(&format!("/users/{id}"), Some(ADMIN)).await;
    assert_eq!(shown, created.body);
    assert_eq!(shown["out_of_office_start_at"], "2024-01-02T03:04:05.678Z");
    let me = app
        .get_ok("/users/me", Some((&address, "persisted-1")))
        .await;
    assert_eq!(me["id"], id);
}

/// Signup does not tell which logins and emails exist (Zammad since 3.4.1, CVE-2020-26034):
/// a taken one answers exactly as a new one, and nothing is created or changed for it.
async fn signup_does_not_tell_which_addresses_exist(app: TestApp) {
    let existing = app.customer(None).await;
    let fresh = email();
    let new = app
        .post(
            "/users",
            None,
            json!({ "email": fresh, "firstname": "New", "password": "signup-pw-1" }),
        )
        .await
        .expect(201);
    app.get("/users/me", Some((&fresh, "signup-pw-1")))
        .await
        .expect(200);
    let before = users_snapshot(&app).await;
    let taken = [
        json!({ "email": existing.login.to_uppercase(), "password": "signup-pw-2" }),
        json!({ "login": existing.login.clone(), "email": email(), "password": "signup-pw-2" }),
        json!({ "email": fresh.clone(), "firstname": "Again", "password": "signup-pw-2" }),
    ];
    for body in taken {
        let answer = app.post("/users", None, body.clone()).await.expect(201);
        assert_eq!(answer.body, new.body, "{body}");
        assert_eq!(answer.text, new.text, "{body}");
        assert_eq!(answer.header("content-type"), new.header("content-type"));
    }
    assert_eq!(users_snapshot(&app).await, before);
    // Bad input is still refused alike for taken and new addresses, and writes nothing.
    for address in [existing.login.clone(), email()] {
        app.post("/users", None, json!({ "email": address, "password": "x" }))
            .await
            .expect(422);
    }
    assert_eq!(users_snapshot(&app).await, before);
    // The accounts keep their passwords: the signup's password opens nothing.
    app.get("/users/me", Some(existing.creds()))
        .await
        .expect(200);
    app.get("/users/me", Some((&fresh, "signup-pw-1")))
        .await
        .expect(200);
    app.get("/users/me", Some((&existing.login, "signup-pw-2")))
        .await
        .expect(401);
}

crate::on_every_backend!(
    me_answers_the_admin_without_a_password,
    list_scope_depends_on_the_caller,
    list_pages_exactly,
    search_by_text_field_and_order,
    show_respects_customer_scope,
    admin_creates_users_with_roles_groups_and_password,
    agent_creates_customers_only,
    customers_and_anonymous_callers_cannot_create_as_staff,
    anonymous_signup_gets_the_customer_role_only,
    signup_does_not_tell_which_addresses_exist,
    duplicates_are_refused_case_insensitively,
    unknown_lookups_and_bad_input_are_refused,
    updates_follow_the_callers_rights,
    delete_only_unreferenced_users_as_admin,
    password_change_checks_the_old_password,
    no_answer_ever_carries_a_secret,
);
