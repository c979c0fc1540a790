//! Test support: a fresh, migrated database per test on a PostgreSQL or MariaDB/MySQL server,
//! for the storage contract suite and the black-box HTTP tests.
//!
//! Architecture invariant: only ever a dev-dependency (of `storage-seaorm` and `tests`); no
//! library and no binary ships it. Besides `storage-seaorm` it is the one crate that names
//! sea-orm: it creates, migrates and drops whole databases.
//!
//! The server comes from `HELPDESK_TEST_POSTGRES_URL` / `HELPDESK_TEST_MYSQL_URL` (e.g.
//! `postgres://postgres@127.0.0.1:5432`, `mysql://root@127.0.0.1:3306`; `cargo xtask db` prints
//! them). The rules every caller gets:
//!
//! - the variable is unset: the test is skipped — [`TestDatabase::create`] answers `None` and
//!   prints `skipped: HELPDESK_TEST_..._URL is not set` — unless `CI=true`, where it panics;
//! - the variable is set but the server cannot be reached or the database cannot be made: it
//!   panics, so a broken database never passes as a skip.
//!
//! Databases are named `helpdesk_test_<unix secs>_<pid>_<n>`. Each is dropped in the background
//! when its [`TestDatabase`] is dropped, and once per process the `helpdesk_test_*` databases
//! created more than an hour ago (left by runs that ended early) are dropped too. On PostgreSQL
//! the schema is migrated once per process into a template database that every test database
//! is cloned from; on MariaDB/MySQL each test database is migrated when the store connects.

mod dropper;
mod naming;

use std::io::Write;
use std::sync::Once;
use std::time::Duration;

use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;
use tokio::sync::OnceCell;

use helpdesk_storage_seaorm::Migrator;

/// How long to wait for a test server to accept a connection.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A database server that tests create their databases on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Server {
    /// PostgreSQL, named by `HELPDESK_TEST_POSTGRES_URL`.
    Postgres,
    /// MariaDB or MySQL, named by `HELPDESK_TEST_MYSQL_URL`.
    Mysql,
}

impl Server {
    /// The environment variable holding the server's URL.
    pub fn env_var(self) -> &'static str {
        match self {
            Server::Postgres => "HELPDESK_TEST_POSTGRES_URL",
            Server::Mysql => "HELPDESK_TEST_MYSQL_URL",
        }
    }

    /// The server's name for messages.
    pub fn label(self) -> &'static str {
        match self {
            Server::Postgres => "PostgreSQL",
            Server::Mysql => "MariaDB/MySQL",
        }
    }

    /// The server's URL from the environment, or `None` (after printing a `skipped:` line)
    /// when the variable is unset or empty.
    ///
    /// # Panics
    ///
    /// When the variable is unset and `CI` is `true` (or `1`): in CI every test runs.
    pub fn url_from_env(self) -> Option<String> {
        if let Some(url) = std::env::var(self.env_var()).ok().filter(|u| !u.is_empty()) {
            return Some(url);
        }
        let var = self.env_var();
        if in_ci() {
            panic!(
                "{var} is not set, but CI requires the {} tests to run: start the server with \
                 `cargo xtask db` and export the URL it prints",
                self.label()
            );
        }
        println!("skipped: {var} is not set");
        announce_skip(self);
        None
    }

    /// The statement that clones a database, or creates an empty one without a template.
    fn create_statement(self, name: &str, template: Option<&str>) -> String {
        match template {
            Some(template) => format!("CREATE DATABASE {name} TEMPLATE {template}"),
            None => format!("CREATE DATABASE {name}"),
        }
    }
}

/// Whether the tests run in CI (`CI=true` or `CI=1`), where nothing may be skipped.
pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// Prints one line per server and process to the real stderr, past the test harness's capture,
/// so a plain `cargo test` shows that a server's tests passed without running.
fn announce_skip(server: Server) {
    static POSTGRES: Once = Once::new();
    static MYSQL: Once = Once::new();
    let once = match server {
        Server::Postgres => &POSTGRES,
        Server::Mysql => &MYSQL,
    };
    once.call_once(|| {
        let _ = writeln!(
            std::io::stderr(),
            "skipped: {} is not set, so the {} tests pass without running",
            server.env_var(),
            server.label()
        );
    });
}

/// A fresh, migrated database on a test server, dropped (in the background) with this value.
#[derive(Debug)]
pub struct TestDatabase {
    server: Server,
    server_url: String,
    name: String,
    url: String,
}

impl TestDatabase {
    /// Creates a new database on `server`, or answers `None` when the server's URL is not set
    /// (see [`Server::url_from_env`]).
    ///
    /// # Panics
    ///
    /// When the URL is unset in CI, or the server cannot be reached, or the database cannot be
    /// created: a test must fail rather than pass without its database.
    pub async fn create(server: Server) -> Option<TestDatabase> {
        let server_url = server.url_from_env()?;
        let template = prepare(server, &server_url).await;
        let name = naming::unique_name();
        let admin = connect(server, &server_url)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        admin
            .execute_unprepared(&server.create_statement(&name, template.as_deref()))
            .await
            .unwrap_or_else(|err| {
                panic!(
                    "cannot create the test database {name} on {}: {err}",
                    server.label()
                )
            });
        let _ = admin.close().await;
        Some(TestDatabase {
            url: naming::database_url(&server_url, &name),
            server,
            server_url,
            name,
        })
    }

