//! Pinned Python tools in virtual environments under the target directory.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::process;
use crate::server::target_dir;

/// Makes `target/<name>` a virtual environment (when it is not one yet), installs `package`
/// (a pinned `name==version`, a no-op when it is there already) and answers the
/// environment's `bin` directory.
pub fn with_package(name: &str, package: &str) -> Result<PathBuf> {
    let venv = target_dir().join(name);
    let bin = venv.join("bin");
    if !bin.join("python").exists() {
        let venv = venv.to_string_lossy();
        process::run(process::command("python3", &["-m", "venv", &venv])).context(
            "could not create the virtualenv: is python3 with its venv module installed?",
        )?;
    }
    process::run(process::command(
        &bin.join("pip").to_string_lossy(),
        &["install", "--quiet", "--disable-pip-version-check", package],
    ))
    .with_context(|| format!("could not install {package}"))?;
    Ok(bin)
}
