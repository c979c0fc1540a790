//! `/ticket_articles` and `/ticket_attachment`: agents' and customers' articles, internal
//! articles hidden from customers, the agents' narrow update, and attachments.

use base64::Engine;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp};
use crate::tickets::{id_of, note, open_ticket};

const B64: base64::engine::GeneralPurpose = base64::engine::general_purpose::STANDARD;

/// The ids of the articles of a ticket as `creds` lists them.
async fn article_ids(app: &TestApp, creds: (&str, &str), ticket_id: i64) -> Vec<i64> {
    app.get_ok(
        &format!("/ticket_articles/by_ticket/{ticket_id}"),
        Some(creds),
    )
    .await
    .as_array()
    .expect("array")
    .iter()
    .map(id_of)
    .collect()
}

async fn agents_post_internal_and_public_articles(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("first")).await;
    let id = id_of(&ticket);
    let internal = app.post_ok(
            "/ticket_articles",
            Some(agent.creds()),
            json!({ "ticket_id": id, "subject": "Internal", "body": "between us", "type": "note", "internal": true }),
        ).await;
    assert_eq!(internal["ticket_id"], id);
    assert_eq!(internal["internal"], true);
    assert_eq!(internal["type"], "note");
    assert_eq!(internal["type_id"], 10);
    assert_eq!(internal["sender"], "Agent");
    assert_eq!(internal["sender_id"], 1);
    assert_eq!(internal["subject"], "Internal");
    assert_eq!(internal["body"], "between us");
    assert_eq!(internal["content_type"], "text/plain");
    assert_eq!(internal["created_by_id"], agent.id);
    assert_eq!(internal["created_by"], agent.login.as_str());
    assert_eq!(internal["updated_by"], agent.login.as_str());
    assert_eq!(internal["attachments"], json!([]));
    let public = app
        .post_ok(
            "/ticket_articles",
            Some(agent.creds()),
            json!({ "ticket_id": id, "body": "<p>Hi</p>", "type": "email", "internal": false,
                    "to": customer.login, "content_type": "text/html" }),
        )
        .await;
    assert_eq!(public["internal"], false);
    assert_eq!(public["type"], "email");
    assert_eq!(public["type_id"], 1);
    assert_eq!(public["to"], customer.login.as_str());
    assert_eq!(public["content_type"], "text/html");
    let shown = app
        .get_ok(
            &format!("/ticket_articles/{}", id_of(&public)),
            Some(agent.creds()),
        )
        .await;
    assert_eq!(shown, public);
    let all = vec![
        ticket["article_ids"][0].as_i64().expect("first"),
        id_of(&internal),
        id_of(&public),
    ];
    assert_eq!(article_ids(&app, agent.creds(), id).await, all);
    assert_eq!(
        app.get_ok(&format!("/tickets/{id}"), Some(agent.creds()))
            .await["article_ids"],
        json!(all)
    );

    // Refusals.
    let reader = app.agent(&["read"]).await;
    app.post(
        "/ticket_articles",
        Some(reader.creds()),
        json!({ "ticket_id": id, "body": "no" }),
    )
    .await
    .expect_error(403, "Not authorized");
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": id, "body": "" }),
    )
    .await
    .expect_error(422, "Missing required attribute 'body'");
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "body": "x" }),
    )
    .await
    .expect_error(422, "Missing required attribute 'ticket_id'");
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        json!({ "ticket_id": 999, "body": "x" }),
    )
    .await
    .expect_error(422, "No lookup value found for 'ticket_id': \"999\"");
    app.post(
        "/ticket_articles",
        None,
        json!({ "ticket_id": id, "body": "x" }),
    )
    .await
    .expect_error(401, "Authentication required");
    assert_eq!(article_ids(&app, agent.creds(), id).await, all);
    app.get("/ticket_articles/999", Some(ADMIN))
        .await
        .expect(404);
}

