//! Merging tickets (`PUT /ticket_merge/{source_id}/{target_number}`), with Zammad's answers:
//! the source's articles, tags and links move to the target, the source is `merged` with
//! the target as its parent; a ticket not found answers `result: failed` (200); customers
//! and agents without `change` are refused; merging into a merged ticket or itself is 422.

use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp};
use crate::links::{add, links, ticket};

crate::on_every_backend!(
    a_merge_moves_articles_tags_and_links_to_the_target,
    a_ticket_not_found_answers_failed_and_changes_nothing,
    merges_are_for_agents_with_change_on_both,
);

/// `creds` merges ticket `source` into the ticket numbered `target_number`.
async fn merge(app: &TestApp, creds: (&str, &str), source: i64, target_number: &str) -> Answer {
    let path = format!("/ticket_merge/{source}/{target_number}");
    app.call(reqwest::Method::PUT, &path, Some(creds), None)
        .await
}

/// The ids of the articles of ticket `id`, as the admin lists them.
async fn article_ids(app: &TestApp, id: i64) -> Vec<i64> {
    let articles = app
        .get_ok(&format!("/ticket_articles/by_ticket/{id}"), Some(ADMIN))
        .await;
    articles
        .as_array()
        .expect("articles")
        .iter()
        .map(|a| a["id"].as_i64().expect("id"))
        .collect()
}

async fn tags(app: &TestApp, id: i64) -> Value {
    app.get_ok(&format!("/tags?object=Ticket&o_id={id}"), Some(ADMIN))
        .await["tags"]
        .clone()
}

async fn a_merge_moves_articles_tags_and_links_to_the_target(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let (source, _) = ticket(&app, &customer).await;
    let (target, target_number) = ticket(&app, &customer).await;
    let (other, other_number) = ticket(&app, &customer).await;
    let moved = article_ids(&app, source).await;
    let kept = article_ids(&app, target).await;
    let tag = json!({ "object": "Ticket", "o_id": source, "item": "printer" });
    app.post_ok("/tags/add", Some(ADMIN), tag).await;
    add(&app, ADMIN, "normal", &other_number, source)
        .await
        .expect(201);

    let answer = merge(&app, agent.creds(), source, &target_number)
        .await
        .expect(200)
        .body;
    assert_eq!(answer["result"], "success");
    assert_eq!(answer["target_ticket"]["id"], target);
    assert_eq!(answer["source_ticket"]["id"], source);
    assert_eq!(answer["source_ticket"]["owner_id"], 1);
    let states = app.get_ok("/ticket_states", Some(ADMIN)).await;
    let merged = states
        .as_array()
        .expect("states")
        .iter()
        .find(|s| s["name"] == "merged")
        .expect("a merged state")["id"]
        .clone();
    assert_eq!(answer["source_ticket"]["state_id"], merged);

    let mut expected: Vec<i64> = kept.into_iter().chain(moved.clone()).collect();
    expected.sort_unstable();
    let mut now = article_ids(&app, target).await;
    now.sort_unstable();
    assert_eq!(now, expected);
    let notes = app
        .get_ok(&format!("/ticket_articles/by_ticket/{source}"), Some(ADMIN))
        .await;
    assert_eq!(notes.as_array().map(Vec::len), Some(1));
    assert_eq!(notes[0]["body"], "merged");
    assert!(!moved.contains(&notes[0]["id"].as_i64().expect("id")));
    assert_eq!(tags(&app, target).await, json!(["printer"]));
    assert_eq!(tags(&app, source).await, json!([]));
    assert_eq!(
        links(&app, ADMIN, source).await["links"],
        json!([{ "link_type": "parent", "link_object": "Ticket", "link_object_value": target }])
    );
    let of_target = links(&app, ADMIN, target).await["links"].clone();
    assert!(
        of_target.as_array().expect("links").contains(
            &json!({ "link_type": "normal", "link_object": "Ticket", "link_object_value": other })
        ),
        "{of_target}"
    );
    let history = app
        .get_ok(&format!("/ticket_history/{target}"), Some(ADMIN))
        .await
        .to_string();
    assert!(history.contains("received_merge"), "{history}");
}

async fn a_ticket_not_found_answers_failed_and_changes_nothing(app: TestApp) {
    let customer = app.customer(None).await;
    let (source, source_number) = ticket(&app, &customer).await;
    let (_, target_number) = ticket(&app, &customer).await;
    let failed = merge(&app, ADMIN, source, "999999999")
        .await
        .expect(200)
        .body;
    assert_eq!(
        failed,
        json!({ "result": "failed", "message": "The target ticket number could not be found." })
    );
    let failed = merge(&app, ADMIN, 999_999, &target_number)
        .await
        .expect(200)
        .body;
    assert_eq!(
        failed,
        json!({ "result": "failed", "message": "The source ticket could not be found." })
    );
    merge(&app, ADMIN, source, &source_number)
        .await
        .expect_error(422, "Can't merge ticket with it self!");
    merge(&app, ADMIN, source, &target_number).await.expect(200);
    let (late, _) = ticket(&app, &customer).await;
    merge(&app, ADMIN, late, &source_number).await.expect_error(
        422,
        "ticket already merged, no merge into merged ticket possible",
    );
    assert_eq!(article_ids(&app, late).await.len(), 1);
    assert_eq!(links(&app, ADMIN, late).await["links"], json!([]));
}

async fn merges_are_for_agents_with_change_on_both(app: TestApp) {
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let (source, _) = ticket(&app, &customer).await;
    let (_, target_number) = ticket(&app, &customer).await;
    let before = app.get_ok(&format!("/tickets/{source}"), Some(ADMIN)).await;
    merge(&app, reader.creds(), source, &target_number)
        .await
        .expect_error(403, "Not authorized");
    merge(&app, customer.creds(), source, &target_number)
        .await
        .expect(403);
    app.call(
        reqwest::Method::PUT,
        &format!("/ticket_merge/{source}/{target_number}"),
        None,
        None,
    )
    .await
    .expect(401);
    let after = app.get_ok(&format!("/tickets/{source}"), Some(ADMIN)).await;
    assert_eq!(after["state_id"], before["state_id"]);
    assert_eq!(after["updated_at"], before["updated_at"]);
    assert_eq!(article_ids(&app, source).await.len(), 1);
    assert_eq!(links(&app, ADMIN, source).await["links"], json!([]));
}
