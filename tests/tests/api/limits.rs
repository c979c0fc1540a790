//! Configurable limits: JSON nesting depth, attachment size, body read and idle timeouts, the
//! cap on open connections, and the CORS allow-list.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use helpdesk_service::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::{ADMIN, Backend, TestApp, unique};
use crate::tickets::{id_of, open_ticket};

/// `depth` arrays nested in one another around `1`.
fn nested(depth: usize) -> Value {
    (0..depth).fold(json!(1), |inner, _| json!([inner]))
}

/// The `host:port` the app listens on.
fn address(app: &TestApp) -> String {
    let rest = app.base().trim_start_matches("http://");
    rest.split('/').next().expect("host").to_string()
}

/// Reads from `stream` until it closes or `wait` passes; answers what arrived.
async fn read_until_closed(stream: &mut TcpStream, wait: Duration) -> Option<String> {
    let mut out = Vec::new();
    tokio::time::timeout(wait, stream.read_to_end(&mut out))
        .await
        .ok()
        .map(|_| String::from_utf8_lossy(&out).into_owned())
}

#[tokio::test]
async fn json_nested_deeper_than_the_default_is_400_on_memory() {
    let app = TestApp::spawn(Backend::Memory).await;
    // The object counts as a level: 1 + 63 arrays is the default limit of 64.
    let fits = json!({ "name": unique("Deep "), "deep": nested(63) });
    let answer = app.post("/groups", Some(ADMIN), fits).await;
    assert_ne!(answer.status.as_u16(), 400, "body: {}", answer.text);

    let deep = json!({ "name": unique("Deep "), "deep": nested(64) });
    let answer = app.post("/groups", Some(ADMIN), deep).await.expect(400);
    assert_eq!(
        answer.error(),
        "Malformed JSON: nested deeper than 64 levels"
    );
}

#[tokio::test]
async fn json_depth_is_configurable_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.json_depth = 2
    })
    .await;
    let body = json!({ "name": unique("Deep "), "note": "n", "x": [[1]] });
    app.post("/groups", Some(ADMIN), body).await.expect(400);
    let flat = json!({ "name": unique("Flat ") });
    app.post("/groups", Some(ADMIN), flat).await.expect(200);
}

#[tokio::test]
async fn attachment_over_the_limit_is_422_on_memory() {
    let config = Config {
        max_attachment_bytes: 16,
        ..Config::for_tests()
    };
    let app = TestApp::spawn_tuned(Backend::Memory, config, |_| {}).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(
        &app,
        ADMIN,
        customer.id,
        json!({ "body": "first", "type": "note" }),
    )
    .await;
    let article = |data: &[u8]| {
        json!({
            "ticket_id": id_of(&ticket), "body": "see attached", "type": "note",
            "attachments": [{ "filename": "a.bin", "data": B64.encode(data), "mime-type": "application/octet-stream" }],
        })
    };
    app.post("/ticket_articles", Some(ADMIN), article(&[7; 16]))
        .await
        .expect(200);
    app.post("/ticket_articles", Some(ADMIN), article(&[7; 17]))
        .await
        .expect_error(
            422,
            "Attachment with index '0' is too large (maximum is 16 bytes).",
        );
}

#[tokio::test]
async fn slow_body_is_408_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.body_timeout = Duration::from_millis(300)
    })
    .await;
    let mut stream = TcpStream::connect(address(&app)).await.expect("connects");
    let head = format!(
        "POST /api/v1/groups HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{{\"name\":",
        crate::helpers::basic(ADMIN.0, ADMIN.1)
    );
    stream.write_all(head.as_bytes()).await.expect("writes");
    let answer = read_until_closed(&mut stream, Duration::from_secs(5))
        .await
        .expect("the server answers");
    assert!(answer.starts_with("HTTP/1.1 408"), "answer: {answer}");
    assert!(answer.contains("timed out"), "answer: {answer}");
}

