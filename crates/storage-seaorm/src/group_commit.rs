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
//! the search documents of the tickets its writes changed (`search_index::sqlite::flush`),
//! run once before the batch's `COMMIT`.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use helpdesk_storage::Result;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, SqliteTransactionMode,
    TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard, watch};

use crate::error::backend;
use crate::search_index::sqlite;

/// The most writes one batch takes, bounding how long its first one waits.
const MAX_BATCH: usize = 64;

/// The one writer of a SQLite database.
#[derive(Clone)]
pub(crate) struct Writer {
    /// The connection writes run on.
    db: DatabaseConnection,
    /// Taken in turn by write transactions; holds the open batch.
    turn: Arc<Mutex<Batch>>,
    /// How many writes wait for their turn.
    waiting: Arc<AtomicUsize>,
}

/// The batch a writer's turn may continue.
#[derive(Default)]
pub(crate) struct Batch {
    open: Option<OpenBatch>,
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
    /// The outcome of its `COMMIT`, once known (`None` before).
    done: watch::Sender<Option<std::result::Result<(), String>>>,
}

impl Writer {
    /// A writer on `db` (a connection of its own for a file, the pool for a memory database).
    pub(crate) fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            turn: Arc::new(Mutex::new(Batch::default())),
            waiting: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Waits for this write's turn and begins its savepoint in the open batch (beginning a
    /// batch when none is open).
    pub(crate) async fn begin(&self) -> Result<(DatabaseTransaction, WriterTurn)> {
        let mut guard = {
            let _waiting = Waiting::new(&self.waiting);
            Arc::clone(&self.turn).lock_owned().await
        };
        let mut turn = WriterTurn {
            writer: self.clone(),
            guard: None,
        };
        if guard.open.is_none() {
            let options = TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..TransactionOptions::default()
            };
            let tx = self.db.begin_with_options(options).await.map_err(backend)?;
            guard.open = Some(OpenBatch {
                tx,
                members: 0,
                finisher: false,
                poisoned: false,
                done: watch::channel(None).0,
            });
        }
        let batch = guard.open.as_ref().expect("a batch is open");
        let begun = batch.tx.begin().await;
        turn.guard = Some(guard);
        Ok((begun.map_err(backend)?, turn))
    }
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
    /// Adds the write, whose savepoint was released, to the batch and answers once the
    /// batch is durable.
    pub(crate) async fn commit(mut self) -> Result<()> {
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
            .map_err(|_| backend(DbErr::Custom("the batch was dropped".into())))?
            .clone()
            .expect("waited for an outcome");
        outcome.map_err(|e| backend(DbErr::Custom(e)))
    }

    /// Marks the batch as failed, for a write whose savepoint could not be released: the
    /// batch is rolled back instead of committed, and its members told so.
    pub(crate) fn poison(&mut self) {
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
/// outcome.
async fn commit_batch(batch: &mut Batch) -> Result<()> {
    let Some(open) = batch.open.take() else {
        return Ok(());
    };
    let outcome = if open.poisoned {
        let _ = open.tx.rollback().await;
        Err("a write of the batch failed half-way; the batch was rolled back".to_string())
    } else {
        match open.tx.execute_unprepared(&sqlite::flush()).await {
            Ok(_) => open.tx.commit().await.map_err(|e| e.to_string()),
            Err(e) => {
                let _ = open.tx.rollback().await;
                Err(format!(
                    "rebuilding the batch's search documents failed: {e}"
                ))
            }
        }
    };
    open.done.send_replace(Some(outcome.clone()));
    outcome.map_err(|e| backend(DbErr::Custom(e)))
}
