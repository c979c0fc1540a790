//! `cargo xtask openapi [--check]`: the committed OpenAPI document, `docs/openapi.json`.
//!
//! The server prints its document with `helpdesk openapi`; this command stores it verbatim, or
//! with `--check` fails when the stored copy differs from what the server prints now.

use std::fs;

use anyhow::{Context, Result, bail};

use crate::{process, project_root};

/// The generated file, relative to the workspace root.
const PATH: &str = "docs/openapi.json";

/// Parses the command's arguments and runs it.
pub fn run(args: &[String]) -> Result<()> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => bail!("usage: cargo xtask openapi [--check]"),
    };
    generate(check)
}

/// Writes the document, or with `check` compares it with the committed file.
pub fn generate(check: bool) -> Result<()> {
    crate::build_bins()?;
    let helpdesk = crate::debug_bin("helpdesk").display().to_string();
    let fresh = process::capture(process::command(&helpdesk, &["openapi"]))
        .context("could not print the OpenAPI document")?;
    let path = project_root().join(PATH);
    if check {
        // A missing file counts as stale.
        let committed = fs::read_to_string(&path).ok();
        if committed.as_deref().map(normalize) != Some(normalize(&fresh)) {
            bail!("{PATH} is stale: run `cargo xtask openapi`");
        }
        println!("{PATH} is up to date");
    } else {
        fs::write(&path, &fresh).with_context(|| format!("could not write {}", path.display()))?;
        println!("wrote {PATH}");
    }
    Ok(())
}

/// Ignores line-ending differences, so a checkout with CRLF line endings does not count as
/// stale.
fn normalize(text: &str) -> String {
    text.replace("\r\n", "\n")
}
