//! Starts the `embed` application on a free port and drives it over HTTP: the helpdesk's own
//! endpoints and the extender's answer side by side, with the same authentication, permissions
//! and error bodies, and one OpenAPI document covers both.

use std::net::SocketAddr;
use std::sync::Arc;

use helpdesk_examples::embed;
use helpdesk_http::ServeOptions;
use helpdesk_service::{Config, Helpdesk};
use helpdesk_storage_memory::MemoryStore;
use poem::Server;
use poem::listener::TcpAcceptor;
use reqwest::StatusCode;
use serde_json::{Value, json};

const ADMIN: (&str, &str) = ("admin@example.com", "admin-password");

/// Serves the embedding application on 127.0.0.1:0 in the background; answers its address.
async fn start() -> SocketAddr {
    let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
    helpdesk
        .seed(helpdesk_examples::admin_seed())
        .await
        .expect("seeding an empty store");
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    let addr = listener.local_addr().expect("a bound address");
    listener
        .set_nonblocking(true)
        .expect("a non-blocking socket");
    let acceptor = TcpAcceptor::from_std(listener).expect("a poem acceptor");
    let app = embed::app(helpdesk, &ServeOptions::default());
    tokio::spawn(Server::new_with_acceptor(acceptor).run(app));
    addr
}

/// A GET as `user` (anonymous with `None`): status and JSON body.
async fn get(addr: SocketAddr, path: &str, user: Option<(&str, &str)>) -> (StatusCode, Value) {
    let mut request = reqwest::Client::new().get(format!("http://{addr}{path}"));
    if let Some((login, password)) = user {
        request = request.basic_auth(login, Some(password));
    }
    let response = request.send().await.expect("the server answers");
    (
        response.status(),
        response.json().await.expect("a JSON body"),
    )
}

/// A POST of `body` as the admin, expecting 200.
async fn post(addr: SocketAddr, path: &str, body: Value) -> Value {
    let response = reqwest::Client::new()
        .post(format!("http://{addr}/api/v1{path}"))
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .json(&body)
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), StatusCode::OK, "POST {path}");
    response.json().await.expect("a JSON body")
}

/// Creates the user `(email, password)` with `role`, as the admin.
async fn add_user(addr: SocketAddr, (email, password): (&str, &str), role: &str) {
    post(
        addr,
        "/users",
        json!({ "email": email, "password": password, "roles": [role] }),
    )
    .await;
}

fn count_of(stats: &Value, state: &str) -> u64 {
    stats["by_state"]
        .as_array()
        .expect("by_state is a list")
        .iter()
        .find(|entry| entry["state"] == state)
        .and_then(|entry| entry["count"].as_u64())
        .unwrap_or_else(|| panic!("no count for state {state} in {stats}"))
}

#[tokio::test]
async fn the_extra_endpoint_counts_what_the_caller_may_see() {
    let addr = start().await;
    let (status, stats) = get(addr, "/api/v1/ticket_stats", Some(ADMIN)).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["total"], 0);

    post(
        addr,
        "/tickets",
        json!({
            "title": "Printer jams",
            "group": "Users",
            "customer": ADMIN.0,
            "article": { "body": "Every morning.", "type": "note", "internal": false },
        }),
    )
    .await;
    let (status, tickets) = get(addr, "/api/v1/tickets", Some(ADMIN)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(tickets.as_array().map(Vec::len), Some(1));
    let (_, stats) = get(addr, "/api/v1/ticket_stats", Some(ADMIN)).await;
    assert_eq!(stats["total"], 1);
    assert_eq!(
        count_of(&stats, "new") + count_of(&stats, "open"),
        1,
        "{stats}"
    );

    // An agent without access to the group `Users` sees none of its tickets.
    let agent = ("outsider@example.com", "outsider-password");
    add_user(addr, agent, "Agent").await;
    let (status, stats) = get(addr, "/api/v1/ticket_stats", Some(agent)).await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["total"], 0);
}

#[tokio::test]
async fn the_extra_endpoint_obeys_authentication_and_its_own_rule() {
    let addr = start().await;
    let (status, body) = get(addr, "/api/v1/ticket_stats", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(body["error"].is_string(), "{body}");

    let customer = ("customer@example.com", "customer-password");
    add_user(addr, customer, "Customer").await;
    let (status, body) = get(addr, "/api/v1/ticket_stats", Some(customer)).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    assert!(body["error"].is_string(), "{body}");
    let (status, _) = get(addr, "/api/v1/tickets", Some(customer)).await;
    assert_eq!(status, StatusCode::OK);

    // The helpdesk's request handling covers the extender's routes too.
    let (status, body) = get(addr, "/api/v1/no_such_route", Some(ADMIN)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"], "No route matches");
}

#[tokio::test]
async fn one_document_covers_both_apis() {
    let addr = start().await;
    let (status, document) = get(addr, "/api/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(document["info"]["title"], "Acme Helpdesk");
    let paths = document["paths"].as_object().expect("paths");
    for path in ["/ticket_stats", "/tickets", "/users/me"] {
        assert!(paths.contains_key(path), "{path} is missing");
    }
    assert!(
        document["components"]["securitySchemes"]["basicAuth"].is_object(),
        "the extra endpoint's Auth registers the helpdesk's schemes"
    );
}