    /// The URL of this database, for `SeaOrmStore::connect` or a server's `database_url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The server this database is on.
    pub fn server(&self) -> Server {
        self.server
    }

    /// Locks `table` of this database against every other connection, reads included (on
    /// PostgreSQL `LOCK TABLE … IN ACCESS EXCLUSIVE MODE`, on MariaDB/MySQL `LOCK TABLES … WRITE`),
    /// until the answer is released or dropped: for tests of a statement that waits.
    ///
    /// # Panics
    ///
    /// When the server cannot be reached or the table cannot be locked.
    pub async fn lock_table(&self, table: &str) -> TableLock {
        let db = Database::connect(options(&self.url))
            .await
            .unwrap_or_else(|err| panic!("cannot connect to {}: {err}", self.name));
        let tx = db
            .begin()
            .await
            .unwrap_or_else(|err| panic!("cannot begin a transaction: {err}"));
        let sql = match self.server {
            Server::Postgres => format!("LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE"),
            Server::Mysql => format!("LOCK TABLES {table} WRITE"),
        };
        tx.execute_unprepared(&sql)
            .await
            .unwrap_or_else(|err| panic!("cannot lock {table}: {err}"));
        TableLock { tx, db }
    }

    /// How many statements on this database whose text contains `text` the server is
    /// running now (other than this question), for tests that check that a statement ended.
    ///
    /// # Panics
    ///
    /// When the server cannot be asked.
    pub async fn running_statements(&self, text: &str) -> i64 {
        let admin = connect(self.server, &self.server_url)
            .await
            .unwrap_or_else(|err| panic!("{err}"));
        let sql = match self.server {
            Server::Postgres => {
                "SELECT COUNT(*) AS n FROM pg_stat_activity WHERE state = 'active' \
                 AND datname = $1 AND query LIKE $2 AND pid <> pg_backend_pid()"
            }
            Server::Mysql => {
                "SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE \
                 COMMAND = 'Query' AND DB = ? AND INFO LIKE ? AND ID <> CONNECTION_ID()"
            }
        };
        let row = admin
            .query_one_raw(sea_orm::Statement::from_sql_and_values(
                admin.get_database_backend(),
                sql,
                [self.name.clone().into(), format!("%{text}%").into()],
            ))
            .await
            .unwrap_or_else(|err| panic!("cannot list the running statements: {err}"))
            .expect("a count");
        let _ = admin.close().await;
        row.try_get::<i64>("", "n").expect("a count")
    }
}

/// A table locked by [`TestDatabase::lock_table`], until [`TableLock::release`] or the end of
/// its connection.
#[derive(Debug)]
pub struct TableLock {
    tx: DatabaseTransaction,
    db: DatabaseConnection,
}

impl TableLock {
    /// Releases the lock and closes its connection.
    pub async fn release(self) {
        let _ = self.tx.rollback().await;
        let _ = self.db.close().await;
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        dropper::drop_later(self.server, &self.server_url, &self.name);
    }
}

/// Once per server and process: drops stale test databases and, on PostgreSQL, migrates the
/// template database. Answers the template's name.
///
/// # Panics
///
/// When the server cannot be reached or migrated; every later call panics with the same text.
async fn prepare(server: Server, server_url: &str) -> Option<String> {
    static POSTGRES: OnceCell<Result<Option<String>, String>> = OnceCell::const_new();
    static MYSQL: OnceCell<Result<Option<String>, String>> = OnceCell::const_new();
    let cell = match server {
        Server::Postgres => &POSTGRES,
        Server::Mysql => &MYSQL,
    };
    let prepared = cell
        .get_or_init(|| async {
            let admin = connect(server, server_url).await?;
            dropper::drop_stale(server, server_url, &admin).await;
            let template = match server {
                Server::Postgres => Some(make_template(&admin, server_url).await?),
                Server::Mysql => None,
            };
            let _ = admin.close().await;
            Ok(template)
        })
        .await;
    match prepared {
        Ok(template) => template.clone(),
        Err(err) => panic!("{err}"),
    }
}

/// Creates a PostgreSQL database, migrates it and disconnects, so that it can be a template.
async fn make_template(admin: &DatabaseConnection, server_url: &str) -> Result<String, String> {
    let name = naming::template_name();
    let failed = |err: &dyn std::fmt::Display| {
        format!("cannot prepare the PostgreSQL template database {name}: {err}")
    };
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .map_err(|e| failed(&e))?;
    let db = Database::connect(options(&naming::database_url(server_url, &name)))
        .await
        .map_err(|e| failed(&e))?;
    Migrator::up(&db, None).await.map_err(|e| failed(&e))?;
    db.close().await.map_err(|e| failed(&e))?;
    Ok(name)
}

/// A single connection to the server itself (the database the URL names, if any).
async fn connect(server: Server, server_url: &str) -> Result<DatabaseConnection, String> {
    Database::connect(options(server_url)).await.map_err(|err| {
        format!(
            "cannot reach {} at {} ({}): {err}",
            server.label(),
            naming::redact(server_url),
            server.env_var()
        )
    })
}

/// Connection options for short-lived administrative connections.
fn options(url: &str) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options
        .max_connections(1)
        .min_connections(0)
        .connect_timeout(CONNECT_TIMEOUT)
        .sqlx_logging(false);
    options
}
