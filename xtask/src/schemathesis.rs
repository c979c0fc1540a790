//! `cargo xtask schemathesis`: property-based tests of the whole API from its own OpenAPI
//! document with Schemathesis.
//!
//! It keeps a virtualenv with the pinned Schemathesis under the target directory, builds the
//! server, starts it on a free loopback port with the memory store and a known administrator,
//! runs `schemathesis run` against the served document with every check, a fixed seed, a small
//! number of examples per operation, one worker and a bounded time, and stops the server
//! whatever happened. Any failure fails the command.

use anyhow::{Context, Result};

use crate::server::{Server, target_dir};
use crate::{process, venv};

/// The Schemathesis release the check pins.
const PACKAGE: &str = "schemathesis==4.32.5";
/// The administrator seeded into the empty memory store; every request authenticates as it.
const ADMIN_EMAIL: &str = "admin@example.com";
/// That administrator's password; the server only listens on loopback and lives for one run.
const ADMIN_PASSWORD: &str = "schemathesis-check-password";
/// The seed, so that a run is reproducible.
const SEED: &str = "20240601";
/// Test cases per operation and phase.
const MAX_EXAMPLES: &str = "10";
/// The time budget of the whole run, in seconds (CI must stay well under its limit).
const MAX_TIME: &str = "110";
/// The configuration file, relative to the project root: the one narrow, commented
/// exception to the default checks.
const CONFIG: &str = "xtask/schemathesis.toml";

/// Prepares Schemathesis, builds and starts the server, runs the tests and stops the server.
pub fn run() -> Result<()> {
    let schemathesis = venv::with_package("schemathesis-venv", PACKAGE)?.join("schemathesis");
    crate::build_bins()?;
    let log_name = "schemathesis-server.log";
    // A fresh log each run (the server appends).
    let _ = std::fs::remove_file(target_dir().join(log_name));
    let mut server = Server::start_unthrottled("memory:", (ADMIN_EMAIL, ADMIN_PASSWORD), log_name)?;
    server.wait_until_answering()?;
    let port = server.port;
    let schema = format!("http://127.0.0.1:{port}/api/openapi.json");
    let base = format!("http://127.0.0.1:{port}/api/v1");
    let auth = format!("{ADMIN_EMAIL}:{ADMIN_PASSWORD}");
    let report_dir = target_dir().join("schemathesis-report");
    let report_dir = report_dir.to_string_lossy();
    let config = crate::project_root().join(CONFIG);
    let config = config.to_string_lossy();
    let mut check = process::command(
        &schemathesis.to_string_lossy(),
        &[
            "--config-file",
            &config,
            "run",
            &schema,
            "--url",
            &base,
            "--auth",
            &auth,
            "--checks",
            "all",
            "--seed",
            SEED,
            "--max-examples",
            MAX_EXAMPLES,
            "--workers",
            "1",
            "--max-time",
            MAX_TIME,
            "--request-timeout",
            "10",
            "--report",
            "junit",
            "--report-dir",
            &report_dir,
        ],
    );
    // No telemetry and no colours in captured logs; its `.schemathesis` cache goes under the
    // target directory, not into the work tree.
    check
        .current_dir(target_dir())
        .env("SCHEMATHESIS_TELEMETRY", "false")
        .env("NO_COLOR", "1");
    let result = process::run(check).with_context(|| {
        format!(
            "Schemathesis found failures: see the report above, {report_dir} and the server \
             log {}",
            server.log.display()
        )
    });
    server.kill();
    result
}
