//! Transport rules: error bodies and statuses for bad input, headers on every answer, the body
//! limit and the OpenAPI document.

use reqwest::Method;
use reqwest::header::CONTENT_TYPE;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, Backend, TestApp, unique};

/// What the admin reads at `/groups` (the store's state, for before/after comparisons).
async fn groups(app: &TestApp) -> Value {
    app.get_ok("/groups", Some(ADMIN)).await
}

/// Sends `body` as-is to `path` as the admin with `content_type`.
async fn raw(app: &TestApp, method: Method, path: &str, content_type: &str, body: &str) -> Answer {
    let req = app
        .request(method, path)
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .header(CONTENT_TYPE, content_type)
        .body(body.to_string());
    app.send(req).await
}

/// Fails unless `answer` is a JSON error of `status` whose `error` starts with `prefix`.
#[track_caller]
fn json_error(answer: &Answer, status: u16, prefix: &str) {
    assert_eq!(answer.status.as_u16(), status, "body: {}", answer.text);
    assert!(
        answer
            .header("Content-Type")
            .is_some_and(|ct| ct.starts_with("application/json")),
        "content type {:?}",
        answer.header("Content-Type")
    );
    assert!(
        answer.error().starts_with(prefix),
        "error {:?} should start with {prefix:?}",
        answer.error()
    );
    answer.assert_error_human();
}

