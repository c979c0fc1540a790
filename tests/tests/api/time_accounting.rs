//! Time accounting (`/tickets/{id}/time_accountings`, `/time_accountings`,
//! `/time_accounting/types`): booking, the ticket's `time_unit` as the sum of its entries,
//! what admins change, and the input that is refused without changing anything.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, TestUser, unique};

crate::on_every_backend!(
    booked_time_adds_up_on_the_ticket,
    an_article_with_time_books_an_entry,
    admins_change_and_remove_entries,
    bad_bookings_are_refused_and_change_nothing,
    activity_types_are_named_uniquely,
    customers_never_see_booked_time,
);

/// A ticket in group `Users` for `customer`, opened by `creds`: its id.
async fn ticket(app: &TestApp, creds: (&str, &str), customer: &TestUser) -> i64 {
    let body = json!({
        "title": unique("Timed "),
        "group_id": 1,
        "customer_id": customer.id,
        "article": { "subject": "Hello", "body": "Something broke", "type": "note" },
    });
    app.create("/tickets", Some(creds), body).await
}

/// Books `body` on ticket `id` as `creds`, expecting 201: the entry.
async fn book(app: &TestApp, creds: (&str, &str), id: i64, body: Value) -> Value {
    app.post(
        &format!("/tickets/{id}/time_accountings"),
        Some(creds),
        body,
    )
    .await
    .expect(201)
    .body
}

/// The ticket's `time_unit` as an agent reads it.
async fn ticket_time(app: &TestApp, creds: (&str, &str), id: i64) -> Value {
    app.get_ok(&format!("/tickets/{id}"), Some(creds)).await["time_unit"].clone()
}

/// The ids of the ticket's entries, as `creds` lists them.
async fn entry_ids(app: &TestApp, creds: (&str, &str), id: i64) -> Vec<i64> {
    let list = app
        .get_ok(&format!("/tickets/{id}/time_accountings"), Some(creds))
        .await;
    list.as_array()
        .expect("a list")
        .iter()
        .map(|e| e["id"].as_i64().expect("id"))
        .collect()
}

