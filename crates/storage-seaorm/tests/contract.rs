//! The storage contract suite against the SQL store: on SQLite (a new file per test), and on
//! PostgreSQL and MariaDB/MySQL (a new database per test, see [`helpdesk_test_support`]): those
//! tests skip when `HELPDESK_TEST_POSTGRES_URL` / `HELPDESK_TEST_MYSQL_URL` is not set, and fail
//! instead in CI; and on `sqlite::memory:`, a new in-memory database per test.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use helpdesk_storage::{Mode, Result, Store, Transaction};
use helpdesk_storage_seaorm::SeaOrmStore;
use helpdesk_test_support::{Server, TestDatabase};

/// Seconds since the Unix epoch.
fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A name no other test of any process uses: `helpdesk_test_<secs>_<pid>_<n>_<nanos>`
/// (for SQLite files; server databases are named by `helpdesk_test_support`).
fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "helpdesk_test_{}_{}_{}_{}",
        now_secs(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

/// SQLite test files older than this are removed by the next run.
const STALE_AFTER_SECS: u64 = 3600;

mod sqlite {
    use std::path::Path;
    use std::sync::Once;
    use std::time::Duration;

    use super::*;

    /// A fresh store on a new database file under the temp directory.
    async fn fresh_store() -> SeaOrmStore {
        let dir = std::env::temp_dir().join("helpdesk-tests");
        static CLEANUP: Once = Once::new();
        CLEANUP.call_once(|| remove_stale_files(&dir));
        let path = dir.join(format!("{}.db", unique_name()));
        SeaOrmStore::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("a SQLite store")
    }

    helpdesk_storage_contract::storage_contract_tests!(fresh_store);

    /// Removes the database files (and their WAL files) earlier runs left behind.
    fn remove_stale_files(dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let stale = Duration::from_secs(STALE_AFTER_SECS);
        for entry in entries.flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t.elapsed().is_ok_and(|age| age > stale));
            if old {
                // Another process may be removing it too; either way it ends up gone.
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

mod sqlite_memory {
    use super::*;

    /// A fresh store on a new in-memory database.
    async fn fresh_store() -> SeaOrmStore {
        SeaOrmStore::connect("sqlite::memory:")
            .await
            .expect("an in-memory SQLite store")
    }

    helpdesk_storage_contract::storage_contract_tests!(fresh_store);
}

/// A store on its own test database, which is dropped with it.
struct ServerStore {
    store: SeaOrmStore,
    _database: TestDatabase,
}

impl ServerStore {
    /// A fresh store on a new database of `server`, or `None` when its URL is not set.
    async fn fresh(server: Server) -> Option<ServerStore> {
        let database = TestDatabase::create(server).await?;
        let store = SeaOrmStore::connect(database.url())
            .await
            .unwrap_or_else(|err| panic!("a store on {}: {err}", database.name()));
        Some(ServerStore {
            store,
            _database: database,
        })
    }
}

#[async_trait]
impl Store for ServerStore {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        self.store.begin(mode).await
    }
}

mod postgres {
    use super::*;

    /// A fresh store on a new PostgreSQL database.
    async fn fresh_store() -> Option<ServerStore> {
        ServerStore::fresh(Server::Postgres).await
    }

    helpdesk_storage_contract::storage_contract_tests!(optional fresh_store);
}

mod mysql {
    use super::*;

    /// A fresh store on a new MariaDB/MySQL database.
    async fn fresh_store() -> Option<ServerStore> {
        ServerStore::fresh(Server::Mysql).await
    }

    helpdesk_storage_contract::storage_contract_tests!(optional fresh_store);
}

/// The statement time limit on PostgreSQL and MariaDB: a write that waits on the write lock
/// longer than the limit fails as `Unavailable` once the limit passes, and writes work again
/// once the lock is free.
mod statement_timeout {
    use std::time::{Duration, Instant};

    use helpdesk_storage::Error;
    use helpdesk_storage_seaorm::StoreOptions;
    use sea_orm::{ConnectionTrait, Database, TransactionTrait};

    use super::*;

    /// The limit the store gets here.
    const LIMIT: Duration = Duration::from_millis(500);

    async fn a_statement_past_its_limit_fails_as_unavailable(server: Server) {
        let Some(database) = TestDatabase::create(server).await else {
            return;
        };
        let limits = StoreOptions {
            statement_timeout: LIMIT,
            ..StoreOptions::default()
        };
        let store = SeaOrmStore::connect_with(database.url(), &limits)
            .await
            .expect("a store");
        let other = Database::connect(database.url())
            .await
            .expect("a connection");
        let holder = other.begin().await.expect("a transaction");
        holder
            .execute_unprepared("SELECT id FROM write_locks WHERE id = 1 FOR UPDATE")
            .await
            .expect("the write lock");
        let started = Instant::now();
        let blocked = store.begin(Mode::Write).await;
        let took = started.elapsed();
        println!("{server:?}: the blocked write failed after {took:?}");
        assert!(
            matches!(blocked, Err(Error::Unavailable(_))),
            "a write blocked past the limit: {:?}",
            blocked.err()
        );
        assert!(took < LIMIT + Duration::from_secs(2), "it took {took:?}");
        holder.rollback().await.expect("release");
        let tx = store.begin(Mode::Write).await.expect("a write once free");
        tx.commit().await.expect("commit");
        let _ = other.close().await;
    }

    #[tokio::test]
    async fn postgres() {
        a_statement_past_its_limit_fails_as_unavailable(Server::Postgres).await;
    }

    #[tokio::test]
    async fn mysql() {
        a_statement_past_its_limit_fails_as_unavailable(Server::Mysql).await;
    }
}