async fn customer_articles_are_forced(app: TestApp) {
    let customer = app.customer(None).await;
    let stranger = app.customer(None).await;
    let ticket = open_ticket(&app, ADMIN, customer.id, note("first")).await;
    let id = id_of(&ticket);
    let forced = app
        .post_ok(
            "/ticket_articles",
            Some(customer.creds()),
            json!({ "ticket_id": id, "body": "from me", "type": "email", "sender": "Agent",
                    "internal": true, "time_unit": 9 }),
        )
        .await;
    assert_eq!(forced["sender"], "Customer");
    assert_eq!(forced["sender_id"], 2);
    assert_eq!(forced["internal"], false);
    assert_eq!(forced["type"], "note");
    assert_eq!(forced["type_id"], 10);
    assert_eq!(forced["created_by_id"], customer.id);
    let web = app
        .post_ok(
            "/ticket_articles",
            Some(customer.creds()),
            json!({ "ticket_id": id, "body": "via web", "type": "web" }),
        )
        .await;
    assert_eq!(web["type"], "web");
    assert_eq!(web["type_id"], 11);
    assert_eq!(web["sender"], "Customer");
    let after = app.get_ok(&format!("/tickets/{id}"), Some(ADMIN)).await;
    assert_eq!(after["time_unit"], Value::Null);
    assert_eq!(after["article_count"], 3);
    app.post(
        "/ticket_articles",
        Some(stranger.creds()),
        json!({ "ticket_id": id, "body": "intrusion", "type": "web" }),
    )
    .await
    .expect_error(403, "Not authorized");
    assert_eq!(article_ids(&app, ADMIN, id).await.len(), 3);
}

async fn internal_articles_are_hidden_from_customers(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("public")).await;
    let id = id_of(&ticket);
    let first = ticket["article_ids"][0].as_i64().expect("first");
    let internal = id_of(
        &app.post_ok(
            "/ticket_articles",
            Some(agent.creds()),
            json!({ "ticket_id": id, "body": "secret", "internal": true }),
        )
        .await,
    );
    assert_eq!(
        article_ids(&app, agent.creds(), id).await,
        vec![first, internal]
    );
    let by_customer = app
        .get(
            &format!("/ticket_articles/by_ticket/{id}"),
            Some(customer.creds()),
        )
        .await
        .expect(200);
    assert_eq!(by_customer.body.as_array().expect("array").len(), 1);
    assert_eq!(by_customer.body[0]["id"], first);
    assert!(!by_customer.text.contains("secret"));
    let denied = app
        .get(
            &format!("/ticket_articles/{internal}"),
            Some(customer.creds()),
        )
        .await
        .expect_error(403, "Not authorized");
    assert!(!denied.text.contains("secret"));
    app.get(&format!("/ticket_articles/{first}"), Some(customer.creds()))
        .await
        .expect(200);
    let ticket_view = app
        .get_ok(&format!("/tickets/{id}"), Some(customer.creds()))
        .await;
    assert_eq!(ticket_view["article_ids"], json!([first]));
    let reader = app.agent(&["read"]).await;
    app.get(
        &format!("/ticket_articles/{internal}"),
        Some(reader.creds()),
    )
    .await
    .expect(200);
    let stranger = app.customer(None).await;
    app.get(&format!("/ticket_articles/{first}"), Some(stranger.creds()))
        .await
        .expect_error(403, "Not authorized");
}

