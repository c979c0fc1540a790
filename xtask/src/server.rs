//! A `helpdesk` server run as a child process on a loopback port, for the checks that drive
//! the real binary (`zammad-py`, `crash-test`).

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

use crate::project_root;

/// How long the server may take to answer after starting.
const STARTUP: Duration = Duration::from_secs(60);

/// The directory cargo builds into: `CARGO_TARGET_DIR` when set, else `target` in the root.
pub fn target_dir() -> PathBuf {
    let dir = env::var_os("CARGO_TARGET_DIR").map_or_else(|| "target".into(), PathBuf::from);
    project_root().join(dir)
}

/// A loopback port that was free a moment ago: bound to port 0, read back and released.
pub fn free_port() -> Result<u16> {
    let listener =
        TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).context("could not bind a loopback port")?;
    Ok(listener.local_addr()?.port())
}

/// The running server; dropping it kills it (SIGKILL), so it never outlives the command.
pub struct Server {
    child: Child,
    /// The loopback port it listens on.
    pub port: u16,
    /// Where the server's output goes.
    pub log: PathBuf,
}

impl Server {
    /// Starts the debug build of `helpdesk` on a free loopback port with `database_url` and
    /// the administrator `admin` (email, password), its output going to `log_name` in the
    /// target directory (appended, so a restart keeps the earlier lines).
    pub fn start(database_url: &str, admin: (&str, &str), log_name: &str) -> Result<Self> {
        Self::start_profile("debug", database_url, admin, log_name)
    }

    /// [`Server::start`] with the failed-login throttle off: for a client that fails logins
    /// on purpose from one address (Schemathesis' auth checks) and must not be held back
    /// from its valid requests afterwards.
    pub fn start_unthrottled(
        database_url: &str,
        admin: (&str, &str),
        log_name: &str,
    ) -> Result<Self> {
        Self::launch(
            "debug",
            database_url,
            admin,
            log_name,
            &[("HELPDESK_LOGIN_THROTTLE_FAILURES", "0")],
        )
    }

    /// [`Server::start`] with the build of `profile` (`debug` or `release`).
    pub fn start_profile(
        profile: &str,
        database_url: &str,
        admin: (&str, &str),
        log_name: &str,
    ) -> Result<Self> {
        Self::launch(profile, database_url, admin, log_name, &[])
    }

    fn launch(
        profile: &str,
        database_url: &str,
        admin: (&str, &str),
        log_name: &str,
        env: &[(&str, &str)],
    ) -> Result<Self> {
        let port = free_port()?;
        let binary = target_dir().join(profile).join("helpdesk");
        let log = target_dir().join(log_name);
        let output = File::options()
            .create(true)
            .append(true)
            .open(&log)
            .with_context(|| format!("could not open {}", log.display()))?;
        let bind = format!("127.0.0.1:{port}");
        let mut cmd = Command::new(&binary);
        cmd.args(["serve", "--bind", &bind, "--database-url", database_url])
            .env("HELPDESK_ADMIN_EMAIL", admin.0)
            .env("HELPDESK_ADMIN_PASSWORD", admin.1)
            .envs(env.iter().copied())
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
    pub fn wait_until_answering(&mut self) -> Result<()> {
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

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Kills the server with SIGKILL (no shutdown of any kind) and reaps it.
    pub fn kill(&mut self) {
        // Killing a process that already exited fails harmlessly; wait reaps it either way.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Whether an HTTP request to the port gets an HTTP answer (any status).
pub fn answers(port: u16) -> bool {
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
