//! Dropping test databases on a background thread, so no test waits for a `DROP DATABASE`
//! (on PostgreSQL it may wait for a checkpoint). Drops still queued when the process exits
//! are left for the stale clean-up of a later run.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use tokio::sync::Semaphore;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use super::{Server, connect, naming};

/// Test databases created longer ago than this are dropped by the next process's clean-up.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// A database to drop.
struct Job {
    server: Server,
    server_url: String,
    name: String,
}

/// Queues `name` on the server at `server_url` for dropping.
pub(super) fn drop_later(server: Server, server_url: &str, name: &str) {
    static QUEUE: OnceLock<Option<UnboundedSender<Job>>> = OnceLock::new();
    let queue = QUEUE.get_or_init(|| {
        let (sender, receiver) = unbounded_channel();
        std::thread::Builder::new()
            .name("test-database-dropper".into())
            .spawn(move || work(receiver))
            .ok()
            .map(|_| sender)
    });
    if let Some(queue) = queue {
        // Fails only when the worker is gone; the stale clean-up then gets the database later.
        let _ = queue.send(Job {
            server,
            server_url: server_url.to_string(),
            name: name.to_string(),
        });
    }
}

/// Queues every test database on the server that is older than [`STALE_AFTER`].
pub(super) async fn drop_stale(server: Server, server_url: &str, admin: &DatabaseConnection) {
    let list = match server {
        Server::Postgres => "SELECT datname::text AS name FROM pg_database",
        Server::Mysql => {
            "SELECT CAST(schema_name AS CHAR) AS name FROM information_schema.schemata"
        }
    };
    let backend = admin.get_database_backend();
    let Ok(rows) = admin
        .query_all_raw(Statement::from_string(backend, list))
        .await
    else {
        return;
    };
    let cutoff = naming::now_secs().saturating_sub(STALE_AFTER.as_secs());
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "name") else {
            continue;
        };
        if naming::created_secs(&name).is_some_and(|secs| secs < cutoff) {
            drop_later(server, server_url, &name);
        }
    }
}

/// How many drops run at once: PostgreSQL makes each `DROP DATABASE` wait for a checkpoint,
/// and drops waiting together share one.
const CONCURRENT_DROPS: usize = 8;

/// The worker: drops queued databases, several at a time, each over a connection of its own.
fn work(mut receiver: UnboundedReceiver<Job>) {
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return;
    };
    runtime.block_on(async {
        let slots = Arc::new(Semaphore::new(CONCURRENT_DROPS));
        while let Some(job) = receiver.recv().await {
            let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
                return;
            };
            tokio::spawn(async move {
                if let Ok(admin) = connect(job.server, &job.server_url).await {
                    drop_database(job.server, &admin, &job.name).await;
                    let _ = admin.close().await;
                }
                drop(slot);
            });
        }
    });
}

/// Drops one database. Another process may be dropping the same stale database: either way
/// it ends up gone, and a failure leaves it to a later run's stale clean-up.
async fn drop_database(server: Server, admin: &DatabaseConnection, name: &str) {
    let statement = match server {
        // FORCE ends the connections a test's pool may still hold.
        Server::Postgres => format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        Server::Mysql => {
            // Bounded, in case a connection of the test still holds a metadata lock.
            let _ = admin
                .execute_unprepared("SET SESSION lock_wait_timeout = 10")
                .await;
            format!("DROP DATABASE IF EXISTS {name}")
        }
    };
    let _ = admin.execute_unprepared(&statement).await;
}
