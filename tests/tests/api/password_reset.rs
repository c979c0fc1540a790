//! What keeps the lockout from locking an installation out: the per-address throttle of
//! failed logins, the password-reset flow, and the operator's `helpdesk admin` commands;
//! and that a failed login for a disabled account answers as one for an unknown login.

use std::net::IpAddr;
use std::time::Duration;

use helpdesk_server::{AdminCommand, run_admin};
use helpdesk_service::{ACTOR_REUSE_TTL, Config};
use serde_json::json;

use crate::helpers::{ADMIN, Answer, Backend, TestApp};

/// Stamps each listed `async fn name(backend: Backend)` out as a test per backend.
macro_rules! per_backend {
    ($($name:ident),* $(,)?) => {
        per_backend!(@module memory, Memory; $($name),*);
        per_backend!(@module sqlite, Sqlite; $($name),*);
        per_backend!(@module postgres, Postgres; $($name),*);
        per_backend!(@module mysql, Mysql; $($name),*);
    };
    (@module $module:ident, $backend:ident; $($name:ident),*) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $name() {
                    super::$name(crate::helpers::Backend::$backend).await
                }
            )*
        }
    };
}

/// A GET of `/users/me` with Basic credentials, sent from the local address `from`.
async fn me_from(app: &TestApp, from: &str, login: &str, password: &str) -> Answer {
    let client = reqwest::Client::builder()
        .local_address(from.parse::<IpAddr>().expect("address"))
        .build()
        .expect("client");
    let req = client
        .get(format!("{}/users/me", app.base()))
        .basic_auth(login, Some(password));
    app.send(req).await
}

/// A test app on `backend` if it is an SQL store, the only kind the operator's command
/// reaches, and it is available.
async fn sql_app(backend: Backend) -> Option<TestApp> {
    if matches!(backend, Backend::Memory) {
        return None;
    }
    TestApp::spawn_if_available(backend).await
}

/// Locks `creds` out with six wrong guesses, after which the right password is refused too.
async fn lock_out(app: &TestApp, (login, password): (&str, &str)) {
    for _ in 0..6 {
        app.get("/users/me", Some((login, "wrong-guess")))
            .await
            .expect(401);
    }
    app.get("/users/me", Some((login, password)))
        .await
        .expect(401);
}

/// Checks that `token` verifies no more, with `password` or without.
async fn assert_spent(app: &TestApp, token: &str, password: Option<&str>) {
    assert_eq!(
        verify(app, token, password).await,
        json!({ "message": "failed" }),
        "token {token} with password {password:?}"
    );
}

async fn login_failed(app: &TestApp, id: i64) -> i64 {
    let user = app
        .get(&format!("/users/{id}"), Some(ADMIN))
        .await
        .expect(200);
    user.body["login_failed"].as_i64().expect("login_failed")
}

/// The retry delay a 429 names, after checking the rest of its shape.
fn assert_throttled(answer: &Answer) -> u64 {
    assert_eq!(answer.status.as_u16(), 429, "body: {}", answer.text);
    assert_eq!(answer.error(), "Too many failed logins, retry later");
    assert!(
        answer.body["error_human"]
            .as_str()
            .is_some_and(|h| h.contains("try again")),
        "body: {}",
        answer.text
    );
    answer
        .header("Retry-After")
        .and_then(|v| v.parse().ok())
        .expect("Retry-After in seconds")
}

