//! Field scopes: what a customer sees of its colleagues, of the agents behind its tickets and
//! of its own organization (Zammad's `UserPolicy` / `OrganizationPolicy` field scopes), in
//! every answer that carries a user or an organization; agents and admins see everything.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, TestUser};
use crate::tickets::{id_of, note};

/// The keys a customer sees of a colleague.
const COLLEAGUE_KEYS: [&str; 6] = [
    "active",
    "firstname",
    "id",
    "image",
    "image_source",
    "lastname",
];
/// The keys a member sees of its organization.
const MEMBER_KEYS: [&str; 3] = ["active", "id", "name"];
/// Keys of a full user record that a colleague must never see.
const PRIVATE_USER_KEYS: [&str; 14] = [
    "login",
    "email",
    "note",
    "phone",
    "mobile",
    "address",
    "login_failed",
    "last_login",
    "preferences",
    "role_ids",
    "group_ids",
    "organization_id",
    "roles",
    "organization",
];

/// The sorted keys of a JSON object.
fn keys(record: &Value) -> Vec<String> {
    let mut keys: Vec<String> = record
        .as_object()
        .unwrap_or_else(|| panic!("an object: {record}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

fn assert_colleague_only(record: &Value) {
    assert_eq!(keys(record), COLLEAGUE_KEYS, "{record}");
    for key in PRIVATE_USER_KEYS {
        assert!(record.get(key).is_none(), "{key} leaked: {record}");
    }
}

fn assert_member_only(record: &Value) {
    assert_eq!(keys(record), MEMBER_KEYS, "{record}");
    for key in ["note", "domain", "member_ids", "members", "shared"] {
        assert!(record.get(key).is_none(), "{key} leaked: {record}");
    }
}

/// An organization with an internal note and domain, and two customers in it whose private
/// fields are set.
async fn office(app: &TestApp) -> (i64, TestUser, TestUser) {
    let org = app
        .post_ok(
            "/organizations",
            Some(ADMIN),
            json!({ "name": crate::helpers::unique("Org "), "shared": true,
                    "note": "agents only", "domain": "corp.example" }),
        )
        .await;
    let org = id_of(&org);
    let me = app.customer(Some(org)).await;
    let colleague = app
        .create_user(
            &["Customer"],
            json!({ "organization_id": org, "note": "difficult", "phone": "+1 555",
                    "mobile": "+1 556", "address": "Main St 1", "preferences": { "x": 1 } }),
        )
        .await;
    (org, me, colleague)
}

async fn customers_see_colleagues_narrowly(app: TestApp) {
    let (_, me, colleague) = office(&app).await;
    for path in [
        format!("/users/{}", colleague.id),
        format!("/users/{}?expand=true", colleague.id),
    ] {
        let shown = app.get_ok(&path, Some(me.creds())).await;
        assert_colleague_only(&shown);
        assert_eq!(shown["id"], colleague.id);
        assert_eq!(shown["firstname"], "Test");
    }
    // Their own record stays whole, through every path.
    for path in [
        "/users/me".to_string(),
        "/users/me?expand=true".to_string(),
        format!("/users/{}", me.id),
        format!("/users/{}?expand=true", me.id),
    ] {
        let own = app.get_ok(&path, Some(me.creds())).await;
        assert_eq!(own["email"], me.login.as_str(), "{path}");
        assert!(
            own.get("role_ids").is_some() && own.get("note").is_some(),
            "{path}"
        );
    }
    for path in [
        "/users",
        "/users/search?query=*",
        "/users/search?query=Test&expand=true",
    ] {
        let list = app.get_ok(path, Some(me.creds())).await;
        let list = list.as_array().expect("array");
        assert!(list.iter().all(|u| u["id"] == me.id), "{path}: {list:?}");
        assert!(
            list.iter().all(|u| u["email"] == me.login.as_str()),
            "{path}"
        );
    }
    // Agents and admins still see everything.
    let agent = app.agent(&["read"]).await;
    for creds in [agent.creds(), ADMIN] {
        let full = app
            .get_ok(&format!("/users/{}?expand=true", colleague.id), Some(creds))
            .await;
        assert_eq!(full["note"], "difficult");
        assert_eq!(full["phone"], "+1 555");
        assert_eq!(full["email"], colleague.login.as_str());
        assert_eq!(full["roles"], json!(["Customer"]));
    }
}

async fn members_see_their_organization_narrowly(app: TestApp) {
    let (org, me, colleague) = office(&app).await;
    for path in [
        format!("/organizations/{org}"),
        format!("/organizations/{org}?expand=true"),
    ] {
        let shown = app.get_ok(&path, Some(me.creds())).await;
        assert_member_only(&shown);
        assert!(!shown.to_string().contains(&colleague.login), "{shown}");
    }
    for path in [
        "/organizations",
        "/organizations?expand=true",
        "/organizations/search?query=*",
        "/organizations/search?query=*&expand=true",
    ] {
        let list = app.get_ok(path, Some(me.creds())).await;
        let list = list.as_array().expect("array");
        assert_eq!(list.len(), 1, "{path}");
        assert_member_only(&list[0]);
    }
    let agent = app.agent(&["read"]).await;
    for creds in [agent.creds(), ADMIN] {
        let full = app
            .get_ok(&format!("/organizations/{org}?expand=true"), Some(creds))
            .await;
        assert_eq!(full["note"], "agents only");
        assert_eq!(full["domain"], "corp.example");
        let members = full["members"].as_array().expect("members");
        assert!(members.contains(&json!(colleague.login)), "{full}");
        assert!(members.contains(&json!(me.login)), "{full}");
    }
}

async fn tickets_and_articles_name_only_the_callers_own_login(app: TestApp) {
    let (org, me, colleague) = office(&app).await;
    let agent = app.agent(&["full"]).await;
    // The colleague's ticket, owned and answered by the agent: `me` sees it (shared org).
    let ticket = app
        .post_ok(
            "/tickets",
            Some(colleague.creds()),
            json!({ "title": "Colleague's", "group_id": 1, "article": note("help") }),
        )
        .await;
    let id = id_of(&ticket);
    app.put(
        &format!("/tickets/{id}"),
        Some(agent.creds()),
        json!({ "owner_id": agent.id, "article": { "body": "on it", "type": "note" } }),
    )
    .await
    .expect(200);
    for path in [
        format!("/tickets/{id}?expand=true"),
        "/tickets?expand=true".to_string(),
        "/tickets/search?query=*&expand=true".to_string(),
    ] {
        let answer = app.get_ok(&path, Some(me.creds())).await;
        let shown = answer.as_array().map_or(&answer, |list| {
            list.iter().find(|t| t["id"] == id).expect("listed")
        });
        assert_eq!(shown["customer_id"], colleague.id, "{path}");
        assert!(shown["customer"].is_null(), "{path}: {shown}");
        assert!(shown["owner"].is_null(), "{path}: {shown}");
        assert_eq!(shown["organization_id"], org);
        assert!(!shown.to_string().contains(&agent.login), "{path}: {shown}");
    }
    let articles = app
        .get_ok(
            &format!("/ticket_articles/by_ticket/{id}"),
            Some(me.creds()),
        )
        .await;
    for article in articles.as_array().expect("array") {
        assert!(article["created_by"].is_null(), "{article}");
        assert!(!article.to_string().contains(&colleague.login), "{article}");
    }
    // Nor can a search spell out a colleague's or agent's address: customers may not search
    // by login or email fields (agents may).
    for field in ["customer.email", "customer.login", "owner.login"] {
        let guess = format!("/tickets/search?query={field}:{}*", &colleague.login[..3]);
        app.get(&guess, Some(me.creds())).await.expect_error(
            422,
            &format!("Search field '{field}' is not available to customers"),
        );
        app.get(&guess, Some(agent.creds())).await.expect(200);
    }
    // Nor does the history name the agent who took the ticket over (the ids stay).
    let history = app
        .get(&format!("/ticket_history/{id}"), Some(me.creds()))
        .await
        .expect(200);
    assert!(!history.text.contains(&agent.login), "{}", history.text);
    assert!(!history.text.contains(&colleague.login), "{}", history.text);
    assert!(
        history.body["history"]
            .as_array()
            .expect("entries")
            .iter()
            .any(|e| e["attribute"] == "owner" && e["id_to"] == agent.id),
        "{}",
        history.text
    );
    let full_history = app
        .get(&format!("/ticket_history/{id}"), Some(agent.creds()))
        .await
        .expect(200);
    assert!(
        full_history.text.contains(&agent.login),
        "{}",
        full_history.text
    );
    // The caller's own login is named; agents see every name.
    let own = app
        .post_ok(
            "/tickets",
            Some(me.creds()),
            json!({ "title": "Mine", "group_id": 1, "article": note("mine") }),
        )
        .await;
    let own = app
        .get_ok(
            &format!("/tickets/{}?expand=true", id_of(&own)),
            Some(me.creds()),
        )
        .await;
    assert_eq!(own["customer"], me.login.as_str());
    let seen = app
        .get_ok(&format!("/tickets/{id}?expand=true"), Some(agent.creds()))
        .await;
    assert_eq!(seen["customer"], colleague.login.as_str());
    assert_eq!(seen["owner"], agent.login.as_str());
    let articles = app
        .get_ok(
            &format!("/ticket_articles/by_ticket/{id}"),
            Some(agent.creds()),
        )
        .await;
    assert_eq!(articles[0]["created_by"], colleague.login.as_str());
}

crate::on_every_backend!(
    customers_see_colleagues_narrowly,
    members_see_their_organization_narrowly,
    tickets_and_articles_name_only_the_callers_own_login,
);
