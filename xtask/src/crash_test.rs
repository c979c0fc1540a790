//! `cargo xtask crash-test`: no acknowledged write is lost when the server dies.
//!
//! For SQLite and for PostgreSQL (a fresh database on `HELPDESK_TEST_POSTGRES_URL`, made with
//! `psql`; skipped with a message when the variable is unset, an error when `CI=true`): builds
//! the server, starts it, streams ticket creations (each with a first article carrying a
//! unique word) from a few concurrent clients, records every creation answered with 200,
//! SIGKILLs the server mid-stream, restarts it on the same database and checks that every
//! acknowledged ticket is there and complete (the ticket, its one article, its history, found
//! by searching its word) and that no ticket at all is half-written (each has
//! `article_count` 1 and one article). Loopback only; bounded in count and time.

use std::{
    env, fs,
    process::{Command, Stdio},
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    thread,
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use anyhow::{Context, Result, bail};

use crate::http::{request, values};
use crate::process;
use crate::server::{Server, target_dir};

/// The administrator seeded into each fresh database.
const ADMIN: (&str, &str) = ("admin@example.com", "crash-test-admin-password");
/// Concurrent clients creating tickets.
const CLIENTS: usize = 4;
/// At most this many creations per client, so a stream always ends.
const PER_CLIENT: usize = 2_000;
/// The kill comes after at least this many acknowledgements (plus a varying part) ...
const KILL_AFTER: usize = 300;
/// ... or after this long, whichever is first.
const KILL_DEADLINE: Duration = Duration::from_secs(20);

/// One creation the server acknowledged.
struct Acknowledged {
    id: u64,
    number: String,
    word: String,
}

/// Runs the crash test on SQLite, then on PostgreSQL when it is configured.
pub fn run() -> Result<()> {
    crate::build_bins()?;
    let stamp = stamp();
    let dir = target_dir().join("crash-test");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let file = dir.join(format!("crash-{stamp}.db"));
    let sqlite = crash("sqlite", &format!("sqlite://{}?mode=rwc", file.display()));
    for suffix in ["", "-wal", "-shm"] {
        let _ = fs::remove_file(format!("{}{suffix}", file.display()));
    }
    sqlite?;
    match env::var("HELPDESK_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => {
            let database = Postgres::create(&url, &format!("helpdesk_test_crash_{stamp}"))?;
            crash("postgres", &database.url)?;
        }
        _ if env::var("CI").as_deref() == Ok("true") => {
            bail!("HELPDESK_TEST_POSTGRES_URL must be set in CI (`cargo xtask db` prints it)")
        }
        _ => println!("crash test postgres: skipped: HELPDESK_TEST_POSTGRES_URL is not set"),
    }
    Ok(())
}

/// Seconds and nanoseconds since the epoch, and the process id: unique per run.
pub(crate) fn stamp() -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format!(
        "{}_{}_{}",
        now.as_secs(),
        now.subsec_nanos(),
        std::process::id()
    )
}

/// The crash test on one database: stream, kill, restart, check, print the summary line.
fn crash(name: &str, database_url: &str) -> Result<()> {
    let log = format!("crash-test-{name}.log");
    let _ = fs::remove_file(target_dir().join(&log));
    let mut server = Server::start(database_url, ADMIN, &log)?;
    server.wait_until_answering()?;
    let customer = expect_200(request(
        server.port,
        "POST",
        "/api/v1/users",
        ADMIN,
        Some(r#"{"email":"crash-customer@example.com","roles":["Customer"]}"#),
    ))?;
    let customer_id = first(&customer, 1, "id")?;

    let acknowledged = stream_and_kill(&mut server, &customer_id)?;
    drop(server);

    let mut server = Server::start(database_url, ADMIN, &log)?;
    server
        .wait_until_answering()
        .context("the server did not come back after the kill")?;
    let port = server.port;
    let mut missing = Vec::new();
    for ticket in &acknowledged {
        if let Err(e) = check_complete(port, ticket) {
            missing.push(format!("ticket {} ({}): {e:#}", ticket.id, ticket.number));
        }
    }
    let (listed, half_written) = half_written(port)?;
    let present = acknowledged.len() - missing.len();
    println!(
        "crash test {name}: {} acknowledged, {present} present, {} half-written \
         ({listed} tickets after the restart)",
        acknowledged.len(),
        half_written.len()
    );
    for line in missing.iter().chain(&half_written).take(20) {
        eprintln!("  {line}");
    }
    if !missing.is_empty() || !half_written.is_empty() {
        bail!(
            "crash test {name}: acknowledged writes were lost or half-written; server log: {}",
            server.log.display()
        );
    }
    if acknowledged.is_empty() {
        bail!("crash test {name}: no creation was acknowledged before the kill");
    }
    Ok(())
}

/// Streams creations from [`CLIENTS`] threads, SIGKILLs the server mid-stream and answers the
/// acknowledged creations. Any answer other than 200 before the kill fails the test.
fn stream_and_kill(server: &mut Server, customer_id: &str) -> Result<Vec<Acknowledged>> {
    let port = server.port;
    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    let killed = Arc::new(AtomicBool::new(false));
    let jitter = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos() as usize % 200);
    let kill_after = KILL_AFTER + jitter;
    let clients: Vec<_> = (0..CLIENTS)
        .map(|client| {
            let acknowledged = Arc::clone(&acknowledged);
            let killed = Arc::clone(&killed);
            let customer_id = customer_id.to_owned();
            let run = stamp();
            thread::spawn(move || -> Result<()> {
                for i in 0..PER_CLIENT {
                    let word = format!("crash{}c{client}n{i}", run.replace('_', "x"));
                    let body = format!(
                        r#"{{"title":"Crash test {client}/{i}","group_id":1,"customer_id":{customer_id},"article":{{"subject":"Crash","body":"a body with the word {word}","type":"note"}}}}"#
                    );
                    let answer = request(port, "POST", "/api/v1/tickets", ADMIN, Some(&body));
                    match answer {
                        Ok(a) if a.status == 200 => {
                            let ticket = Acknowledged {
                                id: first(&a.body, 1, "id")?.parse()?,
                                number: first(&a.body, 1, "number")?,
                                word,
                            };
                            acknowledged.lock().expect("not poisoned").push(ticket);
                        }
                        _ if killed.load(Ordering::SeqCst) => return Ok(()),
                        Ok(a) => bail!("creating a ticket answered {}: {}", a.status, a.body),
                        Err(e) => return Err(e.context("creating a ticket before the kill")),
                    }
                }
                Ok(())
            })
        })
        .collect();
    let started = Instant::now();
    while acknowledged.lock().expect("not poisoned").len() < kill_after
        && started.elapsed() < KILL_DEADLINE
        && clients.iter().any(|c| !c.is_finished())
    {
        thread::sleep(Duration::from_millis(5));
    }
    killed.store(true, Ordering::SeqCst);
    server.kill();
    for client in clients {
        client
            .join()
            .map_err(|_| anyhow::anyhow!("a client panicked"))??;
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().expect("not poisoned"));
    Ok(acknowledged)
}

