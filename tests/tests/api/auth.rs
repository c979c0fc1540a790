//! Authentication: Basic, lockout and unlock, inactive users, the auth cache, `From` /
//! `X-On-Behalf-Of` impersonation and access tokens.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp, basic, unique};
use crate::tokens::{create_token, token};
use crate::users::users_snapshot;

/// GET `path` with a raw `Authorization` header value.
async fn get_with_authorization(app: &TestApp, path: &str, authorization: &str) -> Answer {
    app.send(
        app.request(Method::GET, path)
            .header("Authorization", authorization),
    )
    .await
}

/// GET `path` with a `Token token=` header.
async fn get_with_token(app: &TestApp, path: &str, secret: &str) -> Answer {
    get_with_authorization(app, path, &format!("Token token={secret}")).await
}

/// A request as the admin that acts as `who` through `header`.
async fn as_admin_on_behalf(
    app: &TestApp,
    method: Method,
    path: &str,
    header: &str,
    who: &str,
    body: Option<Value>,
) -> Answer {
    let mut req = app
        .request(method, path)
        .header("Authorization", basic(ADMIN.0, ADMIN.1))
        .header(header, who);
    if let Some(body) = body {
        req = req.json(&body);
    }
    app.send(req).await
}

/// The user as the admin reads it.
async fn read_user(app: &TestApp, id: i64) -> Value {
    app.get_ok(&format!("/users/{id}"), Some(ADMIN)).await
}

#[track_caller]
fn assert_invalid_basic(answer: &Answer) {
    assert_eq!(answer.status.as_u16(), 401, "body: {}", answer.text);
    assert_eq!(answer.error(), "Invalid BasicAuth credentials");
    assert_eq!(
        answer.header("X-Failure"),
        Some("Invalid BasicAuth credentials")
    );
    assert!(
        answer
            .header("WWW-Authenticate")
            .is_some_and(|v| v.starts_with("Basic realm=")),
        "headers: {:?}",
        answer.headers
    );
}

async fn basic_accepts_login_and_email_in_any_case(app: TestApp) {
    let login = unique("Mixed.Login");
    let email = format!("{}@Example.COM", unique("Mail"));
    let created = app
        .post(
            "/users",
            Some(ADMIN),
            json!({ "login": login, "email": email, "password": "secret-pw-1", "roles": ["Customer"] }),
        )
        .await
        .expect(200);
    let id = created.body["id"].as_i64().unwrap();
    assert_eq!(created.body["login"], login.to_lowercase());
    assert_eq!(created.body["email"], email.to_lowercase());
    for name in [
        login.clone(),
        login.to_lowercase(),
        login.to_uppercase(),
        email.clone(),
        email.to_lowercase(),
        email.to_uppercase(),
    ] {
        let me = app
            .get("/users/me", Some((&name, "secret-pw-1")))
            .await
            .expect(200);
        assert_eq!(me.body["id"], id, "login as {name}");
    }
    // The password itself is case-sensitive.
    assert_invalid_basic(&app.get("/users/me", Some((&login, "SECRET-PW-1"))).await);
}

async fn wrong_password_and_unknown_login_answer_the_same_401(app: TestApp) {
    let user = app.customer(None).await;
    let wrong = app
        .get("/users/me", Some((&user.login, "wrong-pass")))
        .await;
    assert_invalid_basic(&wrong);
    let unknown = app
        .get("/users/me", Some(("nobody@example.com", "wrong-pass")))
        .await;
    assert_invalid_basic(&unknown);
    assert_eq!(wrong.body, unknown.body);
    // An unknown login leaves every user as it was; the known one counts the failure.
    assert_eq!(read_user(&app, user.id).await["login_failed"], 1);
}

async fn missing_or_malformed_credentials_are_401(app: TestApp) {
    let none = app.get("/users/me", None).await.expect(401);
    assert_eq!(none.error(), "Authentication required");
    assert_eq!(none.header("X-Failure"), Some("Authentication required"));
    assert!(
        none.header("WWW-Authenticate")
            .is_some_and(|v| v.starts_with("Basic realm="))
    );
    for header in [
        "Basic !!!not-base64",
        "Basic bm8tY29sb24=", // "no-colon"
        "Digest username=x",
        "Token token=",
        "Bearer",
    ] {
        let answer = get_with_authorization(&app, "/users/me", header).await;
        assert_eq!(answer.status.as_u16(), 401, "{header}: {}", answer.text);
        assert!(answer.header("X-Failure").is_some(), "{header}");
        assert!(answer.header("WWW-Authenticate").is_some(), "{header}");
        assert!(answer.body.get("login").is_none());
    }
}

