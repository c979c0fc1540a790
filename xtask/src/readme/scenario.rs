//! The README's commands run as written, through `sh`, with `target/release` first on `PATH`
//! (where `helpdesk` is): a server started by `cargo xtask run` gets a free loopback port
//! (`HELPDESK_BIND`) and a fresh SQLite file (`DATABASE_URL`); the README's `curl` asks the
//! running server with its administrator's credentials; `helpdesk admin ...` works on the database
//! where that administrator was created.

use std::{
    collections::BTreeMap,
    env,
    fs::{self, File},
    os::unix::process::CommandExt,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

use super::shell;
use crate::process;
use crate::server::{answers, free_port, target_dir};

/// How long a `cargo xtask run` may take to answer (it may compile xtask and link the server).
const STARTUP: Duration = Duration::from_secs(300);
/// The administrator the server creates when `HELPDESK_ADMIN_EMAIL` is unset.
const DEFAULT_ADMIN: &str = "admin@example.com";
/// The log message with the generated password.
const GENERATED: &str = "created the administrator with a random password";

/// What the commands so far left behind.
pub struct Scenario {
    /// Scratch files: `target/readme/`.
    dir: PathBuf,
    /// The server the last `cargo xtask run` started, until the next one or a `curl`.
    server: Option<Running>,
    /// The database of each administrator a server created, by email.
    databases: BTreeMap<String, String>,
    /// How many servers have been started.
    started: usize,
}

/// A `cargo xtask run` and everything it started, in a process group of its own.
struct Running {
    child: Child,
    port: u16,
    /// Email and password of its administrator.
    admin: (String, String),
}

impl Scenario {
    /// An empty `target/readme/`.
    pub fn new() -> Result<Self> {
        let dir = target_dir().join("readme");
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
        Ok(Self {
            dir,
            server: None,
            databases: BTreeMap::new(),
            started: 0,
        })
    }

    /// Kills the running server, if any, with everything in its process group.
    fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let group = format!("-{}", server.child.id());
            let _ = process::succeeds(process::command("kill", &["-KILL", "--", &group]));
            let _ = server.child.wait();
        }
    }
}

impl Drop for Scenario {
    fn drop(&mut self) {
        self.stop();
    }
}

/// `[VARIABLES] cargo xtask run`: starts it on a free port and a fresh database, waits until it
/// answers and learns its administrator (from the variables, or the generated password from the
/// log).
pub fn serve(scenario: &mut Scenario, command: &str) -> Result<()> {
    scenario.stop();
    scenario.started += 1;
    let number = scenario.started;
    let file = scenario.dir.join(format!("helpdesk-{number}.db"));
    let database_url = format!("sqlite://{}?mode=rwc", file.display());
    let log = scenario.dir.join(format!("server-{number}.log"));
    let output = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
    let port = free_port()?;
    let mut cmd = shell(command);
    cmd.env("HELPDESK_BIND", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", &database_url)
        .env_remove("HELPDESK_ADMIN_EMAIL")
        .env_remove("HELPDESK_ADMIN_PASSWORD")
        .stdin(Stdio::null())
        .stdout(output.try_clone()?)
        .stderr(output)
        .process_group(0);
    let child = cmd.spawn().context("could not start sh")?;
    scenario.server = Some(Running {
        child,
        port,
        admin: Default::default(),
    });
    let server = scenario.server.as_mut().expect("just started");
    let started = Instant::now();
    while !answers(port) {
        if let Some(status) = server.child.try_wait()? {
            bail!(
                "it exited ({status}) before answering: see {}",
                log.display()
            );
        }
        if started.elapsed() > STARTUP {
            bail!(
                "it did not answer within {STARTUP:?}: see {}",
                log.display()
            );
        }
        thread::sleep(Duration::from_millis(200));
    }
    let variables = shell::assignments(command);
    let variable = |name: &str| {
        variables
            .iter()
            .find(|(variable, _)| variable == name)
            .map(|(_, value)| value.clone())
    };
    let email = variable("HELPDESK_ADMIN_EMAIL").unwrap_or_else(|| DEFAULT_ADMIN.to_owned());
    let password = match variable("HELPDESK_ADMIN_PASSWORD") {
        Some(password) => password,
        None => generated_password(&log)?,
    };
    scenario.databases.insert(email.clone(), database_url);
    server.admin = (email, password);
    Ok(())
}

/// The password the server printed in `log` (the line may reach the file a moment after the
/// server answers).
fn generated_password(log: &Path) -> Result<String> {
    let started = Instant::now();
    loop {
        let text = fs::read_to_string(log).unwrap_or_default();
        let password = text
            .lines()
            .filter(|line| line.contains(GENERATED))
            .flat_map(str::split_whitespace)
            .find_map(|word| word.strip_prefix("password="));
        if let Some(password) = password {
            return Ok(password.to_owned());
        }
        if started.elapsed() > Duration::from_secs(10) {
            bail!("the log {} does not say `{GENERATED}`", log.display());
        }
        thread::sleep(Duration::from_millis(100));
    }
}

/// `curl -u admin@example.com:PASSWORD http://127.0.0.1:3000/...`: asks the running server with
/// its administrator's credentials and port, expects that administrator's record, and stops the
/// server.
pub fn curl(scenario: &mut Scenario, command: &str) -> Result<()> {
    let server = scenario
        .server
        .as_ref()
        .context("no server runs: a `cargo xtask run` must come first")?;
    let (email, password) = server.admin.clone();
    let port = server.port;
    let credentials = format!("{DEFAULT_ADMIN}:PASSWORD");
    if !(command.contains(&credentials) && command.contains("127.0.0.1:3000")) {
        bail!("expected `{credentials}` and `127.0.0.1:3000` to replace");
    }
    let command = command
        .replace(&credentials, &shell::quote(&format!("{email}:{password}")))
        .replace("127.0.0.1:3000", &format!("127.0.0.1:{port}"));
    let answer = process::capture(shell(&command))?;
    scenario.stop();
    if !answer.contains(&format!("\"{email}\"")) {
        bail!("expected the record of {email}, got: {answer}");
    }
    Ok(())
}

/// `... --help`: lists the server's options.
pub fn help(_: &mut Scenario, command: &str) -> Result<()> {
    let text = process::capture(shell(command))?;
    if !(text.contains("--bind") && text.contains("--database-url")) {
        bail!("expected the server's options, got: {text}");
    }
    Ok(())
}

/// `helpdesk admin <command> EMAIL [...]`: runs on the database where a server created EMAIL as
/// its administrator.
pub fn admin(scenario: &mut Scenario, command: &str) -> Result<()> {
    let email = command
        .split_whitespace()
        .nth(3)
        .context("expected `helpdesk admin <command> EMAIL`")?;
    let database_url = scenario
        .databases
        .get(email)
        .with_context(|| format!("no `cargo xtask run` before it created {email}"))?;
    let mut cmd = shell(command);
    cmd.env("DATABASE_URL", database_url)
        .env_remove("HELPDESK_NEW_PASSWORD");
    process::capture(cmd)?;
    Ok(())
}

/// `sh -c command` in the workspace root, with the release binaries first on `PATH`.
fn shell(command: &str) -> Command {
    let mut path = target_dir().join("release").into_os_string();
    if let Some(rest) = env::var_os("PATH") {
        path.push(":");
        path.push(rest);
    }
    let mut cmd = process::command("sh", &["-c", command]);
    cmd.env("PATH", path);
    cmd
}
