//! `cargo xtask run [args...]`: the server in release mode.

use anyhow::Result;

use crate::{cargo, process};

/// The `cargo` arguments that build the release server, as `cargo xtask run` builds it (the
/// `release build` CI step checks that they compile nothing after `cargo build --release`).
pub const BUILD: &[&str] = &["--release", "-p", "helpdesk-server", "--bin", "helpdesk"];

/// Runs `helpdesk serve` built in release mode, passing the remaining arguments through.
///
/// A leading `--` is dropped: the cargo alias already ends in one, so `cargo xtask run -- --help`
/// reaches us as `-- --help` and must run `helpdesk serve --help`.
pub fn run(args: &[String]) -> Result<()> {
    let args = match args {
        [first, rest @ ..] if first == "--" => rest,
        _ => args,
    };
    let mut cmd = process::command(&cargo(), &["run"]);
    cmd.args(BUILD).args(["--", "serve"]).args(args);
    process::run(cmd)
}
