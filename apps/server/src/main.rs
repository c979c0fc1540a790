//! The `helpdesk` binary: `helpdesk [serve]` runs the server, `helpdesk openapi` prints the
//! OpenAPI document, `helpdesk admin ...` runs an operator's command on the database.

use std::io::IsTerminal;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use clap::{Parser, Subcommand};
use helpdesk_http::ServeOptions;
use helpdesk_server::{AdminCommand, DEFAULT_DATABASE_URL, Settings, prepare, run_admin};
use helpdesk_service::{AdminSeed, Config, Helpdesk};
use helpdesk_storage_memory::MemoryStore;
use helpdesk_storage_seaorm::StoreOptions;
use tracing_appender::non_blocking::NonBlockingBuilder;

#[derive(Parser)]
#[command(
    name = "helpdesk",
    version,
    about = "A Zammad-compatible helpdesk server"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default).
    Serve(ServeArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Operator's commands on the database, for an installation that lost every admin.
    Admin(AdminArgs),
}

#[derive(clap::Args)]
struct AdminArgs {
    /// `sqlite://…`, `postgres://…` or `mysql://…`: the server's database.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, global = true)]
    database_url: String,
    /// Seconds a password-reset token from `reset-token` works.
    #[arg(long, env = "HELPDESK_PASSWORD_RESET_TTL", default_value_t = 24 * 60 * 60, global = true)]
    password_reset_ttl: u64,
    #[command(subcommand)]
    command: AdminSubcommand,
}

#[derive(Subcommand)]
enum AdminSubcommand {
    /// Unlock an account locked by failed logins (`login_failed` back to 0).
    Unlock {
        /// Login or email of the account.
        email: String,
    },
    /// Set an account's password and unlock it; without `--password`, a random one is
    /// printed once.
    ResetPassword {
        /// Login or email of the account.
        email: String,
        /// The new password.
        #[arg(long, env = "HELPDESK_NEW_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
    /// Print a single-use password-reset token for an account (for
    /// `POST /api/v1/users/password_reset_verify`).
    ResetToken {
        /// Login or email of the account.
        email: String,
    },
}

#[derive(clap::Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "HELPDESK_BIND", default_value = "127.0.0.1:3000")]
    bind: String,
    /// `memory:`, `sqlite://…`, `postgres://…` or `mysql://…`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL)]
    database_url: String,
    /// Email of the administrator created in an empty store.
    #[arg(
        long,
        env = "HELPDESK_ADMIN_EMAIL",
        default_value = "admin@example.com"
    )]
    admin_email: String,
    /// Password of that administrator; random (and logged once) when unset.
    #[arg(long, env = "HELPDESK_ADMIN_PASSWORD", hide_env_values = true)]
    admin_password: Option<String>,
    /// Failed logins allowed before an account locks.
    #[arg(long, env = "HELPDESK_MAX_LOGIN_FAILED", default_value_t = 5)]
    max_login_failed: i32,
    /// Failed Basic logins one client address may make within the throttle window before
    /// its Basic logins answer 429 (0: no throttle); keep it below --max-login-failed.
    #[arg(long, env = "HELPDESK_LOGIN_THROTTLE_FAILURES", default_value_t = 3)]
    login_throttle_failures: usize,
    /// Seconds of the login throttle's sliding window.
    #[arg(long, env = "HELPDESK_LOGIN_THROTTLE_WINDOW", default_value_t = 60)]
    login_throttle_window: u64,
    /// Seconds a password-reset token works.
    #[arg(long, env = "HELPDESK_PASSWORD_RESET_TTL", default_value_t = 24 * 60 * 60)]
    password_reset_ttl: u64,
    /// The token anonymous callers of `GET /api/v1/monitoring/health_check?token=` must send;
    /// unset: only callers with `admin.monitoring` may read it.
    #[arg(long, env = "HELPDESK_MONITORING_TOKEN", hide_env_values = true)]
    monitoring_token: Option<String>,
    /// Whether anonymous callers may sign up through `POST /users`.
    #[arg(long, env = "HELPDESK_USER_CREATE_ACCOUNT", default_value_t = true, action = clap::ArgAction::Set)]
    user_create_account: bool,
    /// Largest request body, in bytes.
    #[arg(long, env = "HELPDESK_BODY_LIMIT", default_value_t = 10 * 1024 * 1024)]
    body_limit: usize,
    /// Deepest nesting of JSON arrays and objects in a request body.
    #[arg(long, env = "HELPDESK_JSON_DEPTH", default_value_t = 64)]
    json_depth: usize,
    /// Largest attachment, in decoded bytes.
    #[arg(long, env = "HELPDESK_MAX_ATTACHMENT", default_value_t = 10 * 1024 * 1024)]
    max_attachment: usize,
    /// Seconds a request's head (request line and headers) may take to arrive.
    #[arg(long, env = "HELPDESK_HEADER_TIMEOUT", default_value_t = 10)]
    header_timeout: u64,
    /// Seconds reading a whole request body may take.
    #[arg(long, env = "HELPDESK_BODY_TIMEOUT", default_value_t = 30)]
    body_timeout: u64,
    /// Seconds a connection may stay without a new request after an answer before it is closed.
    #[arg(long, env = "HELPDESK_IDLE_TIMEOUT", default_value_t = 60)]
    idle_timeout: u64,
    /// Seconds a request waits for a database connection before it answers 503.
    #[arg(long, env = "HELPDESK_DB_ACQUIRE_TIMEOUT", default_value_t = 3)]
    db_acquire_timeout: u64,
    /// Seconds a database statement may run before it is cancelled and the request answers 503.
    #[arg(long, env = "HELPDESK_DB_STATEMENT_TIMEOUT", default_value_t = 5)]
    db_statement_timeout: u64,
    /// Most connections open at once.
    #[arg(long, env = "HELPDESK_MAX_CONNECTIONS", default_value_t = 1024)]
    max_connections: usize,
    /// Reverse proxies whose `X-Forwarded-For` names the client for the login throttle,
    /// comma-separated IP addresses.
    #[arg(long, env = "HELPDESK_TRUSTED_PROXIES", value_delimiter = ',')]
    trusted_proxies: Vec<std::net::IpAddr>,
    /// Origins whose browsers may call the API, comma-separated (`https://desk.example.com`).
    #[arg(long, env = "HELPDESK_CORS_ORIGINS", value_delimiter = ',', value_parser = origin)]
    cors_origins: Vec<String>,
}

