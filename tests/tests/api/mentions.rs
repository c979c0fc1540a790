//! Mentions (`/mentions`, ticket create's `mentions`), with Zammad's shapes and its request
//! spec's cases: an agent subscribes itself to a ticket it reads and then gets the ticket's
//! notifications, lists a ticket's mentions, removes only its own; customers, agents who do
//! not read the ticket and other mentionable types are refused.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp, TestUser};
use crate::links::ticket;

crate::on_every_backend!(
    an_agent_subscribes_and_gets_the_ticket_notifications,
    mentions_are_refused_to_those_who_do_not_read_the_ticket,
    a_new_ticket_mentions_the_agents_it_names,
);

fn subscription(ticket: i64) -> Value {
    json!({ "mentionable_type": "Ticket", "mentionable_id": ticket })
}

async fn mentions_of(app: &TestApp, creds: (&str, &str), ticket: i64) -> Answer {
    let path = format!("/mentions?mentionable_type=Ticket&mentionable_id={ticket}");
    app.get(&path, Some(creds)).await
}

/// The tickets `user`'s online notifications are about.
async fn notified_of(app: &TestApp, user: &TestUser) -> Vec<i64> {
    let list = app
        .get_ok("/online_notifications", Some(user.creds()))
        .await;
    list.as_array()
        .expect("notifications")
        .iter()
        .map(|n| n["o_id"].as_i64().expect("o_id"))
        .collect()
}

async fn an_agent_subscribes_and_gets_the_ticket_notifications(app: TestApp) {
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let (t, _) = ticket(&app, &customer).await;
    let rename = json!({ "title": "renamed" });
    app.put_ok(&format!("/tickets/{t}"), Some(ADMIN), rename)
        .await;
    // An unassigned ticket notifies agents with full access: not the reader, until it
    // subscribes.
    assert!(!notified_of(&app, &reader).await.contains(&t));

    let mention = app
        .post("/mentions", Some(reader.creds()), subscription(t))
        .await
        .expect(201)
        .body;
    assert_eq!(mention["mentionable_type"], "Ticket");
    assert_eq!(mention["mentionable_id"], t);
    assert_eq!(mention["user_id"], reader.id);
    assert!(mention["created_at"].is_string());
    // Subscribing again changes nothing (Zammad's spec: silently handled, 201).
    let again = app
        .post("/mentions", Some(reader.creds()), subscription(t))
        .await
        .expect(201)
        .body;
    assert_eq!(again["id"], mention["id"]);
    let listed = mentions_of(&app, ADMIN, t).await.expect(200).body;
    assert_eq!(listed["mentions"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["mentions"][0]["id"], mention["id"]);
    let history = app
        .get_ok(&format!("/ticket_history/{t}"), Some(ADMIN))
        .await
        .to_string();
    assert!(history.contains("Mention"), "{history}");

    let rename = json!({ "title": "renamed again" });
    app.put_ok(&format!("/tickets/{t}"), Some(ADMIN), rename)
        .await;
    assert!(notified_of(&app, &reader).await.contains(&t));

    // Only the user mentioned removes it (Zammad's spec: another user's is 403).
    let id = mention["id"].as_i64().expect("id");
    app.delete(&format!("/mentions/{id}"), Some(ADMIN))
        .await
        .expect_error(403, "Not authorized");
    let removed = app
        .delete(&format!("/mentions/{id}"), Some(reader.creds()))
        .await
        .expect(200)
        .body;
    assert_eq!(removed["id"], id);
    app.delete(&format!("/mentions/{id}"), Some(reader.creds()))
        .await
        .expect(403);
    let listed = mentions_of(&app, ADMIN, t).await.expect(200).body;
    assert_eq!(listed["mentions"], json!([]));
}

async fn mentions_are_refused_to_those_who_do_not_read_the_ticket(app: TestApp) {
    let outsider = app.agent(&[]).await;
    let customer = app.customer(None).await;
    let (t, _) = ticket(&app, &customer).await;
    app.post("/mentions", Some(ADMIN), subscription(t))
        .await
        .expect(201);
    mentions_of(&app, outsider.creds(), t)
        .await
        .expect_error(403, "Not authorized");
    app.post("/mentions", Some(outsider.creds()), subscription(t))
        .await
        .expect_error(403, "Not authorized");
    mentions_of(&app, customer.creds(), t).await.expect(403);
    app.post("/mentions", Some(customer.creds()), subscription(t))
        .await
        .expect(403);
    // A ticket that does not exist is refused like one not read (Zammad's spec).
    mentions_of(&app, ADMIN, 999_999).await.expect(403);
    app.get(
        &format!("/mentions?mentionable_type=NonTicket&mentionable_id={t}"),
        Some(ADMIN),
    )
    .await
    .expect_error(422, "The parameter 'mentionable_type' is invalid.");
    app.call(Method::GET, "/mentions", None, None)
        .await
        .expect(401);
    // Without a ticket, only mentions of tickets the caller reads are listed.
    let all = app.get_ok("/mentions", Some(outsider.creds())).await;
    assert_eq!(all["mentions"], json!([]));
    let all = app.get_ok("/mentions", Some(ADMIN)).await;
    assert_eq!(all["mentions"].as_array().map(Vec::len), Some(1));
}

async fn a_new_ticket_mentions_the_agents_it_names(app: TestApp) {
    let reader = app.agent(&["read"]).await;
    let outsider = app.agent(&[]).await;
    let customer = app.customer(None).await;
    let body = |mentions: Value| {
        json!({
            "title": "mentioned", "group_id": 1, "customer_id": customer.id,
            "article": { "body": "look at this", "type": "note" },
            "mentions": mentions,
        })
    };
    let created = app
        .post_ok("/tickets", Some(ADMIN), body(json!([reader.id, reader.id])))
        .await;
    let t = created["id"].as_i64().expect("id");
    let listed = mentions_of(&app, ADMIN, t).await.expect(200).body;
    assert_eq!(listed["mentions"].as_array().map(Vec::len), Some(1));
    assert_eq!(listed["mentions"][0]["user_id"], reader.id);
    assert_eq!(
        listed["mentions"][0]["created_by_id"],
        created["created_by_id"]
    );
    assert!(notified_of(&app, &reader).await.contains(&t));

    let before = app.get_ok("/tickets?per_page=100", Some(ADMIN)).await;
    for refused in [json!([outsider.id]), json!([customer.id]), json!([999_999])] {
        app.post("/tickets", Some(ADMIN), body(refused))
            .await
            .expect_error(422, "A mentioned user has no agent access to this ticket");
    }
    assert_eq!(
        app.get_ok("/tickets?per_page=100", Some(ADMIN)).await,
        before
    );
}
