//! The storage contract suite against the SQL store: always on SQLite (a new file per test),
//! and on PostgreSQL / MariaDB when `HELPDESK_TEST_POSTGRES_URL` / `HELPDESK_TEST_MYSQL_URL`
//! were set at build time (a new database per test).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use helpdesk_storage_seaorm::SeaOrmStore;

/// A name no other test of any process uses.
fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "helpdesk_test_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed),
        nanos
    )
}

mod sqlite {
    use super::*;

    /// A fresh store on a new database file under the temp directory.
    async fn fresh_store() -> SeaOrmStore {
        let path = std::env::temp_dir()
            .join("helpdesk-tests")
            .join(format!("{}.db", unique_name()));
        SeaOrmStore::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("a SQLite store")
    }

    helpdesk_storage_contract::storage_contract_tests!(fresh_store);
}
