//! `/version` and `/monitoring/health_check`, as Zammad's `spec/requests/monitoring_spec.rb`
//! and `version_spec.rb` call them: who may read them, the token an anonymous monitor sends,
//! and the shapes answered.

use serde_json::json;

use crate::helpers::{ADMIN, Backend, TestApp};

/// The monitoring token of the servers here.
const TOKEN: &str = "s3cret-monitoring-token";

crate::on_every_backend!(
    config = helpdesk_service::Config {
        monitoring_token: Some(super::TOKEN.into()),
        ..helpdesk_service::Config::for_tests()
    };
    the_version_is_for_admin_version,
    the_health_check_answers_the_monitor_with_the_token,
    the_health_check_refuses_a_wrong_token_and_callers_without_admin_monitoring,
);

async fn the_version_is_for_admin_version(app: TestApp) {
    let answer = app.get("/version", Some(ADMIN)).await.expect(200);
    assert_eq!(answer.body, json!({ "version": env!("CARGO_PKG_VERSION") }));

    let agent = app.agent(&["full"]).await;
    app.get("/version", Some(agent.creds()))
        .await
        .expect_error(403, "Not authorized (user)!");
    let customer = app.customer(None).await;
    app.get("/version", Some(customer.creds()))
        .await
        .expect_error(403, "Not authorized (user)!");
    app.get("/version", None).await.expect(401);
}

async fn the_health_check_answers_the_monitor_with_the_token(app: TestApp) {
    // Zammad's example: `GET /api/v1/monitoring/health_check?token=XXX` →
    // `{"healthy": true, "message": "success", "issues": []}`.
    let path = format!("/monitoring/health_check?token={TOKEN}");
    let healthy = json!({ "healthy": true, "message": "success", "issues": [], "actions": [] });
    let answer = app.get(&path, None).await.expect(200);
    assert_eq!(answer.body, healthy);
    assert!(!answer.text.contains(TOKEN), "the token is never answered");

    // A signed-in administrator reads it without the token, by admin.monitoring.
    let admin = app
        .get("/monitoring/health_check", Some(ADMIN))
        .await
        .expect(200);
    assert_eq!(admin.body, healthy);
}

async fn the_health_check_refuses_a_wrong_token_and_callers_without_admin_monitoring(app: TestApp) {
    for path in [
        "/monitoring/health_check?token=abc",
        "/monitoring/health_check?token=",
        "/monitoring/health_check",
    ] {
        let denied = app
            .get(path, None)
            .await
            .expect_error(401, "Not authorized");
        assert!(denied.body.get("healthy").is_none(), "{}", denied.text);
    }
    // Signed in, the token does not count: admin.monitoring alone does.
    let agent = app.agent(&["full"]).await;
    let path = format!("/monitoring/health_check?token={TOKEN}");
    app.get(&path, Some(agent.creds()))
        .await
        .expect_error(403, "Not authorized (user)!");
}

/// A server without a monitoring token refuses every anonymous monitor, whatever it sends.
#[tokio::test]
async fn without_a_configured_token_no_anonymous_monitor_gets_in() {
    let app = TestApp::spawn(Backend::Memory).await;
    for path in [
        "/monitoring/health_check",
        "/monitoring/health_check?token=",
        "/monitoring/health_check?token=abc",
    ] {
        app.get(path, None)
            .await
            .expect_error(401, "Not authorized");
    }
    app.get("/monitoring/health_check", Some(ADMIN))
        .await
        .expect(200);
}
