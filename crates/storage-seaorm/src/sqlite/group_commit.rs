//! SQLite group commit: write transactions that queue up behind each other share one
//! database transaction and one durable `COMMIT`.
//!
//! Write transactions run one at a time, in turn (a fair lock). Each runs inside a savepoint
//! of the open *batch*, a database transaction begun by the first of them. When one
//! commits, it releases its savepoint; then, if another write is waiting for its turn, it
//! hands the batch over and waits, else it commits the batch. Either way its commit answers
//! only once the batch is durable, with the batch's result: no write is acknowledged before
//! its `COMMIT`. A write that rolls back undoes its savepoint alone. A batch handed over is
//! always finished: a finisher task queued behind the waiting writes commits it, whatever
//! became of them. Most of a commit's cost — the pages of indexes and of the search index
//! written to the log, and its fsync — is shared by the whole batch; so is the rebuild of
//! the search documents of the tickets its writes changed (`crate::sqlite::search_docs::flush`),
//! run once before the batch's `COMMIT`.
//!
//! After any failed `COMMIT`, `RELEASE` or `ROLLBACK` the writer's connection is closed and
//! a new one opened before the next write: SQLite may have ended the transaction (a full
//! disk, an I/O error) while the driver still counts it as open, and on that connection
//! every later "commit" would only release a savepoint of a transaction that never ends —
//! writes acknowledged and never saved. A batch one of whose writes rolled back is checked
//! to still be a transaction before it is continued or committed.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use helpdesk_storage::{Error, Result};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::error::backend;
use crate::sqlite::search_docs;

/// The most writes one batch takes, bounding how long its first one waits.
const MAX_BATCH: usize = 64;

/// The one writer of a SQLite database.
#[derive(Clone)]
pub(crate) struct Writer {
    /// Taken in turn by write transactions; holds the connection and the open batch.
    turn: Arc<Mutex<Batch>>,
    /// How many writes wait for their turn.
    waiting: Arc<AtomicUsize>,
    /// How to open a new writer connection.
    reopen: Arc<ConnectOptions>,
}

/// The writer's connection and the batch a writer's turn may continue.
pub(crate) struct Batch {
    /// The connection writes run on.
    db: DatabaseConnection,
    open: Option<OpenBatch>,
    /// Whether a `COMMIT`, `RELEASE` or `ROLLBACK` failed on `db`: it is replaced before
    /// the next write.
    broken: bool,
    /// How many times the connection was replaced.
    reopened: u64,
}

/// A database transaction shared by the writes that committed into it.
struct OpenBatch {
    tx: DatabaseTransaction,
    /// How many writes committed into it.
    members: usize,
    /// Whether a finisher task is queued for it.
    finisher: bool,
    /// Whether a write in it failed half-way: it must not commit.
    poisoned: bool,
    /// Whether a write in it rolled back its savepoint: the transaction is checked to be
    /// still open before the batch goes on.
    rolled_back: bool,
    /// The outcome of its `COMMIT`, once known (`None` before).
    done: watch::Sender<Option<std::result::Result<(), String>>>,
}

impl Writer {
    /// A writer on its own connection `db`; `reopen` opens a replacement.
    pub(crate) fn new(db: DatabaseConnection, reopen: ConnectOptions) -> Self {
        Self {
            turn: Arc::new(Mutex::new(Batch {
                db,
                open: None,
                broken: false,
                reopened: 0,
            })),
            waiting: Arc::new(AtomicUsize::new(0)),
            reopen: Arc::new(reopen),
        }
    }

    /// Waits for this write's turn and begins its savepoint in the open batch (beginning a
    /// batch when none is open).
    pub(crate) async fn begin(&self) -> Result<(DatabaseTransaction, WriterTurn)> {
        let mut guard = {
            let _waiting = Waiting::new(&self.waiting);
            Arc::clone(&self.turn).lock_owned().await
        };
        let lost = match &guard.open {
            Some(batch) if batch.rolled_back => !still_open(&batch.tx).await,
            _ => false,
        };
        if lost {
            if let Some(batch) = guard.open.as_mut() {
                batch.poisoned = true;
            }
            let _ = commit_batch(&mut guard).await;
        }
        if guard.open.is_none() {
            self.open_batch(&mut guard).await?;
        }
        let mut turn = WriterTurn {
            writer: self.clone(),
            guard: None,
        };
        let batch = guard.open.as_mut().expect("a batch is open");
        let begun = batch.tx.begin().await;
        if begun.is_err() {
            batch.poisoned = true;
        }
        turn.guard = Some(guard);
        Ok((begun.map_err(backend)?, turn))
    }

