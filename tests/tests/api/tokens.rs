//! `/user_access_token`: own tokens only, secrets shown once, permissions a subset of the
//! caller's.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp};

/// Creates a token as `creds` and answers its secret.
pub async fn create_token(app: &TestApp, creds: (&str, &str), body: Value) -> String {
    let created = app
        .post("/user_access_token", Some(creds), body)
        .await
        .expect(200);
    let secret = created.body["token"].as_str().expect("token").to_string();
    assert_eq!(created.body["name"], secret.as_str());
    secret
}

/// Creates a token labelled `label` with `permission` as `creds` and answers its secret.
pub async fn token(app: &TestApp, creds: (&str, &str), label: &str, permission: &[&str]) -> String {
    create_token(
        app,
        creds,
        json!({ "label": label, "permission": permission }),
    )
    .await
}

/// GET `/users/me` with a `Bearer` token.
async fn me_by_token(app: &TestApp, secret: &str) -> Answer {
    app.send(
        app.request(Method::GET, "/users/me")
            .header("Authorization", format!("Bearer {secret}")),
    )
    .await
}

/// The caller's token list.
async fn token_list(app: &TestApp, creds: (&str, &str)) -> Value {
    app.get_ok("/user_access_token", Some(creds)).await
}

fn names(list: &Value, key: &str) -> Vec<String> {
    list[key]
        .as_array()
        .expect("array")
        .iter()
        .map(|v| v.as_str().expect("string").to_string())
        .collect()
}

