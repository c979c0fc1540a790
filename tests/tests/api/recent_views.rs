//! Recent views (`/recent_view`, `/ticket_recent`) and `/ticket_related/{id}`, with Zammad's
//! shapes: views newest first, one per ticket, only of tickets the caller still reads; the
//! related tickets are the customer's other open ones; customers may note and read their own
//! views but not the agents' overviews.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp};
use crate::ticket_stats::open_ticket;

crate::on_every_backend!(
    views_are_listed_newest_first_once_each,
    related_tickets_are_the_customers_other_open_ones,
);

async fn view(app: &TestApp, creds: (&str, &str), ticket: i64) -> Value {
    let body = json!({ "object": "Ticket", "o_id": ticket });
    app.post("/recent_view", Some(creds), body)
        .await
        .expect(200)
        .body
}

fn ids(list: &Value, key: &str) -> Vec<i64> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|v| v[key].as_i64().expect("id"))
        .collect()
}

async fn views_are_listed_newest_first_once_each(app: TestApp) {
    let agent = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let (t1, t2) = (
        open_ticket(&app, &customer).await,
        open_ticket(&app, &customer).await,
    );
    assert_eq!(
        view(&app, agent.creds(), t1).await,
        json!({ "message": "ok" })
    );
    view(&app, agent.creds(), t2).await;
    view(&app, agent.creds(), t1).await;
    // Tickets the caller may not read, or that do not exist, are ignored.
    view(&app, agent.creds(), 999_999).await;
    let outsider = app.agent(&[]).await;
    view(&app, outsider.creds(), t1).await;
    assert_eq!(
        app.get_ok("/recent_view", Some(outsider.creds())).await,
        json!([])
    );
    let listed = app.get_ok("/recent_view", Some(agent.creds())).await;
    assert_eq!(ids(&listed, "o_id"), vec![t1, t2]);
    assert_eq!(listed[0]["object"], "Ticket");
    assert_eq!(listed[0]["created_by_id"], agent.id);
    let recent = app.get_ok("/ticket_recent", Some(agent.creds())).await;
    assert_eq!(recent["ticket_ids_recent_viewed"], json!([t1, t2]));
    assert_eq!(recent["assets"]["Ticket"][t2.to_string()]["id"], t2);
    // Another user's views are its own.
    assert_eq!(app.get_ok("/recent_view", Some(ADMIN)).await, json!([]));

    // A customer notes and reads its own views, but the agents' overview is refused.
    view(&app, customer.creds(), t2).await;
    let own = app.get_ok("/recent_view", Some(customer.creds())).await;
    assert_eq!(ids(&own, "o_id"), vec![t2]);
    app.get("/ticket_recent", Some(customer.creds()))
        .await
        .expect(403);
    let other = json!({ "object": "User", "o_id": customer.id });
    app.post("/recent_view", Some(agent.creds()), other)
        .await
        .expect(422);
    app.get("/recent_view", None).await.expect(401);
}

async fn related_tickets_are_the_customers_other_open_ones(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let outsider = app.agent(&[]).await;
    let customer = app.customer(None).await;
    let other = app.customer(None).await;
    let t1 = open_ticket(&app, &customer).await;
    let t2 = open_ticket(&app, &customer).await;
    let t3 = open_ticket(&app, &customer).await;
    let closed = open_ticket(&app, &customer).await;
    app.put_ok(
        &format!("/tickets/{closed}"),
        Some(ADMIN),
        json!({ "state": "closed" }),
    )
    .await;
    let elsewhere = open_ticket(&app, &other).await;
    view(&app, agent.creds(), elsewhere).await;
    view(&app, agent.creds(), t1).await;
    let related = app
        .get_ok(&format!("/ticket_related/{t1}"), Some(agent.creds()))
        .await;
    assert_eq!(related["ticket_ids_by_customer"], json!([t3, t2]));
    assert_eq!(related["ticket_ids_recent_viewed"], json!([elsewhere]));
    for t in [t1, t2, t3, elsewhere] {
        assert_eq!(related["assets"]["Ticket"][t.to_string()]["id"], t);
    }
    app.get(&format!("/ticket_related/{t1}"), Some(customer.creds()))
        .await
        .expect(403);
    app.get(&format!("/ticket_related/{t1}"), Some(outsider.creds()))
        .await
        .expect_error(403, "Not authorized");
    app.get("/ticket_related/999999", Some(agent.creds()))
        .await
        .expect(404);
}
