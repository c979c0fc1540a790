//! Role writes (`POST /roles`, `PUT /roles/{id}`) as Zammad's `RolesController`: admin.role
//! creates and changes roles, whose permissions then hold for their users; bad input (and a
//! change that would leave no administrator) answers 422 and writes nothing; everyone else is
//! refused.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, unique};

crate::on_every_backend!(
    roles_are_created_and_changed,
    bad_roles_are_refused_and_change_nothing,
    role_writes_need_admin_role,
);

/// Every role as the admin reads it.
async fn roles(app: &TestApp) -> Value {
    app.get_ok("/roles", Some(ADMIN)).await
}

async fn roles_are_created_and_changed(app: TestApp) {
    let name = unique("Role Manager ");
    let created = app
        .post(
            "/roles",
            Some(ADMIN),
            json!({
                "name": name, "permissions": ["admin.role", "ticket.agent", "admin.role"],
                "active": true, "note": "Manages roles",
            }),
        )
        .await
        .expect(201);
    let role = created.body;
    let id = role["id"].as_i64().expect("id");
    assert!(id > 3, "after the seeded roles: {role}");
    assert_eq!(role["name"], name);
    assert_eq!(role["permissions"], json!(["admin.role", "ticket.agent"]));
    assert_eq!(role["active"], true);
    assert_eq!(role["default_at_signup"], false);
    assert_eq!(role["note"], "Manages roles");
    assert_eq!(app.get_ok(&format!("/roles/{id}"), Some(ADMIN)).await, role);
    assert!(roles(&app).await.as_array().unwrap().contains(&role));

    // Its permissions hold for its users: admin.role reads the roles.
    let manager = app.create_user(&[&name], json!({})).await;
    app.get("/roles", Some(manager.creds())).await.expect(200);

    // An update changes what it names; `permissions` replaces the list.
    let changed = app
        .put_ok(
            &format!("/roles/{id}"),
            Some(ADMIN),
            json!({ "note": "Reads tickets", "permissions": ["ticket.agent"] }),
        )
        .await;
    assert_eq!(changed["name"], name);
    assert_eq!(changed["note"], "Reads tickets");
    assert_eq!(changed["permissions"], json!(["ticket.agent"]));
    assert_eq!(changed["created_at"], role["created_at"]);
    // Renamed in another letter case: still its own name.
    let renamed = app
        .put_ok(
            &format!("/roles/{id}"),
            Some(ADMIN),
            json!({ "name": name.to_uppercase(), "active": false }),
        )
        .await;
    assert_eq!(renamed["name"], name.to_uppercase());
    assert_eq!(renamed["active"], false);

    // A role that stops administering users, while the seeded admin still does: allowed.
    let deputies = unique("Deputies ");
    let body = json!({ "name": deputies, "permissions": ["admin.user"] });
    let deputy_role = app.post("/roles", Some(ADMIN), body).await.expect(201);
    app.create_user(&[&deputies], json!({})).await;
    let path = format!("/roles/{}", deputy_role.body["id"]);
    app.put(&path, Some(ADMIN), json!({ "active": false }))
        .await
        .expect(200);

    // A signup role holds only what signups may get.
    let signup = app
        .post(
            "/roles",
            Some(ADMIN),
            json!({
                "name": unique("Signup "), "default_at_signup": true,
                "permissions": ["ticket.customer", "user_preferences.access_token"],
            }),
        )
        .await
        .expect(201);
    assert_eq!(signup.body["default_at_signup"], true);
}

async fn bad_roles_are_refused_and_change_nothing(app: TestApp) {
    let before = roles(&app).await;
    for (body, error) in [
        (
            json!({ "name": "aDMIN" }),
            "Name 'aDMIN' is already used for another role.",
        ),
        (
            json!({ "permissions": ["ticket.agent"] }),
            "Missing required attribute 'name'",
        ),
        (json!({ "name": "  " }), "Missing required attribute 'name'"),
        (
            json!({ "name": "Odd", "permissions": ["ticket.agent", "root"] }),
            "No lookup value found for 'permissions': \"root\"",
        ),
        (
            json!({ "name": "Odd", "default_at_signup": true, "permissions": ["admin"] }),
            "Cannot set default at signup when role has admin permissions.",
        ),
    ] {
        app.post("/roles", Some(ADMIN), body.clone())
            .await
            .expect_error(422, error);
    }
    app.post(
        "/roles",
        Some(ADMIN),
        json!({ "name": "Odd", "permissions": "admin" }),
    )
    .await
    .expect(422);
    app.put("/roles/2", Some(ADMIN), json!({ "name": "Customer" }))
        .await
        .expect_error(422, "Name 'Customer' is already used for another role.");
    app.put("/roles/2", Some(ADMIN), json!({ "permissions": ["nope"] }))
        .await
        .expect_error(422, "No lookup value found for 'permissions': \"nope\"");
    // Zammad's guard: the last administrators keep their role's admin permissions.
    for body in [
        json!({ "active": false }),
        json!({ "permissions": ["report"] }),
    ] {
        app.put("/roles/1", Some(ADMIN), body)
            .await
            .expect_error(422, "Minimum one user needs to have admin permissions.");
    }
    app.put("/roles/999", Some(ADMIN), json!({ "note": "x" }))
        .await
        .expect_error(404, "Couldn't find Role with 'id'=999");
    assert_eq!(roles(&app).await, before, "nothing written");
}

async fn role_writes_need_admin_role(app: TestApp) {
    let before = roles(&app).await;
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    for creds in [agent.creds(), customer.creds()] {
        app.post("/roles", Some(creds), json!({ "name": unique("Nope ") }))
            .await
            .expect_error(403, "Not authorized (user)!");
        app.put("/roles/2", Some(creds), json!({ "note": "nope" }))
            .await
            .expect_error(403, "Not authorized (user)!");
    }
    app.post("/roles", None, json!({ "name": unique("Nope ") }))
        .await
        .expect(401);
    app.put("/roles/2", None, json!({ "note": "nope" }))
        .await
        .expect(401);
    assert_eq!(roles(&app).await, before, "nothing written");
}
