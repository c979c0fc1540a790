//! Links between tickets (`/links`, `/links/add`, `/links/remove`), with Zammad's request and
//! answer shapes: a link read from both sides, the linked tickets as assets, what agents
//! without `change` and customers are refused, and bad input that changes nothing.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp, TestUser, unique};

crate::on_every_backend!(
    a_link_reads_from_both_sides_with_assets,
    bad_links_are_refused_and_change_nothing,
    links_are_for_agents_with_change,
    a_new_ticket_is_linked_as_its_request_names,
);

/// A ticket in group `Users` for `customer`, opened by the admin: its id and number.
pub(crate) async fn ticket(app: &TestApp, customer: &TestUser) -> (i64, String) {
    let body = json!({
        "title": unique("Linked "),
        "group_id": 1,
        "customer_id": customer.id,
        "article": { "subject": "Hello", "body": "Something broke", "type": "note" },
    });
    let t = app.post_ok("/tickets", Some(ADMIN), body).await;
    (
        t["id"].as_i64().expect("id"),
        t["number"].as_str().expect("number").into(),
    )
}

/// `creds` asks to make ticket `number` the `link_type` of ticket `target`.
pub(crate) async fn add(
    app: &TestApp,
    creds: (&str, &str),
    link_type: &str,
    number: &str,
    target: i64,
) -> Answer {
    let body = add_body(link_type, number, target);
    app.post("/links/add", Some(creds), body).await
}

/// Zammad's `/links/add` body: ticket `number` becomes the `link_type` of ticket `target`.
fn add_body(link_type: &str, number: &str, target: i64) -> Value {
    json!({
        "link_type": link_type,
        "link_object_source": "Ticket",
        "link_object_source_number": number,
        "link_object_target": "Ticket",
        "link_object_target_value": target,
    })
}

/// Zammad's `/links/remove` body: the source by id.
fn remove_body(link_type: &str, source: i64, target: i64) -> Value {
    json!({
        "link_type": link_type,
        "link_object_source": "Ticket",
        "link_object_source_value": source,
        "link_object_target": "Ticket",
        "link_object_target_value": target,
    })
}

/// The links of ticket `id` as `creds` lists them.
pub(crate) async fn links(app: &TestApp, creds: (&str, &str), id: i64) -> Value {
    app.get_ok(
        &format!("/links?link_object=Ticket&link_object_value={id}"),
        Some(creds),
    )
    .await
}

async fn a_link_reads_from_both_sides_with_assets(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let (parent, parent_number) = ticket(&app, &customer).await;
    let (child, _) = ticket(&app, &customer).await;
    let added = app
        .post(
            "/links/add",
            Some(agent.creds()),
            add_body("parent", &parent_number, child),
        )
        .await
        .expect(201)
        .body;
    assert_eq!(added["link_type_id"], 2);
    assert_eq!(added["link_object_source_id"], 1);
    assert_eq!(added["link_object_source_value"], parent);
    assert_eq!(added["link_object_target_value"], child);
    assert!(added["created_at"].is_string());

    let of_child = links(&app, agent.creds(), child).await;
    assert_eq!(
        of_child["links"],
        json!([{ "link_type": "parent", "link_object": "Ticket", "link_object_value": parent }])
    );
    let asset = &of_child["assets"]["Ticket"][parent.to_string()];
    assert_eq!(asset["id"], parent);
    assert_eq!(asset["number"], parent_number.as_str());
    let user = &of_child["assets"]["User"][customer.id.to_string()];
    assert_eq!(user["id"], customer.id);
    assert!(user.get("password").is_none());
    assert!(of_child["assets"]["Group"]["1"]["name"].is_string());

    let of_parent = links(&app, agent.creds(), parent).await;
    assert_eq!(
        of_parent["links"],
        json!([{ "link_type": "child", "link_object": "Ticket", "link_object_value": child }])
    );
    let history = app
        .get_ok(&format!("/ticket_history/{parent}"), Some(agent.creds()))
        .await
        .to_string();
    assert!(history.contains("Link"), "{history}");

    // Removed as the other side names it: the child is the child of the parent.
    let removed = app
        .call(
            Method::DELETE,
            "/links/remove",
            Some(agent.creds()),
            Some(remove_body("child", child, parent)),
        )
        .await
        .expect(200);
    assert_eq!(removed.body, json!({}));
    assert_eq!(links(&app, agent.creds(), child).await["links"], json!([]));
    assert_eq!(links(&app, agent.creds(), parent).await["links"], json!([]));
}

async fn bad_links_are_refused_and_change_nothing(app: TestApp) {
    let customer = app.customer(None).await;
    let (one, one_number) = ticket(&app, &customer).await;
    let (two, _) = ticket(&app, &customer).await;
    add(&app, ADMIN, "normal", &one_number, one)
        .await
        .expect_error(422, "A ticket cannot be linked with itself");
    add(&app, ADMIN, "normal", "999999999", two)
        .await
        .expect_error(422, "No such object!");
    add(&app, ADMIN, "sibling", &one_number, two)
        .await
        .expect(422);
    add(&app, ADMIN, "normal", &one_number, 999_999)
        .await
        .expect(404);
    let mut user_object = add_body("normal", &one_number, two);
    user_object["link_object_target"] = json!("User");
    app.post("/links/add", Some(ADMIN), user_object)
        .await
        .expect(422);
    add(&app, ADMIN, "normal", &one_number, two)
        .await
        .expect(201);
    add(&app, ADMIN, "normal", &one_number, two)
        .await
        .expect_error(422, "Link already exists");
    assert_eq!(
        links(&app, ADMIN, two).await["links"],
        json!([{ "link_type": "normal", "link_object": "Ticket", "link_object_value": one }])
    );
    app.get(
        &format!("/links?link_object=User&link_object_value={two}"),
        Some(ADMIN),
    )
    .await
    .expect(422);
}

