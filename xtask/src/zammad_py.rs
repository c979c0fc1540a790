//! `cargo xtask zammad-py`: proves that the real Python client `zammad_py` works against the
//! server unchanged.
//!
//! It keeps a virtualenv with the pinned client under the target directory, builds the server,
//! starts it on a free loopback port with the memory store and a known administrator, runs
//! `xtask/zammad_py_check.py` with the virtualenv's Python, and stops the server whatever
//! happened.

use anyhow::{Context, Result};

use crate::server::{Server, target_dir};
use crate::{process, venv};

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
    let python = venv::with_package("zammad-py-venv", PACKAGE)?.join("python");
    crate::build_bins()?;
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
