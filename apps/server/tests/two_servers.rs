//! Two `helpdesk` processes on one PostgreSQL database: tickets created through both at once
//! get unique numbers and read the same from either; a lockout reached through one holds on
//! the other, and so does the unlock.
//!
//! Runs when `HELPDESK_TEST_POSTGRES_URL` is set (e.g. `postgres://postgres@127.0.0.1:5432`);
//! without it the test prints `skipped: …` and passes, unless `CI=true`, where it fails. It
//! creates a fresh database with `psql`, and kills both servers and drops the database at the
//! end, also when an assertion fails.

use std::collections::HashSet;
use std::fs::File;
use std::net::{Ipv4Addr, TcpListener};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

const ADMIN_EMAIL: &str = "admin@example.com";
const ADMIN_PASSWORD: &str = "two-servers-admin-password";
/// How many tickets the two servers create together.
const TICKETS: usize = 500;
/// How many clients create them at once, alternating between the servers.
const CLIENTS: usize = 16;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_share_one_postgres_database() {
    let Some(server_url) = std::env::var("HELPDESK_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "HELPDESK_TEST_POSTGRES_URL must be set in CI"
        );
        println!("skipped: HELPDESK_TEST_POSTGRES_URL is not set");
        return;
    };
    let database = Database::create(&server_url);
    let mut servers = Servers::default();
    // Both start at once on the empty database: migrations and seeding must not race.
    let a = servers.start(&database.url, "a");
    let b = servers.start(&database.url, "b");
    servers.wait_until_answering().await;
    let client = reqwest::Client::new();
    let api = Api { client: &client };

    let customer = api
        .send(
            api.post(&a, "/users")
                .json(&json!({ "email": "two-servers-customer@example.com", "password": "customer-password", "roles": ["Customer"] })),
        )
        .await;
    let customer_id = customer["id"].as_i64().expect("customer id");
    let group = api
        .send(
            api.post(&b, "/groups")
                .json(&json!({ "name": "Two servers" })),
        )
        .await;
    let group_id = group["id"].as_i64().expect("group id");
    let admin = api.send(api.get(&a, "/users/me")).await;
    let admin_id = admin["id"].as_i64().expect("admin id");
    api.send(
        api.client
            .put(format!("{a}/users/{admin_id}"))
            .basic_auth(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
            .json(&json!({ "group_ids": { "1": ["full"], group_id.to_string(): ["full"] } })),
    )
    .await;
    // Server b reused the admin it had authenticated a moment ago; the new group access
    // applies there once that short reuse has run out.
    after_actor_reuse().await;

    let created = create_tickets(&client, [&a, &b], customer_id, group_id).await;
    assert_eq!(created.len(), TICKETS);
    let numbers: HashSet<u64> = created
        .iter()
        .map(|(_, n)| n.parse().expect("a numeric ticket number"))
        .collect();
    assert_eq!(numbers.len(), TICKETS, "every ticket number is unique");
    let (low, high) = (numbers.iter().min(), numbers.iter().max());
    assert_eq!(
        high.zip(low).map(|(h, l)| h - l + 1),
        Some(TICKETS as u64),
        "the numbers are consecutive: no counter update was lost"
    );
    for (id, number) in &created {
        let from_a = api.send(api.get(&a, &format!("/tickets/{id}"))).await;
        let from_b = api.send(api.get(&b, &format!("/tickets/{id}"))).await;
        assert_eq!(
            from_a, from_b,
            "ticket {id} reads the same from both servers"
        );
        assert_eq!(from_a["number"].as_str(), Some(number.as_str()));
        assert_eq!(from_a["article_count"], 1);
    }

    lockout_holds_on_both(&api, &a, &b, customer_id).await;
    servers.stop();
}