async fn failed_logins_count_lock_and_unlock(app: TestApp) {
    let user = app.customer(None).await;
    let agent = app.agent(&["full"]).await;
    for expected in 1..=3 {
        assert_invalid_basic(&app.get("/users/me", Some((&user.login, "nope-nope"))).await);
        assert_eq!(read_user(&app, user.id).await["login_failed"], expected);
    }
    assert!(read_user(&app, user.id).await["last_login"].is_null());
    // A success resets the count and records the login.
    app.get("/users/me", Some(user.creds())).await.expect(200);
    let after = read_user(&app, user.id).await;
    assert_eq!(after["login_failed"], 0);
    assert!(
        after["last_login"]
            .as_str()
            .is_some_and(|s| s.ends_with('Z'))
    );

    // Five failures are still allowed (the limit must be exceeded to lock) ...
    for _ in 0..5 {
        assert_invalid_basic(&app.get("/users/me", Some((&user.login, "nope-nope"))).await);
    }
    assert_eq!(read_user(&app, user.id).await["login_failed"], 5);
    app.get("/users/me", Some(user.creds())).await.expect(200);
    assert_eq!(read_user(&app, user.id).await["login_failed"], 0);

    // ... the sixth locks the account, even for the right (and recently cached) password.
    for _ in 0..6 {
        assert_invalid_basic(&app.get("/users/me", Some((&user.login, "nope-nope"))).await);
    }
    assert_eq!(read_user(&app, user.id).await["login_failed"], 6);
    assert_invalid_basic(&app.get("/users/me", Some(user.creds())).await);
    assert_eq!(read_user(&app, user.id).await["login_failed"], 6);

    // Only admin.user unlocks.
    let before = users_snapshot(&app).await;
    let denied = app
        .put(
            &format!("/users/unlock/{}", user.id),
            Some(agent.creds()),
            json!({}),
        )
        .await
        .expect(403);
    assert_eq!(denied.error(), "Not authorized (user)!");
    assert_eq!(denied.header("X-Failure"), Some("Not authorized (user)!"));
    app.put(&format!("/users/unlock/{}", user.id), None, json!({}))
        .await
        .expect(401);
    app.put(
        &format!("/users/unlock/{}", user.id),
        Some(user.creds()),
        json!({}),
    )
    .await
    .expect(401);
    assert_eq!(users_snapshot(&app).await, before);
    assert_invalid_basic(&app.get("/users/me", Some(user.creds())).await);

    let unlocked = app
        .put(
            &format!("/users/unlock/{}", user.id),
            Some(ADMIN),
            json!({}),
        )
        .await
        .expect(200);
    assert_eq!(unlocked.body, json!({ "message": "ok" }));
    assert_eq!(read_user(&app, user.id).await["login_failed"], 0);
    app.get("/users/me", Some(user.creds())).await.expect(200);
    let missing = app
        .put("/users/unlock/999999", Some(ADMIN), json!({}))
        .await
        .expect(404);
    assert_eq!(missing.error(), "Couldn't find User with 'id'=999999");
}

async fn inactive_users_cannot_authenticate(app: TestApp) {
    let user = app.agent(&["read"]).await;
    // Log in once so that a cached verification exists.
    app.get("/users/me", Some(user.creds())).await.expect(200);
    let secret = token(&app, user.creds(), "t", &["ticket.agent"]).await;
    get_with_token(&app, "/users/me", &secret).await.expect(200);

    app.set_active(user.id, false).await;
    let by_password = app.get("/users/me", Some(user.creds())).await.expect(401);
    assert!(by_password.header("X-Failure").is_some());
    assert!(by_password.body.get("login").is_none());
    let by_token = get_with_token(&app, "/users/me", &secret).await.expect(401);
    assert!(by_token.header("X-Failure").is_some());
    // A refused inactive login is not a failed password.
    assert_eq!(read_user(&app, user.id).await["login_failed"], 0);

    app.set_active(user.id, true).await;
    app.get("/users/me", Some(user.creds())).await.expect(200);
    get_with_token(&app, "/users/me", &secret).await.expect(200);
}

async fn admin_password_change_invalidates_the_old_password_at_once(app: TestApp) {
    let user = app.customer(None).await;
    // Twice, so the second one is served from the auth cache.
    app.get("/users/me", Some(user.creds())).await.expect(200);
    app.get("/users/me", Some(user.creds())).await.expect(200);
    app.put(
        &format!("/users/{}", user.id),
        Some(ADMIN),
        json!({ "password": "brand-new-pw" }),
    )
    .await
    .expect(200);
    assert_invalid_basic(&app.get("/users/me", Some(user.creds())).await);
    let me = app
        .get("/users/me", Some((&user.login, "brand-new-pw")))
        .await
        .expect(200);
    assert_eq!(me.body["id"], user.id);
}

