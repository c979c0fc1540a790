//! `cargo xtask audit`: checks `Cargo.lock` against the RustSec advisory database with
//! cargo-audit, offline, on the snapshot in `../shared/advisory-db` (installing cargo-audit
//! from crates.io first when `cargo audit` does not run). Advisories that do not apply are
//! ignored in `.cargo/audit.toml`, each with its reason; any other advisory fails.

use anyhow::{Context, Result};

use crate::{cargo, process};

/// The advisory snapshot, relative to the workspace root.
pub const ADVISORY_DB: &str = "../shared/advisory-db";

/// Installs cargo-audit if needed and audits the lock file.
pub fn run() -> Result<()> {
    if !process::succeeds(process::command(&cargo(), &["audit", "--version"])) {
        println!("cargo-audit is missing: installing it from crates.io");
        process::run(process::command(
            &cargo(),
            &["install", "cargo-audit", "--locked"],
        ))
        .context("could not install cargo-audit")?;
    }
    let db = crate::project_root().join(ADVISORY_DB);
    anyhow::ensure!(
        db.is_dir(),
        "the advisory database snapshot {} is missing",
        db.display()
    );
    process::run(process::command(
        &cargo(),
        &["audit", "--db", ADVISORY_DB, "--no-fetch", "--stale"],
    ))
    .context("cargo audit found an advisory: upgrade the crate, or ignore it in .cargo/audit.toml with the reason it does not apply")
}
