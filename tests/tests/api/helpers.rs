//! The test harness: a server per test, typed request helpers and generated users.

use std::sync::atomic::{AtomicU64, Ordering};

use base64::Engine;
use helpdesk_server::{RunningServer, Settings};
use helpdesk_service::{AdminSeed, Config};
use helpdesk_test_support::{Server, TestDatabase};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The seeded administrator's login and password.
pub const ADMIN: (&str, &str) = ("admin@example.com", "admin-password-1");

/// Which store a test server runs on.
#[derive(Debug, Clone, Copy)]
pub enum Backend {
    /// The in-memory store.
    Memory,
    /// A fresh SQLite file.
    Sqlite,
    /// A fresh database on the PostgreSQL server of `HELPDESK_TEST_POSTGRES_URL`.
    Postgres,
    /// A fresh database on the MariaDB/MySQL server of `HELPDESK_TEST_MYSQL_URL`.
    Mysql,
}

/// A running server and a client for it.
pub struct TestApp {
    server: Option<RunningServer>,
    client: reqwest::Client,
    base: String,
    sqlite_path: Option<std::path::PathBuf>,
    /// The server's database on PostgreSQL or MariaDB, dropped after the server.
    _database: Option<TestDatabase>,
}

/// A user made for a test, with its password.
#[derive(Debug, Clone)]
pub struct TestUser {
    /// The user's id.
    pub id: i64,
    /// Login (the email).
    pub login: String,
    /// Password.
    pub password: String,
}

impl TestUser {
    /// Basic credentials of this user.
    pub fn creds(&self) -> (&str, &str) {
        (&self.login, &self.password)
    }
}

/// An answer: status, headers and JSON body (`Value::Null` when not JSON).
#[derive(Debug)]
pub struct Answer {
    /// The status.
    pub status: StatusCode,
    /// The headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as JSON.
    pub body: Value,
    /// The body as text.
    pub text: String,
}

