//! Cancelling the statement of a search whose caller went away, on PostgreSQL.
//!
//! Dropping a sqlx future does not cancel its statement: the server runs it on until it ends
//! or the statement timeout (`crate::server::limits`) fires. So a free-text ticket search on
//! PostgreSQL first tags its backend with a name unique to this search
//! (`set_config('application_name', …, true)`: one cheap statement, reverted when the read
//! transaction ends, so the tag never matches a later use of the connection) and holds a
//! [`CancelOnDrop`] across its statements. Dropped before the search returned (its request was
//! dropped), the guard spawns a task that, on another pooled connection, cancels the tagged
//! backend's active statement with `pg_cancel_backend`. Other reads pay nothing; a search
//! that returns pays the one tagging statement. Failures to cancel are logged.

use std::sync::LazyLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use helpdesk_storage::Result;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};

use crate::error::backend;
use crate::handle::Handle;

/// The start of every tag of this process: the process id and its start time, so that
/// servers sharing a database never make the same tag.
static TAG_PREFIX: LazyLock<String> = LazyLock::new(|| {
    let started = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_micros());
    format!("helpdesk-search-{}-{started:x}", std::process::id())
});

/// The number of the next search's tag.
static NEXT_TAG: AtomicU64 = AtomicU64::new(0);

/// Cancels the tagged search's statement when dropped before [`CancelOnDrop::disarm`].
pub(crate) struct CancelOnDrop {
    /// Where the cancelling statement runs (another connection of the same pool).
    pool: DatabaseConnection,
    /// The `application_name` the search's backend carries until its transaction ends.
    tag: String,
    armed: bool,
}

impl CancelOnDrop {
    /// On a PostgreSQL read transaction (`pool` is its store's pool), tags the backend `tx`
    /// runs on and answers the guard; `None` elsewhere, at no cost.
    pub(crate) async fn arm(
        tx: &Handle,
        pool: Option<&DatabaseConnection>,
    ) -> Result<Option<Self>> {
        let Some(pool) = pool else {
            return Ok(None);
        };
        if !matches!(tx, Handle::Transaction(_)) || tx.get_database_backend() != DbBackend::Postgres
        {
            return Ok(None);
        }
        let tag = format!(
            "{}-{}",
            *TAG_PREFIX,
            NEXT_TAG.fetch_add(1, Ordering::Relaxed)
        );
        tx.query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT set_config('application_name', $1, true)",
            [tag.clone().into()],
        ))
        .await
        .map_err(backend)?;
        Ok(Some(Self {
            pool: pool.clone(),
            tag,
            armed: true,
        }))
    }

    /// The search returned (answer or error): nothing to cancel.
    pub(crate) fn disarm(mut self) {
        self.armed = false;
    }
}

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if !self.armed {
            return;
        }
        let tag = std::mem::take(&mut self.tag);
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(cancel(self.pool.clone(), tag));
            }
            Err(e) => tracing::warn!(
                error = %e,
                tag,
                "cannot cancel a dropped search's statement: no runtime"
            ),
        }
    }
}

/// Cancels the active statement of the backend tagged `tag`, if it still runs one.
async fn cancel(pool: DatabaseConnection, tag: String) {
    let statement = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_cancel_backend(pid) AS cancelled FROM pg_stat_activity \
         WHERE application_name = $1 AND state = 'active' AND pid <> pg_backend_pid()",
        [tag.clone().into()],
    );
    match pool.query_all_raw(statement).await {
        Ok(rows) => tracing::debug!(
            tag,
            cancelled = rows.len(),
            "cancelled the statement of a dropped search"
        ),
        Err(e) => tracing::warn!(
            error = %e,
            tag,
            "cannot cancel the statement of a dropped search"
        ),
    }
}
