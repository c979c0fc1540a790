//! Articles and attachments: round trips, ids, the articles of a ticket, updates, and
//! attachment metadata and bytes.

use helpdesk_domain::{Article, ArticleType, Attachment, Sender};
use helpdesk_storage::Store;

use crate::fixtures::{
    add_article, add_ticket, add_ticket_basics, assert_missing, at, commit, committed, ids_of,
    norm_article, norm_attachment, read, sample_article, sample_attachment, sample_ticket, write,
};

/// An article with every optional field set: an internal HTML email from the customer.
fn full_article(ticket_id: i64) -> Article {
    Article {
        type_id: ArticleType::from_name("email").expect("email").id,
        sender_id: Sender::Customer.id(),
        from: Some("Bob <bob@example.com>".into()),
        to: Some("support@example.com".into()),
        cc: Some("carl@example.com".into()),
        subject: Some("Printer on fire".into()),
        reply_to: Some("bob+reply@example.com".into()),
        message_id: Some("<abc@example.com>".into()),
        message_id_md5: Some("0123456789abcdef0123456789abcdef".into()),
        in_reply_to: Some("<prev@example.com>".into()),
        content_type: "text/html".into(),
        references: Some("<first@example.com> <prev@example.com>".into()),
        internal: true,
        preferences: serde_json::json!({"delivery": {"attempts": 2}, "security": null}),
        origin_by_id: Some(1),
        time_unit: Some(0.75),
        ..sample_article(ticket_id, "<p>It burns.</p>")
    }
}

/// Every field of inserted articles reads back, options both set and unset; the given id is
/// ignored and ids count from 1.
pub async fn article_round_trip_keeps_every_field(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "t")).await;
    let mut full = full_article(1);
    full.id = 50;
    let stored = add_article(store, full.clone()).await;
    let expected_full = Article {
        id: 1,
        ..norm_article(&full)
    };
    assert_eq!(norm_article(&stored), expected_full);
    let minimal = sample_article(1, "plain");
    let stored = add_article(store, minimal.clone()).await;
    let expected_minimal = Article {
        id: 2,
        ..norm_article(&minimal)
    };
    assert_eq!(norm_article(&stored), expected_minimal);
    let mut tx = read(store).await;
    let read_back = tx.article(1).await.unwrap().expect("article 1");
    assert_eq!(norm_article(&read_back), expected_full);
    assert_eq!(read_back.time_unit, Some(0.75));
    let read_back = tx.article(2).await.unwrap().expect("article 2");
    assert_eq!(norm_article(&read_back), expected_minimal);
    assert_eq!(tx.article(3).await.unwrap(), None);
}

/// A ticket's articles by id, internal ones only when asked for; other tickets' never; a
/// ticket with the ids of its articles, all and public ones.
pub async fn articles_of_ticket_by_id_and_visibility(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "one")).await;
    add_ticket(store, sample_ticket("1002", "two")).await;
    for (ticket, internal) in [(1, false), (2, false), (1, true), (1, false), (2, true)] {
        let mut article = sample_article(ticket, "body");
        article.internal = internal;
        add_article(store, article).await;
    }
    let mut tx = read(store).await;
    for (ticket, internal, expected) in [
        (1, true, vec![1, 3, 4]),
        (1, false, vec![1, 4]),
        (2, true, vec![2, 5]),
        (2, false, vec![2]),
        (99, true, vec![]),
    ] {
        let articles = tx.articles_of_ticket(ticket, internal).await.unwrap();
        assert_eq!(
            ids_of(&articles, |a| a.id),
            expected,
            "ticket {ticket} internal={internal}"
        );
        let ids = tx.article_ids_of_ticket(ticket, internal).await.unwrap();
        assert_eq!(ids, expected, "ids of ticket {ticket} internal={internal}");
    }
    drop(tx);
    add_ticket(store, sample_ticket("1003", "no articles")).await;
    let mut tx = read(store).await;
    for (ticket, all, public) in [
        (1, vec![1, 3, 4], vec![1, 4]),
        (2, vec![2, 5], vec![2]),
        (3, vec![], vec![]),
    ] {
        let found = tx
            .ticket_with_article_ids(ticket)
            .await
            .unwrap()
            .expect("ticket");
        assert_eq!(Some(found.ticket), tx.ticket(ticket).await.unwrap());
        assert_eq!(found.article_ids, all, "all article ids of ticket {ticket}");
        assert_eq!(
            found.public_article_ids, public,
            "public article ids of ticket {ticket}"
        );
    }
    assert_eq!(tx.ticket_with_article_ids(99).await.unwrap(), None);
}