impl Answer {
    /// Fails the test unless the status is `expected`, showing the body.
    #[track_caller]
    pub fn expect(self, expected: u16) -> Self {
        assert_eq!(
            self.status.as_u16(),
            expected,
            "unexpected status; body: {}",
            self.text
        );
        self
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `error` text of an error body.
    pub fn error(&self) -> &str {
        self.body["error"].as_str().unwrap_or_default()
    }

    /// Fails the test unless the body has a non-empty `error_human`.
    #[track_caller]
    pub fn assert_error_human(&self) {
        assert!(
            self.body["error_human"]
                .as_str()
                .is_some_and(|h| !h.is_empty()),
            "error_human missing; body: {}",
            self.text
        );
    }

    /// Fails the test unless this is a `status` error answer whose `error` is `text`, with a
    /// non-empty `error_human` and, for 401 and 403, the same text in `X-Failure`.
    #[track_caller]
    pub fn expect_error(self, status: u16, text: &str) -> Self {
        let this = self.expect(status);
        assert_eq!(this.error(), text, "error text; body: {}", this.text);
        this.assert_error_human();
        if status == 401 || status == 403 {
            assert_eq!(this.header("X-Failure"), Some(text), "X-Failure header");
        }
        this
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A name unique within this test run.
pub fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}x{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

impl TestApp {
    /// Starts a server on `backend` with cheap password hashing.
    ///
    /// # Panics
    ///
    /// When `backend` is a database server whose URL is not set; tests that run on those use
    /// [`TestApp::spawn_if_available`].
    pub async fn spawn(backend: Backend) -> Self {
        Self::spawn_with(backend, Config::for_tests()).await
    }

    /// Starts a server on `backend` with cheap password hashing, or answers `None` (the test
    /// is skipped, see `helpdesk_test_support`) when `backend` is PostgreSQL
    /// or MariaDB and its URL is not set.
    pub async fn spawn_if_available(backend: Backend) -> Option<Self> {
        Self::launch(backend, Config::for_tests(), |_| {}).await
    }

    /// Starts a server on `backend` with `config`.
    pub async fn spawn_with(backend: Backend, config: Config) -> Self {
        Self::launch(backend, config, |_| {})
            .await
            .unwrap_or_else(|| unavailable(backend))
    }

    /// Starts a server on `backend` that refuses request bodies over `body_limit` bytes.
    pub async fn spawn_with_limit(backend: Backend, body_limit: usize) -> Self {
        Self::launch(backend, Config::for_tests(), |s| {
            s.serve.body_limit = body_limit
        })
        .await
        .unwrap_or_else(|| unavailable(backend))
    }

    /// [`spawn_tuned`](Self::spawn_tuned), or `None` when `backend` is a database server
    /// whose URL is not set (the test is skipped).
    pub async fn spawn_tuned_if_available(
        backend: Backend,
        config: Config,
        tune: impl FnOnce(&mut Settings),
    ) -> Option<Self> {
        Self::launch(backend, config, tune).await
    }

    /// The URL of the server's database; `None` on the in-memory store, which no other
    /// process can open.
    pub fn database_url(&self) -> Option<String> {
        if let Some(path) = &self.sqlite_path {
            return Some(format!("sqlite://{}?mode=rwc", path.display()));
        }
        self._database.as_ref().map(|d| d.url().to_string())
    }

    /// Starts a server on `backend` with `config` and the settings `tune` adjusts (HTTP
    /// limits, say).
    pub async fn spawn_tuned(
        backend: Backend,
        config: Config,
        tune: impl FnOnce(&mut Settings),
    ) -> Self {
        Self::launch(backend, config, tune)
            .await
            .unwrap_or_else(|| unavailable(backend))
    }

    async fn launch(
        backend: Backend,
        config: Config,
        tune: impl FnOnce(&mut Settings),
    ) -> Option<Self> {
        let (database_url, sqlite_path, database) = match backend {
            Backend::Memory => ("memory:".to_string(), None, None),
            Backend::Sqlite => {
                let path = std::env::temp_dir().join(format!("{}.db", unique("helpdesk-http-")));
                (
                    format!("sqlite://{}?mode=rwc", path.display()),
                    Some(path),
                    None,
                )
            }
            Backend::Postgres | Backend::Mysql => {
                let server = match backend {
                    Backend::Postgres => Server::Postgres,
                    _ => Server::Mysql,
                };
                let database = TestDatabase::create(server).await?;
                (database.url().to_string(), None, Some(database))
            }
        };
        let mut settings = settings(database_url, config);
        tune(&mut settings);
        Some(Self::start(settings, reqwest::Client::new(), sqlite_path, database).await)
    }

    /// Starts a server on `database` through `url` (a proxy in front of its server, say),
    /// with the settings `tune` adjusts.
    pub async fn spawn_on_database(
        database: TestDatabase,
        url: String,
        tune: impl FnOnce(&mut Settings),
    ) -> Self {
        let mut settings = settings(url, Config::for_tests());
        tune(&mut settings);
        Self::start(settings, reqwest::Client::new(), None, Some(database)).await
    }

    /// Starts a server on the SQLite file `path` (removed when the app is dropped).
    pub async fn spawn_sqlite_at(path: std::path::PathBuf) -> Self {
        Self::on_sqlite_file(path, reqwest::Client::new()).await
    }

    /// Stops the server and starts a new one on the same SQLite file.
    pub async fn restart(mut self) -> Self {
        let path = self.sqlite_path.take().expect("restart needs SQLite");
        if let Some(server) = self.server.take() {
            server.stop().await.expect("server stops");
        }
        Self::on_sqlite_file(path, self.client.clone()).await
    }

    /// A server on the SQLite file `path`.
    async fn on_sqlite_file(path: std::path::PathBuf, client: reqwest::Client) -> Self {
        let settings = settings(
            format!("sqlite://{}?mode=rwc", path.display()),
            Config::for_tests(),
        );
        Self::start(settings, client, Some(path), None).await
    }

    /// Starts a server with `settings`, the app keeping its SQLite file or database.
    async fn start(
        settings: Settings,
        client: reqwest::Client,
        sqlite_path: Option<std::path::PathBuf>,
        database: Option<TestDatabase>,
    ) -> Self {
        let server = helpdesk_server::spawn(settings)
            .await
            .expect("server starts");
        Self {
            base: server.api_url(),
            server: Some(server),
            client,
            sqlite_path,
            _database: database,
        }
    }

    /// The server's database on PostgreSQL or MariaDB, if it runs on one.
    pub fn database(&self) -> Option<&TestDatabase> {
        self._database.as_ref()
    }

    /// The API base URL.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Sends a request with optional Basic credentials and JSON body.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        creds: Option<(&str, &str)>,
        body: Option<Value>,
    ) -> Answer {
        let mut req = self
            .client
            .request(method, format!("{}{}", self.base, path));
        if let Some((login, password)) = creds {
            req = req.basic_auth(login, Some(password));
        }
        if let Some(body) = body {
            req = req.json(&body);
        }
        Self::answer(req.send().await.expect("request is sent")).await
    }

    /// Sends a prepared request.
    pub async fn send(&self, req: reqwest::RequestBuilder) -> Answer {
        Self::answer(req.send().await.expect("request is sent")).await
    }

    /// A request builder for `path`, without credentials.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.base, path))
    }

    async fn answer(resp: reqwest::Response) -> Answer {
        let status = resp.status();
        let headers = resp.headers().clone();
        let text = resp.text().await.unwrap_or_default();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Answer {
            status,
            headers,
            body,
            text,
        }
    }

    /// GET as `creds`.
    pub async fn get(&self, path: &str, creds: Option<(&str, &str)>) -> Answer {
        self.call(Method::GET, path, creds, None).await
    }

    /// The body of a GET as `creds`, after checking that it answered 200.
    pub async fn get_ok(&self, path: &str, creds: Option<(&str, &str)>) -> Value {
        self.get(path, creds).await.expect(200).body
    }

    /// The body of a POST of `body` as `creds`, after checking that it answered 200.
    pub async fn post_ok(&self, path: &str, creds: Option<(&str, &str)>, body: Value) -> Value {
        self.post(path, creds, body).await.expect(200).body
    }

    /// The body of a PUT of `body` as `creds`, after checking that it answered 200.
    pub async fn put_ok(&self, path: &str, creds: Option<(&str, &str)>, body: Value) -> Value {
        self.put(path, creds, body).await.expect(200).body
    }

    /// POST `body` as `creds`.
    pub async fn post(&self, path: &str, creds: Option<(&str, &str)>, body: Value) -> Answer {
        self.call(Method::POST, path, creds, Some(body)).await
    }

    /// PUT `body` as `creds`.
    pub async fn put(&self, path: &str, creds: Option<(&str, &str)>, body: Value) -> Answer {
        self.call(Method::PUT, path, creds, Some(body)).await
    }

    /// DELETE as `creds`.
    pub async fn delete(&self, path: &str, creds: Option<(&str, &str)>) -> Answer {
        self.call(Method::DELETE, path, creds, None).await
    }

    /// Creates a user as the admin with `extra` fields and a password.
    pub async fn create_user(&self, roles: &[&str], extra: Value) -> TestUser {
        let login = format!("{}@example.com", unique("user"));
        let password = "password-123".to_string();
        let mut body = json!({ "email": login, "firstname": "Test", "lastname": "User", "password": password, "roles": roles });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        let created = self.post("/users", Some(ADMIN), body).await.expect(200);
        TestUser {
            id: created.body["id"].as_i64().expect("id"),
            login,
            password,
        }
    }

    /// Activates or deactivates the user `id` as the admin.
    pub async fn set_active(&self, id: i64, active: bool) {
        let body = json!({ "active": active });
        self.put(&format!("/users/{id}"), Some(ADMIN), body)
            .await
            .expect(200);
    }

    /// An agent with `access` on the group `Users` (id 1).
    pub async fn agent(&self, access: &[&str]) -> TestUser {
        self.create_user(&["Agent"], json!({ "group_ids": { "1": access } }))
            .await
    }

    /// A customer, optionally in an organization.
    pub async fn customer(&self, organization_id: Option<i64>) -> TestUser {
        self.create_user(&["Customer"], json!({ "organization_id": organization_id }))
            .await
    }

    /// Creates an organization as the admin and answers its id.
    pub async fn organization(&self, shared: bool) -> i64 {
        let body = json!({ "name": unique("Org "), "shared": shared });
        self.create("/organizations", Some(ADMIN), body).await
    }

    /// POSTs `body` as `creds`, checks that it answered 200 and answers the created id.
    pub async fn create(&self, path: &str, creds: Option<(&str, &str)>, body: Value) -> i64 {
        let created = self.post(path, creds, body).await.expect(200);
        created.body["id"].as_i64().expect("the created id")
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(path) = &self.sqlite_path {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
        }
    }
}

/// Fails a test that needs `backend` when its server's URL is not set.
fn unavailable(backend: Backend) -> ! {
    panic!("{backend:?} is not available: its test database URL is not set")
}

/// `Authorization` header value for Basic credentials.
pub fn basic(login: &str, password: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{login}:{password}"))
    )
}