/// An origin for the CORS allow-list: `scheme://host[:port]`, never a wildcard.
fn origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    let well_formed = value.split_once("://").is_some_and(|(scheme, host)| {
        !scheme.is_empty() && !host.is_empty() && !host.contains('/')
    }) && value.bytes().all(|b| b.is_ascii_graphic())
        && !value.contains('*');
    if well_formed {
        Ok(value.to_string())
    } else {
        Err(format!(
            "'{value}' is no origin: expected scheme://host[:port], without wildcards or a path"
        ))
    }
}

/// The allocator: a request allocates and frees a few hundred small objects (the row, the
/// domain record, the DTO, the JSON), and glibc's malloc took a tenth of the server's CPU
/// under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How many tasks a runtime worker polls from its own queue between looks at the shared
/// one. Database answers wake their requests from sqlx's worker threads, through the shared
/// queue: looking at it every time lets a request that holds the writer lock go on at once
/// (tokio's default tunes the interval to ~200 µs of polling).
const GLOBAL_QUEUE_INTERVAL: u32 = 1;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .global_queue_interval(GLOBAL_QUEUE_INTERVAL)
        .build()?
        .block_on(run())
}

async fn run() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        Some(Command::Openapi) => {
            let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
            println!("{}", helpdesk_http::openapi_json(helpdesk));
            Ok(())
        }
        Some(Command::Admin(args)) => {
            let command = match args.command {
                AdminSubcommand::Unlock { email } => AdminCommand::Unlock { login: email },
                AdminSubcommand::ResetPassword { email, password } => AdminCommand::ResetPassword {
                    login: email,
                    password: password.filter(|p| !p.is_empty()),
                },
                AdminSubcommand::ResetToken { email } => AdminCommand::ResetToken { login: email },
            };
            print!(
                "{}",
                run_admin(
                    &args.database_url,
                    Config {
                        password_reset_ttl: Duration::from_secs(args.password_reset_ttl),
                        ..Config::default()
                    },
                    command
                )
                .await?
            );
            Ok(())
        }
        Some(Command::Serve(args)) => serve(args).await,
        None => serve(cli.serve).await,
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    helpdesk_server::heap::return_large_allocations();
    // Log lines are written by a thread of their own, in batches: one `write` per line on
    // the request's thread cost a tenth of the server's throughput under load. Nothing is
    // dropped (a full queue makes the logging thread wait); the guard flushes at exit.
    let (log_writer, _flush_logs_at_exit) = NonBlockingBuilder::default()
        .lossy(false)
        .finish(std::io::BufWriter::new(std::io::stdout()));
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_ansi(std::io::stdout().is_terminal())
        .with_writer(log_writer)
        .init();
    let settings = Settings {
        bind: args.bind,
        database_url: args.database_url,
        admin: AdminSeed {
            email: args.admin_email,
            password: args.admin_password.filter(|p| !p.is_empty()),
        },
        config: Config {
            max_login_failed: args.max_login_failed,
            user_create_account: args.user_create_account,
            max_attachment_bytes: args.max_attachment,
            login_throttle_failures: args.login_throttle_failures,
            login_throttle_window: Duration::from_secs(args.login_throttle_window),
            password_reset_ttl: Duration::from_secs(args.password_reset_ttl),
            monitoring_token: args.monitoring_token.filter(|t| !t.is_empty()),
            ..Config::default()
        },
        serve: ServeOptions {
            body_limit: args.body_limit,
            json_depth: args.json_depth,
            header_timeout: Duration::from_secs(args.header_timeout),
            body_timeout: Duration::from_secs(args.body_timeout),
            idle_timeout: Duration::from_secs(args.idle_timeout),
            max_connections: args.max_connections,
            cors_origins: args.cors_origins,
            trusted_proxies: args.trusted_proxies,
            ..ServeOptions::default()
        },
        database: StoreOptions {
            acquire_timeout: Duration::from_secs(args.db_acquire_timeout),
            statement_timeout: Duration::from_secs(args.db_statement_timeout),
        },
    };
    let helpdesk = prepare(&settings).await?;
    let listener = std::net::TcpListener::bind(&settings.bind)
        .with_context(|| format!("binding {}", settings.bind))?;
    tracing::info!(
        addr = %listener.local_addr()?,
        "helpdesk listening; API at /api/v1, docs at /api/docs, OpenAPI at /api/openapi.json"
    );
    helpdesk_http::serve(listener, helpdesk, settings.serve, shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// Completes on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
    tracing::info!("shutting down");
}
