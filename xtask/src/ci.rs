//! `cargo xtask ci` and `cargo xtask test`: the checks CI runs, in order, failing fast.

use std::time::Instant;

use anyhow::{Context, Result};

use crate::{
    audit, bench, cargo, crash_test, one_build, openapi, process, readme, schemathesis, zammad_py,
};

/// A CI step: its name and what it runs.
pub type Step = (&'static str, fn() -> Result<()>);

/// The CI steps, in order.
pub const STEPS: &[Step] = &[
    ("fmt", fmt),
    ("clippy", clippy),
    ("audit", audit::run),
    ("test", test),
    ("doc", doc),
    ("examples", examples),
    ("crash-test", crash_test::run),
    ("zammad-py", zammad_py::run),
    ("openapi --check", || openapi::generate(true)),
    ("schemathesis", schemathesis::run),
    ("bench --quick", || bench::run(&["--quick".to_owned()])),
    ("release build", one_build::run),
    ("readme", readme::run),
];

/// Runs every CI step in order and stops at the first failure.
pub fn run() -> Result<()> {
    let started = Instant::now();
    for (name, body) in STEPS {
        step(name, *body)?;
    }
    println!("==> ci passed in {:.1?}", started.elapsed());
    Ok(())
}

/// Fails when a file is not formatted as `cargo fmt` would.
fn fmt() -> Result<()> {
    process::run(process::command(
        &cargo(),
        &["fmt", "--all", "--", "--check"],
    ))
    .context("formatting differs: run `cargo fmt --all`")
}

/// Runs clippy on every target of the workspace with every warning denied.
fn clippy() -> Result<()> {
    process::run(process::command(
        &cargo(),
        &[
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ],
    ))
}

/// How many tests of one binary run at once: the database-backed suites mostly wait on their
/// databases, so more threads than the 2 cores shorten them (contract suite 108 s → 71 s,
/// HTTP suite 179 s → 121 s on this machine).
const TEST_THREADS: &str = "6";

/// Runs the whole workspace's tests.
pub fn test() -> Result<()> {
    process::run(process::command(
        &cargo(),
        &["test", "--workspace", "--", "--test-threads", TEST_THREADS],
    ))
}

/// Builds the workspace's documentation with every rustdoc warning denied (broken or private
/// intra-doc links, malformed code blocks). The doc examples ran as doctests in `test`.
fn doc() -> Result<()> {
    let mut cmd = process::command(&cargo(), &["doc", "--workspace", "--no-deps"]);
    cmd.env("RUSTDOCFLAGS", "-D warnings");
    process::run(cmd)
        .context("rustdoc warns: fix the docs until `cargo doc --workspace --no-deps` is clean")
}

/// Runs the examples of `docs/extending.md` (their tests, which start `embed` and run the
/// contract suite against `custom-store`'s backend, ran in `test`).
fn examples() -> Result<()> {
    // `--workspace`, as in `build_bins`: the examples the test step built are reused.
    process::run(process::command(
        &cargo(),
        &["build", "--workspace", "--examples"],
    ))?;
    let example = |name: &str, args: &[&str]| {
        let path = crate::debug_bin("examples").join(name);
        process::command(&path.display().to_string(), args)
    };
    process::run(example("custom-store", &[]))?;
    let document = process::capture(example("embed", &["openapi"]))?;
    if !(document.contains("\"/ticket_stats\"") && document.contains("\"/tickets\"")) {
        anyhow::bail!("the embed example's document does not cover both APIs");
    }
    Ok(())
}

/// Runs one named step, printing its name before and its elapsed time after.
fn step(name: &str, body: impl FnOnce() -> Result<()>) -> Result<()> {
    println!("==> {name}");
    let started = Instant::now();
    let result = body();
    let elapsed = started.elapsed();
    match &result {
        Ok(()) => println!("==> {name}: ok in {elapsed:.1?}"),
        Err(_) => eprintln!("==> {name}: FAILED after {elapsed:.1?}"),
    }
    result.with_context(|| format!("ci step `{name}` failed"))
}
