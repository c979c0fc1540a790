//! `GET /ticket_stats`, with Zammad's request spec's case (open tickets newest first): a
//! customer's and an organization's open and closed tickets and the months' volume, only
//! among the tickets the caller reads; customers are refused, bad parameters are 422.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, TestUser, unique};

crate::on_every_backend!(
    stats_list_open_and_closed_tickets_and_the_volume,
    stats_are_for_agents_and_count_only_what_they_read,
);

/// A ticket of group 1 for `customer`, opened by the admin, in state `new`.
pub(crate) async fn open_ticket(app: &TestApp, customer: &TestUser) -> i64 {
    let body = json!({
        "title": unique("Stats "), "group_id": 1, "customer_id": customer.id,
        "article": { "body": "help", "type": "note" },
    });
    app.post_ok("/tickets", Some(ADMIN), body).await["id"]
        .as_i64()
        .expect("id")
}

async fn stats(app: &TestApp, creds: (&str, &str), query: &str) -> Value {
    app.get_ok(&format!("/ticket_stats?{query}"), Some(creds))
        .await
}

async fn stats_list_open_and_closed_tickets_and_the_volume(app: TestApp) {
    let org = app.organization(false).await;
    let customer = app.customer(Some(org)).await;
    let t1 = open_ticket(&app, &customer).await;
    let t2 = open_ticket(&app, &customer).await;
    let t3 = open_ticket(&app, &customer).await;
    app.put_ok(
        &format!("/tickets/{t2}"),
        Some(ADMIN),
        json!({ "state": "closed" }),
    )
    .await;
    let query = format!("user_id={}&organization_id={org}", customer.id);
    let answer = stats(&app, ADMIN, &query).await;
    for side in ["user", "organization"] {
        let stat = &answer[side];
        assert_eq!(stat["open_ids"], json!([t3, t1]), "{side}: {answer}");
        assert_eq!(stat["closed_ids"], json!([t2]), "{side}");
        let months = stat["volume_by_year"].as_array().expect("months");
        assert_eq!(months.len(), 12);
        assert_eq!(months[0]["created"], 3, "{side}");
        assert_eq!(months[0]["closed"], 1, "{side}");
        assert!(months[0]["text"].is_string());
        assert!(
            months[1..]
                .iter()
                .all(|m| m["created"] == 0 && m["closed"] == 0)
        );
    }
    assert_eq!(answer["assets"]["Ticket"][t1.to_string()]["id"], t1);
    assert_eq!(
        answer["assets"]["User"][customer.id.to_string()]["id"],
        customer.id
    );

    let only_user = stats(&app, ADMIN, &format!("user_id={}", customer.id)).await;
    assert_eq!(only_user["organization"], json!({}));
}

async fn stats_are_for_agents_and_count_only_what_they_read(app: TestApp) {
    let outsider = app.agent(&[]).await;
    let customer = app.customer(None).await;
    open_ticket(&app, &customer).await;
    let query = format!("user_id={}", customer.id);
    let unseen = stats(&app, outsider.creds(), &query).await;
    assert_eq!(unseen["user"]["open_ids"], json!([]));
    assert_eq!(unseen["user"]["volume_by_year"][0]["created"], 0);
    app.get(&format!("/ticket_stats?{query}"), Some(customer.creds()))
        .await
        .expect(403);
    app.get("/ticket_stats", Some(ADMIN))
        .await
        .expect_error(422, "Need user_id or organization_id as param");
    app.get("/ticket_stats?user_id=999999", Some(ADMIN))
        .await
        .expect_error(422, "No such user with id 999999");
    app.get("/ticket_stats?organization_id=999999", Some(ADMIN))
        .await
        .expect_error(422, "No such organization with id 999999");
    app.get(&format!("/ticket_stats?{query}"), None)
        .await
        .expect(401);
}