async fn booked_time_adds_up_on_the_ticket(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    let first = book(&app, agent.creds(), id, json!({ "time_unit": 1.5 })).await;
    assert_eq!(first["time_unit"], "1.5");
    assert_eq!(first["ticket_id"], id);
    assert_eq!(first["created_by_id"], agent.id);
    assert_eq!(first["ticket_article_id"], Value::Null);
    let second = app
        .post(
            "/time_accountings",
            Some(agent.creds()),
            json!({ "ticket_id": id, "time_unit": "2" }),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(second["time_unit"], "2.0");
    assert_eq!(ticket_time(&app, agent.creds(), id).await, json!(3.5));
    assert_eq!(
        entry_ids(&app, agent.creds(), id).await,
        [
            first["id"].as_i64().unwrap(),
            second["id"].as_i64().unwrap()
        ]
    );
    let shown_ticket = app
        .get_ok(&format!("/tickets/{id}"), Some(agent.creds()))
        .await;
    assert_eq!(
        shown_ticket["ticket_time_accounting_ids"],
        json!([first["id"], second["id"]])
    );
    let shown = app
        .get_ok(
            &format!("/time_accountings/{}", second["id"]),
            Some(agent.creds()),
        )
        .await;
    assert_eq!(shown, second);
    let history = app
        .get_ok(&format!("/ticket_history/{id}"), Some(agent.creds()))
        .await;
    let time_changes: Vec<&Value> = history["history"]
        .as_array()
        .expect("history")
        .iter()
        .filter(|h| h["attribute"] == "time_unit")
        .collect();
    assert_eq!(time_changes.len(), 2, "{history}");
}

async fn an_article_with_time_books_an_entry(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    let article = app
        .post_ok(
            "/ticket_articles",
            Some(agent.creds()),
            json!({ "ticket_id": id, "body": "worked", "type": "note", "time_unit": "12" }),
        )
        .await;
    let entries = app
        .get_ok(
            &format!("/tickets/{id}/time_accountings"),
            Some(agent.creds()),
        )
        .await;
    assert_eq!(entries.as_array().map(Vec::len), Some(1), "{entries}");
    assert_eq!(entries[0]["ticket_article_id"], article["id"]);
    assert_eq!(entries[0]["time_unit"], "12.0");
    assert_eq!(ticket_time(&app, agent.creds(), id).await, json!(12.0));
    // The article has its entry: a second booking for it is refused.
    app.post(
        &format!("/tickets/{id}/time_accountings"),
        Some(agent.creds()),
        json!({ "time_unit": 1, "ticket_article_id": article["id"] }),
    )
    .await
    .expect_error(
        422,
        &format!(
            "Invalid value for 'ticket_article_id': time is already booked for article {}",
            article["id"]
        ),
    );
}

async fn admins_change_and_remove_entries(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    let first = book(&app, agent.creds(), id, json!({ "time_unit": 1 })).await;
    let second = book(&app, agent.creds(), id, json!({ "time_unit": 2 })).await;
    let path = format!("/tickets/{id}/time_accountings/{}", first["id"]);
    app.put(&path, Some(agent.creds()), json!({ "time_unit": 5 }))
        .await
        .expect_error(403, "Not authorized");
    app.delete(&path, Some(agent.creds()))
        .await
        .expect_error(403, "Not authorized");
    let changed = app
        .put_ok(&path, Some(ADMIN), json!({ "time_unit": 5 }))
        .await;
    assert_eq!(changed["time_unit"], "5.0");
    assert_eq!(ticket_time(&app, ADMIN, id).await, json!(7.0));
    let removed = app.delete(&path, Some(ADMIN)).await.expect(200);
    assert_eq!(removed.body, json!({}));
    assert_eq!(ticket_time(&app, ADMIN, id).await, json!(2.0));
    assert_eq!(
        entry_ids(&app, ADMIN, id).await,
        [second["id"].as_i64().unwrap()]
    );
    app.get(&path, Some(ADMIN)).await.expect_error(
        404,
        &format!(
            "Couldn't find Ticket::TimeAccounting with 'id'={}",
            first["id"]
        ),
    );
    // An entry is reached through its own ticket only.
    let other = ticket(&app, agent.creds(), &customer).await;
    app.get(
        &format!("/tickets/{other}/time_accountings/{}", second["id"]),
        Some(ADMIN),
    )
    .await
    .expect(404);
}

async fn bad_bookings_are_refused_and_change_nothing(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    let other = ticket(&app, agent.creds(), &customer).await;
    let foreign_article = app
        .get_ok(&format!("/tickets/{other}"), Some(agent.creds()))
        .await["article_ids"][0]
        .clone();
    let inactive = app
        .post_ok(
            "/time_accounting/types",
            Some(ADMIN),
            json!({ "name": unique("Retired "), "active": false }),
        )
        .await;
    book(&app, agent.creds(), id, json!({ "time_unit": 1 })).await;
    let path = format!("/tickets/{id}/time_accountings");
    let cases = [
        (
            json!({}),
            "Missing required attribute 'time_unit'".to_string(),
        ),
        (
            json!({ "time_unit": -1 }),
            "Invalid value for 'time_unit': -1 is no number of units that is not negative".into(),
        ),
        (
            json!({ "time_unit": "soon" }),
            "Invalid value for 'time_unit': expected a number".into(),
        ),
        (
            json!({ "time_unit": 1, "ticket_article_id": foreign_article }),
            format!(
                "Invalid value for 'ticket_article_id': {foreign_article} is no article of ticket {id}"
            ),
        ),
        (
            json!({ "time_unit": 1, "type_id": 999_999 }),
            "Invalid value for 'type_id': no active activity type has id 999999".into(),
        ),
        (
            json!({ "time_unit": 1, "type_id": inactive["id"] }),
            format!(
                "Invalid value for 'type_id': no active activity type has id {}",
                inactive["id"]
            ),
        ),
    ];
    for (body, text) in cases {
        app.post(&path, Some(agent.creds()), body.clone())
            .await
            .expect_error(422, &text);
    }
    app.post(&path, Some(reader.creds()), json!({ "time_unit": 1 }))
        .await
        .expect_error(403, "Not authorized");
    app.post(
        "/tickets/999999/time_accountings",
        Some(agent.creds()),
        json!({ "time_unit": 1 }),
    )
    .await
    .expect_error(404, "Couldn't find Ticket with 'id'=999999");
    app.post(
        "/time_accountings",
        Some(agent.creds()),
        json!({ "time_unit": 1 }),
    )
    .await
    .expect_error(422, "Missing required attribute 'ticket_id'");
    assert_eq!(entry_ids(&app, agent.creds(), id).await.len(), 1);
    assert_eq!(ticket_time(&app, agent.creds(), id).await, json!(1.0));
}

async fn activity_types_are_named_uniquely(app: TestApp) {
    let name = unique("Billable ");
    let created = app
        .post_ok(
            "/time_accounting/types",
            Some(ADMIN),
            json!({ "name": name, "note": "for the invoice" }),
        )
        .await;
    assert_eq!(created["active"], true);
    assert_eq!(created["note"], "for the invoice");
    app.post(
        "/time_accounting/types",
        Some(ADMIN),
        json!({ "name": name.to_uppercase() }),
    )
    .await
    .expect_error(
        422,
        &format!(
            "Name '{}' is already used for another activity type.",
            name.to_uppercase()
        ),
    );
    app.post(
        "/time_accounting/types",
        Some(ADMIN),
        json!({ "name": unique("Long "), "note": "x".repeat(251) }),
    )
    .await
    .expect_error(422, "Invalid value for 'note': longer than 250 characters");
    let renamed = app
        .put_ok(
            &format!("/time_accounting/types/{}", created["id"]),
            Some(ADMIN),
            json!({ "active": false }),
        )
        .await;
    assert_eq!(
        (renamed["name"].clone(), renamed["active"].clone()),
        (json!(name), json!(false))
    );
    let listed = app.get_ok("/time_accounting/types", Some(ADMIN)).await;
    assert!(
        listed.as_array().expect("a list").contains(&renamed),
        "{listed}"
    );
    let agent = app.agent(&["full"]).await;
    app.get("/time_accounting/types", Some(agent.creds()))
        .await
        .expect(403);
}

async fn customers_never_see_booked_time(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let id = ticket(&app, agent.creds(), &customer).await;
    let entry = book(&app, agent.creds(), id, json!({ "time_unit": 4 })).await;
    app.get(
        &format!("/tickets/{id}/time_accountings"),
        Some(customer.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    app.get(
        &format!("/time_accountings/{}", entry["id"]),
        Some(customer.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    let seen = app
        .get_ok(&format!("/tickets/{id}"), Some(customer.creds()))
        .await;
    assert_eq!(seen["time_unit"], Value::Null, "{seen}");
    assert_eq!(seen["ticket_time_accounting_ids"], json!([]), "{seen}");
}
