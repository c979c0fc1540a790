//! The helpdesk server as a library: configuration, the choice of storage backend, seeding
//! and start-up. The `helpdesk` binary and the black-box tests both start servers here.
//!
//! Architecture invariant: this is the only place that picks a storage backend; it holds
//! no business rules and no HTTP handlers.

pub mod heap;

use std::net::SocketAddr;
use std::sync::Arc;

use anyhow::Context;
use helpdesk_http::ServeOptions;
use helpdesk_service::{AdminSeed, Config, Helpdesk, SeedReport};
use helpdesk_storage::Store;
use helpdesk_storage_memory::MemoryStore;
use helpdesk_storage_seaorm::{SeaOrmStore, StoreOptions};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// The database URL that selects the in-memory store.
pub const MEMORY_URL: &str = "memory:";

/// The default database: a SQLite file under `./data/`, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://data/helpdesk.db?mode=rwc";

/// Everything a server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Address to listen on, e.g. `127.0.0.1:3000` (port 0 picks a free one).
    pub bind: String,
    /// `memory:`, `sqlite://…`, `postgres://…` or `mysql://…`.
    pub database_url: String,
    /// The administrator created in an empty store.
    pub admin: AdminSeed,
    /// Use-case settings.
    pub config: Config,
    /// HTTP limits.
    pub serve: ServeOptions,
    /// Limits on the connections to a database server (acquire and statement timeouts).
    pub database: StoreOptions,
}

/// Opens the store `database_url` names, running migrations on SQL stores; `limits` apply
/// to the connections to a database server.
pub async fn open_store(
    database_url: &str,
    limits: &StoreOptions,
) -> anyhow::Result<Arc<dyn Store>> {
    if database_url == MEMORY_URL {
        return Ok(Arc::new(MemoryStore::new()));
    }
    let store = SeaOrmStore::connect_with(database_url, limits)
        .await
        .with_context(|| format!("opening the database {}", redact(database_url)))?;
    Ok(Arc::new(store))
}

/// Hides a password in a database URL for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Opens the store, seeds it when empty (logging a generated admin password once) and
/// builds the helpdesk.
pub async fn prepare(settings: &Settings) -> anyhow::Result<Helpdesk> {
    let store = open_store(&settings.database_url, &settings.database).await?;
    let helpdesk = Helpdesk::new(store, settings.config.clone());
    match helpdesk
        .seed(settings.admin.clone())
        .await
        .context("seeding the store")?
    {
        SeedReport::AlreadySeeded => {}
        SeedReport::Seeded {
            admin_login,
            generated_password: Some(password),
        } => {
            tracing::warn!(%admin_login, %password, "created the administrator with a random password; it is shown only this once");
        }
        SeedReport::Seeded {
            admin_login,
            generated_password: None,
        } => {
            tracing::info!(%admin_login, "created the administrator");
        }
    }
    Ok(helpdesk)
}

/// An operator's command on the store, for the installation that lost every admin
/// (`helpdesk admin ...`): it needs no credentials, only access to the database.
#[derive(Debug, Clone)]
pub enum AdminCommand {
    /// Sets the `login_failed` of the user with this login or email to 0.
    Unlock {
        /// Login or email.
        login: String,
    },
    /// Sets the password of the user with this login or email (and unlocks the account);
    /// a random password, printed once, when `password` is `None`.
    ResetPassword {
        /// Login or email.
        login: String,
        /// The new password.
        password: Option<String>,
    },
    /// Issues a password-reset token for the user with this login or email and prints it.
    ResetToken {
        /// Login or email.
        login: String,
    },
}

/// Runs `command` on the store `database_url` names (migrating it first, seeding nothing)
/// and answers what to print. Changes made here reach running servers on the same database
/// at their next login of that user.
pub async fn run_admin(
    database_url: &str,
    config: Config,
    command: AdminCommand,
) -> anyhow::Result<String> {
    let store = open_store(database_url, &StoreOptions::default()).await?;
    let helpdesk = Helpdesk::new(store, config);
    Ok(match command {
        AdminCommand::Unlock { login } => {
            let user = helpdesk.operator_unlock(&login).await?;
            format!("unlocked {} (id {})\n", user.login, user.id)
        }
        AdminCommand::ResetPassword { login, password } => {
            let generated = password.is_none();
            let password = password.unwrap_or_else(random_password);
            let user = helpdesk.operator_set_password(&login, &password).await?;
            let mut out = format!(
                "set the password of {} (id {}) and unlocked the account\n",
                user.login, user.id
            );
            if generated {
                out.push_str(&format!(
                    "new password (shown only this once): {password}\n"
                ));
            }
            out
        }
        AdminCommand::ResetToken { login } => {
            let issued = helpdesk.issue_password_reset(&login).await?;
            format!(
                "password-reset token for {} (id {}), valid until {}, usable once:\n{}\n\
                 use it with POST /api/v1/users/password_reset_verify \
                 {{\"token\": \"<token>\", \"password\": \"<new password>\"}}\n",
                issued.login,
                issued.user_id,
                issued
                    .expires_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                issued.secret,
            )
        }
    })
}

/// A random password of 20 letters and digits.
fn random_password() -> String {
    use rand::Rng;
    rand::thread_rng()
        .sample_iter(&rand::distributions::Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

/// A server running in the background.
pub struct RunningServer {
    /// Where it listens.
    pub addr: SocketAddr,
    shutdown: oneshot::Sender<()>,
    handle: JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// The base URL of the API, e.g. `http://127.0.0.1:3000/api/v1`.
    pub fn api_url(&self) -> String {
        format!("http://{}/api/v1", self.addr)
    }

    /// Stops accepting, drains requests in flight and waits for the server to end.
    pub async fn stop(self) -> anyhow::Result<()> {
        let _ = self.shutdown.send(());
        self.handle.await.context("server task")??;
        Ok(())
    }
}

/// Prepares the store and starts serving in the background.
pub async fn spawn(settings: Settings) -> anyhow::Result<RunningServer> {
    let helpdesk = prepare(&settings).await?;
    let listener = std::net::TcpListener::bind(&settings.bind)
        .with_context(|| format!("binding {}", settings.bind))?;
    let addr = listener.local_addr()?;
    let (shutdown, stopped) = oneshot::channel::<()>();
    let handle = tokio::spawn(helpdesk_http::serve(
        listener,
        helpdesk,
        settings.serve,
        async {
            let _ = stopped.await;
        },
    ));
    Ok(RunningServer {
        addr,
        shutdown,
        handle,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_passwords() {
        assert_eq!(
            redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(redact("sqlite://data/x.db"), "sqlite://data/x.db");
        assert_eq!(redact("mysql://root@h/db"), "mysql://root@h/db");
    }
}
