//! Hostile input: SQL metacharacters, Unicode, NUL bytes and very long strings are stored and
//! answered literally or refused with a clean 4xx, never a 5xx; a parallel password guess is
//! counted in full.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp, unique};
use crate::tickets::{enc, id_of, note};

/// Strings that break naively built SQL or LIKE patterns.
const METACHARACTERS: &[&str] = &[
    "' OR 1=1 --",
    "\"; DROP TABLE users; --",
    "100%",
    "a_b",
    "back\\slash",
    "'; SELECT pg_sleep(5); --",
];

/// Fails unless `answer` is a success or a client error with a JSON error body.
#[track_caller]
fn clean(answer: &Answer) {
    let status = answer.status.as_u16();
    assert!(status < 500, "{status}; body: {}", answer.text);
    if status >= 400 {
        assert!(!answer.error().is_empty(), "error body: {}", answer.text);
    }
}

/// Stores `text` in a user's name, an organization's note and a ticket's title through the
/// API, and fails unless each is either refused with a clean 4xx or read back literally.
async fn round_trip(app: &TestApp, text: &str) {
    let customer = app.customer(None).await;
    let path = format!("/users/{}", customer.id);
    let answer = app
        .put(&path, Some(ADMIN), json!({ "firstname": text }))
        .await;
    clean(&answer);
    if answer.status.is_success() {
        let read = app.get(&path, Some(ADMIN)).await.expect(200);
        assert_eq!(read.body["firstname"], text);
    }

    let org = json!({ "name": format!("{} {text}", unique("Org")), "note": text });
    let answer = app.post("/organizations", Some(ADMIN), org.clone()).await;
    clean(&answer);
    if answer.status.is_success() {
        let path = format!("/organizations/{}", id_of(&answer.body));
        let read = app.get(&path, Some(ADMIN)).await.expect(200);
        assert_eq!(read.body["name"], org["name"]);
        assert_eq!(read.body["note"], text);
    }

    let ticket = json!({
        "title": text, "group_id": 1, "customer_id": customer.id, "article": note(text),
    });
    let answer = app.post("/tickets", Some(ADMIN), ticket).await;
    clean(&answer);
    if answer.status.is_success() {
        let path = format!("/tickets/{}", id_of(&answer.body));
        let read = app.get(&path, Some(ADMIN)).await.expect(200);
        assert_eq!(read.body["title"], text);
    }
}

async fn sql_metacharacters_are_literal(app: TestApp) {
    for text in METACHARACTERS {
        round_trip(&app, text).await;
        for kind in ["users", "organizations", "tickets"] {
            let path = format!("/{kind}/search?query={}", enc(text));
            clean(&app.get(&path, Some(ADMIN)).await);
        }
    }
    // Nothing was dropped.
    app.get("/users/me", Some(ADMIN)).await.expect(200);
    let users = app.get("/users", Some(ADMIN)).await.expect(200);
    assert!(users.body.as_array().is_some_and(|u| u.len() > 1));
}

async fn sort_and_order_metacharacters_are_422(app: TestApp) {
    for kind in ["users", "organizations", "tickets"] {
        for (param, value) in [
            ("sort_by", "id; DROP TABLE users; --"),
            ("sort_by", "id' OR '1'='1"),
            ("order_by", "asc; --"),
            ("order_by", "desc, (SELECT 1)"),
        ] {
            let path = format!("/{kind}/search?query=x&{param}={}", enc(value));
            app.get(&path, Some(ADMIN)).await.expect(422);
        }
    }
}

async fn unicode_round_trips(app: TestApp) {
    round_trip(&app, "Ünïcödé ✓ 日本語 עברית 🎉👍🏽 👨‍👩‍👧").await;
}

async fn nul_bytes_round_trip_or_422(app: TestApp) {
    round_trip(&app, "nul\u{0}byte").await;
}

async fn very_long_strings_are_stored_or_422(app: TestApp) {
    round_trip(&app, &"x".repeat(100 * 1024)).await;
    round_trip(&app, &"é".repeat(300)).await;
}

async fn parallel_wrong_passwords_are_all_counted(app: TestApp) {
    let user = app.customer(None).await;
    let guesses = (0..50).map(|i| {
        let login = user.login.clone();
        let url = format!("{}/users/me", app.base());
        tokio::spawn(async move {
            reqwest::Client::new()
                .get(url)
                .basic_auth(login, Some(format!("wrong-{i}")))
                .send()
                .await
                .map(|r| r.status().as_u16())
        })
    });
    let guesses: Vec<_> = guesses.collect();
    for guess in guesses {
        let status = guess.await.expect("task").expect("request");
        assert_eq!(status, 401);
    }
    let read: Value = app
        .get_ok(&format!("/users/{}", user.id), Some(ADMIN))
        .await;
    let failed = read["login_failed"].as_i64().expect("login_failed");
    assert!(failed >= 50, "login_failed is {failed}");
    app.get("/users/me", Some(user.creds())).await.expect(401);
}

crate::on_every_backend!(
    sql_metacharacters_are_literal,
    sort_and_order_metacharacters_are_422,
    unicode_round_trips,
    nul_bytes_round_trip_or_422,
    very_long_strings_are_stored_or_422,
    parallel_wrong_passwords_are_all_counted,
);