async fn failed_logins_from_one_address_are_throttled_before_the_lockout(backend: Backend) {
    let config = Config {
        login_throttle_failures: 3,
        login_throttle_window: Duration::from_secs(2),
        ..Config::for_tests()
    };
    let Some(app) = TestApp::spawn_tuned_if_available(backend, config, |_| {}).await else {
        return;
    };
    let victim = app.customer(None).await;
    let token = crate::tokens::token(&app, ADMIN, "ops", &["admin.user", "ticket.agent"]).await;
    for _ in 0..3 {
        me_from(&app, "127.0.0.1", &victim.login, "wrong-guess")
            .await
            .expect(401);
    }
    // Refused unverified from now on: wrong or right password, this account or another.
    for (login, password) in [
        (victim.login.as_str(), "wrong-guess"),
        (victim.login.as_str(), victim.password.as_str()),
        (ADMIN.0, ADMIN.1),
    ] {
        let wait = assert_throttled(&me_from(&app, "127.0.0.1", login, password).await);
        assert!((1..=2).contains(&wait), "Retry-After {wait}");
    }
    for _ in 0..10 {
        assert_throttled(&me_from(&app, "127.0.0.1", &victim.login, "wrong-guess").await);
    }
    // The throttle kept the account below the lockout (5 failures allowed).
    let by_token = |path: String| {
        app.request(reqwest::Method::GET, &path)
            .header("Authorization", format!("Token token={token}"))
    };
    let victim_row = app
        .send(by_token(format!("/users/{}", victim.id)))
        .await
        .expect(200);
    assert_eq!(victim_row.body["login_failed"], 3);
    // Tokens are not throttled; other addresses are not either.
    app.send(by_token("/users/me".into())).await.expect(200);
    me_from(&app, "127.0.0.2", ADMIN.0, ADMIN.1)
        .await
        .expect(200);
    me_from(&app, "127.0.0.2", &victim.login, &victim.password)
        .await
        .expect(200);
    let victim_row = app
        .send(by_token(format!("/users/{}", victim.id)))
        .await
        .expect(200);
    assert_eq!(victim_row.body["login_failed"], 0);
    // Once the window has slid past the failures, the address logs in again.
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    me_from(&app, "127.0.0.1", &victim.login, &victim.password)
        .await
        .expect(200);
}

/// A wrong-password GET of `/users/me` carrying `X-Forwarded-For: forwarded`.
async fn wrong_login_forwarded_for(app: &TestApp, forwarded: &str) -> Answer {
    let req = app
        .request(reqwest::Method::GET, "/users/me")
        .basic_auth(ADMIN.0, Some("wrong-guess"))
        .header("X-Forwarded-For", forwarded);
    app.send(req).await
}

#[tokio::test]
async fn the_throttle_believes_x_forwarded_for_only_from_trusted_proxies_on_memory() {
    let config = Config {
        login_throttle_failures: 3,
        ..Config::for_tests()
    };
    // No trusted proxy: the header is ignored, so changing it escapes nothing.
    let app = TestApp::spawn_tuned(Backend::Memory, config.clone(), |_| {}).await;
    for client in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        wrong_login_forwarded_for(&app, client).await.expect(401);
    }
    assert_throttled(&wrong_login_forwarded_for(&app, "198.51.100.4").await);

    // Behind a trusted proxy: the right-most address it did not add is the client.
    let app = TestApp::spawn_tuned(Backend::Memory, config, |s| {
        s.serve.trusted_proxies = vec!["127.0.0.1".parse().unwrap()]
    })
    .await;
    for spoofed in ["203.0.113.1", "203.0.113.2", "203.0.113.3"] {
        let forwarded = format!("{spoofed}, 198.51.100.7");
        wrong_login_forwarded_for(&app, &forwarded)
            .await
            .expect(401);
    }
    assert_throttled(&wrong_login_forwarded_for(&app, "203.0.113.4, 198.51.100.7").await);
    wrong_login_forwarded_for(&app, "198.51.100.8")
        .await
        .expect(401);
    // A malformed header counts as the proxy itself, which has not failed yet.
    wrong_login_forwarded_for(&app, "not-an-address")
        .await
        .expect(401);
}

