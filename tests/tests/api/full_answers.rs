//! Zammad's answer shapes beyond the plain record: `full=true` (`{id, assets}` for one
//! ticket, `{record_ids, assets, total_count}` for a search) and `only_total_count=true`
//! (`{total_count}`), with assets only as the caller may read them and never a secret.

use serde_json::json;

use crate::helpers::{ADMIN, TestApp, unique};

crate::on_every_backend!(
    full_answers_carry_the_records_as_assets,
    search_answers_take_zammads_shapes,
    users_and_organizations_answer_full_too,
);

async fn full_answers_carry_the_records_as_assets(app: TestApp) {
    let org = app.organization(true).await;
    let customer = app.customer(Some(org)).await;
    let body = json!({
        "title": unique("Full "), "group_id": 1, "customer_id": customer.id,
        "article": { "body": "full answer", "type": "note", "internal": false },
    });
    let created = app.post_ok("/tickets?full=true", Some(ADMIN), body).await;
    let id = created["id"].as_i64().expect("id");
    let ticket = &created["assets"]["Ticket"][id.to_string()];
    assert_eq!(ticket["id"], id);
    assert_eq!(created.as_object().map(|o| o.len()), Some(2), "{created}");
    let user = &created["assets"]["User"][customer.id.to_string()];
    assert_eq!(user["id"], customer.id);
    assert!(user.get("password").is_none());
    assert_eq!(
        created["assets"]["Organization"][org.to_string()]["id"],
        org
    );
    assert!(created["assets"]["Group"]["1"]["name"].is_string());

    let shown = app
        .get_ok(&format!("/tickets/{id}?full=1"), Some(ADMIN))
        .await;
    assert_eq!(shown["id"], id);
    assert_eq!(
        shown["assets"]["Ticket"][id.to_string()]["title"],
        ticket["title"]
    );
    let updated = app
        .put_ok(
            &format!("/tickets/{id}?full=true"),
            Some(ADMIN),
            json!({ "title": "renamed" }),
        )
        .await;
    assert_eq!(
        updated["assets"]["Ticket"][id.to_string()]["title"],
        "renamed"
    );
    // Without `full`, the plain record; `full=false` too.
    let plain = app
        .get_ok(&format!("/tickets/{id}?full=false"), Some(ADMIN))
        .await;
    assert_eq!(plain["title"], "renamed");
    assert!(plain.get("assets").is_none());

    // A customer's assets hold what it may read: its ticket and itself, no group.
    let own = app
        .get_ok(&format!("/tickets/{id}?full=true"), Some(customer.creds()))
        .await;
    assert_eq!(own["assets"]["Ticket"][id.to_string()]["id"], id);
    assert!(
        own["assets"]["Group"]
            .as_object()
            .is_none_or(|g| g.is_empty()),
        "{own}"
    );
    assert!(
        own["assets"]["Ticket"][id.to_string()]
            .get("time_unit")
            .is_none_or(|t| t.is_null())
    );
}

async fn search_answers_take_zammads_shapes(app: TestApp) {
    let customer = app.customer(None).await;
    let title = unique("Shapeword");
    let word = title.split(' ').next().expect("word").to_lowercase();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let body = json!({
            "title": title, "group_id": 1, "customer_id": customer.id,
            "article": { "body": "x", "type": "note" },
        });
        ids.push(app.post_ok("/tickets", Some(ADMIN), body).await["id"].clone());
    }
    let search = |extra: &str| format!("/tickets/search?query=title:{word}&{extra}");
    let total = app
        .get_ok(&search("only_total_count=true"), Some(ADMIN))
        .await;
    assert_eq!(total, json!({ "total_count": 3 }));
    let full = app.get_ok(&search("full=true&limit=2"), Some(ADMIN)).await;
    assert_eq!(full["total_count"], 3);
    let record_ids = full["record_ids"].as_array().expect("ids");
    assert_eq!(record_ids.len(), 2);
    for id in record_ids {
        assert_eq!(full["assets"]["Ticket"][id.to_string()]["id"], *id);
    }
    let counted = app
        .get_ok(&search("with_total_count=yes"), Some(ADMIN))
        .await;
    assert_eq!(counted["total_count"], 3);
    assert_eq!(counted["records"].as_array().map(Vec::len), Some(3));
    let plain = app.get_ok(&search("full=off"), Some(ADMIN)).await;
    assert_eq!(plain.as_array().map(Vec::len), Some(3));

    let users = app
        .get_ok(
            &format!("/users/search?query={}&full=true", customer.login),
            Some(ADMIN),
        )
        .await;
    assert_eq!(users["record_ids"], json!([customer.id]));
    let user = &users["assets"]["User"][customer.id.to_string()];
    assert_eq!(user["id"], customer.id);
    assert!(user.get("password").is_none());
}

async fn users_and_organizations_answer_full_too(app: TestApp) {
    let org = app
        .post_ok(
            "/organizations?full=true",
            Some(ADMIN),
            json!({ "name": unique("Full org ") }),
        )
        .await;
    let org_id = org["id"].as_i64().expect("id");
    assert_eq!(
        org["assets"]["Organization"][org_id.to_string()]["id"],
        org_id
    );
    let customer = app.customer(Some(org_id)).await;
    let shown = app
        .get_ok(&format!("/users/{}?full=true", customer.id), Some(ADMIN))
        .await;
    assert_eq!(shown["id"], customer.id);
    let user = &shown["assets"]["User"][customer.id.to_string()];
    assert_eq!(user["login"], customer.login.as_str());
    assert!(user.get("password").is_none());
    assert_eq!(
        shown["assets"]["Organization"][org_id.to_string()]["id"],
        org_id
    );
    let renamed = app
        .put_ok(
            &format!("/users/{}?full=1", customer.id),
            Some(ADMIN),
            json!({ "firstname": "Fully" }),
        )
        .await;
    assert_eq!(
        renamed["assets"]["User"][customer.id.to_string()]["firstname"],
        "Fully"
    );
    let org_shown = app
        .get_ok(
            &format!("/organizations/{org_id}?full=true"),
            Some(customer.creds()),
        )
        .await;
    assert_eq!(org_shown["id"], org_id);
    assert!(org_shown["assets"]["Organization"][org_id.to_string()].is_object());
}