async fn admin_impersonates_with_from_and_x_on_behalf_of(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    for (header, who) in [
        ("From", agent.id.to_string()),
        ("From", agent.login.clone()),
        ("From", agent.login.to_uppercase()),
        ("X-On-Behalf-Of", agent.login.clone()),
    ] {
        let me = as_admin_on_behalf(&app, Method::GET, "/users/me", header, &who, None)
            .await
            .expect(200);
        assert_eq!(me.body["id"], agent.id, "{header}: {who}");
    }
    // A record created while impersonating is the impersonated user's.
    let email = format!("{}@example.com", unique("imp"));
    let created = as_admin_on_behalf(
        &app,
        Method::POST,
        "/users",
        "From",
        &agent.id.to_string(),
        Some(json!({ "email": email, "roles": ["Admin"] })),
    )
    .await
    .expect(200);
    assert_eq!(created.body["created_by_id"], agent.id);
    assert_eq!(created.body["updated_by_id"], agent.id);
    // The agent's rules applied: the role was dropped.
    assert_eq!(created.body["role_ids"], json!([3]));
    // Impersonation lends the rights of the impersonated user only.
    let groups = as_admin_on_behalf(&app, Method::GET, "/groups", "From", &agent.login, None)
        .await
        .expect(403);
    assert_eq!(groups.error(), "Not authorized (user)!");
}

async fn impersonation_is_refused_to_non_admins_and_for_unknown_users(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let before = users_snapshot(&app).await;
    for creds in [agent.creds(), customer.creds()] {
        let req = app
            .request(Method::POST, "/users")
            .header("Authorization", basic(creds.0, creds.1))
            .header("From", ADMIN.0)
            .json(&json!({ "email": format!("{}@example.com", unique("x")) }));
        let answer = app.send(req).await.expect(403);
        assert_eq!(
            answer.error(),
            "Current user has no permission to use 'From'/'X-On-Behalf-Of'!"
        );
        assert_eq!(
            answer.header("X-Failure"),
            Some("Current user has no permission to use 'From'/'X-On-Behalf-Of'!")
        );
        let req = app
            .request(Method::GET, "/users/me")
            .header("Authorization", basic(creds.0, creds.1))
            .header("X-On-Behalf-Of", "2");
        let answer = app.send(req).await.expect(403);
        assert_eq!(
            answer.error(),
            "Current user has no permission to use 'From'/'X-On-Behalf-Of'!"
        );
    }
    for who in ["nobody@example.com", "999999"] {
        let answer = as_admin_on_behalf(
            &app,
            Method::POST,
            "/users",
            "From",
            who,
            Some(json!({ "email": format!("{}@example.com", unique("x")) })),
        )
        .await
        .expect(403);
        assert_eq!(answer.error(), format!("No such user '{who}'"));
        assert_eq!(
            answer.header("X-Failure"),
            Some(format!("No such user '{who}'").as_str())
        );
    }
    assert_eq!(users_snapshot(&app).await, before);
}

async fn tokens_authenticate_in_every_header_form(app: TestApp) {
    let secret = token(&app, ADMIN, "forms", &["admin.user", "ticket.agent"]).await;
    for header in [
        format!("Token token={secret}"),
        format!("Token token=\"{secret}\""),
        format!("Token {secret}"),
        format!("Bearer {secret}"),
    ] {
        let me = get_with_authorization(&app, "/users/me", &header)
            .await
            .expect(200);
        assert_eq!(me.body["id"], 2, "{header}");
    }
    for header in [
        "Token token=not-a-real-token".to_string(),
        "Bearer not-a-real-token".to_string(),
        format!("Bearer {}", &secret[1..]),
    ] {
        let answer = get_with_authorization(&app, "/users/me", &header)
            .await
            .expect(401);
        assert_eq!(answer.error(), "Not authorized (token expired)!");
        assert_eq!(
            answer.header("X-Failure"),
            Some("Not authorized (token expired)!")
        );
    }
}

