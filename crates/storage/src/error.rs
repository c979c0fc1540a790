//! The storage error.

use helpdesk_domain::Id;
use thiserror::Error;

/// What a backend answers when an operation fails.
#[derive(Debug, Error)]
pub enum Error {
    /// The write breaks a rule of the stored data; the kind says which, and its text is the
    /// same on every backend.
    #[error("conflict: {0}")]
    Conflict(#[from] Conflict),
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

/// Why a write was refused although every record it names was read: the kinds a backend
/// tells apart, each with one text that every backend answers alike (the contract suite
/// checks it), so the text may reach a client.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Conflict {
    /// Another record already holds `value` in the unique `field` (a name compared
    /// case-insensitively, a login, an email, a ticket number).
    #[error("{field} '{value}' is already taken")]
    Unique {
        /// The field, as the record names it (`name`, `login`, `email`, `number`).
        field: &'static str,
        /// The value the write tried to store.
        value: String,
    },
    /// The record to delete is still referenced (a ticket is in the group, has the state,
    /// the priority, the organization, or the user as customer or owner).
    #[error("{record} {id} is still referenced")]
    InUse {
        /// The kind of the record (`group`, `state`, `priority`, `organization`, `user`).
        record: &'static str,
        /// Its id.
        id: Id,
    },
    /// The written record refers to one that no longer exists (deleted since it was read,
    /// for instance between a use case's read transaction and its write transaction).
    #[error("the {record} refers to a record that no longer exists")]
    MissingReference {
        /// The kind of the written record (`ticket`).
        record: &'static str,
    },
}

impl Conflict {
    /// [`Conflict::Unique`] on `field` holding `value`.
    pub fn unique(field: &'static str, value: impl Into<String>) -> Self {
        Self::Unique {
            field,
            value: value.into(),
        }
    }
}

/// The storage result.
pub type Result<T> = std::result::Result<T, Error>;