#[tokio::test]
async fn trickled_request_head_loses_the_connection_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.header_timeout = Duration::from_millis(200);
        s.serve.body_timeout = Duration::from_millis(200);
        s.serve.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let mut stream = TcpStream::connect(address(&app)).await.expect("connects");
    let head = "GET /api/v1/users/me HTTP/1.1\r\nHost: x\r\nX-Slow: ";
    let mut cut = false;
    for byte in head.bytes().chain(std::iter::repeat_n(b'a', 40)) {
        if stream.write_all(&[byte]).await.is_err() {
            cut = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    let closed = cut
        || read_until_closed(&mut stream, Duration::from_secs(5))
            .await
            .is_some();
    assert!(closed, "a head trickled over 2 s kept its connection");
}

/// The start of a request head: the request line and one header, no empty line.
const HALF_HEAD: &str = "GET /api/v1/users/me HTTP/1.1\r\nHost: x\r\n";

/// Opens a connection and sends `HALF_HEAD` on it.
async fn half_sent_head(app: &TestApp) -> TcpStream {
    let mut stream = TcpStream::connect(address(app)).await.expect("connects");
    stream
        .write_all(HALF_HEAD.as_bytes())
        .await
        .expect("writes");
    stream
}

#[tokio::test]
async fn silent_half_sent_head_is_closed_after_the_header_timeout_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.header_timeout = Duration::from_millis(300);
        s.serve.body_timeout = Duration::from_secs(30);
        s.serve.idle_timeout = Duration::from_millis(300);
    })
    .await;
    let started = std::time::Instant::now();
    let mut stream = half_sent_head(&app).await;
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    let took = started.elapsed();
    assert!(
        closed.is_some(),
        "a silent half-sent head kept its connection"
    );
    assert!(
        took >= Duration::from_millis(250) && took < Duration::from_secs(2),
        "closed after {took:?}"
    );
}

#[tokio::test]
async fn header_lines_trickled_are_cut_at_the_header_timeout_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.header_timeout = Duration::from_millis(600);
        s.serve.body_timeout = Duration::from_secs(3);
        s.serve.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let started = std::time::Instant::now();
    let stream = half_sent_head(&app).await;
    let (mut reader, mut writer) = stream.into_split();
    // A header line every 150 ms, for up to 6 s (header plus body timeout is 3.6 s).
    let trickle = tokio::spawn(async move {
        for i in 0..40 {
            tokio::time::sleep(Duration::from_millis(150)).await;
            let line = format!("X-Slow-{i}: a\r\n");
            if writer.write_all(line.as_bytes()).await.is_err() {
                break;
            }
        }
    });
    let mut out = Vec::new();
    let closed = tokio::time::timeout(Duration::from_secs(8), reader.read_to_end(&mut out)).await;
    let took = started.elapsed();
    trickle.abort();
    assert!(closed.is_ok(), "a trickled head kept its connection");
    assert!(
        took >= Duration::from_millis(500) && took < Duration::from_millis(1_800),
        "cut after {took:?}, not at the header timeout of 600 ms"
    );
}

#[tokio::test]
async fn keep_alive_client_is_served_across_pauses_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.header_timeout = Duration::from_millis(200);
        s.serve.body_timeout = Duration::from_millis(200);
        s.serve.idle_timeout = Duration::from_secs(5);
    })
    .await;
    let mut stream = TcpStream::connect(address(&app)).await.expect("connects");
    let request = format!(
        "GET /api/v1/users/me HTTP/1.1\r\nHost: x\r\nAuthorization: {}\r\n\r\n",
        crate::helpers::basic(ADMIN.0, ADMIN.1)
    );
    for _ in 0..3 {
        stream.write_all(request.as_bytes()).await.expect("writes");
        let mut buf = vec![0u8; 16 * 1024];
        let n = tokio::time::timeout(Duration::from_secs(5), stream.read(&mut buf))
            .await
            .expect("answers")
            .expect("reads");
        let answer = String::from_utf8_lossy(&buf[..n]);
        assert!(answer.starts_with("HTTP/1.1 200"), "answer: {answer}");
        // Longer than the header and body timeouts together: only a new request counts.
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
}