/// Checks one acknowledged ticket: readable with its number and one article, its article,
/// its history and its search word.
fn check_complete(port: u16, ticket: &Acknowledged) -> Result<()> {
    let id = ticket.id;
    let read = admin_get(port, &format!("/api/v1/tickets/{id}"))?;
    if first(&read, 1, "number")? != ticket.number {
        bail!("its number changed");
    }
    if first(&read, 1, "article_count")? != "1" {
        bail!("article_count is not 1");
    }
    let articles = admin_get(port, &format!("/api/v1/ticket_articles/by_ticket/{id}"))?;
    if values(&articles, 2, "id").len() != 1 {
        bail!("it does not have exactly one article");
    }
    let history = admin_get(port, &format!("/api/v1/ticket_history/{id}"))?;
    if values(&history, 3, "id").is_empty() {
        bail!("its history is empty");
    }
    let found = admin_get(
        port,
        &format!("/api/v1/tickets/search?query={}", ticket.word),
    )?;
    if !values(&found, 2, "id").contains(&id.to_string()) {
        bail!("searching its word {} does not find it", ticket.word);
    }
    Ok(())
}

/// Lists every ticket and answers how many there are and the half-written ones: a ticket
/// whose `article_count` is not 1 or that has not exactly one article.
fn half_written(port: u16) -> Result<(usize, Vec<String>)> {
    let mut listed = 0;
    let mut broken = Vec::new();
    for page in 1.. {
        let list = admin_get(port, &format!("/api/v1/tickets?per_page=100&page={page}"))?;
        let ids = values(&list, 2, "id");
        let counts = values(&list, 2, "article_count");
        if ids.is_empty() {
            break;
        }
        listed += ids.len();
        for (i, id) in ids.iter().enumerate() {
            let articles = admin_get(port, &format!("/api/v1/ticket_articles/by_ticket/{id}"))?;
            let found = values(&articles, 2, "id").len();
            let count = counts.get(i).map_or("none", String::as_str);
            if count != "1" || found != 1 {
                broken.push(format!(
                    "ticket {id}: article_count {count}, {found} articles"
                ));
            }
        }
    }
    Ok((listed, broken))
}

/// `GET path` as the admin, expecting 200: the body.
fn admin_get(port: u16, path: &str) -> Result<String> {
    expect_200(request(port, "GET", path, ADMIN, None))
}

/// The body of a 200 answer; any other status or a failed request is an error.
fn expect_200(answer: Result<crate::http::Answer>) -> Result<String> {
    let answer = answer?;
    if answer.status != 200 {
        bail!("answered {}: {}", answer.status, answer.body);
    }
    Ok(answer.body)
}

/// The first value of `key` at `depth`, or an error naming it.
fn first(json: &str, depth: usize, key: &str) -> Result<String> {
    values(json, depth, key)
        .into_iter()
        .next()
        .with_context(|| format!("no `{key}` in {json}"))
}

/// A fresh PostgreSQL database, dropped again when this is dropped.
pub(crate) struct Postgres {
    server_url: String,
    name: String,
    /// The URL of the database itself.
    pub(crate) url: String,
}

impl Postgres {
    /// Creates the database `name` with `psql` on the server of `server_url`.
    pub(crate) fn create(server_url: &str, name: &str) -> Result<Postgres> {
        let server_url = server_url.trim_end_matches('/').to_owned();
        psql(&server_url, &format!("CREATE DATABASE {name}"))?;
        Ok(Postgres {
            url: format!("{server_url}/{name}"),
            server_url,
            name: name.to_owned(),
        })
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name);
        if let Err(e) = psql(&self.server_url, &sql) {
            eprintln!("could not drop the database {}: {e:#}", self.name);
        }
    }
}

/// Runs one SQL command with `psql` on the `postgres` database of `server_url`.
fn psql(server_url: &str, sql: &str) -> Result<()> {
    let mut cmd = Command::new("psql");
    cmd.args([
        &format!("{server_url}/postgres"),
        "-v",
        "ON_ERROR_STOP=1",
        "-qc",
        sql,
    ])
    .stdout(Stdio::null());
    process::run(cmd).context("psql (the PostgreSQL client) is needed for the crash test")
}
