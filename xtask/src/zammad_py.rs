//! `cargo xtask zammad-py`: proves that the real Python client `zammad_py` works against the
//! server unchanged.
//!
//! It keeps a virtualenv with the pinned client under the target directory, builds the server,
//! starts it on a free loopback port with the memory store and a known administrator, runs
//! `xtask/zammad_py_check.py` with the virtualenv's Python, and stops the server whatever
//! happened.

use std::{
    env,
    fs::File,
    io::{Read, Write},
    net::{Ipv4Addr, TcpListener, TcpStream},
    path::PathBuf,
    process::{Child, Command, Stdio},
    thread,
    time::{Duration, Instant},
};

use anyhow::{Context, Result, bail};

use crate::{cargo, process, project_root};

/// The client release the check pins.
const PACKAGE: &str = "zammad_py==3.2.1";
/// The check script, relative to the workspace root.
const SCRIPT: &str = "xtask/zammad_py_check.py";
/// The administrator seeded into the empty memory store.
const ADMIN_EMAIL: &str = "admin@example.com";
/// That administrator's password; the server only listens on loopback and lives for one run.
const ADMIN_PASSWORD: &str = "zammad-py-check-password";
/// How long the server may take to answer after starting.
const STARTUP: Duration = Duration::from_secs(30);

/// Prepares the client, builds and starts the server, runs the check and stops the server.
pub fn run() -> Result<()> {
    let python = virtualenv()?;
    process::run(process::command(
        &cargo(),
        &["build", "-p", "helpdesk-server", "--bin", "helpdesk"],
    ))?;
    let port = free_port()?;
    let mut server = Server::start(port)?;
    server.wait_until_answering()?;
    let mut check = process::command(&python.to_string_lossy(), &[SCRIPT]);
    check
        .env("HELPDESK_URL", format!("http://127.0.0.1:{port}/api/v1/"))
        .env("HELPDESK_ADMIN_EMAIL", ADMIN_EMAIL)
        .env("HELPDESK_ADMIN_PASSWORD", ADMIN_PASSWORD);
    process::run(check).with_context(|| {
        format!(
            "zammad_py does not work against the server: see the FAIL lines above and the \
             server log {}",
            server.log.display()
        )
    })
}

/// The directory cargo builds into: `CARGO_TARGET_DIR` when set, else `target` in the root.
fn target_dir() -> PathBuf {
    let dir = env::var_os("CARGO_TARGET_DIR").map_or_else(|| "target".into(), PathBuf::from);
    project_root().join(dir)
}

/// Creates the virtualenv unless it exists, installs the pinned client into it (a no-op when it
/// is there already) and returns the virtualenv's Python.
fn virtualenv() -> Result<PathBuf> {
    let venv = target_dir().join("zammad-py-venv");
    let python = venv.join("bin").join("python");
    if !python.exists() {
        let venv = venv.to_string_lossy();
        process::run(process::command("python3", &["-m", "venv", &venv])).context(
            "could not create the virtualenv: is python3 with its venv module installed?",
        )?;
    }
    let pip = venv.join("bin").join("pip");
    process::run(process::command(
        &pip.to_string_lossy(),
        &["install", "--quiet", "--disable-pip-version-check", PACKAGE],
    ))
    .with_context(|| format!("could not install {PACKAGE}"))?;
    Ok(python)
}

/// A loopback port that was free a moment ago: bound to port 0, read back and released.
fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("could not bind a loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// The running server; dropping it kills it, so it never outlives the command.
struct Server {
    child: Child,
    port: u16,
    /// Where the server's output goes.
    log: PathBuf,
}

impl Server {
    /// Starts the built `helpdesk` on `127.0.0.1:port` with the memory store.
    fn start(port: u16) -> Result<Self> {
        let binary = target_dir().join("debug").join("helpdesk");
        let log = target_dir().join("zammad-py-server.log");
        let output =
            File::create(&log).with_context(|| format!("could not create {}", log.display()))?;
        let bind = format!("127.0.0.1:{port}");
        let mut cmd = Command::new(&binary);
        cmd.args(["serve", "--bind", &bind, "--database-url", "memory:"])
            .env("HELPDESK_ADMIN_EMAIL", ADMIN_EMAIL)
            .env("HELPDESK_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .current_dir(project_root())
            .stdin(Stdio::null())
            .stdout(output.try_clone()?)
            .stderr(output);
        let child = cmd
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        Ok(Self { child, port, log })
    }

    /// Waits until the server answers an HTTP request, failing when it exits or stays silent.
    fn wait_until_answering(&mut self) -> Result<()> {
        let started = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                bail!(
                    "the server exited ({status}) before answering: see {}",
                    self.log.display()
                );
            }
            if answers(self.port) {
                return Ok(());
            }
            if started.elapsed() > STARTUP {
                bail!(
                    "the server did not answer within {}s: see {}",
                    STARTUP.as_secs(),
                    self.log.display()
                );
            }
            thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        // Killing a process that already exited fails harmlessly; wait reaps it either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Whether an HTTP request to the port gets an HTTP answer (any status).
fn answers(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect((Ipv4Addr::LOCALHOST, port)) else {
        return false;
    };
    let timeout = Some(Duration::from_secs(2));
    if stream.set_read_timeout(timeout).is_err()
        || stream
            .write_all(b"GET /api/v1/users/me HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
            .is_err()
    {
        return false;
    }
    let mut start = [0; 5];
    stream.read_exact(&mut start).is_ok() && &start == b"HTTP/"
}
