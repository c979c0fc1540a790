//! A free-text ticket search whose caller goes away (its future is dropped, as a server drops
//! a request's handler) has its statement cancelled on PostgreSQL at once, not left running
//! until the statement timeout. Skipped when `HELPDESK_TEST_POSTGRES_URL` is not set (fails
//! instead in CI, see `helpdesk_test_support`).

use std::sync::Arc;
use std::time::{Duration, Instant};

use helpdesk_domain::search::Query;
use helpdesk_domain::{Listing, Page, Ticket};
use helpdesk_storage::{Mode, Result, Sort, Store, TicketFilter, TicketScope, Transaction};
use helpdesk_storage_seaorm::{SeaOrmStore, StoreOptions};
use helpdesk_test_support::{Server, TestDatabase};

/// The statement timeout of this test: far beyond [`CANCELLED_WITHIN`], so that only a cancel
/// can end the statement in time.
const STATEMENT_TIMEOUT: Duration = Duration::from_secs(30);

/// How soon after the drop the statement must be gone. Measured (debug build, 2 shared cores):
/// about 10 ms with the cancel; without it the statement waits on for the lock until the
/// statement timeout.
const CANCELLED_WITHIN: Duration = Duration::from_secs(1);

/// The longest query there is: 32 words (`helpdesk_domain::search::MAX_QUERY_TERMS`).
fn longest_query() -> Query {
    let words: Vec<String> = (0..32).map(|i| format!("word{i}searchterm")).collect();
    Query::parse(&words.join(" ")).expect("a valid query")
}

/// The first 50 tickets `filter` finds, by id.
async fn first_page(tx: &mut dyn Transaction, filter: &TicketFilter) -> Result<Listing<Ticket>> {
    let page = Page {
        offset: 0,
        limit: 50,
    };
    tx.list_tickets(filter, &Sort::by_id(), page).await
}

/// Starts a search on `store` that blocks on `ticket_search_rows` (locked by the caller).
fn search(store: &Arc<SeaOrmStore>, query: Query) -> tokio::task::JoinHandle<()> {
    let store = Arc::clone(store);
    tokio::spawn(async move {
        let mut tx = store.begin(Mode::Read).await.expect("a read transaction");
        let filter = TicketFilter {
            scope: TicketScope::Customer {
                customer_id: 1,
                organization_id: None,
            },
            query,
            internal_articles: false,
        };
        let _ = first_page(tx.as_mut(), &filter).await;
    })
}

/// Waits until `database` runs a statement on the search rows; panics after 10 s.
async fn until_running(database: &TestDatabase) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while database.running_statements("ticket_search_rows").await == 0 {
        assert!(Instant::now() < deadline, "the search never started");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn dropped_search_is_cancelled(query: Query) {
    let Some(database) = TestDatabase::create(Server::Postgres).await else {
        return;
    };
    let options = StoreOptions {
        statement_timeout: STATEMENT_TIMEOUT,
        ..StoreOptions::default()
    };
    let store = Arc::new(
        SeaOrmStore::connect_with(database.url(), &options)
            .await
            .expect("connects"),
    );
    let lock = database.lock_table("ticket_search_rows").await;
    let task = search(&store, query);
    until_running(&database).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(!task.is_finished(), "the search ended despite the lock");
    // The caller goes away: its future is dropped mid-statement.
    task.abort();
    let gone = Instant::now();
    loop {
        let running = database.running_statements("ticket_search_rows").await;
        if running == 0 {
            break;
        }
        assert!(
            gone.elapsed() < CANCELLED_WITHIN,
            "{running} search statements still run {:?} after the search was dropped",
            gone.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    println!(
        "the dropped search's statement ended {:?} after the drop",
        gone.elapsed()
    );
    lock.release().await;
    // The store still searches (the cancel hit only the dropped search).
    let mut tx = store.begin(Mode::Read).await.expect("a read transaction");
    let filter = TicketFilter {
        scope: TicketScope::All,
        query: longest_query(),
        internal_articles: true,
    };
    let found = first_page(tx.as_mut(), &filter)
        .await
        .expect("a search answers");
    assert_eq!(found.total, 0);
}

/// The longest query, which goes through the grouped sub-query of all its words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_longest_search_is_cancelled_on_postgres() {
    dropped_search_is_cancelled(longest_query()).await;
}

/// One word, which the search index alone counts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dropped_one_word_search_is_cancelled_on_postgres() {
    dropped_search_is_cancelled(Query::parse("paper").expect("a valid query")).await;
}
