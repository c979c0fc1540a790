//! The authorization matrix: every endpoint × every kind of caller against one fixture, with
//! the expected status of each cell taken from the contract's permission table
//! (`/work/shared/docs/api-contract.md`). Every denied answer (401/403) is also checked to
//! carry none of the fixture's data, and lists a caller may call but not see into are checked
//! to leave the hidden records out. The matrix is rendered to `docs/authorization-matrix.md`;
//! refresh it with `UPDATE_MATRIX=1 cargo test -p helpdesk-tests --test api -- matrix`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use helpdesk_service::Config;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, Backend, TestApp, TestUser, unique};

/// The callers, in the order of the table's columns.
const ACTORS: [&str; 11] = [
    "anonymous",
    "admin",
    "admin without ticket.agent",
    "agent full",
    "agent read",
    "agent without group",
    "customer C1 (owner)",
    "customer C2 (same shared org)",
    "customer C3 (unshared org)",
    "customer C4 (other org)",
    "admin token limited to ticket.agent",
];

/// Every endpoint with the expected status per caller (columns as [`ACTORS`]). Deletes come
/// last and act on records made for each call, so they leave the fixture alone.
const MATRIX: &[(&str, [u16; 11])] = &[
    //                                anon admin adm-only full read nogrp  C1   C2   C3   C4  token
    (
        "GET /tickets",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /tickets/{T}",
        [401, 200, 403, 200, 200, 403, 200, 200, 403, 403, 200],
    ),
    (
        "GET /tickets/search",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "POST /tickets",
        [401, 200, 403, 200, 403, 403, 200, 200, 200, 200, 200],
    ),
    (
        "PUT /tickets/{T}",
        [401, 200, 403, 200, 403, 403, 200, 200, 403, 403, 200],
    ),
    (
        "GET /ticket_articles/by_ticket/{T}",
        [401, 200, 403, 200, 200, 403, 200, 200, 403, 403, 200],
    ),
    (
        "GET /ticket_articles/{public}",
        [401, 200, 403, 200, 200, 403, 200, 200, 403, 403, 200],
    ),
    (
        "GET /ticket_articles/{internal}",
        [401, 200, 403, 200, 200, 403, 403, 403, 403, 403, 200],
    ),
    (
        "POST /ticket_articles",
        [401, 200, 403, 200, 403, 403, 200, 200, 403, 403, 200],
    ),
    (
        "PUT /ticket_articles/{public}",
        [401, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "GET /ticket_attachment/{T}/{public}/{file}",
        [401, 200, 403, 200, 200, 403, 200, 200, 403, 403, 200],
    ),
    (
        "GET /tags?object=Ticket&o_id={T}",
        [401, 200, 403, 200, 200, 403, 200, 200, 403, 403, 200],
    ),
    (
        "POST /tags/add",
        [401, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "DELETE /tags/remove",
        [401, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "GET /links?link_object=Ticket&link_object_value={T}",
        [401, 200, 403, 200, 200, 403, 403, 403, 403, 403, 200],
    ),
    (
        "POST /links/add",
        [401, 201, 403, 201, 403, 403, 403, 403, 403, 403, 201],
    ),
    (
        "DELETE /links/remove",
        [401, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "GET /mentions?mentionable_type=Ticket&mentionable_id={T}",
        [401, 200, 403, 200, 200, 403, 403, 403, 403, 403, 200],
    ),
    (
        "POST /mentions",
        [401, 201, 403, 201, 201, 403, 403, 403, 403, 403, 201],
    ),
    (
        "GET /ticket_stats?user_id={C1}",
        [401, 200, 403, 200, 200, 200, 403, 403, 403, 403, 200],
    ),
    (
        "GET /ticket_related/{T}",
        [401, 200, 403, 200, 200, 403, 403, 403, 403, 403, 200],
    ),
    (
        "GET /ticket_recent",
        [401, 200, 403, 200, 200, 200, 403, 403, 403, 403, 200],
    ),
    (
        "POST /recent_view",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /recent_view",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "PUT /ticket_merge/{new}/{new}",
        [401, 200, 403, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "GET /ticket_history/{T}",
        [401, 200, 403, 200, 200, 403, 200, 200, 403, 403, 200],
    ),
    (
        "GET /users/me",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /users",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /users/{C1}",
        [401, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200],
    ),
    (
        "POST /users",
        [201, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200],
    ),
    (
        "PUT /users/{C1}",
        [401, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200],
    ),
    (
        "GET /organizations",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /organizations/{O1}",
        [401, 200, 200, 200, 200, 200, 200, 200, 403, 403, 200],
    ),
    (
        "POST /organizations",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "PUT /organizations/{O1}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /groups",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /groups/1",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /groups",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /ticket_states",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "POST /ticket_states",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /ticket_priorities",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "POST /ticket_priorities",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /roles",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /user_access_token",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
    ),
    (
        "POST /user_access_token",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 403],
    ),
    (
        "GET /online_notifications",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /object_manager_attributes",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /tag_list",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /users/search",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "PUT /users/unlock/{C1}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /users/password_change",
        [401, 422, 422, 422, 422, 422, 422, 422, 422, 422, 422],
    ),
    (
        "GET /organizations/search",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "PUT /groups/1",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /ticket_states/1",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "PUT /ticket_states/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /ticket_priorities/1",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "PUT /ticket_priorities/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /tickets/{T}/time_accountings",
        [401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "POST /tickets/{T}/time_accountings",
        [401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 201],
    ),
    (
        "GET /tickets/{T}/time_accountings/{entry}",
        [401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "PUT /tickets/{T}/time_accountings/{entry}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /time_accountings",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /time_accountings/{entry}",
        [401, 200, 200, 200, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "POST /time_accountings",
        [401, 201, 201, 201, 403, 403, 403, 403, 403, 403, 201],
    ),
    (
        "PUT /time_accountings/{entry}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /time_accounting/types",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /time_accounting/types",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /time_accounting/types/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "PUT /time_accounting/types/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /roles/1",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /roles",
        [401, 201, 201, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "PUT /roles/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /version",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /monitoring/health_check?token={right}",
        [200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /monitoring/health_check?token=wrong",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /online_notifications/{full's}",
        [401, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "PUT /online_notifications/{full's}",
        [401, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /online_notifications/mark_all_as_read",
        [401, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "GET /object_manager_attributes/1",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /object_manager_attributes",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "PUT /object_manager_attributes/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /object_manager_attributes_discard_changes",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "POST /object_manager_attributes_execute_migrations",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /tag_search?term=matrix",
        [401, 200, 200, 200, 200, 200, 403, 403, 403, 403, 200],
    ),
    (
        "POST /tag_list",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "GET /tag_list/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "PUT /tag_list/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /tickets/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /users/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /organizations/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /organization/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /groups/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /ticket_states/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /ticket_priorities/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /mentions/{admin's}",
        [401, 200, 403, 403, 403, 403, 403, 403, 403, 403, 200],
    ),
    (
        "DELETE /tickets/{T}/time_accountings/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /time_accountings/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /time_accounting/types/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /object_manager_attributes/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /tag_list/{fresh}",
        [401, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /online_notifications/{full's fresh}",
        [401, 403, 403, 200, 403, 403, 403, 403, 403, 403, 403],
    ),
    (
        "DELETE /user_access_token/{admin's fresh}",
        [401, 200, 422, 422, 422, 422, 422, 422, 422, 422, 403],
    ),
    (
        "POST /users/password_reset",
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
    (
        "POST /users/password_reset_verify",
        [200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200],
    ),
];

/// How a caller authenticates.
#[derive(Clone)]
enum Auth {
    Anonymous,
    Basic(TestUser),
    Admin,
    Token(String),
}

/// The records every cell runs against, and the strings that must never show in a denial.
struct Fixture {
    ticket: i64,
    customer: i64,
    organization: i64,
    public_article: i64,
    internal_article: i64,
    file: i64,
    /// The ticket title, the articles' bodies, the attachment's content, C1's email, O1's
    /// name and the tag.
    secrets: Vec<String>,
    /// The ticket title.
    title: String,
    /// The internal article's body.
    internal_body: String,
    /// C1's email.
    c1_email: String,
    /// O1's name.
    o1_name: String,
    /// The agent with `full` access to group 1.
    full: TestUser,
    /// That agent's notification of T.
    full_notification: i64,
    /// Time booked on T by the admin.
    entry: i64,
}

async fn send(
    app: &TestApp,
    auth: &Auth,
    method: Method,
    path: &str,
    body: Option<Value>,
) -> Answer {
    let mut req = app.request(method, path);
    req = match auth {
        Auth::Anonymous => req,
        Auth::Basic(user) => req.basic_auth(&user.login, Some(&user.password)),
        Auth::Admin => req.basic_auth(ADMIN.0, Some(ADMIN.1)),
        Auth::Token(secret) => req.header("Authorization", format!("Token token={secret}")),
    };
    if let Some(body) = body {
        req = req.json(&body);
    }
    app.send(req).await
}

fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("id")
}

/// Creates a record as the admin and answers its id.
async fn admin_post(app: &TestApp, path: &str, body: Value) -> i64 {
    id(&app.post_ok(path, Some(ADMIN), body).await)
}

/// A new activity type, made by the admin.
async fn activity_type(app: &TestApp) -> i64 {
    admin_post(
        app,
        "/time_accounting/types",
        json!({ "name": unique("matrix activity ") }),
    )
    .await
}

/// Time booked on ticket `ticket` by the admin: the entry's id.
async fn booked(app: &TestApp, ticket: i64) -> i64 {
    let answer = app
        .post(
            &format!("/tickets/{ticket}/time_accountings"),
            Some(ADMIN),
            json!({ "time_unit": 1 }),
        )
        .await
        .expect(201);
    id(&answer.body)
}

/// A new custom ticket attribute.
fn attribute_body() -> Value {
    json!({
        "name": unique("matrix_field_").replace(' ', "_"), "object": "Ticket",
        "display": "Matrix", "active": true, "data_type": "input",
        "data_option": { "type": "text", "maxlength": 20 },
    })
}

/// The newest online notification of the `full` agent.
async fn newest_notification(app: &TestApp, full: &TestUser) -> i64 {
    let list = app
        .get_ok("/online_notifications", Some(full.creds()))
        .await;
    list.as_array()
        .expect("a list")
        .iter()
        .map(id)
        .max()
        .expect("the full agent is notified of tickets in group 1")
}

/// A new notification of the `full` agent: of a new ticket the admin opens in group 1.
async fn full_notification(app: &TestApp, fx: &Fixture) -> i64 {
    admin_ticket(app, &unique("Matrix notified "), fx.customer, "notified").await;
    newest_notification(app, &fx.full).await
}

/// A ticket in group 1 for `customer`, made by the admin, with one public article.
async fn admin_ticket(app: &TestApp, title: &str, customer: i64, body: &str) -> Value {
    app.post_ok(
        "/tickets",
        Some(ADMIN),
        json!({
            "title": title, "group_id": 1, "customer_id": customer,
            "article": { "subject": "s", "body": body, "type": "note", "internal": false },
        }),
    )
    .await
}

async fn fixture(app: &TestApp) -> (Fixture, Vec<Auth>) {
    let o1 = app.organization(true).await;
    let o2 = app.organization(false).await;
    let o3 = app.organization(true).await;
    let c1 = app.customer(Some(o1)).await;
    let c2 = app.customer(Some(o1)).await;
    let c3 = app.customer(Some(o2)).await;
    let c4 = app.customer(Some(o3)).await;
    let admin_only = app.create_user(&["Admin"], json!({})).await;
    let full = app.agent(&["full"]).await;
    let read = app.agent(&["read"]).await;
    let no_group = app.create_user(&["Agent"], json!({})).await;
    let token = app
        .post_ok(
            "/user_access_token",
            Some(ADMIN),
            json!({ "label": "matrix", "permission": ["ticket.agent"] }),
        )
        .await["token"]
        .as_str()
        .expect("token")
        .to_string();

    let title = unique("Matrix secret title ");
    let public_body = unique("matrix public body ");
    let internal_body = unique("matrix internal body ");
    let file_content = unique("matrix attachment content ");
    let tag = unique("matrixtag");
    let ticket = admin_ticket(app, &title, c1.id, &public_body).await;
    let ticket_id = id(&ticket);
    // C3's own ticket in the unshared organization: no one of O1 may see it either.
    admin_ticket(app, &unique("C3 ticket "), c3.id, "c3 body").await;
    let internal = app.post_ok(
            "/ticket_articles",
            Some(ADMIN),
            json!({ "ticket_id": ticket_id, "body": internal_body, "type": "note", "internal": true }),
        ).await;
    let public = app.post_ok(
            "/ticket_articles",
            Some(ADMIN),
            json!({
                "ticket_id": ticket_id, "body": public_body, "type": "note", "internal": false,
                "attachments": [
                    { "filename": "secret.txt", "data": B64.encode(&file_content), "mime-type": "text/plain" },
                ],
            }),
        ).await;
    let file = id(&public["attachments"][0]);
    app.post(
        "/tags/add",
        Some(ADMIN),
        json!({ "object": "Ticket", "o_id": ticket_id, "item": tag }),
    )
    .await
    .expect(200);
    let c1_user = app.get_ok(&format!("/users/{}", c1.id), Some(ADMIN)).await;
    let o1_name = app
        .get_ok(&format!("/organizations/{o1}"), Some(ADMIN))
        .await["name"]
        .as_str()
        .expect("name")
        .to_string();
    let c1_email = c1_user["email"].as_str().expect("email").to_string();
    let full_notification = newest_notification(app, &full).await;
    let entry = booked(app, ticket_id).await;
    let fixture = Fixture {
        entry,
        ticket: ticket_id,
        customer: c1.id,
        organization: o1,
        public_article: id(&public),
        internal_article: id(&internal),
        file,
        secrets: vec![
            title.clone(),
            public_body,
            internal_body.clone(),
            file_content,
            c1_email.clone(),
            o1_name.clone(),
            tag,
        ],
        title,
        internal_body,
        c1_email,
        o1_name,
        full: full.clone(),
        full_notification,
    };
    let actors = vec![
        Auth::Anonymous,
        Auth::Admin,
        Auth::Basic(admin_only),
        Auth::Basic(full),
        Auth::Basic(read),
        Auth::Basic(no_group),
        Auth::Basic(c1),
        Auth::Basic(c2),
        Auth::Basic(c3),
        Auth::Basic(c4),
        Auth::Token(token),
    ];
    (fixture, actors)
}

/// Calls `endpoint` as `auth`, making the records a delete consumes first.
async fn call(app: &TestApp, fx: &Fixture, endpoint: &str, auth: &Auth) -> Answer {
    let t = fx.ticket;
    let tag_scratch = json!({ "object": "Ticket", "o_id": t, "item": "matrix-scratch" });
    let (method, path, body) = match endpoint {
        "GET /tickets" => (Method::GET, "/tickets".to_string(), None),
        "GET /tickets/{T}" => (Method::GET, format!("/tickets/{t}"), None),
        "GET /tickets/search" => (
            Method::GET,
            "/tickets/search?query=Matrix".to_string(),
            None,
        ),
        "POST /tickets" => (
            Method::POST,
            "/tickets".to_string(),
            Some(json!({
                "title": "matrix new ticket", "group_id": 1, "customer_id": fx.customer,
                "article": { "subject": "s", "body": "new", "type": "note" },
            })),
        ),
        "PUT /tickets/{T}" => (
            Method::PUT,
            format!("/tickets/{t}"),
            Some(json!({ "title": fx.title })),
        ),
        "GET /ticket_articles/by_ticket/{T}" => {
            (Method::GET, format!("/ticket_articles/by_ticket/{t}"), None)
        }
        "GET /ticket_articles/{public}" => (
            Method::GET,
            format!("/ticket_articles/{}", fx.public_article),
            None,
        ),
        "GET /ticket_articles/{internal}" => (
            Method::GET,
            format!("/ticket_articles/{}", fx.internal_article),
            None,
        ),
        "POST /ticket_articles" => (
            Method::POST,
            "/ticket_articles".to_string(),
            Some(
                json!({ "ticket_id": t, "body": "matrix reply", "type": "note", "internal": false }),
            ),
        ),
        "PUT /ticket_articles/{public}" => (
            Method::PUT,
            format!("/ticket_articles/{}", fx.public_article),
            Some(json!({ "internal": false })),
        ),
        "GET /ticket_attachment/{T}/{public}/{file}" => (
            Method::GET,
            format!("/ticket_attachment/{t}/{}/{}", fx.public_article, fx.file),
            None,
        ),
        "GET /tags?object=Ticket&o_id={T}" => {
            (Method::GET, format!("/tags?object=Ticket&o_id={t}"), None)
        }
        "POST /tags/add" => (Method::POST, "/tags/add".to_string(), Some(tag_scratch)),
        "DELETE /tags/remove" => (
            Method::DELETE,
            "/tags/remove".to_string(),
            Some(tag_scratch),
        ),
        "GET /links?link_object=Ticket&link_object_value={T}" => (
            Method::GET,
            format!("/links?link_object=Ticket&link_object_value={t}"),
            None,
        ),
        "POST /links/add" => {
            let source = admin_ticket(app, &unique("Matrix linked "), fx.customer, "linked").await;
            let body = json!({
                "link_type": "normal", "link_object_source": "Ticket",
                "link_object_source_number": source["number"],
                "link_object_target": "Ticket", "link_object_target_value": t,
            });
            (Method::POST, "/links/add".to_string(), Some(body))
        }
        "DELETE /links/remove" => {
            let source =
                admin_ticket(app, &unique("Matrix unlinked "), fx.customer, "linked").await;
            let add = json!({
                "link_type": "normal", "link_object_source": "Ticket",
                "link_object_source_number": source["number"],
                "link_object_target": "Ticket", "link_object_target_value": t,
            });
            app.post("/links/add", Some(ADMIN), add).await.expect(201);
            let body = json!({
                "link_type": "normal", "link_object_source": "Ticket",
                "link_object_source_value": id(&source),
                "link_object_target": "Ticket", "link_object_target_value": t,
            });
            (Method::DELETE, "/links/remove".to_string(), Some(body))
        }
        "GET /mentions?mentionable_type=Ticket&mentionable_id={T}" => (
            Method::GET,
            format!("/mentions?mentionable_type=Ticket&mentionable_id={t}"),
            None,
        ),
        "POST /mentions" => (
            Method::POST,
            "/mentions".to_string(),
            Some(json!({ "mentionable_type": "Ticket", "mentionable_id": t })),
        ),
        "DELETE /mentions/{admin's}" => {
            let body = json!({ "mentionable_type": "Ticket", "mentionable_id": t });
            let mention = app.post("/mentions", Some(ADMIN), body).await.expect(201);
            (
                Method::DELETE,
                format!("/mentions/{}", id(&mention.body)),
                None,
            )
        }
        "GET /ticket_stats?user_id={C1}" => (
            Method::GET,
            format!("/ticket_stats?user_id={}", fx.customer),
            None,
        ),
        "GET /ticket_related/{T}" => (Method::GET, format!("/ticket_related/{t}"), None),
        "GET /ticket_recent" => (Method::GET, "/ticket_recent".to_string(), None),
        "POST /recent_view" => (
            Method::POST,
            "/recent_view".to_string(),
            Some(json!({ "object": "Ticket", "o_id": t })),
        ),
        "GET /recent_view" => (Method::GET, "/recent_view".to_string(), None),
        "PUT /ticket_merge/{new}/{new}" => {
            let source = admin_ticket(app, &unique("Matrix merged "), fx.customer, "merged").await;
            let target =
                admin_ticket(app, &unique("Matrix merge target "), fx.customer, "kept").await;
            let number = target["number"].as_str().expect("number");
            let path = format!("/ticket_merge/{}/{number}", id(&source));
            (Method::PUT, path, None)
        }
        "GET /ticket_history/{T}" => (Method::GET, format!("/ticket_history/{t}"), None),
        "GET /users/me" => (Method::GET, "/users/me".to_string(), None),
        "GET /users" => (Method::GET, "/users".to_string(), None),
        "GET /users/{C1}" => (Method::GET, format!("/users/{}", fx.customer), None),
        "POST /users" => (
            Method::POST,
            "/users".to_string(),
            Some(json!({
                "email": format!("{}@example.com", unique("matrix")), "firstname": "New",
                "lastname": "User", "password": "password-123", "roles": ["Customer"],
            })),
        ),
        "PUT /users/{C1}" => (
            Method::PUT,
            format!("/users/{}", fx.customer),
            Some(json!({ "firstname": "Test" })),
        ),
        "GET /organizations" => (Method::GET, "/organizations".to_string(), None),
        "GET /organizations/{O1}" => (
            Method::GET,
            format!("/organizations/{}", fx.organization),
            None,
        ),
        "POST /organizations" => (
            Method::POST,
            "/organizations".to_string(),
            Some(json!({ "name": unique("Matrix org ") })),
        ),
        "PUT /organizations/{O1}" => (
            Method::PUT,
            format!("/organizations/{}", fx.organization),
            Some(json!({ "note": "matrix", "shared": true })),
        ),
        "GET /groups" => (Method::GET, "/groups".to_string(), None),
        "GET /groups/1" => (Method::GET, "/groups/1".to_string(), None),
        "POST /groups" => (
            Method::POST,
            "/groups".to_string(),
            Some(json!({ "name": unique("Matrix group ") })),
        ),
        "GET /ticket_states" => (Method::GET, "/ticket_states".to_string(), None),
        "POST /ticket_states" => (
            Method::POST,
            "/ticket_states".to_string(),
            Some(json!({ "name": unique("matrix state "), "state_type_id": 2 })),
        ),
        "GET /ticket_priorities" => (Method::GET, "/ticket_priorities".to_string(), None),
        "POST /ticket_priorities" => (
            Method::POST,
            "/ticket_priorities".to_string(),
            Some(json!({ "name": unique("matrix priority ") })),
        ),
        "GET /roles" => (Method::GET, "/roles".to_string(), None),
        "GET /user_access_token" => (Method::GET, "/user_access_token".to_string(), None),
        "POST /user_access_token" => (
            Method::POST,
            "/user_access_token".to_string(),
            Some(json!({ "label": unique("matrix token "), "permission": ["user_preferences"] })),
        ),
        "GET /online_notifications" => (Method::GET, "/online_notifications".to_string(), None),
        "GET /object_manager_attributes" => {
            (Method::GET, "/object_manager_attributes".to_string(), None)
        }
        "GET /tag_list" => (Method::GET, "/tag_list".to_string(), None),
        "DELETE /tickets/{fresh}" => {
            let fresh = admin_ticket(app, &unique("Matrix doomed "), fx.customer, "doomed").await;
            (Method::DELETE, format!("/tickets/{}", id(&fresh)), None)
        }
        "DELETE /users/{fresh}" => {
            let fresh = app.customer(Some(fx.organization)).await;
            (Method::DELETE, format!("/users/{}", fresh.id), None)
        }
        "DELETE /organizations/{fresh}" => {
            let fresh = app.organization(true).await;
            (Method::DELETE, format!("/organizations/{fresh}"), None)
        }
        "POST /users/password_reset" => (
            Method::POST,
            "/users/password_reset".to_string(),
            Some(json!({ "username": "nobody@example.com" })),
        ),
        "POST /users/password_reset_verify" => (
            Method::POST,
            "/users/password_reset_verify".to_string(),
            Some(json!({ "token": "no-such-token" })),
        ),
        "GET /users/search" => (Method::GET, "/users/search?query=test".to_string(), None),
        "PUT /users/unlock/{C1}" => (Method::PUT, format!("/users/unlock/{}", fx.customer), None),
        "POST /users/password_change" => (
            Method::POST,
            "/users/password_change".to_string(),
            Some(json!({ "password_old": "not the password", "password_new": "matrix-new-123" })),
        ),
        "GET /organizations/search" => (
            Method::GET,
            "/organizations/search?query=Org".to_string(),
            None,
        ),
        "PUT /groups/1" => (
            Method::PUT,
            "/groups/1".to_string(),
            Some(json!({ "note": "matrix" })),
        ),
        "GET /ticket_states/1" => (Method::GET, "/ticket_states/1".to_string(), None),
        "PUT /ticket_states/{fresh}" => {
            let fresh = admin_post(
                app,
                "/ticket_states",
                json!({ "name": unique("matrix state "), "state_type_id": 2 }),
            )
            .await;
            (
                Method::PUT,
                format!("/ticket_states/{fresh}"),
                Some(json!({ "note": "matrix" })),
            )
        }
        "GET /ticket_priorities/1" => (Method::GET, "/ticket_priorities/1".to_string(), None),
        "PUT /ticket_priorities/{fresh}" => {
            let fresh = admin_post(
                app,
                "/ticket_priorities",
                json!({ "name": unique("matrix priority ") }),
            )
            .await;
            (
                Method::PUT,
                format!("/ticket_priorities/{fresh}"),
                Some(json!({ "note": "matrix" })),
            )
        }
        "GET /tickets/{T}/time_accountings" => {
            (Method::GET, format!("/tickets/{t}/time_accountings"), None)
        }
        "POST /tickets/{T}/time_accountings" => (
            Method::POST,
            format!("/tickets/{t}/time_accountings"),
            Some(json!({ "time_unit": 1.5 })),
        ),
        "GET /tickets/{T}/time_accountings/{entry}" => (
            Method::GET,
            format!("/tickets/{t}/time_accountings/{}", fx.entry),
            None,
        ),
        "PUT /tickets/{T}/time_accountings/{entry}" => (
            Method::PUT,
            format!("/tickets/{t}/time_accountings/{}", fx.entry),
            Some(json!({ "time_unit": "2" })),
        ),
        "GET /time_accountings" => (Method::GET, "/time_accountings".to_string(), None),
        "GET /time_accountings/{entry}" => {
            (Method::GET, format!("/time_accountings/{}", fx.entry), None)
        }
        "POST /time_accountings" => (
            Method::POST,
            "/time_accountings".to_string(),
            Some(json!({ "ticket_id": t, "time_unit": 0.5 })),
        ),
        "PUT /time_accountings/{entry}" => (
            Method::PUT,
            format!("/time_accountings/{}", fx.entry),
            Some(json!({ "time_unit": 3 })),
        ),
        "GET /time_accounting/types" => (Method::GET, "/time_accounting/types".to_string(), None),
        "POST /time_accounting/types" => (
            Method::POST,
            "/time_accounting/types".to_string(),
            Some(json!({ "name": unique("matrix type ") })),
        ),
        "GET /time_accounting/types/{fresh}" => {
            let fresh = activity_type(app).await;
            (Method::GET, format!("/time_accounting/types/{fresh}"), None)
        }
        "PUT /time_accounting/types/{fresh}" => {
            let fresh = activity_type(app).await;
            (
                Method::PUT,
                format!("/time_accounting/types/{fresh}"),
                Some(json!({ "note": "matrix" })),
            )
        }
        "DELETE /tickets/{T}/time_accountings/{fresh}" => {
            let fresh = booked(app, t).await;
            (
                Method::DELETE,
                format!("/tickets/{t}/time_accountings/{fresh}"),
                None,
            )
        }
        "DELETE /time_accountings/{fresh}" => {
            let fresh = booked(app, t).await;
            (Method::DELETE, format!("/time_accountings/{fresh}"), None)
        }
        "DELETE /time_accounting/types/{fresh}" => {
            let fresh = activity_type(app).await;
            (
                Method::DELETE,
                format!("/time_accounting/types/{fresh}"),
                None,
            )
        }
        "GET /roles/1" => (Method::GET, "/roles/1".to_string(), None),
        "POST /roles" => (
            Method::POST,
            "/roles".to_string(),
            Some(json!({ "name": unique("Matrix role "), "permissions": ["ticket.agent"] })),
        ),
        "PUT /roles/{fresh}" => {
            let body = json!({ "name": unique("Matrix role ") });
            let role = app.post("/roles", Some(ADMIN), body).await.expect(201);
            (
                Method::PUT,
                format!("/roles/{}", id(&role.body)),
                Some(json!({ "note": "matrix" })),
            )
        }
        "GET /version" => (Method::GET, "/version".to_string(), None),
        "GET /monitoring/health_check?token={right}" => (
            Method::GET,
            format!("/monitoring/health_check?token={MONITORING_TOKEN}"),
            None,
        ),
        "GET /monitoring/health_check?token=wrong" => (
            Method::GET,
            "/monitoring/health_check?token=wrong".to_string(),
            None,
        ),
        "GET /online_notifications/{full's}" => (
            Method::GET,
            format!("/online_notifications/{}", fx.full_notification),
            None,
        ),
        "PUT /online_notifications/{full's}" => (
            Method::PUT,
            format!("/online_notifications/{}", fx.full_notification),
            Some(json!({ "seen": true })),
        ),
        "POST /online_notifications/mark_all_as_read" => (
            Method::POST,
            "/online_notifications/mark_all_as_read".to_string(),
            Some(json!({})),
        ),
        "GET /object_manager_attributes/1" => (
            Method::GET,
            "/object_manager_attributes/1".to_string(),
            None,
        ),
        "POST /object_manager_attributes" => (
            Method::POST,
            "/object_manager_attributes".to_string(),
            Some(attribute_body()),
        ),
        "PUT /object_manager_attributes/{fresh}" => {
            let fresh = admin_post(app, "/object_manager_attributes", attribute_body()).await;
            let mut body = attribute_body();
            body["display"] = json!("Matrix changed");
            (
                Method::PUT,
                format!("/object_manager_attributes/{fresh}"),
                Some(body),
            )
        }
        "POST /object_manager_attributes_discard_changes" => (
            Method::POST,
            "/object_manager_attributes_discard_changes".to_string(),
            Some(json!({})),
        ),
        "POST /object_manager_attributes_execute_migrations" => (
            Method::POST,
            "/object_manager_attributes_execute_migrations".to_string(),
            Some(json!({})),
        ),
        "GET /tag_search?term=matrix" => (Method::GET, "/tag_search?term=matrix".to_string(), None),
        "POST /tag_list" => (
            Method::POST,
            "/tag_list".to_string(),
            Some(json!({ "name": unique("matrixlisttag") })),
        ),
        "GET /tag_list/{fresh}" => {
            let fresh =
                admin_post(app, "/tag_list", json!({ "name": unique("matrixlisttag") })).await;
            (Method::GET, format!("/tag_list/{fresh}"), None)
        }
        "PUT /tag_list/{fresh}" => {
            let fresh =
                admin_post(app, "/tag_list", json!({ "name": unique("matrixlisttag") })).await;
            (
                Method::PUT,
                format!("/tag_list/{fresh}"),
                Some(json!({ "name": unique("matrixrenamed") })),
            )
        }
        "DELETE /organization/{fresh}" => {
            let fresh = app.organization(true).await;
            (Method::DELETE, format!("/organization/{fresh}"), None)
        }
        "DELETE /groups/{fresh}" => {
            let fresh = admin_post(
                app,
                "/groups",
                json!({ "name": unique("Matrix doomed group ") }),
            )
            .await;
            (Method::DELETE, format!("/groups/{fresh}"), None)
        }
        "DELETE /ticket_states/{fresh}" => {
            let fresh = admin_post(
                app,
                "/ticket_states",
                json!({ "name": unique("matrix doomed state "), "state_type_id": 2 }),
            )
            .await;
            (Method::DELETE, format!("/ticket_states/{fresh}"), None)
        }
        "DELETE /ticket_priorities/{fresh}" => {
            let fresh = admin_post(
                app,
                "/ticket_priorities",
                json!({ "name": unique("matrix doomed priority ") }),
            )
            .await;
            (Method::DELETE, format!("/ticket_priorities/{fresh}"), None)
        }
        "DELETE /object_manager_attributes/{fresh}" => {
            let fresh = admin_post(app, "/object_manager_attributes", attribute_body()).await;
            (
                Method::DELETE,
                format!("/object_manager_attributes/{fresh}"),
                None,
            )
        }
        "DELETE /tag_list/{fresh}" => {
            let fresh = admin_post(
                app,
                "/tag_list",
                json!({ "name": unique("matrixdoomedtag") }),
            )
            .await;
            (Method::DELETE, format!("/tag_list/{fresh}"), None)
        }
        "DELETE /online_notifications/{full's fresh}" => {
            let fresh = full_notification(app, fx).await;
            (
                Method::DELETE,
                format!("/online_notifications/{fresh}"),
                None,
            )
        }
        "DELETE /user_access_token/{admin's fresh}" => {
            let fresh = admin_post(app, "/user_access_token", json!({ "label": unique("matrix doomed token "), "permission": ["user_preferences"] })).await;
            (Method::DELETE, format!("/user_access_token/{fresh}"), None)
        }
        other => panic!("no request for {other}"),
    };
    send(app, auth, method, &path, body).await
}

/// What the admin must find in a list, so the checks of [`must_not_see`] are not vacuous.
fn must_see(endpoint: &str, actor: usize, fx: &Fixture) -> Vec<String> {
    match endpoint {
        "GET /tickets" | "GET /tickets/search" if actor == 1 => vec![fx.title.clone()],
        "GET /ticket_articles/by_ticket/{T}" if actor == 1 => vec![fx.internal_body.clone()],
        "GET /users" if actor == 1 => vec![fx.c1_email.clone()],
        "GET /organizations" if actor == 1 => vec![fx.o1_name.clone()],
        _ => Vec::new(),
    }
}

/// Which actors may call a list but must not find the fixture's ticket, its internal article,
/// C1 or O1 in it. (The contract is silent on an admin without `ticket.agent` listing tickets:
/// the server answers an empty list, where Zammad answers 403.)
fn must_not_see(endpoint: &str, actor: usize, fx: &Fixture) -> Vec<String> {
    let outsiders = [2, 5, 8, 9]; // admin without ticket.agent, agent without group, C3, C4
    let customers = [6, 7, 8, 9];
    match endpoint {
        "GET /tickets" | "GET /tickets/search" if outsiders.contains(&actor) => {
            vec![fx.title.clone()]
        }
        "GET /ticket_articles/by_ticket/{T}" if customers.contains(&actor) => {
            vec![fx.internal_body.clone()]
        }
        "GET /users" if [8, 9].contains(&actor) => vec![fx.c1_email.clone()],
        "GET /organizations" if [8, 9].contains(&actor) => vec![fx.o1_name.clone()],
        // Field scopes: a colleague sees no contact data, a member no note, domain or members.
        "GET /users/{C1}" if actor == 7 => {
            vec![
                fx.c1_email.clone(),
                "\"note\"".into(),
                "\"role_ids\"".into(),
            ]
        }
        "GET /organizations/{O1}" | "GET /organizations" if customers.contains(&actor) => {
            vec![
                "\"note\"".into(),
                "\"domain\"".into(),
                "\"member_ids\"".into(),
            ]
        }
        _ => Vec::new(),
    }
}

fn render() -> String {
    let mut md = String::from(
        "# Authorization matrix\n\n\
         Generated by `tests/tests/api/matrix.rs`, which calls every endpoint as every kind of caller \
         against one fixture and asserts each status below; refresh with \
         `UPDATE_MATRIX=1 cargo test -p helpdesk-tests --test api -- matrix`. The expectations follow \
         the contract's permission table; [permissions.md](permissions.md) shows the policy decisions \
         behind them.\n\n\
         Fixture: ticket T in group `Users` (id 1) of customer C1, whose organization O1 is shared; C2 \
         is C1's colleague in O1; C3 belongs to the unshared organization O2 (and owns a ticket there); \
         C4 belongs to the shared organization O3. T has a public article (with an attachment), an \
         internal article and a tag. The agents have `full` or `read` on group 1, or no group at all; \
         \"admin without ticket.agent\" holds only the Admin role; the token is the admin's, limited to \
         `ticket.agent`. Deletes act on records made for each call.\n\n\
         Every 401/403 answer is checked to carry none of the fixture's data (T's title, the articles' \
         bodies, the attachment, C1's email, O1's name, the tag); lists are checked to leave out what \
         the caller may not see. A 200 carries only the caller's field scope \
         ([permissions.md](permissions.md#field-scopes)): C2 reading C1 gets no email, note or roles \
         (only `id`, `firstname`, `lastname`, `image`, `image_source`, `active`), and a customer \
         reading its organization gets no note, domain or members (only `id`, `name`, `active`); \
         both are checked here too.\n\n",
    );
    md.push_str("| endpoint |");
    for actor in ACTORS {
        md.push_str(&format!(" {actor} |"));
    }
    md.push_str("\n|---|");
    md.push_str(&"---|".repeat(ACTORS.len()));
    md.push('\n');
    for (endpoint, statuses) in MATRIX {
        md.push_str(&format!("| `{endpoint}` |"));
        for status in statuses {
            md.push_str(&format!(" {status} |"));
        }
        md.push('\n');
    }
    md
}

/// The monitoring token of the matrix's server.
const MONITORING_TOKEN: &str = "matrix-monitoring-token";

#[tokio::test]
async fn authorization_matrix() {
    let config = Config {
        monitoring_token: Some(MONITORING_TOKEN.into()),
        ..Config::for_tests()
    };
    let app = TestApp::spawn_with(Backend::Memory, config).await;
    let (fx, actors) = fixture(&app).await;
    let mut failures = Vec::new();
    let mut cells = 0;
    for (endpoint, expected) in MATRIX {
        for (index, auth) in actors.iter().enumerate() {
            cells += 1;
            let answer = call(&app, &fx, endpoint, auth).await;
            let actual = answer.status.as_u16();
            if actual != expected[index] {
                failures.push(format!(
                    "{endpoint} as {}: expected {}, got {actual}: {}",
                    ACTORS[index],
                    expected[index],
                    answer.text.chars().take(200).collect::<String>()
                ));
            }
            for wanted in must_see(endpoint, index, &fx) {
                if !answer.text.contains(&wanted) {
                    failures.push(format!(
                        "{endpoint} as {}: {wanted:?} missing",
                        ACTORS[index]
                    ));
                }
            }
            let hidden: Vec<String> = if actual == 401 || actual == 403 {
                fx.secrets.clone()
            } else if actual == 200 {
                must_not_see(endpoint, index, &fx)
            } else {
                Vec::new()
            };
            for secret in hidden {
                if answer.text.contains(&secret) {
                    failures.push(format!(
                        "{endpoint} as {}: {actual} answer leaks {secret:?}",
                        ACTORS[index]
                    ));
                }
            }
        }
    }
    assert_eq!(cells, MATRIX.len() * ACTORS.len());
    assert!(
        failures.is_empty(),
        "{} of {cells} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );

    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/authorization-matrix.md");
    let md = render();
    if std::env::var_os("UPDATE_MATRIX").is_some() {
        std::fs::write(&path, &md).expect("write docs/authorization-matrix.md");
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == md,
        "docs/authorization-matrix.md is stale: run `UPDATE_MATRIX=1 cargo test -p helpdesk-tests --test api -- matrix`"
    );
}

/// Whether the matrix row `endpoint` (`METHOD /path` with `{placeholder}` or literal ids and
/// perhaps a query) calls the document's operation `method` `template` (`/groups/{id}`).
fn calls_operation(endpoint: &str, method: &str, template: &str) -> bool {
    let Some((row_method, row_path)) = endpoint.split_once(' ') else {
        return false;
    };
    let row_path = row_path.split('?').next().unwrap_or_default();
    let row: Vec<&str> = row_path.split('/').collect();
    let doc: Vec<&str> = template.split('/').collect();
    row_method.eq_ignore_ascii_case(method)
        && row.len() == doc.len()
        && row
            .iter()
            .zip(&doc)
            .all(|(r, d)| r == d || (d.starts_with('{') && is_placeholder_or_id(r)))
}

/// A row's path segment that stands for an id: `{T}`, `{fresh}`, `1`.
fn is_placeholder_or_id(segment: &str) -> bool {
    segment.starts_with('{') || (!segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()))
}

/// Every operation of `docs/openapi.json` (which a test keeps equal to the mounted API) has a
/// row in [`MATRIX`]: an endpoint added without its authorization cells fails here.
#[test]
fn the_matrix_covers_every_operation_of_the_document() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/openapi.json");
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("openapi.json"))
        .expect("openapi.json is JSON");
    let mut missing = Vec::new();
    let mut operations = 0;
    for (template, item) in doc["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("path item").keys() {
            operations += 1;
            if !MATRIX
                .iter()
                .any(|(endpoint, _)| calls_operation(endpoint, method, template))
            {
                missing.push(format!("{} {template}", method.to_uppercase()));
            }
        }
    }
    assert!(
        operations > 60,
        "the document lists {operations} operations"
    );
    assert!(
        missing.is_empty(),
        "operations without a row in the authorization matrix (tests/tests/api/matrix.rs):\n{}",
        missing.join("\n")
    );
}

#[test]
fn rows_match_operations_by_method_segments_and_placeholders() {
    assert!(calls_operation("GET /groups/1", "get", "/groups/{id}"));
    assert!(calls_operation(
        "GET /tags?object=Ticket&o_id={T}",
        "get",
        "/tags"
    ));
    assert!(!calls_operation("GET /groups", "get", "/groups/{id}"));
    assert!(!calls_operation("PUT /groups/1", "get", "/groups/{id}"));
    assert!(!calls_operation("GET /users/me", "get", "/users/search"));
    assert!(!calls_operation("GET /users/me", "get", "/users/{id}"));
}
