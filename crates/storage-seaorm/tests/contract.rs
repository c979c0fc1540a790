//! The storage contract suite against the SQL store: always on SQLite (a new file per test),
//! and on PostgreSQL / MariaDB when `HELPDESK_TEST_POSTGRES_URL` / `HELPDESK_TEST_MYSQL_URL`
//! are set (a new database per test; see `build.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use helpdesk_storage_seaorm::SeaOrmStore;

/// The prefix of every test database's name.
#[cfg(any(helpdesk_test_postgres, helpdesk_test_mysql))]
const PREFIX: &str = "helpdesk_test_";

/// Seconds since the Unix epoch.
fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A name no other test of any process uses: `helpdesk_test_<secs>_<pid>_<n>_<nanos>`.
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

/// Test databases older than this are removed by the next run.
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

/// Creating test databases on a server, and dropping the ones earlier runs left behind.
#[cfg(any(helpdesk_test_postgres, helpdesk_test_mysql))]
mod server {
    use std::sync::atomic::AtomicBool;

    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

    use super::*;

    /// A fresh store on a new database of the server at `env_var`'s URL.
    pub async fn fresh_store(env_var: &str) -> SeaOrmStore {
        let base = std::env::var(env_var).expect("the server URL");
        let base = base.trim_end_matches('/');
        let admin = Database::connect(base).await.expect("a server connection");
        drop_stale_once(&admin).await;
        let name = unique_name();
        admin
            .execute_unprepared(&format!("CREATE DATABASE {name}"))
            .await
            .expect("CREATE DATABASE");
        admin.close().await.expect("close");
        SeaOrmStore::connect(&format!("{base}/{name}"))
            .await
            .expect("a store")
    }

    /// Once per process, drops the test databases created more than an hour ago.
    async fn drop_stale_once(admin: &sea_orm::DatabaseConnection) {
        static DONE: AtomicBool = AtomicBool::new(false);
        if DONE.swap(true, Ordering::SeqCst) {
            return;
        }
        let backend = admin.get_database_backend();
        let list = match backend {
            DbBackend::Postgres => "SELECT datname AS name FROM pg_database",
            _ => "SELECT schema_name AS name FROM information_schema.schemata",
        };
        let rows = admin
            .query_all_raw(Statement::from_string(backend, list))
            .await
            .expect("database names");
        let cutoff = now_secs().saturating_sub(STALE_AFTER_SECS);
        for row in rows {
            let name: String = row.try_get("", "name").expect("a name");
            let created = name
                .strip_prefix(PREFIX)
                .and_then(|rest| rest.split('_').next())
                .and_then(|secs| secs.parse::<u64>().ok());
            if created.is_some_and(|secs| secs < cutoff) {
                // Another process may be dropping it too; either way it ends up gone.
                let _ = admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name}"))
                    .await;
            }
        }
    }
}

#[cfg(helpdesk_test_postgres)]
mod postgres {
    use super::*;

    /// A fresh store on a new PostgreSQL database.
    async fn fresh_store() -> SeaOrmStore {
        server::fresh_store("HELPDESK_TEST_POSTGRES_URL").await
    }

    helpdesk_storage_contract::storage_contract_tests!(fresh_store);
}

#[cfg(helpdesk_test_mysql)]
mod mysql {
    use super::*;

    /// A fresh store on a new MariaDB/MySQL database.
    async fn fresh_store() -> SeaOrmStore {
        server::fresh_store("HELPDESK_TEST_MYSQL_URL").await
    }

    helpdesk_storage_contract::storage_contract_tests!(fresh_store);
}
