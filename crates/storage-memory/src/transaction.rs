//! The transaction handle: a private copy of the tables, and for writers the lock to commit to.

use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use helpdesk_storage::{Error, Result, Transaction};
use tokio::sync::OwnedMutexGuard;

use crate::state::Tables;

/// A transaction over a [`MemoryStore`](crate::MemoryStore).
pub(crate) struct MemoryTransaction {
    /// The working copy every repository method reads and changes.
    tables: Tables,
    /// Where a write transaction commits to; `None` for a read transaction.
    writer: Option<Writer>,
}

/// What a write transaction holds until it ends.
struct Writer {
    guard: OwnedMutexGuard<Tables>,
    published: Arc<Mutex<Tables>>,
}

/// A write attempted in a read transaction.
#[derive(Debug, thiserror::Error)]
#[error("write in a read-only transaction")]
struct ReadOnly;

/// A copy of the committed tables.
pub(crate) fn snapshot(published: &Mutex<Tables>) -> Tables {
    published.lock().unwrap_or_else(|e| e.into_inner()).clone()
}

impl MemoryTransaction {
    /// A read transaction over `snapshot`.
    pub(crate) fn read(snapshot: Tables) -> Self {
        Self {
            tables: snapshot,
            writer: None,
        }
    }

    /// A write transaction holding the writer lock.
    pub(crate) fn write(guard: OwnedMutexGuard<Tables>, published: Arc<Mutex<Tables>>) -> Self {
        Self {
            tables: guard.clone(),
            writer: Some(Writer { guard, published }),
        }
    }

    /// The tables, for reading.
    pub(crate) fn tables(&self) -> &Tables {
        &self.tables
    }

    /// The tables, for changing; refused in a read transaction.
    pub(crate) fn tables_mut(&mut self) -> Result<&mut Tables> {
        match self.writer {
            Some(_) => Ok(&mut self.tables),
            None => Err(Error::backend(ReadOnly)),
        }
    }
}

#[async_trait]
impl Transaction for MemoryTransaction {
    async fn commit(self: Box<Self>) -> Result<()> {
        let Self { tables, writer } = *self;
        if let Some(Writer {
            mut guard,
            published,
        }) = writer
        {
            *published.lock().unwrap_or_else(|e| e.into_inner()) = tables.clone();
            *guard = tables;
        }
        Ok(())
    }
}