async fn token_expiry_is_a_day(app: TestApp) {
    let today = app.get_ok("/users/me", Some(ADMIN)).await["updated_at"]
        .as_str()
        .unwrap()[..10]
        .to_string();
    let before = app.get_ok("/user_access_token", Some(ADMIN)).await;
    let past = app
        .post(
            "/user_access_token",
            Some(ADMIN),
            json!({ "label": "old", "permission": ["admin.user"], "expires_at": "2000-01-01" }),
        )
        .await
        .expect(422);
    assert_eq!(past.error(), "'expires_at' must not be in the past");
    assert_eq!(app.get_ok("/user_access_token", Some(ADMIN)).await, before);
    let secret = create_token(
        &app,
        ADMIN,
        json!({ "label": "today", "permission": ["admin.user"], "expires_at": today }),
    )
    .await;
    get_with_token(&app, "/users/me", &secret).await.expect(200);
    let list = app.get("/user_access_token", Some(ADMIN)).await.expect(200);
    assert_eq!(list.body["tokens"][0]["expires_at"], today);
}

/// The users `token` lists, after checking that its `/groups` are refused with `error`.
async fn users_but_no_groups(app: &TestApp, token: &str, error: &str) -> Value {
    get_with_token(app, "/groups", token)
        .await
        .expect_error(403, error);
    get_with_token(app, "/users", token).await.expect(200).body
}

async fn token_rights_are_the_token_met_with_the_user(app: TestApp) {
    // An admin's token limited to ticket.agent.
    let agent_only = token(&app, ADMIN, "agent only", &["ticket.agent"]).await;
    // ticket.agent itself works.
    let users = users_but_no_groups(&app, &agent_only, "Not authorized (token)!").await;
    assert!(users.as_array().unwrap().len() >= 2);
    // Creating a user with roles needs admin.user; with ticket.agent the roles are dropped.
    let created = app
        .send(
            app.request(Method::POST, "/users")
                .header("Authorization", format!("Bearer {agent_only}"))
                .json(
                    &json!({ "email": format!("{}@example.com", unique("t")), "roles": ["Admin"] }),
                ),
        )
        .await
        .expect(200);
    assert_eq!(created.body["role_ids"], json!([3]));
    let before = users_snapshot(&app).await;
    let delete = app
        .send(
            app.request(Method::DELETE, &format!("/users/{}", created.body["id"]))
                .header("Authorization", format!("Token {agent_only}")),
        )
        .await
        .expect(403);
    assert_eq!(delete.error(), "Not authorized (token)!");
    // Impersonation needs admin.user in the token too.
    let impersonate = app
        .send(
            app.request(Method::GET, "/users/me")
                .header("Authorization", format!("Token {agent_only}"))
                .header("From", "1"),
        )
        .await
        .expect(403);
    assert_eq!(
        impersonate.error(),
        "Current user has no permission to use 'From'/'X-On-Behalf-Of'!"
    );
    assert_eq!(users_snapshot(&app).await, before);

    // A customer's token cannot do admin things, whatever it asks for.
    let customer = app.customer(None).await;
    let refused = app
        .post(
            "/user_access_token",
            Some(customer.creds()),
            json!({ "label": "x", "permission": ["admin"] }),
        )
        .await
        .expect(422);
    assert_eq!(
        refused.error(),
        "Permission 'admin' is not granted to the current user"
    );
    let customer_token = token(&app, customer.creds(), "c", &["ticket.customer"]).await;
    let list = users_but_no_groups(&app, &customer_token, "Not authorized (user)!").await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["id"], customer.id);

    // Rights follow the user's current roles: an agent demoted to customer loses them.
    let agent = app.agent(&["full"]).await;
    let agent_token = token(&app, agent.creds(), "a", &["ticket.agent"]).await;
    assert!(
        get_with_token(&app, "/users", &agent_token)
            .await
            .expect(200)
            .body
            .as_array()
            .unwrap()
            .len()
            > 1
    );
    app.put(
        &format!("/users/{}", agent.id),
        Some(ADMIN),
        json!({ "roles": ["Customer"] }),
    )
    .await
    .expect(200);
    let list = get_with_token(&app, "/users", &agent_token)
        .await
        .expect(200);
    assert_eq!(list.body.as_array().unwrap().len(), 1);
    assert_eq!(list.body[0]["id"], agent.id);
}

crate::on_every_backend!(
    basic_accepts_login_and_email_in_any_case,
    wrong_password_and_unknown_login_answer_the_same_401,
    missing_or_malformed_credentials_are_401,
    failed_logins_count_lock_and_unlock,
    inactive_users_cannot_authenticate,
    admin_password_change_invalidates_the_old_password_at_once,
    admin_impersonates_with_from_and_x_on_behalf_of,
    impersonation_is_refused_to_non_admins_and_for_unknown_users,
    tokens_authenticate_in_every_header_form,
    token_expiry_is_a_day,
    token_rights_are_the_token_met_with_the_user,
);
