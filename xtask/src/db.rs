//! `cargo xtask db`: make sure the local PostgreSQL and MariaDB servers run, for the storage
//! contract suite's SQL backends.

use std::{
    fs, thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

use crate::process;

/// The URL of the local PostgreSQL server (trust authentication).
pub const POSTGRES_URL: &str = "postgres://postgres@127.0.0.1:5432";
/// The URL of the local MariaDB server (root, empty password).
pub const MYSQL_URL: &str = "mysql://root@127.0.0.1:3306";

/// How long to wait for a server to answer after starting it.
const WAIT: Duration = Duration::from_secs(30);

/// Starts whichever server does not answer, waits for both, and prints a
/// `HELPDESK_TEST_..._URL=...` line on stdout for each server that answers. Reports every
/// server that could not be brought up, not only the first.
pub fn run() -> Result<()> {
    let servers = [
        (
            "PostgreSQL",
            "HELPDESK_TEST_POSTGRES_URL",
            POSTGRES_URL,
            ensure("PostgreSQL", postgres_ready, start_postgres),
        ),
        (
            "MariaDB",
            "HELPDESK_TEST_MYSQL_URL",
            MYSQL_URL,
            ensure("MariaDB", mariadb_ready, start_mariadb),
        ),
    ];
    let mut down = Vec::new();
    for (name, var, url, result) in &servers {
        match result {
            Ok(()) => println!("{var}={url}"),
            Err(err) => {
                eprintln!("{name}: {err:#}");
                down.push(*name);
            }
        }
    }
    if !down.is_empty() {
        bail!("not running: {}", down.join(", "));
    }
    Ok(())
}

/// Starts a server unless it answers already, then waits until it answers.
fn ensure(name: &str, ready: fn() -> bool, start: fn() -> Result<()>) -> Result<()> {
    if ready() {
        eprintln!("{name} is running");
        return Ok(());
    }
    eprintln!("starting {name}");
    start()?;
    let started = Instant::now();
    while started.elapsed() < WAIT {
        if ready() {
            eprintln!("{name} is up after {:.1?}", started.elapsed());
            return Ok(());
        }
        thread::sleep(Duration::from_millis(500));
    }
    bail!("{name} did not answer within {}s", WAIT.as_secs())
}

fn postgres_ready() -> bool {
    process::succeeds(process::command(
        "pg_isready",
        &["-h", "127.0.0.1", "-p", "5432"],
    ))
}

fn mariadb_ready() -> bool {
    process::succeeds(process::command(
        "mariadb-admin",
        &["-u", "root", "-h", "127.0.0.1", "-P", "3306", "ping"],
    ))
}

/// Starts the installed cluster named `main` with `pg_ctlcluster` (there is no systemd).
fn start_postgres() -> Result<()> {
    let version = fs::read_dir("/etc/postgresql")
        .context("PostgreSQL does not seem to be installed (no /etc/postgresql)")?
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .max()
        .context("no PostgreSQL version under /etc/postgresql")?;
    process::run(process::command(
        "pg_ctlcluster",
        &["--skip-systemctl-redirect", &version, "main", "start"],
    ))
}

/// Starts `mariadbd` in the background with `start-stop-daemon`.
fn start_mariadb() -> Result<()> {
    process::run(process::command(
        "start-stop-daemon",
        &[
            "--start",
            "--oknodo",
            "--background",
            "--exec",
            "/usr/sbin/mariadbd",
        ],
    ))
}