#[tokio::test]
async fn stalled_heads_at_the_connection_cap_are_cut_and_a_new_client_served_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.max_connections = 3;
        s.serve.header_timeout = Duration::from_millis(400);
        s.serve.body_timeout = Duration::from_secs(30);
        s.serve.idle_timeout = Duration::from_secs(30);
    })
    .await;
    let mut stalled = Vec::new();
    for _ in 0..3 {
        stalled.push(half_sent_head(&app).await);
    }
    tokio::time::sleep(Duration::from_millis(100)).await;
    let started = std::time::Instant::now();
    let url = format!("{}/users/me", app.base());
    let status = tokio::time::timeout(
        Duration::from_secs(5),
        reqwest::Client::new()
            .get(url)
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .send(),
    )
    .await
    .expect("a new client is served once the stalled ones are cut")
    .expect("request")
    .status();
    assert_eq!(status, 200);
    assert!(
        started.elapsed() >= Duration::from_millis(200),
        "served before the cut"
    );
    for mut stream in stalled {
        let closed = read_until_closed(&mut stream, Duration::from_secs(2)).await;
        assert!(closed.is_some(), "a stalled connection stays open");
    }
}

#[tokio::test]
async fn prompt_requests_keep_their_connection_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.header_timeout = Duration::from_millis(300);
        s.serve.body_timeout = Duration::from_millis(300);
    })
    .await;
    let client = reqwest::Client::new();
    for _ in 0..3 {
        let status = client
            .get(format!("{}/users/me", app.base()))
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .send()
            .await
            .expect("request")
            .status();
        assert_eq!(status, 200);
        tokio::time::sleep(Duration::from_millis(400)).await;
    }
}

#[tokio::test]
async fn idle_connection_is_closed_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.idle_timeout = Duration::from_millis(300)
    })
    .await;
    let mut stream = TcpStream::connect(address(&app)).await.expect("connects");
    let closed = read_until_closed(&mut stream, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "the idle connection stays open");
}

#[tokio::test]
async fn connections_over_the_cap_wait_on_memory() {
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.max_connections = 1
    })
    .await;
    let holder = TcpStream::connect(address(&app)).await.expect("connects");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let url = format!("{}/users/me", app.base());
    let waiting = tokio::spawn(async move {
        reqwest::Client::new()
            .get(url)
            .basic_auth(ADMIN.0, Some(ADMIN.1))
            .send()
            .await
            .map(|r| r.status().as_u16())
    });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!waiting.is_finished(), "a second connection was served");
    drop(holder);
    let status = tokio::time::timeout(Duration::from_secs(5), waiting)
        .await
        .expect("served once the first connection closes")
        .expect("task")
        .expect("request");
    assert_eq!(status, 200);
}

/// A GET of `/users/me` as the admin from `origin`.
async fn from_origin(app: &TestApp, origin: &str) -> crate::helpers::Answer {
    let req = app
        .request(reqwest::Method::GET, "/users/me")
        .basic_auth(ADMIN.0, Some(ADMIN.1))
        .header("Origin", origin);
    app.send(req).await
}

#[tokio::test]
async fn no_cors_headers_by_default_on_memory() {
    let app = TestApp::spawn(Backend::Memory).await;
    let answer = from_origin(&app, "https://evil.example").await.expect(200);
    assert_eq!(answer.header("Access-Control-Allow-Origin"), None);
}

#[tokio::test]
async fn cors_allows_exactly_the_listed_origins_on_memory() {
    let allowed = "https://desk.example.com";
    let app = TestApp::spawn_tuned(Backend::Memory, Config::for_tests(), |s| {
        s.serve.cors_origins = vec![allowed.into()]
    })
    .await;
    let answer = from_origin(&app, allowed).await.expect(200);
    assert_eq!(answer.header("Access-Control-Allow-Origin"), Some(allowed));
    assert_eq!(answer.header("Access-Control-Allow-Credentials"), None);

    let refused = from_origin(&app, "https://evil.example").await.expect(403);
    assert_eq!(refused.header("Access-Control-Allow-Origin"), None);
    assert!(!refused.error().is_empty(), "body: {}", refused.text);

    let preflight = app
        .request(reqwest::Method::OPTIONS, "/users/me")
        .header("Origin", allowed)
        .header("Access-Control-Request-Method", "GET")
        .header("Access-Control-Request-Headers", "authorization");
    let preflight = app.send(preflight).await.expect(200);
    assert_eq!(
        preflight.header("Access-Control-Allow-Origin"),
        Some(allowed)
    );
}
