//! What one search may cost: the number of terms is bounded, and the longest query the
//! bound allows answers quickly and leaves no statement running on the database server,
//! also when its client went away.

use std::time::{Duration, Instant};

use crate::helpers::{ADMIN, TestApp};
use crate::on_every_backend;
use crate::tickets::{enc, note, open_ticket};

/// The most terms a query may have (`helpdesk_domain::search::MAX_QUERY_TERMS`).
const MAX_TERMS: usize = 32;

/// The bound on the longest query's answer. Measured on PostgreSQL (debug build, 2 shared
/// cores): 12–64 ms with the words in one sub-query; 1.3 s for the first query with one
/// sub-query per word, as before.
const BOUND: Duration = Duration::from_secs(1);

/// `n` distinct words of 30 letters, joined by spaces (32 of them: 991 characters).
fn long_words(n: usize) -> String {
    (0..n)
        .map(|i| {
            let tag: String = format!("{i:02}")
                .chars()
                .map(|d| char::from(b'a' + d.to_digit(10).unwrap_or(0) as u8))
                .collect();
            format!("{tag}{}", &"searchword".repeat(3)[..28])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

async fn too_many_terms_are_refused(app: TestApp) {
    let at_most = vec!["paper"; MAX_TERMS].join(" ");
    app.get(
        &format!("/tickets/search?query={}", enc(&at_most)),
        Some(ADMIN),
    )
    .await
    .expect(200);
    for query in [
        vec!["paper"; MAX_TERMS + 1].join(" "),
        vec!["state.name:open"; MAX_TERMS + 1].join(" OR "),
    ] {
        app.get(
            &format!("/tickets/search?query={}", enc(&query)),
            Some(ADMIN),
        )
        .await
        .expect_error(
            422,
            &format!("Search query has too many terms (maximum is {MAX_TERMS})"),
        );
    }
}

async fn the_longest_query_answers_within_its_bound(app: TestApp) {
    let customer = app.customer(None).await;
    let agent = app.agent(&["full"]).await;
    let words = long_words(MAX_TERMS);
    assert!(words.chars().count() <= 1000, "{} characters", words.len());
    let first = words.split(' ').next().unwrap_or_default().to_string();
    for _ in 0..3 {
        open_ticket(&app, ADMIN, customer.id, note(&words)).await;
    }
    open_ticket(&app, ADMIN, customer.id, note(&first)).await;
    let path = format!("/tickets/search?query={}&limit=50", enc(&words));
    for creds in [customer.creds(), agent.creds(), ADMIN] {
        let started = Instant::now();
        let found = app.get(&path, Some(creds)).await.expect(200);
        let took = started.elapsed();
        assert!(took < BOUND, "the longest query took {took:?}");
        let ids = found.body.as_array().map(Vec::len);
        println!("the longest query took {took:?}");
        assert_eq!(ids, Some(3), "{}", found.text);
    }
    // Four at once, as four clients would.
    let started = Instant::now();
    let one = || app.get(&path, Some(customer.creds()));
    let (a, b, c, d) = tokio::join!(one(), one(), one(), one());
    for answer in [a, b, c, d] {
        answer.expect(200);
    }
    let took = started.elapsed();
    assert!(took < BOUND * 2, "four longest queries took {took:?}");
    // A client that goes away before its answer.
    let (login, password) = customer.creds();
    let gone = app
        .request(reqwest::Method::GET, &path)
        .basic_auth(login, Some(password))
        .timeout(Duration::from_millis(20))
        .send()
        .await;
    drop(gone);
    if let Some(database) = app.database() {
        let deadline = Instant::now() + BOUND;
        loop {
            let running = database.running_statements("ticket_search_rows").await;
            if running == 0 {
                break;
            }
            assert!(
                Instant::now() < deadline,
                "{running} search statements still run on the server"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

on_every_backend!(
    too_many_terms_are_refused,
    the_longest_query_answers_within_its_bound
);

/// A search whose client closes its connection while the statement runs: the server drops
/// the request, and the statement is cancelled on PostgreSQL at once, not left to run to
/// the statement timeout (30 s here) for nobody.
#[tokio::test]
async fn a_search_whose_client_went_away_is_cancelled_on_postgres() {
    use base64::Engine;
    use helpdesk_test_support::{Server, TestDatabase};
    use tokio::io::AsyncWriteExt;

    let Some(database) = TestDatabase::create(Server::Postgres).await else {
        return;
    };
    let url = database.url().to_string();
    let app = TestApp::spawn_on_database(database, url, |s| {
        s.database.statement_timeout = Duration::from_secs(30);
    })
    .await;
    app.get("/tickets/search?query=paper", Some(ADMIN))
        .await
        .expect(200);
    let database = app.database().expect("a PostgreSQL database");
    let lock = database.lock_table("ticket_search_rows").await;

    let address = app
        .base()
        .trim_start_matches("http://")
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    let credentials =
        base64::engine::general_purpose::STANDARD.encode(format!("{}:{}", ADMIN.0, ADMIN.1));
    let mut client = tokio::net::TcpStream::connect(&address)
        .await
        .expect("connects");
    let head = format!(
        "GET /api/v1/tickets/search?query=paper HTTP/1.1\r\nHost: {address}\r\n\
         Authorization: Basic {credentials}\r\n\r\n"
    );
    client.write_all(head.as_bytes()).await.expect("sends");
    let deadline = Instant::now() + Duration::from_secs(10);
    while database.running_statements("ticket_search_rows").await == 0 {
        assert!(Instant::now() < deadline, "the search never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    drop(client);
    let gone = Instant::now();
    loop {
        let running = database.running_statements("ticket_search_rows").await;
        if running == 0 {
            break;
        }
        assert!(
            gone.elapsed() < Duration::from_secs(2),
            "{running} search statements still run {:?} after the client went away",
            gone.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    println!(
        "the search was cancelled {:?} after its client went away",
        gone.elapsed()
    );
    lock.release().await;
    app.get("/tickets/search?query=paper", Some(ADMIN))
        .await
        .expect(200);
}
