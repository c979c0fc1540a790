//! The storage error.

use thiserror::Error;

/// What a backend answers when an operation fails.
#[derive(Debug, Error)]
pub enum Error {
    /// A uniqueness rule was broken (a duplicate name, login or email; the text names it), or
    /// a write referred to a record that no longer exists (the text says so).
    #[error("duplicate value: {0}")]
    Conflict(String),
    /// The record to change or delete does not exist.
    #[error("record not found: {0}")]
    Missing(String),
    /// The backend cannot serve right now, and a later retry may succeed: the database is
    /// unreachable, no connection came free in time, it is out of space, or a statement ran
    /// past its time limit. The text is for logs, never shown to clients.
    #[error("storage unavailable: {0}")]
    Unavailable(String),
    /// The backend failed (connection, I/O, a driver error). Never shown to clients.
    #[error("storage backend failure")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

impl Error {
    /// Wraps a backend's own error.
    pub fn backend(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        Self::Backend(Box::new(e))
    }
}

/// The storage result.
pub type Result<T> = std::result::Result<T, Error>;
