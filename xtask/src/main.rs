//! The project's build runner, run as `cargo xtask <command>` through the alias in
//! `.cargo/config.toml`.
//!
//! Architecture invariant: xtask depends on no workspace crate (only `anyhow` and `std`), so it
//! compiles in seconds and never breaks because a library is mid-change. It drives `cargo` and
//! other tools as child processes.

mod audit;
mod bench;
mod ci;
mod crash_test;
mod db;
mod fuzz;
mod http;
mod one_build;
mod openapi;
mod process;
mod readme;
mod run;
mod schemathesis;
mod server;
mod venv;
mod zammad_py;

use std::{
    env,
    path::{Path, PathBuf},
    process::ExitCode,
};

const USAGE: &str = "\
Usage: cargo xtask <command> [args]

Commands:
  ci                 fmt check, clippy (-D warnings), audit, tests, doc (-D warnings),
                     examples, crash-test, zammad-py, openapi --check, schemathesis,
                     bench --quick, release-build, readme
  test               cargo test --workspace
  audit              cargo audit against the advisory snapshot in ../shared/advisory-db
                     (offline; installs cargo-audit from crates.io when missing)
  run [args...]      run the server in release mode: helpdesk serve [args...]
                     (`cargo xtask run -- --help` lists its options)
  release-build      cargo build --release, then fail if the release builds of `run` and
                     `bench` compile any dependency again
  readme             run the commands of README.md's code blocks (the quick start on a
                     free port and a scratch database), and check that CI runs the others
  openapi [--check]  write docs/openapi.json, or check that it is up to date
  db                 make sure PostgreSQL and MariaDB run locally and print their URLs
  zammad-py          run the real Python client zammad_py 3.2.1 against a fresh server
  schemathesis       run Schemathesis 4.32.5 (every check, fixed seed, 20 examples per
                     operation) against a fresh server's OpenAPI document
  bench [--quick] [--postgres | --database-url URL] [--seconds S] [--connections N]
                     build (release), generate the data set, load the server and its
                     ceilings, print the table, write target/bench/results-<store>.json
  crash-test         SIGKILL the server mid-stream on SQLite and PostgreSQL and check that
                     every acknowledged ticket survived whole
  fuzz [--seconds N] fuzz the search query parser (proptest, release) for N seconds
                     (default 600); failures are saved under crates/domain/proptest-regressions
  help               show this text
";

fn main() -> ExitCode {
    let mut args = env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    let result = match command.as_deref() {
        Some("ci") => no_args("ci", &rest).and_then(|()| ci::run()),
        Some("test") => no_args("test", &rest).and_then(|()| ci::test()),
        Some("audit") => no_args("audit", &rest).and_then(|()| audit::run()),
        Some("run") => run::run(&rest),
        Some("openapi") => openapi::run(&rest),
        Some("db") => no_args("db", &rest).and_then(|()| db::run().map(|_| ())),
        Some("bench") => bench::run(&rest),
        Some("fuzz") => fuzz::run(&rest),
        Some("crash-test") => no_args("crash-test", &rest).and_then(|()| crash_test::run()),
        Some("zammad-py") => no_args("zammad-py", &rest).and_then(|()| zammad_py::run()),
        Some("release-build") => no_args("release-build", &rest).and_then(|()| one_build::run()),
        Some("readme") => no_args("readme", &rest).and_then(|()| readme::run()),
        Some("schemathesis") => no_args("schemathesis", &rest).and_then(|()| schemathesis::run()),
        Some("help" | "-h" | "--help") => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some(other) => {
            eprintln!("xtask: unknown command `{other}`\n\n{USAGE}");
            return ExitCode::from(2);
        }
        None => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("xtask: error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Rejects arguments given to a command that takes none.
fn no_args(command: &str, rest: &[String]) -> anyhow::Result<()> {
    match rest.first() {
        None => Ok(()),
        Some(arg) => anyhow::bail!("`{command}` takes no arguments, got `{arg}`"),
    }
}

/// The workspace root: the parent of this crate's manifest directory.
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(1)
        .expect("xtask lives one level below the workspace root")
        .to_path_buf()
}

/// Builds every binary of the workspace (debug). Every selection resolves the features that
/// `cargo test --workspace` does (see [`one_build`]), so after the tests this only links.
pub fn build_bins() -> anyhow::Result<()> {
    process::run(process::command(
        &cargo(),
        &["build", "--workspace", "--bins"],
    ))
}

/// The path of a debug binary of the workspace, built by [`build_bins`].
pub fn debug_bin(name: &str) -> PathBuf {
    server::target_dir().join("debug").join(name)
}

/// The `cargo` that runs us, so a toolchain chosen by rustup is kept.
pub fn cargo() -> String {
    env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned())
}
