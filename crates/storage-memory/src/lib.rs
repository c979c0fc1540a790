//! An in-memory store: every table is an `imbl` map, so a transaction's copy of the whole
//! state costs O(1). A read transaction works on a snapshot; a write transaction holds the
//! writer lock, stages a copy and swaps it in on commit. Meant for tests and development.
//!
//! Architecture invariant: this crate knows the storage ports and the domain records only; it
//! knows no HTTP, no SQL and no use case.

mod articles;
mod attributes;
mod groups;
mod history;
mod links;
mod mentions;
mod notifications;
mod organizations;
mod priorities;
mod recent_views;
mod references;
mod roles;
mod state;
mod states;
mod table;
mod tags;
mod ticket_search;
mod tickets;
mod time_accounting;
mod tokens;
mod transaction;
mod users;

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use helpdesk_storage::{Mode, Result, Store, Transaction};

use crate::state::Tables;
use crate::transaction::MemoryTransaction;

/// A store that keeps everything in memory. Clones share the same data.
#[derive(Clone, Default)]
pub struct MemoryStore {
    /// The committed state, locked by a write transaction for its whole life.
    writer: Arc<tokio::sync::Mutex<Tables>>,
    /// A copy of the committed state that readers snapshot without waiting for writers.
    published: Arc<Mutex<Tables>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl Store for MemoryStore {
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        Ok(Box::new(match mode {
            Mode::Read => MemoryTransaction::read(transaction::snapshot(&self.published)),
            Mode::Write => {
                let guard = self.writer.clone().lock_owned().await;
                MemoryTransaction::write(guard, self.published.clone())
            }
        }))
    }
}
