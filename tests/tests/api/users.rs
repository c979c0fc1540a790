//! `/users`.

use serde_json::json;

use crate::helpers::{ADMIN, TestApp};

async fn me_answers_the_admin_without_a_password(app: TestApp) {
    let me = app.get("/users/me", Some(ADMIN)).await.expect(200);
    assert_eq!(me.body["login"], "admin@example.com");
    assert_eq!(me.body["role_ids"], json!([1, 2]));
    assert_eq!(me.body["group_ids"], json!({ "1": ["full"] }));
    assert!(me.body.get("password").is_none());
    assert!(!me.text.contains("argon2"));
}

crate::on_every_backend!(me_answers_the_admin_without_a_password);