/// An update replaces every field of the article; an unknown id answers `Missing`.
pub async fn article_update_replaces_fields(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "t")).await;
    let stored = add_article(store, sample_article(1, "plain")).await;
    let mut changed = Article {
        id: stored.id,
        ..full_article(1)
    };
    changed.meta.updated_at = at(9_000);
    let mut tx = write(store).await;
    tx.update_article(&changed).await.unwrap();
    assert_missing(
        tx.update_article(&Article {
            id: 99,
            ..changed.clone()
        })
        .await,
    );
    commit(tx).await;
    let mut tx = read(store).await;
    let read_back = tx.article(stored.id).await.unwrap().unwrap();
    assert_eq!(norm_article(&read_back), norm_article(&changed));
    drop(tx);
    committed(store, async |tx| tx.update_article(&stored).await.unwrap()).await;
    let mut tx = read(store).await;
    let read_back = tx.article(stored.id).await.unwrap().unwrap();
    assert_eq!(norm_article(&read_back), norm_article(&stored));
}

/// Attachments get ids from 1; metadata and bytes (any bytes, also none) read back; the
/// attachments of several articles come by id.
pub async fn attachments_round_trip_with_bytes(store: &dyn Store) {
    add_ticket_basics(store).await;
    add_ticket(store, sample_ticket("1001", "t")).await;
    for _ in 0..3 {
        add_article(store, sample_article(1, "body")).await;
    }
    let binary: Vec<u8> = (0..=255u8).rev().chain([0, 0, 0xff]).collect();
    let mut first = sample_attachment(2, "report.pdf");
    first.id = 40;
    first.size = binary.len() as i64;
    let second = Attachment {
        filename: "empty.txt".into(),
        size: 0,
        content_type: "text/plain".into(),
        preferences: serde_json::json!({}),
        ..sample_attachment(1, "unused")
    };
    let third = sample_attachment(2, "image.png");
    let mut tx = write(store).await;
    let stored = tx.insert_attachment(&first, &binary).await.unwrap();
    assert_eq!(
        norm_attachment(&stored),
        Attachment {
            id: 1,
            ..norm_attachment(&first)
        }
    );
    assert_eq!(tx.insert_attachment(&second, b"").await.unwrap().id, 2);
    assert_eq!(tx.insert_attachment(&third, b"png").await.unwrap().id, 3);
    commit(tx).await;

    let mut tx = read(store).await;
    let (meta, bytes) = tx.attachment_data(1).await.unwrap().expect("first");
    assert_eq!(
        norm_attachment(&meta),
        Attachment {
            id: 1,
            ..norm_attachment(&first)
        }
    );
    assert_eq!(bytes, binary);
    let (meta, bytes) = tx.attachment_data(2).await.unwrap().expect("second");
    assert_eq!(
        norm_attachment(&meta),
        Attachment {
            id: 2,
            ..norm_attachment(&second)
        }
    );
    assert!(bytes.is_empty());
    assert_eq!(tx.attachment_data(4).await.unwrap(), None);
    for (articles, expected) in [
        (vec![1, 2], vec![1, 2, 3]),
        (vec![2], vec![1, 3]),
        (vec![1], vec![2]),
        (vec![3], vec![]),
        (vec![], vec![]),
    ] {
        let found = tx.attachments_of_articles(&articles).await.unwrap();
        assert_eq!(ids_of(&found, |a| a.id), expected, "articles {articles:?}");
    }
    let listed = tx.attachments_of_articles(&[2]).await.unwrap();
    assert_eq!(
        norm_attachment(&listed[1]),
        Attachment {
            id: 3,
            ..norm_attachment(&third)
        }
    );
}