    /// Begins a batch, first replacing a broken connection.
    async fn open_batch(&self, batch: &mut Batch) -> Result<()> {
        if batch.broken {
            let fresh = Database::connect((*self.reopen).clone())
                .await
                .map_err(backend)?;
            let old = std::mem::replace(&mut batch.db, fresh);
            let _ = old.close().await;
            batch.broken = false;
            batch.reopened += 1;
            tracing::warn!("replaced the SQLite writer connection after a failed commit");
        }
        let options = TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..TransactionOptions::default()
        };
        let tx = match batch.db.begin_with_options(options).await {
            Ok(tx) => tx,
            Err(e) => {
                batch.broken = true;
                return Err(backend(e));
            }
        };
        batch.open = Some(OpenBatch {
            tx,
            members: 0,
            finisher: false,
            poisoned: false,
            rolled_back: false,
            done: watch::channel(None).0,
        });
        Ok(())
    }

    /// How many times the connection was replaced after a failure.
    #[cfg(test)]
    pub(crate) async fn reopened(&self) -> u64 {
        self.turn.lock().await.reopened
    }
}

/// Whether `tx` is still a transaction on the database. A failed statement may have made
/// SQLite roll the whole transaction back (a full disk, an I/O error) while the driver still
/// counts it as open: then `BEGIN` succeeds (and is rolled back again) instead of failing.
async fn still_open(tx: &DatabaseTransaction) -> bool {
    if tx.execute_unprepared("BEGIN").await.is_err() {
        return true;
    }
    let _ = tx.execute_unprepared("ROLLBACK").await;
    false
}

/// Counts a write waiting for its turn, until it has it or gives up.
struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Self(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A write transaction's turn: held from its begin to its commit or rollback.
pub(crate) struct WriterTurn {
    writer: Writer,
    /// `None` once the turn is over.
    guard: Option<OwnedMutexGuard<Batch>>,
}

impl WriterTurn {
    /// Releases the write's `savepoint` (begun by [`Writer::begin`]), adds the write to the
    /// batch and answers once the batch is durable. A savepoint that cannot be released
    /// poisons the batch: how much of the write it holds is unknown, so the batch is rolled
    /// back instead of committed, and every member is told so.
    pub(crate) async fn commit(mut self, savepoint: DatabaseTransaction) -> Result<()> {
        if let Err(e) = savepoint.commit().await {
            self.poison();
            return Err(backend(e));
        }
        let mut guard = self.guard.take().expect("the turn is held until commit");
        let batch = guard.open.as_mut().expect("a batch is open during a turn");
        batch.members += 1;
        let hand_over = self.writer.waiting.load(Ordering::SeqCst) > 0 && batch.members < MAX_BATCH;
        if !hand_over {
            return commit_batch(&mut guard).await;
        }
        let mut done = batch.done.subscribe();
        let queue_finisher = !std::mem::replace(&mut batch.finisher, true);
        drop(guard);
        if queue_finisher {
            self.writer.queue_finisher();
        }
        let outcome = done
            .wait_for(Option::is_some)
            .await
            .map_err(|_| Error::Unavailable("the batch was dropped".into()))?
            .clone()
            .expect("waited for an outcome");
        outcome.map_err(Error::Unavailable)
    }

    /// Marks the batch as failed: it is rolled back instead of committed, and its members
    /// told so.
    fn poison(&mut self) {
        if let Some(batch) = self.guard.as_mut().and_then(|g| g.open.as_mut()) {
            batch.poisoned = true;
        }
    }
}

impl Drop for WriterTurn {
    /// A turn that ends without commit (its savepoint was rolled back): the batch may hold
    /// others' writes, so a finisher commits it unless the next write continues it.
    fn drop(&mut self) {
        let Some(mut guard) = self.guard.take() else {
            return;
        };
        let Some(batch) = guard.open.as_mut() else {
            return;
        };
        batch.rolled_back = true;
        if !std::mem::replace(&mut batch.finisher, true) {
            drop(guard);
            self.writer.queue_finisher();
        }
    }
}

impl Writer {
    /// Queues a task behind the writes waiting now that commits the batch open when its
    /// turn comes, if any.
    fn queue_finisher(&self) {
        let turn = Arc::clone(&self.turn);
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        // The lock is fair: taking it here, before spawning, would block; the task queues
        // when it first runs, behind the writes already waiting and those that come first.
        runtime.spawn(async move {
            let mut guard = turn.lock_owned().await;
            let _ = commit_batch(&mut guard).await;
        });
    }
}

/// Commits the open batch, if any (rolls it back if poisoned), and tells its members the
/// outcome. After a failure the connection is marked for replacement.
async fn commit_batch(batch: &mut Batch) -> Result<()> {
    let Some(open) = batch.open.take() else {
        return Ok(());
    };
    let outcome = if open.poisoned {
        let _ = open.tx.rollback().await;
        Err("a write of the batch failed half-way; the batch was rolled back".to_string())
    } else if open.rolled_back && !still_open(&open.tx).await {
        Err("the batch's transaction was rolled back by the database".to_string())
    } else {
        match open.tx.execute_unprepared(&search_docs::flush()).await {
            Ok(_) => open
                .tx
                .commit()
                .await
                .map_err(|e| format!("the batch's commit failed: {e}")),
            Err(e) => {
                let _ = open.tx.rollback().await;
                Err(format!(
                    "rebuilding the batch's search documents failed: {e}"
                ))
            }
        }
    };
    if outcome.is_err() {
        batch.broken = true;
    }
    open.done.send_replace(Some(outcome.clone()));
    outcome.map_err(Error::Unavailable)
}

#[cfg(test)]
mod tests;