async fn links_are_for_agents_with_change(app: TestApp) {
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let (one, one_number) = ticket(&app, &customer).await;
    let (two, _) = ticket(&app, &customer).await;
    add(&app, reader.creds(), "normal", &one_number, two)
        .await
        .expect_error(403, "Not authorized");
    add(&app, customer.creds(), "normal", &one_number, two)
        .await
        .expect_error(403, "Not authorized");
    app.post("/links/add", None, add_body("normal", &one_number, two))
        .await
        .expect(401);
    add(&app, ADMIN, "normal", &one_number, two)
        .await
        .expect(201);
    // A reader sees the link; the customer, although the tickets are its own, does not.
    assert_eq!(
        links(&app, reader.creds(), two).await["links"][0]["link_object_value"],
        one
    );
    app.get(
        &format!("/links?link_object=Ticket&link_object_value={two}"),
        Some(customer.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    app.call(
        Method::DELETE,
        "/links/remove",
        Some(reader.creds()),
        Some(remove_body("normal", one, two)),
    )
    .await
    .expect_error(403, "Not authorized");
    assert_eq!(
        links(&app, ADMIN, two).await["links"]
            .as_array()
            .map(Vec::len),
        Some(1)
    );
}

/// A ticket create request of the admin's for `customer` with Zammad's `links`.
fn linked_ticket(customer: &TestUser, links: Value) -> Value {
    json!({
        "title": unique("Split "),
        "group_id": 1,
        "customer_id": customer.id,
        "article": { "body": "split off", "type": "note" },
        "links": links,
    })
}

async fn a_new_ticket_is_linked_as_its_request_names(app: TestApp) {
    let customer = app.customer(None).await;
    let (original, _) = ticket(&app, &customer).await;
    let (related, _) = ticket(&app, &customer).await;
    // Zammad's split: the new ticket is the child of the original.
    let body = linked_ticket(
        &customer,
        json!({ "Ticket": { "child": [original], "normal": [related.to_string()] } }),
    );
    let split = app.post_ok("/tickets", Some(ADMIN), body).await["id"]
        .as_i64()
        .expect("id");
    assert_eq!(
        links(&app, ADMIN, original).await["links"],
        json!([{ "link_type": "child", "link_object": "Ticket", "link_object_value": split }])
    );
    assert_eq!(
        links(&app, ADMIN, split).await["links"],
        json!([
            { "link_type": "parent", "link_object": "Ticket", "link_object_value": original },
            { "link_type": "normal", "link_object": "Ticket", "link_object_value": related },
        ])
    );

    // Bad structures, an unknown ticket and another object are refused; no ticket is opened.
    let before = app.get_ok("/tickets?per_page=100", Some(ADMIN)).await;
    for (links, error) in [
        (json!(["x"]), "Invalid link structure"),
        (
            json!({ "Ticket": [original] }),
            "Invalid link structure (Object)",
        ),
        (
            json!({ "Ticket": { "child": original } }),
            "Invalid link structure (Object → LinkType)",
        ),
        (
            json!({ "Ticket": { "child": [999_999_999] } }),
            "No such object!",
        ),
    ] {
        app.post("/tickets", Some(ADMIN), linked_ticket(&customer, links))
            .await
            .expect_error(422, error);
    }
    for links in [
        json!({ "User": { "child": [original] } }),
        json!({ "Ticket": { "sibling": [original] } }),
    ] {
        app.post("/tickets", Some(ADMIN), linked_ticket(&customer, links))
            .await
            .expect(422);
    }
    assert_eq!(
        app.get_ok("/tickets?per_page=100", Some(ADMIN)).await,
        before
    );

    // An agent links only tickets it may read; a customer's links are ignored, as its tags.
    let group = app
        .create(
            "/groups",
            Some(ADMIN),
            json!({ "name": unique("Elsewhere ") }),
        )
        .await;
    let outsider = app
        .create_user(
            &["Agent"],
            json!({ "group_ids": { group.to_string(): ["full"] } }),
        )
        .await;
    let mut elsewhere = linked_ticket(&customer, json!({ "Ticket": { "normal": [original] } }));
    elsewhere["group_id"] = json!(group);
    app.post("/tickets", Some(outsider.creds()), elsewhere)
        .await
        .expect_error(403, "Not authorized");
    assert_eq!(
        app.get_ok("/tickets?per_page=100", Some(ADMIN)).await,
        before
    );
    let mut own = linked_ticket(&customer, json!({ "Ticket": { "normal": [original] } }));
    own.as_object_mut().expect("object").remove("customer_id");
    own["group"] = json!("Users");
    own.as_object_mut().expect("object").remove("group_id");
    let created = app.post_ok("/tickets", Some(customer.creds()), own).await["id"]
        .as_i64()
        .expect("id");
    assert_eq!(links(&app, ADMIN, created).await["links"], json!([]));
}
