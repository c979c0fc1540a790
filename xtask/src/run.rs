//! `cargo xtask run [args...]`: the server in release mode.

use anyhow::Result;

use crate::{cargo, process};

/// Runs `helpdesk serve` built in release mode, passing the remaining arguments through.
pub fn run(args: &[String]) -> Result<()> {
    let mut cmd = process::command(
        &cargo(),
        &[
            "run",
            "--release",
            "-p",
            "helpdesk-server",
            "--bin",
            "helpdesk",
            "--",
            "serve",
        ],
    );
    cmd.args(args);
    process::run(cmd)
}