async fn password_reset_answers_alike_for_every_username(backend: Backend) {
    let Some(app) = TestApp::spawn_if_available(backend).await else {
        return;
    };
    let known = app
        .post(
            "/users/password_reset",
            None,
            json!({ "username": ADMIN.0 }),
        )
        .await
        .expect(200);
    let unknown = app
        .post(
            "/users/password_reset",
            None,
            json!({ "username": "nobody@example.com" }),
        )
        .await
        .expect(200);
    assert_eq!(known.body, json!({ "message": "ok" }));
    assert_eq!(unknown.body, known.body);
    app.post("/users/password_reset", None, json!({}))
        .await
        .expect_error(422, "username param needed!");
    app.post(
        "/users/password_reset_verify",
        None,
        json!({ "password": "x" }),
    )
    .await
    .expect_error(422, "token param needed!");
    for body in [
        json!({ "token": "no-such-token" }),
        json!({ "token": "no-such-token", "password": "a-new-password" }),
    ] {
        let answer = app
            .post("/users/password_reset_verify", None, body)
            .await
            .expect(200);
        assert_eq!(answer.body, json!({ "message": "failed" }));
    }
    // Malformed JSON is a 400 with a JSON error, as everywhere.
    let broken = app
        .request(reqwest::Method::POST, "/users/password_reset_verify")
        .header("Content-Type", "application/json")
        .body("{\"token\":");
    let broken = app.send(broken).await.expect(400);
    assert!(!broken.error().is_empty());
}

/// The token `helpdesk admin reset-token` printed (the line after the first).
fn printed_token(output: &str) -> String {
    let token = output.lines().nth(1).expect("a token line").trim();
    assert_eq!(token.len(), 48, "output: {output}");
    token.to_string()
}

async fn reset_token(app: &TestApp, login: &str, ttl: Duration) -> String {
    let url = app.database_url().expect("an SQL store");
    let config = Config {
        password_reset_ttl: ttl,
        ..Config::for_tests()
    };
    let command = AdminCommand::ResetToken {
        login: login.into(),
    };
    printed_token(
        &run_admin(&url, config, command)
            .await
            .expect("issues a token"),
    )
}

async fn verify(app: &TestApp, token: &str, password: Option<&str>) -> serde_json::Value {
    let mut body = json!({ "token": token });
    if let Some(password) = password {
        body["password"] = json!(password);
    }
    let answer = app
        .post("/users/password_reset_verify", None, body)
        .await
        .expect(200);
    assert!(!answer.text.contains(token), "the answer repeats the token");
    answer.body
}

async fn a_reset_token_sets_the_password_once_and_unlocks(backend: Backend) {
    let Some(app) = sql_app(backend).await else {
        return;
    };
    let user = app.customer(None).await;
    // Cached once, then locked.
    app.get("/users/me", Some(user.creds())).await.expect(200);
    lock_out(&app, user.creds()).await;

    let token = reset_token(&app, &user.login, Duration::from_secs(600)).await;
    assert_eq!(
        verify(&app, &token, None).await,
        json!({ "message": "ok", "user_login": user.login })
    );
    assert_eq!(
        verify(&app, &token, Some("short")).await,
        json!({ "message": "failed", "notice": ["Invalid password, it must be at least 6 characters long!"] })
    );
    // The token with its last character changed (to one it is not).
    let last = if token.ends_with('x') { 'y' } else { 'x' };
    let wrong = format!("{}{last}", &token[..47]);
    assert_spent(&app, &wrong, Some("a-new-password")).await;
    assert_eq!(
        verify(&app, &token, Some("a-new-password")).await,
        json!({ "message": "ok", "user_login": user.login })
    );
    // Reset, unlocked, the old password (and its cached verification) gone at once.
    app.get("/users/me", Some(user.creds())).await.expect(401);
    app.get("/users/me", Some((&user.login, "a-new-password")))
        .await
        .expect(200);
    assert_eq!(login_failed(&app, user.id).await, 0);
    // Used up.
    assert_spent(&app, &token, Some("another-password")).await;
    assert_spent(&app, &token, None).await;
    app.get("/users/me", Some((&user.login, "a-new-password")))
        .await
        .expect(200);
    // A new token replaces an earlier one.
    let first = reset_token(&app, &user.login, Duration::from_secs(600)).await;
    let second = reset_token(&app, &user.login, Duration::from_secs(600)).await;
    assert_spent(&app, &first, None).await;
    assert_eq!(verify(&app, &second, None).await["message"], "ok");
}

