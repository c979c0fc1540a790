//! `helpdesk-bench`: the benchmark harness that `cargo xtask bench` drives.
//!
//! - `generate` fills an empty store with a realistic data set (groups, agents, organizations,
//!   customers, tickets with three articles each) through the service and the storage traits,
//!   and writes the credentials the scenarios use.
//! - `load` drives the scenarios against a running server over loopback with a fixed number of
//!   connections for a fixed time, measures the ceilings (a bare handler serving the same
//!   objects from memory, run by `ceiling` in a child process), prints the table and writes
//!   the results as JSON.
//! - `ceiling` serves that bare handler.
//!
//! Architecture invariant: no poem here (the ceiling handler lives in `helpdesk_http::ceiling`,
//! behind that crate's `ceiling` feature); the harness talks to servers only over HTTP on
//! loopback.

mod ceiling;
mod client;
mod generate;
mod load;
mod report;
mod scenarios;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "helpdesk-bench",
    about = "Benchmark harness of the helpdesk server"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Fill an empty store with the benchmark data set.
    Generate(generate::Args),
    /// Run the scenarios and the ceilings against a running server.
    Load(scenarios::Args),
    /// Serve the ceiling handler (used by `load`).
    Ceiling(ceiling::Args),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Generate(args) => generate::run(args).await,
        Command::Load(args) => scenarios::run(args).await,
        Command::Ceiling(args) => ceiling::run(args).await,
    }
}