async fn agents_change_only_the_internal_flag(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let reader = app.agent(&["read"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("original body")).await;
    let article = ticket["article_ids"][0].as_i64().expect("article");
    let path = format!("/ticket_articles/{article}");
    let changed = app
        .put_ok(
            &path,
            Some(agent.creds()),
            json!({ "internal": true, "body": "rewritten", "subject": "rewritten" }),
        )
        .await;
    assert_eq!(changed["internal"], true);
    assert_eq!(changed["body"], "original body");
    assert_eq!(changed["subject"], "Subject");
    assert_eq!(changed["updated_by_id"], agent.id);
    let before = app.get_ok(&path, Some(agent.creds())).await;
    assert_eq!(before, changed);
    app.put(&path, Some(customer.creds()), json!({ "internal": false }))
        .await
        .expect_error(403, "Not authorized");
    app.put(&path, Some(reader.creds()), json!({ "internal": false }))
        .await
        .expect_error(403, "Not authorized");
    assert_eq!(app.get_ok(&path, Some(agent.creds())).await, before);
    let public = app
        .put_ok(&path, Some(agent.creds()), json!({ "internal": false }))
        .await;
    assert_eq!(public["internal"], false);
    app.get(&path, Some(customer.creds())).await.expect(200);
    app.put(
        "/ticket_articles/999",
        Some(agent.creds()),
        json!({ "internal": true }),
    )
    .await
    .expect(404);
}

async fn attachments_are_stored_and_downloaded(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let stranger = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("first")).await;
    let id = id_of(&ticket);
    let first_article = ticket["article_ids"][0].as_i64().expect("first");
    let article = app.post_ok(
            "/ticket_articles",
            Some(agent.creds()),
            json!({
                "ticket_id": id, "body": "see attached", "type": "note",
                "attachments": [
                    { "filename": "hello.txt", "data": B64.encode("hello world"), "mime-type": "text/plain" },
                    { "filename": "page.html", "data": B64.encode("<b>x</b>"), "mime-type": "text/html" },
                ],
            }),
        ).await;
    let article_id = id_of(&article);
    let files = article["attachments"].as_array().expect("attachments");
    assert_eq!(files.len(), 2);
    assert_eq!(files[0]["filename"], "hello.txt");
    assert_eq!(files[0]["size"], "11");
    assert_eq!(files[0]["preferences"]["Mime-Type"], "text/plain");
    assert_eq!(files[1]["filename"], "page.html");
    assert_eq!(files[1]["size"], "8");
    let file_id = id_of(&files[0]);
    let html_id = id_of(&files[1]);
    let listed = app
        .get_ok(
            &format!("/ticket_articles/{article_id}"),
            Some(customer.creds()),
        )
        .await;
    assert_eq!(listed["attachments"], article["attachments"]);

    for creds in [agent.creds(), customer.creds()] {
        let download = app
            .get(
                &format!("/ticket_attachment/{id}/{article_id}/{file_id}"),
                Some(creds),
            )
            .await
            .expect(200);
        assert_eq!(download.text, "hello world");
        assert_eq!(download.header("Content-Type"), Some("text/plain"));
        assert!(
            download
                .header("Content-Disposition")
                .is_some_and(|d| d.starts_with("attachment")),
            "{:?}",
            download.headers
        );
        assert_eq!(download.header("X-Content-Type-Options"), Some("nosniff"));
    }
    let html = app
        .get(
            &format!("/ticket_attachment/{id}/{article_id}/{html_id}"),
            Some(agent.creds()),
        )
        .await
        .expect(200);
    assert_eq!(html.text, "<b>x</b>");
    assert_eq!(html.header("Content-Type"), Some("text/html"));
    assert!(
        html.header("Content-Disposition")
            .is_some_and(|d| d.starts_with("attachment"))
    );

    // Ids that do not belong together.
    let other = open_ticket(&app, agent.creds(), customer.id, note("other")).await;
    let other_id = id_of(&other);
    app.get(
        &format!("/ticket_attachment/{other_id}/{article_id}/{file_id}"),
        Some(agent.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    app.get(
        &format!("/ticket_attachment/{id}/{first_article}/{file_id}"),
        Some(agent.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    app.get(
        &format!("/ticket_attachment/{id}/{article_id}/{file_id}"),
        Some(stranger.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
    app.get(
        &format!("/ticket_attachment/{id}/{article_id}/{file_id}"),
        None,
    )
    .await
    .expect_error(401, "Authentication required");
    app.get(
        &format!("/ticket_attachment/{id}/{article_id}/9999"),
        Some(agent.creds()),
    )
    .await
    .expect(404);

    // An internal article's attachment is the agents' only.
    app.put(
        &format!("/ticket_articles/{article_id}"),
        Some(agent.creds()),
        json!({ "internal": true }),
    )
    .await
    .expect(200);
    app.get(
        &format!("/ticket_attachment/{id}/{article_id}/{file_id}"),
        Some(customer.creds()),
    )
    .await
    .expect_error(403, "Not authorized");
}

async fn bad_attachments_write_nothing(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, agent.creds(), customer.id, note("first")).await;
    let id = id_of(&ticket);
    let before = article_ids(&app, agent.creds(), id).await;
    let with = |attachment: Value| json!({ "ticket_id": id, "body": "broken", "attachments": [attachment] });
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        with(json!({ "filename": "a.txt", "data": B64.encode("a") })),
    )
    .await
    .expect_error(
        422,
        "Attachment needs 'mime-type' param for attachment with index '0'.",
    );
    app.post(
        "/ticket_articles",
        Some(agent.creds()),
        with(json!({ "filename": "a.txt", "data": "@@not base64@@", "mime-type": "text/plain" })),
    )
    .await
    .expect_error(422, "Invalid base64 for attachment with index '0'.");
    assert_eq!(article_ids(&app, agent.creds(), id).await, before);
    let after = app
        .get_ok(&format!("/tickets/{id}"), Some(agent.creds()))
        .await;
    assert_eq!(after["article_count"], 1);
    assert_eq!(after["updated_at"], ticket["updated_at"]);
    // Also inside a ticket create: nothing is written.
    let tickets_before = app.get_ok("/tickets", Some(ADMIN)).await;
    app.post(
        "/tickets",
        Some(agent.creds()),
        json!({
            "title": "With a bad file", "group_id": 1, "customer_id": customer.id,
            "article": { "body": "x", "attachments": [
                { "filename": "ok.txt", "data": B64.encode("ok"), "mime-type": "text/plain" },
                { "filename": "bad.txt", "data": "%%%", "mime-type": "text/plain" },
            ] },
        }),
    )
    .await
    .expect_error(422, "Invalid base64 for attachment with index '1'.");
    assert_eq!(app.get_ok("/tickets", Some(ADMIN)).await, tickets_before);
}

/// A hostile HTML body as a customer might send it: every active part must be gone when an
/// agent reads it back.
const XSS_BODY: &str = concat!(
    r#"<p onclick="steal()">Hello <b>agent</b></p><script>alert(1)</script>"#,
    r#"<img src="x" onerror="alert(2)"><img src="cid:logo@mail" alt="logo">"#,
    r#"<a href="javascript:alert(3)">click</a><a href="https://example.com/">site</a>"#,
    r#"<iframe src="https://evil.test/"></iframe><style>body{display:none}</style>"#,
    r#"<span style="color: red; position: fixed">red</span>"#,
);

/// What [`XSS_BODY`] is stored as.
const XSS_CLEAN: &str = concat!(
    r#"<p>Hello <b>agent</b></p><img><img src="cid:logo@mail" alt="logo">"#,
    r#"<a rel="nofollow noreferrer noopener" target="_blank">click</a>"#,
    r#"<a href="https://example.com/" target="_blank" rel="nofollow noreferrer noopener">site</a>"#,
    r#"<span style="color:red;">red</span>"#,
);

/// Asserts an article body read back is [`XSS_BODY`] sanitised (attribute order aside).
fn assert_sanitised(body: &Value) {
    let body = body.as_str().expect("a body");
    for gone in [
        "<script",
        "alert",
        "onerror",
        "onclick",
        "javascript:",
        "<iframe",
        "<style",
        "position",
    ] {
        assert!(!body.contains(gone), "{gone} survived in {body}");
    }
    let normalise = |html: &str| {
        let mut parts: Vec<&str> = html.split(['<', '>', ' ']).collect();
        parts.sort_unstable();
        parts.join(" ")
    };
    assert_eq!(normalise(body), normalise(XSS_CLEAN), "{body}");
}

async fn html_bodies_are_stored_sanitised(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    // Inline in a customer's new ticket.
    let html = |body: &str| json!({ "body": body, "content_type": "text/html", "type": "web" });
    let ticket = app
        .post_ok(
            "/tickets",
            Some(customer.creds()),
            json!({ "title": "XSS", "group_id": 1, "article": html(XSS_BODY) }),
        )
        .await;
    let id = id_of(&ticket);
    // Through `POST /ticket_articles` and through `PUT /tickets` with an article.
    let posted = app
        .post_ok(
            "/ticket_articles",
            Some(customer.creds()),
            json!({ "ticket_id": id, "body": XSS_BODY, "content_type": "text/html" }),
        )
        .await;
    assert_sanitised(&posted["body"]);
    app.put(
        &format!("/tickets/{id}"),
        Some(customer.creds()),
        json!({ "article": html(XSS_BODY) }),
    )
    .await
    .expect(200);
    let articles = app
        .get_ok(
            &format!("/ticket_articles/by_ticket/{id}"),
            Some(agent.creds()),
        )
        .await;
    let articles = articles.as_array().expect("array");
    assert_eq!(articles.len(), 3);
    for article in articles {
        assert_eq!(article["content_type"], "text/html");
        assert_sanitised(&article["body"]);
        let shown = app
            .get_ok(
                &format!("/ticket_articles/{}", id_of(article)),
                Some(agent.creds()),
            )
            .await;
        assert_sanitised(&shown["body"]);
    }
    // A plain-text body is text, not markup: stored as sent.
    let plain = app
        .post_ok(
            "/ticket_articles",
            Some(agent.creds()),
            json!({ "ticket_id": id, "body": "<script>x</script>", "content_type": "text/plain" }),
        )
        .await;
    assert_eq!(plain["body"], "<script>x</script>");
}

/// `article_count` counts for a customer only the articles it sees: internal notes of the
/// agents are not counted (the agents' count includes them).
async fn customers_article_count_leaves_out_internal_articles(app: TestApp) {
    let agent = app.agent(&["full"]).await;
    let customer = app.customer(None).await;
    let ticket = open_ticket(&app, customer.creds(), customer.id, note("mine")).await;
    let id = id_of(&ticket);
    for internal in [true, true, false] {
        app.post(
            "/ticket_articles",
            Some(agent.creds()),
            json!({ "ticket_id": id, "body": "agent", "type": "note", "internal": internal }),
        )
        .await
        .expect(200);
    }
    let count = |answer: &Value| {
        let record = answer.as_array().map_or(answer, |list| {
            list.iter().find(|t| t["id"] == id).expect("listed")
        });
        record["article_count"].clone()
    };
    for path in [
        format!("/tickets/{id}"),
        "/tickets".to_string(),
        "/tickets/search?query=*".to_string(),
    ] {
        let mine = app.get_ok(&path, Some(customer.creds())).await;
        assert_eq!(count(&mine), 2, "{path}");
        let all = app.get_ok(&path, Some(agent.creds())).await;
        assert_eq!(count(&all), 4, "{path}");
    }
    let updated = app
        .put_ok(
            &format!("/tickets/{id}"),
            Some(customer.creds()),
            json!({ "title": "Renamed" }),
        )
        .await;
    assert_eq!(updated["article_count"], 2);
    assert_eq!(article_ids(&app, customer.creds(), id).await.len(), 2);
}

crate::on_every_backend!(
    agents_post_internal_and_public_articles,
    customer_articles_are_forced,
    internal_articles_are_hidden_from_customers,
    agents_change_only_the_internal_flag,
    attachments_are_stored_and_downloaded,
    bad_attachments_write_nothing,
    html_bodies_are_stored_sanitised,
    customers_article_count_leaves_out_internal_articles,
);