async fn an_expired_reset_token_is_refused(backend: Backend) {
    let Some(app) = sql_app(backend).await else {
        return;
    };
    let user = app.customer(None).await;
    let token = reset_token(&app, &user.login, Duration::from_secs(1)).await;
    tokio::time::sleep(Duration::from_millis(1_100)).await;
    assert_spent(&app, &token, Some("a-new-password")).await;
    assert_spent(&app, &token, None).await;
    app.get("/users/me", Some(user.creds())).await.expect(200);
}

async fn the_operator_unlocks_and_resets_the_only_admin(backend: Backend) {
    let Some(app) = sql_app(backend).await else {
        return;
    };
    let url = app.database_url().expect("an SQL store");
    let admin = |command| run_admin(&url, Config::for_tests(), command);
    lock_out(&app, ADMIN).await;
    let out = admin(AdminCommand::Unlock {
        login: " Admin@Example.com".into(),
    })
    .await
    .expect("unlocks");
    assert!(out.starts_with("unlocked admin@example.com"), "{out}");
    app.get("/users/me", Some(ADMIN)).await.expect(200);

    lock_out(&app, ADMIN).await;
    let refused = admin(AdminCommand::ResetPassword {
        login: ADMIN.0.into(),
        password: Some("short".into()),
    })
    .await
    .expect_err("too short");
    assert!(refused.to_string().contains("at least 6"), "{refused}");
    let out = admin(AdminCommand::ResetPassword {
        login: ADMIN.0.into(),
        password: None,
    })
    .await
    .expect("sets a random password");
    let generated = out
        .lines()
        .find_map(|l| l.strip_prefix("new password (shown only this once): "))
        .expect("the generated password")
        .to_string();
    app.get("/users/me", Some((ADMIN.0, &generated)))
        .await
        .expect(200);
    out.contains("unlocked")
        .then_some(())
        .expect("says it unlocked");
    let out = admin(AdminCommand::ResetPassword {
        login: ADMIN.0.into(),
        password: Some("chosen-password".into()),
    })
    .await
    .expect("sets the given password");
    assert!(!out.contains("chosen-password"), "{out}");
    // Another process changed the password: this server's reused actor expires first.
    tokio::time::sleep(ACTOR_REUSE_TTL + Duration::from_millis(200)).await;
    app.get("/users/me", Some((ADMIN.0, &generated)))
        .await
        .expect(401);
    app.get("/users/me", Some((ADMIN.0, "chosen-password")))
        .await
        .expect(200);

    let unknown = admin(AdminCommand::Unlock {
        login: "nobody@example.com".into(),
    })
    .await
    .expect_err("no such user");
    assert!(
        unknown.to_string().contains("Couldn't find User"),
        "{unknown}"
    );
}

async fn a_disabled_account_answers_a_wrong_password_as_an_unknown_login(backend: Backend) {
    let Some(app) = TestApp::spawn_if_available(backend).await else {
        return;
    };
    let user = app.customer(None).await;
    app.set_active(user.id, false).await;
    let disabled = app
        .get("/users/me", Some((&user.login, "wrong-guess")))
        .await
        .expect(401);
    let unknown = app
        .get("/users/me", Some(("nobody@example.com", "wrong-guess")))
        .await
        .expect(401);
    assert_eq!(disabled.body, unknown.body);
    for header in ["X-Failure", "WWW-Authenticate", "Content-Type"] {
        assert_eq!(disabled.header(header), unknown.header(header), "{header}");
    }
    // Only the right password learns that the account is disabled.
    let right = app.get("/users/me", Some(user.creds())).await.expect(401);
    assert_eq!(right.error(), "User is inactive.");
}

per_backend!(
    failed_logins_from_one_address_are_throttled_before_the_lockout,
    password_reset_answers_alike_for_every_username,
    a_reset_token_sets_the_password_once_and_unlocks,
    an_expired_reset_token_is_refused,
    the_operator_unlocks_and_resets_the_only_admin,
    a_disabled_account_answers_a_wrong_password_as_an_unknown_login,
);