async fn create_list_use_and_delete_own_tokens(app: TestApp) {
    let empty = token_list(&app, ADMIN).await;
    assert_eq!(empty["tokens"], json!([]));
    let grantable = names(&empty, "permissions");
    for held in ["admin", "admin.user", "ticket.agent", "user_preferences"] {
        assert!(
            grantable.iter().any(|p| p == held),
            "{held} in {grantable:?}"
        );
    }
    assert!(!grantable.iter().any(|p| p == "ticket.customer"));

    let created = app
        .post(
            "/user_access_token",
            Some(ADMIN),
            json!({ "label": "by label", "permission": ["admin.user"] }),
        )
        .await
        .expect(200);
    let first = created.body["token"].as_str().unwrap().to_string();
    assert_eq!(created.body["name"], first.as_str());
    assert!(first.len() >= 32, "a long secret: {first}");
    let first_id = created.body["id"].as_i64().unwrap();
    // Newer Zammad's `name` key names it too.
    let second = create_token(
        &app,
        ADMIN,
        json!({ "name": "by name", "permission": ["ticket.agent"], "expires_at": null }),
    )
    .await;
    assert_ne!(first, second);

    let list = app.get("/user_access_token", Some(ADMIN)).await.expect(200);
    let tokens = list.body["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[0]["label"], "by label");
    assert_eq!(tokens[0]["permissions"], json!(["admin.user"]));
    assert_eq!(tokens[0]["user_id"], 2);
    assert_eq!(tokens[0]["expires_at"], Value::Null);
    assert_eq!(tokens[1]["label"], "by name");
    assert_eq!(tokens[1]["permissions"], json!(["ticket.agent"]));
    for token in tokens {
        assert!(token.get("token").is_none(), "no secret field: {token}");
    }
    assert!(!list.text.contains(&first) && !list.text.contains(&second));

    // Both authenticate as the admin.
    assert_eq!(me_by_token(&app, &first).await.expect(200).body["id"], 2);
    assert_eq!(me_by_token(&app, &second).await.expect(200).body["id"], 2);
    let used = token_list(&app, ADMIN).await;
    assert!(used["tokens"][0]["last_used_at"].as_str().is_some());

    let deleted = app
        .delete(&format!("/user_access_token/{first_id}"), Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(deleted.body, json!({}));
    let gone = me_by_token(&app, &first).await.expect(401);
    assert_eq!(gone.error(), "Not authorized (token expired)!");
    me_by_token(&app, &second).await.expect(200);
    let list = token_list(&app, ADMIN).await;
    assert_eq!(list["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(list["tokens"][0]["label"], "by name");
    let again = app
        .delete(&format!("/user_access_token/{first_id}"), Some(ADMIN))
        .await
        .expect(422);
    // The same answer as for another user's token (Zammad's text).
    assert_eq!(again.error(), "The API token could not be found.");
    let never = app
        .delete("/user_access_token/999999", Some(ADMIN))
        .await
        .expect(422);
    assert_eq!(never.text, again.text);
}

async fn each_user_sees_only_its_own_tokens(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let admin_secret = token(&app, ADMIN, "admin's", &["admin"]).await;
    token(&app, agent.creds(), "agent's", &["ticket.agent"]).await;
    let list = token_list(&app, agent.creds()).await;
    let tokens = list["tokens"].as_array().unwrap();
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0]["label"], "agent's");
    assert_eq!(tokens[0]["user_id"], agent.id);
    let grantable = names(&list, "permissions");
    assert!(grantable.iter().any(|p| p == "ticket.agent"));
    assert!(!grantable.iter().any(|p| p.starts_with("admin")));
    let admin_list = token_list(&app, ADMIN).await;
    assert_eq!(admin_list["tokens"].as_array().unwrap().len(), 1);
    assert_eq!(admin_list["tokens"][0]["label"], "admin's");

    // Deleting another user's token is refused and the token keeps working.
    let admin_token_id = admin_list["tokens"][0]["id"].as_i64().unwrap();
    app.delete(
        &format!("/user_access_token/{admin_token_id}"),
        Some(agent.creds()),
    )
    .await
    .expect_error(422, "The API token could not be found.");
    assert_eq!(token_list(&app, ADMIN).await, admin_list);
    me_by_token(&app, &admin_secret).await.expect(200);
}

async fn invalid_token_requests_are_refused_and_write_nothing(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let before = token_list(&app, agent.creds()).await;
    let cases = [
        (
            json!({ "label": "x", "permission": ["admin.user"] }),
            "Permission 'admin.user' is not granted to the current user",
        ),
        (
            json!({ "label": "x", "permission": ["ticket.agent", "ticket.customer"] }),
            "Permission 'ticket.customer' is not granted to the current user",
        ),
        (
            json!({ "permission": ["ticket.agent"] }),
            "Missing required attribute 'label'",
        ),
        (
            json!({ "label": "  ", "permission": ["ticket.agent"] }),
            "Missing required attribute 'label'",
        ),
        (
            json!({ "label": "x", "permission": [] }),
            "Missing required attribute 'permission'",
        ),
    ];
    for (body, error) in cases {
        let answer = app
            .post("/user_access_token", Some(agent.creds()), body.clone())
            .await
            .expect(422);
        assert_eq!(answer.error(), error, "{body}");
    }
    // Shape errors: no permission key, a bad date, malformed JSON.
    app.post(
        "/user_access_token",
        Some(agent.creds()),
        json!({ "label": "x" }),
    )
    .await
    .expect(422);
    let bad_date = app
        .post(
            "/user_access_token",
            Some(agent.creds()),
            json!({ "label": "x", "permission": ["ticket.agent"], "expires_at": "tomorrow" }),
        )
        .await
        .expect(422);
    assert!(bad_date.error().contains("expires_at"), "{}", bad_date.text);
    app.send(
        app.request(Method::POST, "/user_access_token")
            .basic_auth(&agent.login, Some(&agent.password))
            .header("Content-Type", "application/json")
            .body("{\"label\": "),
    )
    .await
    .expect(400);
    assert_eq!(token_list(&app, agent.creds()).await, before);
}

async fn anonymous_and_limited_callers_cannot_manage_tokens(app: TestApp) {
    for answer in [
        app.get("/user_access_token", None).await,
        app.post(
            "/user_access_token",
            None,
            json!({ "label": "x", "permission": ["admin"] }),
        )
        .await,
        app.delete("/user_access_token/1", None).await,
    ] {
        assert_eq!(answer.status.as_u16(), 401, "{}", answer.text);
        assert_eq!(answer.error(), "Authentication required");
    }
    // A token without user_preferences cannot list or mint tokens.
    let limited = token(&app, ADMIN, "limited", &["ticket.agent"]).await;
    let before = token_list(&app, ADMIN).await;
    for req in [
        app.request(Method::GET, "/user_access_token"),
        app.request(Method::POST, "/user_access_token")
            .json(&json!({ "label": "more", "permission": ["admin"] })),
    ] {
        let answer = app
            .send(req.header("Authorization", format!("Token token={limited}")))
            .await
            .expect(403);
        assert_eq!(answer.error(), "Not authorized (token)!");
    }
    // A token that may manage tokens still grants only what it holds itself.
    let minting = token(&app, ADMIN, "minting", &["user_preferences.access_token"]).await;
    let widened = app
        .send(
            app.request(Method::POST, "/user_access_token")
                .header("Authorization", format!("Bearer {minting}"))
                .json(&json!({ "label": "wider", "permission": ["admin"] })),
        )
        .await
        .expect(422);
    assert_eq!(
        widened.error(),
        "Permission 'admin' is not granted to the current user"
    );
    // Only the used tokens' `last_used_at` moved and the minting token was added.
    let mut after = token_list(&app, ADMIN).await;
    let tokens = after["tokens"].as_array_mut().unwrap();
    assert_eq!(tokens.len(), 2);
    assert_eq!(tokens[1]["label"], "minting");
    tokens.pop();
    tokens[0]["last_used_at"] = Value::Null;
    assert_eq!(after, before);
}

async fn customers_manage_their_own_tokens(app: TestApp) {
    let customer = app.customer(None).await;
    let list = token_list(&app, customer.creds()).await;
    assert_eq!(list["tokens"], json!([]));
    let grantable = names(&list, "permissions");
    for held in [
        "ticket.customer",
        "user_preferences",
        "user_preferences.access_token",
    ] {
        assert!(
            grantable.iter().any(|p| p == held),
            "{held} in {grantable:?}"
        );
    }
    assert!(
        !grantable
            .iter()
            .any(|p| p.starts_with("admin") || p == "ticket.agent")
    );
    let secret = token(&app, customer.creds(), "mine", &["ticket.customer"]).await;
    assert_eq!(
        me_by_token(&app, &secret).await.expect(200).body["id"],
        customer.id
    );
    let list = token_list(&app, customer.creds()).await;
    let id = list["tokens"][0]["id"].as_i64().unwrap();
    app.delete(&format!("/user_access_token/{id}"), Some(customer.creds()))
        .await
        .expect(200);
    me_by_token(&app, &secret).await.expect(401);
}

crate::on_every_backend!(
    create_list_use_and_delete_own_tokens,
    each_user_sees_only_its_own_tokens,
    invalid_token_requests_are_refused_and_write_nothing,
    anonymous_and_limited_callers_cannot_manage_tokens,
    customers_manage_their_own_tokens,
);
