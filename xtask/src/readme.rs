//! `cargo xtask readme` (the `readme` CI step): every command README.md shows in its `sh` code
//! blocks runs in CI.
//!
//! [`COMMANDS`] lists each command as the README writes it, with how CI runs it: the `readme`
//! step runs it as written, with the environment pointing a server at a free loopback port and a
//! scratch SQLite file under `target/readme/` (after the `release build` step, so the release
//! binary is there); or a named CI step runs it; or `.ci/run` does. The tests (plain
//! `cargo test`) fail when the README shows a command the list lacks, or the list keeps one the
//! README no longer shows, or a named step or script line does not exist.

mod scenario;
mod shell;

use std::fs;

use anyhow::{Context, Result, bail};

use crate::project_root;
use scenario::Scenario;

/// How CI runs one command of the README.
enum Check {
    /// The `readme` step runs it with this function, in the order of [`COMMANDS`].
    Here(fn(&mut Scenario, &str) -> Result<()>),
    /// The CI step of this name (one of [`crate::ci::STEPS`]) runs it.
    Step(&'static str),
    /// `.ci/run`, the CI entry point, runs it: the script contains the command.
    Script,
    /// `export NAME=URL`: a line `cargo xtask db` prints for `.ci/run` to export.
    DbUrl,
}

/// Every command of README.md's `sh` code blocks (comments left out), and how CI runs it.
const COMMANDS: &[(&str, Check)] = &[
    ("cargo build --release", Check::Step("release build")),
    ("cargo xtask run", Check::Here(scenario::serve)),
    (
        "HELPDESK_ADMIN_EMAIL=you@example.com HELPDESK_ADMIN_PASSWORD='a long password' cargo xtask run",
        Check::Here(scenario::serve),
    ),
    (
        "curl -u admin@example.com:PASSWORD http://127.0.0.1:3000/api/v1/users/me",
        Check::Here(scenario::curl),
    ),
    ("cargo xtask run -- --help", Check::Here(scenario::help)),
    ("helpdesk --help", Check::Here(scenario::help)),
    (
        "helpdesk admin unlock admin@example.com",
        Check::Here(scenario::admin),
    ),
    (
        "helpdesk admin reset-password admin@example.com",
        Check::Here(scenario::admin),
    ),
    (
        "helpdesk admin reset-password admin@example.com --password 'new secret'",
        Check::Here(scenario::admin),
    ),
    (
        "helpdesk admin reset-token admin@example.com",
        Check::Here(scenario::admin),
    ),
    ("cargo xtask ci", Check::Script),
    ("cargo xtask db", Check::Script),
    (
        "export HELPDESK_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:5432",
        Check::DbUrl,
    ),
    (
        "export HELPDESK_TEST_MYSQL_URL=mysql://root@127.0.0.1:3306",
        Check::DbUrl,
    ),
    ("cargo test --workspace", Check::Step("test")),
];

/// The lines `cargo xtask db` prints, as `NAME=URL`.
const DB_URLS: &[(&str, &str)] = &[
    ("HELPDESK_TEST_POSTGRES_URL", crate::db::POSTGRES_URL),
    ("HELPDESK_TEST_MYSQL_URL", crate::db::MYSQL_URL),
];

/// Checks that [`COMMANDS`] covers the README, then runs the commands it runs itself, in order.
pub fn run() -> Result<()> {
    let problems = coverage_problems()?;
    if !problems.is_empty() {
        bail!(
            "README.md and xtask/src/readme.rs disagree:\n  {}",
            problems.join("\n  ")
        );
    }
    let mut scenario = Scenario::new()?;
    for (command, check) in COMMANDS {
        if let Check::Here(body) = check {
            println!("readme: {command}");
            body(&mut scenario, command).with_context(|| format!("README command `{command}`"))?;
        }
    }
    Ok(())
}

/// Every way README.md and [`COMMANDS`] disagree, one line each.
fn coverage_problems() -> Result<Vec<String>> {
    let root = project_root();
    let readme = fs::read_to_string(root.join("README.md")).context("reading README.md")?;
    let script = fs::read_to_string(root.join(".ci/run")).context("reading .ci/run")?;
    let shown = shell::commands(&readme);
    let mut problems = Vec::new();
    for command in &shown {
        if !COMMANDS.iter().any(|(listed, _)| listed == command) {
            problems.push(format!(
                "the README shows `{command}`, which no CI step runs: run it in \
                 xtask/src/readme.rs's COMMANDS (or name the step that runs it)"
            ));
        }
    }
    for (command, check) in COMMANDS {
        if !shown.iter().any(|shown| shown == command) {
            problems.push(format!(
                "COMMANDS lists `{command}`, which the README does not show"
            ));
        }
        match check {
            Check::Here(_) => {}
            Check::Step(step) => {
                if !crate::ci::STEPS.iter().any(|(name, _)| name == step) {
                    problems.push(format!("`{command}`: there is no CI step `{step}`"));
                }
            }
            Check::Script => {
                if !script.contains(command) {
                    problems.push(format!("`{command}`: .ci/run does not run it"));
                }
            }
            Check::DbUrl => {
                let printed = command.strip_prefix("export ").is_some_and(|line| {
                    DB_URLS
                        .iter()
                        .any(|(name, url)| line == format!("{name}={url}"))
                });
                if !printed {
                    problems.push(format!("`{command}`: `cargo xtask db` prints no such line"));
                }
            }
        }
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_readme_command_runs_in_ci() {
        let problems = coverage_problems().expect("README.md and .ci/run are readable");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}