/// Stamps out each listed `async fn name(app: TestApp)` as a test on every backend: modules
/// `memory`, `sqlite`, `postgres` and `mysql`. The PostgreSQL and MariaDB tests pass without
/// running when their URL is not set, except in CI (see `helpdesk_test_support`). With
/// `config = expr;` first, the servers run with that [`Config`] instead of
/// [`Config::for_tests`].
#[macro_export]
macro_rules! on_every_backend {
    (config = $config:expr; $($name:ident),* $(,)?) => {
        $crate::on_backend!(memory, Memory, $config; $($name),*);
        $crate::on_backend!(sqlite, Sqlite, $config; $($name),*);
        $crate::on_backend!(postgres, Postgres, $config; $($name),*);
        $crate::on_backend!(mysql, Mysql, $config; $($name),*);
    };
    ($($name:ident),* $(,)?) => {
        $crate::on_every_backend!(
            config = helpdesk_service::Config::for_tests(); $($name),*
        );
    };
}

/// Stamps out each listed `async fn name(app: TestApp)` as a test on one backend with
/// `config`, in `mod $module`: `on_backend!(sqlite, Sqlite, Config::for_tests(); a, b)`.
#[macro_export]
macro_rules! on_backend {
    ($module:ident, $backend:ident, $config:expr; $($name:ident),*) => {
        mod $module {
            $(
                #[tokio::test]
                async fn $name() {
                    let backend = $crate::helpers::Backend::$backend;
                    let app = $crate::helpers::TestApp::spawn_tuned_if_available(
                        backend, $config, |_| {},
                    ).await;
                    if let Some(app) = app {
                        super::$name(app).await
                    }
                }
            )*
        }
    };
}

/// A test server's settings: a free port on loopback, the test administrator, `config`.
fn settings(database_url: String, config: Config) -> Settings {
    Settings {
        bind: "127.0.0.1:0".into(),
        database_url,
        admin: AdminSeed {
            email: ADMIN.0.into(),
            password: Some(ADMIN.1.into()),
        },
        config,
        serve: Default::default(),
        database: Default::default(),
    }
}
