//! `cargo xtask bench [--quick] [--postgres | --database-url URL] [--seconds S]
//! [--connections N] [--only TEXT] [--reuse]`: the benchmark.
//!
//! `--only` runs the scenarios whose name contains TEXT (the ceilings always run);
//! `--reuse` keeps the SQLite data set of the last run instead of generating a new one (for
//! profiling one change after another; the write scenarios grow it).
//!
//! Builds the server and `helpdesk-bench` (release; `--quick` uses the debug build, to prove
//! in CI that the benchmark still works, not to measure), generates the data set into a fresh
//! database (by default a SQLite file under `target/bench/`; `--postgres` makes a fresh
//! database on `HELPDESK_TEST_POSTGRES_URL` and drops it afterwards), starts the server on a
//! loopback port, runs every scenario and ceiling with `helpdesk-bench load`, prints the table
//! and writes `target/bench/results-<store>.json` (`results-<store>-quick.json`).

use std::{env, fs};

use anyhow::{Context, Result, bail};

use crate::crash_test::{Postgres, stamp};
use crate::server::{Server, target_dir};
use crate::{cargo, process};

/// The `cargo build` arguments of the release binaries (the `release build` CI step checks that
/// they compile nothing after `cargo build --release`).
pub const BUILD: &[&str] = &[
    "-p",
    "helpdesk-server",
    "-p",
    "helpdesk-bench",
    "--bins",
    "--release",
];

/// The administrator seeded into the benchmark database.
const ADMIN: (&str, &str) = ("admin@example.com", "bench-admin-password");

/// What one run does.
struct Options {
    quick: bool,
    postgres: bool,
    database_url: Option<String>,
    seconds: Option<String>,
    connections: Option<String>,
    only: Option<String>,
    reuse: bool,
}

impl Options {
    fn parse(args: &[String]) -> Result<Self> {
        let mut options = Options {
            quick: false,
            postgres: false,
            database_url: None,
            seconds: None,
            connections: None,
            only: None,
            reuse: false,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            let mut value = || {
                args.next()
                    .cloned()
                    .with_context(|| format!("`{arg}` needs a value"))
            };
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--postgres" => options.postgres = true,
                "--database-url" => options.database_url = Some(value()?),
                "--seconds" => options.seconds = Some(value()?),
                "--connections" => options.connections = Some(value()?),
                "--only" => options.only = Some(value()?),
                "--reuse" => options.reuse = true,
                other => bail!("`bench` does not know `{other}`"),
            }
        }
        if options.reuse && (options.postgres || options.database_url.is_some()) {
            bail!("--reuse keeps the SQLite file of the last run; it takes no other database");
        }
        if options.postgres && options.database_url.is_some() {
            bail!("give either --postgres or --database-url, not both");
        }
        Ok(options)
    }

    /// The data set size, as `helpdesk-bench generate` arguments.
    fn data_args(&self) -> &'static [&'static str] {
        if self.quick {
            &[
                "--tickets",
                "5000",
                "--customers",
                "100",
                "--organizations",
                "10",
                "--agents",
                "5",
            ]
        } else {
            &[]
        }
    }
}

/// Runs the benchmark.
pub fn run(args: &[String]) -> Result<()> {
    let options = Options::parse(args)?;
    let profile = if options.quick { "debug" } else { "release" };
    if options.quick {
        crate::build_bins()?;
    } else {
        let mut build = process::command(&cargo(), &["build"]);
        build.args(BUILD);
        process::run(build)?;
    }

    let dir = target_dir().join("bench");
    fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let mut _postgres = None;
    let database_url = if options.postgres {
        let server = env::var("HELPDESK_TEST_POSTGRES_URL")
            .context("--postgres needs HELPDESK_TEST_POSTGRES_URL (`cargo xtask db` prints it)")?;
        let database = Postgres::create(&server, &format!("helpdesk_bench_{}", stamp()))?;
        let url = database.url.clone();
        _postgres = Some(database);
        url
    } else if let Some(url) = &options.database_url {
        url.clone()
    } else {
        let file = dir.join(if options.quick {
            "bench-quick.db"
        } else {
            "bench.db"
        });
        if !options.reuse {
            for suffix in ["", "-wal", "-shm"] {
                let _ = fs::remove_file(format!("{}{suffix}", file.display()));
            }
        }
        format!("sqlite://{}?mode=rwc", file.display())
    };
    let store = database_url
        .split(':')
        .next()
        .unwrap_or("store")
        .replace("postgresql", "postgres");
    let suffix = if options.quick { "-quick" } else { "" };
    let bench = target_dir()
        .join(profile)
        .join("helpdesk-bench")
        .display()
        .to_string();
    let data = dir.join(format!("data-{store}{suffix}.json"));

    let mut generate = process::command(
        &bench,
        &[
            "generate",
            "--database-url",
            &database_url,
            "--admin-email",
            ADMIN.0,
            "--admin-password",
            ADMIN.1,
            "--out",
            &data.display().to_string(),
        ],
    );
    generate.args(options.data_args());
    if !(options.reuse && data.exists()) {
        process::run(generate)?;
    }

    let log = format!("bench/server-{store}{suffix}.log");
    let _ = fs::remove_file(target_dir().join(&log));
    let mut server = Server::start_profile(profile, &database_url, ADMIN, &log)?;
    server.wait_until_answering()?;
    let out = dir.join(format!("results-{store}{suffix}.json"));
    let port = server.port.to_string();
    let pid = server.pid().to_string();
    let mut load = process::command(
        &bench,
        &[
            "load",
            "--port",
            &port,
            "--server-pid",
            &pid,
            "--data",
            &data.display().to_string(),
            "--store",
            &store,
            "--out",
            &out.display().to_string(),
        ],
    );
    let (seconds, connections) = if options.quick {
        load.args(["--search-connections", "2"]);
        ("1", "8")
    } else {
        ("10", "32")
    };
    load.args([
        "--seconds",
        options.seconds.as_deref().unwrap_or(seconds),
        "--connections",
        options.connections.as_deref().unwrap_or(connections),
    ]);
    if let Some(only) = &options.only {
        load.args(["--only", only]);
    }
    let result = process::run(load);
    server.kill();
    result.with_context(|| format!("the benchmark failed; server log: {}", server.log.display()))
}