/// Creates [`TICKETS`] tickets through [`CLIENTS`] concurrent clients, each on one of the two
/// servers in turn, and answers their ids and numbers.
async fn create_tickets(
    client: &reqwest::Client,
    servers: [&String; 2],
    customer_id: i64,
    group_id: i64,
) -> Vec<(i64, String)> {
    let mut tasks = Vec::new();
    for task in 0..CLIENTS {
        let client = client.clone();
        let url = format!("{}/tickets", servers[task % 2]);
        tasks.push(tokio::spawn(async move {
            let mut made = Vec::new();
            for i in (task..TICKETS).step_by(CLIENTS) {
                let body = json!({
                    "title": format!("Ticket {i}"),
                    "group_id": group_id,
                    "customer_id": customer_id,
                    "article": { "subject": "Hello", "body": format!("body of ticket {i}"), "type": "note" },
                });
                let answer = client
                    .post(&url)
                    .basic_auth(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
                    .json(&body)
                    .send()
                    .await
                    .expect("the server answers");
                assert_eq!(answer.status().as_u16(), 200, "creating ticket {i}");
                let ticket: Value = answer.json().await.expect("JSON");
                made.push((
                    ticket["id"].as_i64().expect("id"),
                    ticket["number"].as_str().expect("number").to_owned(),
                ));
            }
            made
        }));
    }
    let mut all = Vec::new();
    for task in tasks {
        all.extend(task.await.expect("a client task"));
    }
    all
}

/// Six wrong passwords through `a` lock the customer on `b` too, even for the right password
/// `b` had verified (and cached) before; an unlock through `a` lets it in on `b` again.
async fn lockout_holds_on_both(api: &Api<'_>, a: &str, b: &str, customer_id: i64) {
    let me = |server: &str, password: &str| {
        api.client.get(format!("{server}/users/me")).basic_auth(
            "two-servers-customer@example.com",
            Some(password.to_owned()),
        )
    };
    let status = |r: reqwest::RequestBuilder| async move {
        r.send()
            .await
            .expect("the server answers")
            .status()
            .as_u16()
    };
    assert_eq!(status(me(b, "customer-password")).await, 200);
    assert_eq!(status(me(a, "customer-password")).await, 200);
    for _ in 0..6 {
        assert_eq!(status(me(a, "wrong-password")).await, 401);
    }
    let user = api.send(api.get(b, &format!("/users/{customer_id}"))).await;
    assert_eq!(user["login_failed"], 6);
    after_actor_reuse().await;
    assert_eq!(
        status(me(b, "customer-password")).await,
        401,
        "locked through a, refused on b"
    );
    assert_eq!(status(me(a, "customer-password")).await, 401);
    api.send(
        api.client
            .put(format!("{a}/users/unlock/{customer_id}"))
            .basic_auth(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
            .json(&json!({})),
    )
    .await;
    assert_eq!(
        status(me(b, "customer-password")).await,
        200,
        "unlocked through a, let in on b"
    );
}

/// Waits until actors another server authenticated before a change can no longer be reused
/// there (the documented bound on cross-server staleness).
async fn after_actor_reuse() {
    tokio::time::sleep(helpdesk_service::ACTOR_REUSE_TTL + Duration::from_millis(200)).await;
}

/// Requests as the administrator.
struct Api<'a> {
    client: &'a reqwest::Client,
}

impl Api<'_> {
    fn get(&self, server: &str, path: &str) -> reqwest::RequestBuilder {
        self.client
            .get(format!("{server}{path}"))
            .basic_auth(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
    }

    fn post(&self, server: &str, path: &str) -> reqwest::RequestBuilder {
        self.client
            .post(format!("{server}{path}"))
            .basic_auth(ADMIN_EMAIL, Some(ADMIN_PASSWORD))
    }

    /// Sends the request and answers its JSON body, which must come with a 200.
    async fn send(&self, request: reqwest::RequestBuilder) -> Value {
        let answer = request.send().await.expect("the server answers");
        let status = answer.status().as_u16();
        let body = answer.text().await.expect("a body");
        assert_eq!(status, 200, "answer: {body}");
        serde_json::from_str(&body).expect("JSON")
    }
}

/// A fresh PostgreSQL database, dropped again when this is dropped.
struct Database {
    /// The server URL the database was created on.
    server_url: String,
    name: String,
    /// The URL of the database itself.
    url: String,
}

impl Database {
    fn create(server_url: &str) -> Database {
        let server_url = server_url.trim_end_matches('/').to_owned();
        let stamp = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("time after 1970");
        let name = format!(
            "helpdesk_test_{}_{}_{}",
            stamp.as_secs(),
            std::process::id(),
            stamp.subsec_nanos()
        );
        psql(&server_url, &format!("CREATE DATABASE {name}"));
        let url = format!("{server_url}/{name}");
        Database {
            server_url,
            name,
            url,
        }
    }
}

impl Drop for Database {
    fn drop(&mut self) {
        let drop = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        let _ = Command::new("psql")
            .args([&format!("{}/postgres", self.server_url), "-qc", &drop])
            .stdout(Stdio::null())
            .status();
    }
}

/// Runs one SQL command with `psql` on the `postgres` database of `server_url`.
fn psql(server_url: &str, sql: &str) {
    let status = Command::new("psql")
        .args([
            &format!("{server_url}/postgres"),
            "-v",
            "ON_ERROR_STOP=1",
            "-qc",
            sql,
        ])
        .status()
        .expect("psql runs (is the PostgreSQL client installed?)");
    assert!(status.success(), "psql failed: {sql}");
}

/// The running servers; dropping this kills them, so none outlives the test.
#[derive(Default)]
struct Servers {
    running: Vec<(Child, u16, PathBuf)>,
}

impl Servers {
    /// Starts `helpdesk` on a free loopback port and answers its API base URL.
    fn start(&mut self, database_url: &str, name: &str) -> String {
        let port = TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let log = std::env::temp_dir().join(format!(
            "helpdesk-two-servers-{}-{name}.log",
            std::process::id()
        ));
        let output = File::create(&log).expect("a log file");
        let child = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
            .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
            .args(["--database-url", database_url])
            .env("HELPDESK_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("HELPDESK_ADMIN_PASSWORD", ADMIN_PASSWORD)
            // The lockout test fails logins from this one address on purpose: no throttle.
            .env("HELPDESK_LOGIN_THROTTLE_FAILURES", "0")
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(output.try_clone().expect("a log file"))
            .stderr(output)
            .spawn()
            .expect("helpdesk starts");
        self.running.push((child, port, log));
        format!("http://127.0.0.1:{port}/api/v1")
    }

    /// Waits until every server answers HTTP; panics when one exits or stays silent.
    async fn wait_until_answering(&mut self) {
        let client = reqwest::Client::new();
        let started = Instant::now();
        for (child, port, log) in &mut self.running {
            loop {
                if let Some(status) = child.try_wait().expect("child status") {
                    panic!("a server exited ({status}); see {}", log.display());
                }
                let url = format!("http://127.0.0.1:{port}/api/v1/users/me");
                if client.get(url).send().await.is_ok() {
                    break;
                }
                assert!(
                    started.elapsed() < Duration::from_secs(60),
                    "a server did not answer within 60 s; see {}",
                    log.display()
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    }

    /// Kills every server and waits for it.
    fn stop(&mut self) {
        for (mut child, _, log) in self.running.drain(..) {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_file(log);
        }
    }
}

impl Drop for Servers {
    fn drop(&mut self) {
        // On a failed assertion the logs stay for a look; the processes never do.
        for (child, _, log) in &mut self.running {
            let _ = child.kill();
            let _ = child.wait();
            eprintln!("server log: {}", log.display());
        }
    }
}
