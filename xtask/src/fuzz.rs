//! `cargo xtask fuzz [--seconds N]`: fuzz the search query parser for N seconds (default 600).
//!
//! Runs the property test `crates/domain/tests/search_fuzz.rs` in release mode with
//! `HELPDESK_FUZZ_SECONDS` set, so it keeps generating fresh random batches until the time is up
//! and prints how many cases it ran. A failure is shrunk, reported, and its seed saved to
//! `crates/domain/proptest-regressions/search_fuzz.txt`; commit that file so every later run
//! (including a plain `cargo test`) replays it first.

use anyhow::{Context, Result, bail};

use crate::{cargo, process};

/// How long to fuzz when `--seconds` is not given.
const DEFAULT_SECONDS: u64 = 600;

/// Parses the arguments and runs the fuzzer.
pub fn run(args: &[String]) -> Result<()> {
    let mut seconds = DEFAULT_SECONDS;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().context("`--seconds` needs a value")?;
                seconds = value
                    .parse()
                    .with_context(|| format!("`--seconds {value}` is not a whole number"))?;
            }
            other => bail!("`fuzz` does not take `{other}`"),
        }
    }
    let mut cmd = process::command(
        &cargo(),
        &[
            "test",
            "--release",
            "--package",
            "helpdesk-domain",
            "--test",
            "search_fuzz",
            "--",
            "--nocapture",
            "the_parser_survives_arbitrary_input",
        ],
    );
    cmd.env("HELPDESK_FUZZ_SECONDS", seconds.to_string());
    process::run(cmd).context("the search query fuzzer found a failure (see above)")
}
