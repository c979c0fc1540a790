//! `helpdesk-bench ceiling`: serves `helpdesk_http::ceiling` over the sample objects, and the
//! parent's side of it: starting that child process and stopping it.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The sample objects to serve.
#[derive(clap::Args)]
pub struct Args {
    /// One ticket as `GET /tickets/{id}` answered it (JSON file).
    #[arg(long)]
    ticket: PathBuf,
    /// A page of tickets as `GET /tickets` answered it (JSON file).
    #[arg(long)]
    page: PathBuf,
}

/// Binds a free loopback port, prints it as the first line on stdout and serves.
pub async fn run(args: Args) -> Result<()> {
    let read = |path: &Path| -> Result<serde_json::Value> {
        let text = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
        Ok(serde_json::from_slice(&text)?)
    };
    let (ticket, page) = (read(&args.ticket)?, read(&args.page)?);
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    println!("{}", listener.local_addr()?.port());
    helpdesk_http::ceiling::serve(listener, ticket, page).await?;
    Ok(())
}

/// The ceiling server running as a child process; killed when dropped.
pub struct Ceiling {
    /// Its loopback port.
    pub port: u16,
    /// Its process id, for its peak RSS.
    pub pid: u32,
    _child: Child,
}

impl Ceiling {
    /// Starts this binary's `ceiling` command over the two sample files.
    pub async fn start(ticket: &Path, page: &Path) -> Result<Self> {
        let mut child = Command::new(std::env::current_exe()?)
            .arg("ceiling")
            .arg("--ticket")
            .arg(ticket)
            .arg("--page")
            .arg(page)
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .context("starting the ceiling server")?;
        let stdout = child.stdout.take().context("the ceiling's stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).await?;
        let Ok(port) = line.trim().parse() else {
            bail!("the ceiling server did not print its port (printed {line:?})");
        };
        Ok(Self {
            port,
            pid: child.id().context("the ceiling's pid")?,
            _child: child,
        })
    }
}
