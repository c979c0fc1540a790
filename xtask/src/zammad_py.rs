//! `cargo xtask zammad-py`: proves that the real Python client `zammad_py` works against the
//! server unchanged.
//!
//! It keeps a virtualenv with the pinned client under the target directory, builds the server,
//! starts it on a free loopback port with the memory store and a known administrator, runs
//! `xtask/zammad_py_check.py` with the virtualenv's Python, and stops the server whatever
//! happened.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::server::{Server, target_dir};
use crate::{cargo, process};

/// The client release the check pins.
const PACKAGE: &str = "zammad_py==3.2.1";
/// The check script, relative to the workspace root.
const SCRIPT: &str = "xtask/zammad_py_check.py";
/// The administrator seeded into the empty memory store.
const ADMIN_EMAIL: &str = "admin@example.com";
/// That administrator's password; the server only listens on loopback and lives for one run.
const ADMIN_PASSWORD: &str = "zammad-py-check-password";

/// Prepares the client, builds and starts the server, runs the check and stops the server.
pub fn run() -> Result<()> {
    let python = virtualenv()?;
    process::run(process::command(
        &cargo(),
        &["build", "-p", "helpdesk-server", "--bin", "helpdesk"],
    ))?;
    let log = target_dir().join("zammad-py-server.log");
    // A fresh log each run (the server appends).
    let _ = std::fs::remove_file(&log);
    let mut server = Server::start(
        "memory:",
        (ADMIN_EMAIL, ADMIN_PASSWORD),
        "zammad-py-server.log",
    )?;
    server.wait_until_answering()?;
    let port = server.port;
    let mut check = process::command(&python.to_string_lossy(), &[SCRIPT]);
    check
        .env("HELPDESK_URL", format!("http://127.0.0.1:{port}/api/v1/"))
        .env("HELPDESK_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("HELPDESK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    process::run(check).with_context(|| {
        format!(
            "zammad_py does not work against the server: see the FAIL lines above and the \
             server log {}",
            server.log.display()
        )
    })
}

/// Creates the virtualenv unless it exists, installs the pinned client into it (a no-op when it
/// is there already) and returns the virtualenv's Python.
fn virtualenv() -> Result<PathBuf> {
    let venv = target_dir().join("zammad-py-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        let venv = venv.to_string_lossy();
        process::run(process::command("python3", &["-m", "venv", &venv])).context(
            "could not create the virtualenv: is python3 with its venv module installed?",
        )?;
    }
    let pip = venv.join("bin").join("pip");
    process::run(process::command(
        &pip.to_string_lossy(),
        &["install", "--quiet", "--disable-pip-version-check", PACKAGE],
    ))
    .with_context(|| format!("could not install {PACKAGE}"))?;
    Ok(python)
}