/// Fails unless `answer` carries the headers every answer carries.
#[track_caller]
fn standard_headers(answer: &Answer) {
    assert_eq!(answer.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(answer.header("Cache-Control"), Some("no-store"));
    assert!(
        answer.header("X-Request-Id").is_some_and(|v| !v.is_empty()),
        "X-Request-Id missing"
    );
}

/// The server's root URL (without `/api/v1`).
fn root(app: &TestApp) -> String {
    app.base().trim_end_matches("/api/v1").to_string()
}

/// Checks that each request `(method, path, content type, body, error prefix)` is answered
/// a JSON `status` error with the standard headers, and that the groups did not change.
async fn refused_without_change(
    app: &TestApp,
    status: u16,
    requests: &[(Method, &str, &str, &str, &str)],
) {
    let before = groups(app).await;
    for (method, path, content_type, body, prefix) in requests {
        let answer = raw(app, method.clone(), path, content_type, body).await;
        let case = format!("{method} {path} ({content_type}) {body:?}");
        assert_eq!(answer.status.as_u16(), status, "{case}: {}", answer.text);
        json_error(&answer, status, prefix);
        standard_headers(&answer);
    }
    assert_eq!(groups(app).await, before);
}

async fn malformed_json_is_400(app: TestApp) {
    let json = "application/json";
    let requests = [
        (Method::POST, "/groups", json, "{\"name\": ", ""),
        (Method::POST, "/groups", json, "not json", ""),
        (Method::POST, "/groups", json, "{\"name\": \"x\",}", ""),
        (Method::POST, "/groups", json, "", ""),
        (
            Method::PUT,
            "/organizations/1",
            json,
            "{oops",
            "Malformed JSON",
        ),
    ];
    refused_without_change(&app, 400, &requests).await;

    // Any valid JSON parses, `\r\n` inside included.
    let name = unique("Crlf ");
    let body = format!("{{\r\n  \"name\": \"{name}\",\r\n  \"note\": \"a\"\r\n}}");
    let created = raw(&app, Method::POST, "/groups", "application/json", &body)
        .await
        .expect(200);
    assert_eq!(created.body["name"], name.as_str());
}

async fn wrong_json_types_are_422(app: TestApp) {
    let before = groups(&app).await;
    for body in [
        json!({ "name": ["x"] }),
        json!({ "name": unique("g"), "active": "maybe" }),
        json!(["not", "an", "object"]),
        json!("just a string"),
    ] {
        let answer = app.post("/groups", Some(ADMIN), body).await;
        json_error(&answer, 422, "");
    }
    let answer = app
        .put(
            "/groups/1",
            Some(ADMIN),
            json!({ "assignment_timeout": "soon" }),
        )
        .await;
    json_error(&answer, 422, "");
    let answer = app
        .post(
            "/organizations",
            Some(ADMIN),
            json!({ "name": unique("o"), "member_ids": "all" }),
        )
        .await;
    json_error(&answer, 422, "");
    assert_eq!(groups(&app).await, before);

    // Unknown keys are ignored.
    let name = unique("Extra ");
    let created = app
        .post(
            "/groups",
            Some(ADMIN),
            json!({ "name": name, "no_such_field": true }),
        )
        .await
        .expect(200);
    assert_eq!(created.body["name"], name.as_str());
}

async fn unknown_routes_and_bad_ids(app: TestApp) {
    for path in ["/no_such_thing", "/groups/1/extra", "/"] {
        let answer = app.get(path, Some(ADMIN)).await;
        json_error(&answer, 404, "");
        standard_headers(&answer);
    }
    let outside = reqwest::Client::new().get(format!("{}/nowhere", root(&app)));
    let answer = app.send(outside).await;
    json_error(&answer, 404, "");
    standard_headers(&answer);

    // An id that is no number names no record: 404, as in Zammad (`/organizations/None`).
    for path in [
        "/groups/abc",
        "/organizations/1x",
        "/ticket_states/-",
        "/users/abc",
        "/organizations/None",
    ] {
        let answer = app.get(path, Some(ADMIN)).await;
        json_error(&answer, 404, "");
        assert!(!answer.text.contains("<html"), "{}", answer.text);
    }
    let answer = app.delete("/organization/abc", Some(ADMIN)).await;
    json_error(&answer, 404, "");
    let answer = app.get("/organizations?page=first", Some(ADMIN)).await;
    json_error(&answer, 400, "");
    let answer = app.get("/groups?per_page=-1", Some(ADMIN)).await;
    json_error(&answer, 400, "");
}

/// Numbers outside the document's `minimum`/`maximum` answer 400 with the JSON error body,
/// words outside its `enum` 422; the bounds themselves are accepted.
async fn query_parameters_outside_the_document_are_400(app: TestApp) {
    for path in [
        "/tickets?page=-1",
        "/users?per_page=-5",
        "/roles?per_page=4294967296",
        "/organizations?page=122252745125975244411570875269120",
        "/tickets/search?limit=-1",
    ] {
        let answer = app.get(path, Some(ADMIN)).await;
        json_error(&answer, 400, "");
        standard_headers(&answer);
    }
    // A word outside a documented enum is an invalid value: 422.
    for path in [
        "/tags?object=User&o_id=1",
        "/object_manager_attributes?object=Nothing",
    ] {
        let answer = app.get(path, Some(ADMIN)).await;
        json_error(&answer, 422, "Invalid value for 'object' (allowed: ");
    }
    for path in [
        "/tickets?page=0&per_page=0",
        "/groups?per_page=4294967295",
        "/tickets/search?query=*&sort_by=created_at&order_by=desc&limit=0",
        "/object_manager_attributes?object=Ticket",
    ] {
        app.get(path, Some(ADMIN)).await.expect(200);
    }
}

/// A method a route does not support answers 405 with `Allow` listing those it does.
async fn unsupported_methods_are_405_with_allow(app: TestApp) {
    for (method, path, allow) in [
        (Method::TRACE, "/tickets", "GET, HEAD, POST"),
        (Method::PATCH, "/groups/1", "GET, HEAD, PUT, DELETE"),
        (Method::POST, "/users/search", "GET, HEAD"),
        (
            Method::OPTIONS,
            "/ticket_states/1",
            "GET, HEAD, PUT, DELETE",
        ),
    ] {
        let answer = app
            .send(
                app.request(method.clone(), path)
                    .basic_auth(ADMIN.0, Some(ADMIN.1)),
            )
            .await;
        json_error(&answer, 405, "");
        assert_eq!(answer.header("Allow"), Some(allow), "{method} {path}");
        standard_headers(&answer);
    }
}

/// A field the document declares a string refuses numbers and booleans (no silent `"false"`).
async fn numbers_and_booleans_are_no_strings(app: TestApp) {
    let before = groups(&app).await;
    for body in [json!({ "name": false }), json!({ "name": 17 })] {
        let answer = app.post("/groups", Some(ADMIN), body).await;
        json_error(&answer, 422, "Invalid request body: 'name'");
    }
    assert_eq!(groups(&app).await, before);
    let answer = app
        .post("/tag_list", Some(ADMIN), json!({ "name": true }))
        .await;
    json_error(&answer, 422, "");
}

async fn non_json_content_type_is_415(app: TestApp) {
    let body = json!({ "name": unique("Plain ") }).to_string();
    let unsupported = "Unsupported Content-Type";
    let form = "application/x-www-form-urlencoded";
    let requests = [
        (
            Method::POST,
            "/groups",
            "text/plain",
            body.as_str(),
            unsupported,
        ),
        (Method::PUT, "/groups/1", form, "name=x", unsupported),
    ];
    refused_without_change(&app, 415, &requests).await;

    // A charset parameter or a +json type is still JSON.
    let name = unique("Charset ");
    let body = json!({ "name": name }).to_string();
    raw(
        &app,
        Method::POST,
        "/groups",
        "application/json; charset=utf-8",
        &body,
    )
    .await
    .expect(200);
}

async fn every_answer_carries_the_standard_headers(app: TestApp) {
    let ok = app.get("/users/me", Some(ADMIN)).await.expect(200);
    standard_headers(&ok);
    let anonymous = app.get("/users/me", None).await;
    json_error(&anonymous, 401, "Authentication required");
    standard_headers(&anonymous);
    assert_eq!(
        anonymous.header("WWW-Authenticate"),
        Some("Basic realm=\"Helpdesk\"")
    );
    let customer = app.customer(None).await;
    let forbidden = app.get("/groups", Some(customer.creds())).await;
    json_error(&forbidden, 403, "Not authorized (user)!");
    standard_headers(&forbidden);
    let missing = app.get("/groups/999", Some(ADMIN)).await;
    json_error(&missing, 404, "Couldn't find Group with 'id'=999");
    standard_headers(&missing);
    let invalid = app.post("/groups", Some(ADMIN), json!({})).await;
    json_error(&invalid, 422, "");
    standard_headers(&invalid);

    // Each request gets its own id; a caller's id is echoed.
    let other = app.get("/users/me", Some(ADMIN)).await.expect(200);
    assert_ne!(other.header("X-Request-Id"), ok.header("X-Request-Id"));
    let req = app
        .request(Method::GET, "/users/me")
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .header("X-Request-Id", "trace-me-123");
    let echoed = app.send(req).await.expect(200);
    assert_eq!(echoed.header("X-Request-Id"), Some("trace-me-123"));
}

async fn body_over_the_limit_is_413(backend: Backend) {
    let app = TestApp::spawn_with_limit(backend, 256).await;
    let before = groups(&app).await;
    let big = json!({ "name": unique("Big "), "note": "x".repeat(1024) });
    let answer = app.post("/groups", Some(ADMIN), big).await;
    json_error(&answer, 413, "");
    standard_headers(&answer);
    assert_eq!(groups(&app).await, before);

    let small = app
        .post("/groups", Some(ADMIN), json!({ "name": unique("Small ") }))
        .await
        .expect(200);
    assert_eq!(small.body["note"], "");
}

#[tokio::test]
async fn body_over_the_limit_is_413_on_memory() {
    body_over_the_limit_is_413(Backend::Memory).await;
}

#[tokio::test]
async fn body_over_the_limit_is_413_on_sqlite() {
    body_over_the_limit_is_413(Backend::Sqlite).await;
}

async fn openapi_document_lists_every_path(app: TestApp) {
    let req = reqwest::Client::new().get(format!("{}/api/openapi.json", root(&app)));
    let doc = app.send(req).await.expect(200);
    standard_headers(&doc);
    assert!(
        doc.header("Content-Type")
            .is_some_and(|ct| ct.starts_with("application/json")),
        "{:?}",
        doc.header("Content-Type")
    );
    let paths = doc.body["paths"].as_object().expect("paths");
    for path in [
        "/users",
        "/users/me",
        "/users/search",
        "/users/{id}",
        "/users/password_change",
        "/users/unlock/{id}",
        "/organizations",
        "/organizations/search",
        "/organizations/{id}",
        "/organization/{id}",
        "/groups",
        "/groups/{id}",
        "/ticket_states",
        "/ticket_states/{id}",
        "/ticket_priorities",
        "/ticket_priorities/{id}",
        "/roles",
        "/roles/{id}",
        "/user_access_token",
        "/user_access_token/{id}",
    ] {
        assert!(paths.contains_key(path), "{path} missing from the document");
    }
    for (path, method) in [
        ("/organizations", "post"),
        ("/organizations/{id}", "put"),
        ("/organizations/{id}", "delete"),
        ("/organization/{id}", "delete"),
        ("/groups/{id}", "delete"),
        ("/ticket_states", "post"),
        ("/ticket_priorities/{id}", "put"),
    ] {
        assert!(paths[path].get(method).is_some(), "{method} {path} missing");
    }
    let responses = &paths["/users"]["post"]["responses"];
    for status in ["200", "401", "403", "422"] {
        assert!(
            responses.get(status).is_some(),
            "POST /users lacks {status}: {responses}"
        );
    }
    // Signup: POST /users also answers without credentials.
    let security = paths["/users"]["post"]["security"]
        .as_array()
        .expect("security");
    assert!(security.contains(&json!({})), "{security:?}");
    // A search answers an array, or an object with `with_total_count`, `only_total_count`
    // or `full`: no `type` of its own.
    let answer = &doc.body["components"]["schemas"]["TicketSearchAnswer"];
    assert!(answer.get("type").is_none(), "{answer}");
    assert_eq!(
        answer["oneOf"].as_array().map(Vec::len),
        Some(4),
        "{answer}"
    );
    // Optional request fields accept null.
    let title = &doc.body["components"]["schemas"]["TicketRequest"]["properties"]["title"];
    assert_eq!(title["nullable"], true, "{title}");
    let responses = &paths["/groups/{id}"]["delete"]["responses"];
    for status in ["200", "401", "403", "404", "422"] {
        assert!(
            responses.get(status).is_some(),
            "DELETE /groups/{{id}} lacks {status}: {responses}"
        );
    }
}

async fn docs_page_is_html(app: TestApp) {
    let req = reqwest::Client::new().get(format!("{}/api/docs", root(&app)));
    let page = app.send(req).await.expect(200);
    assert!(
        page.header("Content-Type")
            .is_some_and(|ct| ct.starts_with("text/html")),
        "{:?}",
        page.header("Content-Type")
    );
    assert!(page.text.to_lowercase().contains("<html"), "{}", page.text);
    standard_headers(&page);
}

crate::on_every_backend!(
    malformed_json_is_400,
    wrong_json_types_are_422,
    unknown_routes_and_bad_ids,
    query_parameters_outside_the_document_are_400,
    unsupported_methods_are_405_with_allow,
    numbers_and_booleans_are_no_strings,
    non_json_content_type_is_415,
    every_answer_carries_the_standard_headers,
    openapi_document_lists_every_path,
    docs_page_is_html,
);
