//! A storage backend written outside the helpdesk's crates: the in-memory store, counting the
//! transactions it opens. A real backend would implement [`Transaction`] and every repository
//! trait itself; this one delegates them, and `tests/custom_store.rs` proves it honours the
//! storage contract all the same.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use helpdesk_storage::{Mode, Result, Store, Transaction};
use helpdesk_storage_memory::MemoryStore;

/// The in-memory store, counting read and write transactions. Clones share data and counts.
#[derive(Clone, Default)]
pub struct CountingStore {
    inner: MemoryStore,
    counts: Arc<Counts>,
}

/// How many transactions of each mode were opened.
#[derive(Default)]
struct Counts {
    reads: AtomicU64,
    writes: AtomicU64,
}

impl CountingStore {
    /// An empty store with zero counts.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many read transactions were opened.
    pub fn reads(&self) -> u64 {
        self.counts.reads.load(Ordering::Relaxed)
    }

    /// How many write transactions were opened.
    pub fn writes(&self) -> u64 {
        self.counts.writes.load(Ordering::Relaxed)
    }
}

#[async_trait]
impl Store for CountingStore {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        let counter = match mode {
            Mode::Read => &self.counts.reads,
            Mode::Write => &self.counts.writes,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        self.inner.begin(mode).await
    }
}
