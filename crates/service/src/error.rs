//! The one error of the use cases; the HTTP layer maps each variant to a status.

use helpdesk_domain::ValidationError;
use helpdesk_policy::Denial;
use thiserror::Error;

/// Why a use case failed.
#[derive(Debug, Error)]
pub enum Error {
    /// No valid credentials (401).
    #[error("{0}")]
    Unauthenticated(String),
    /// Authenticated, but not allowed (403).
    #[error("{0}")]
    Forbidden(String),
    /// No such record (404).
    #[error("{0}")]
    NotFound(String),
    /// The input breaks a rule (422).
    #[error("{0}")]
    Invalid(String),
    /// Too many failed logins from the caller's address (429).
    #[error("too many failed logins; retry after {retry_after_secs} s")]
    Throttled {
        /// Whole seconds until a login may be tried again (at least 1).
        retry_after_secs: u64,
    },
    /// The store cannot serve right now: unreachable, full, or a statement ran past its
    /// time limit (503, try again later); the cause is never shown to clients.
    #[error("storage unavailable")]
    Unavailable(#[source] helpdesk_storage::Error),
    /// The store failed (500); never shown to clients.
    #[error("storage failure")]
    Storage(#[source] helpdesk_storage::Error),
    /// Something else failed inside the server (500); never shown to clients.
    #[error("internal failure: {0}")]
    Internal(String),
}

impl Error {
    /// 404 in Zammad's words: `Couldn't find Ticket with 'id'=999`.
    pub fn not_found(kind: &str, id: impl std::fmt::Display) -> Self {
        Self::NotFound(format!("Couldn't find {kind} with 'id'={id}"))
    }

    /// 422 with `message`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::Invalid(message.into())
    }

    /// 422 for deleting a record that others refer to, in Zammad's words.
    pub(crate) fn referenced() -> Self {
        Self::invalid("Can't delete, object has references.")
    }
}

/// A looked-up record that must exist.
pub(crate) trait OrNotFound<T> {
    /// The record, or [`Error::not_found`] for `kind` and `id`.
    fn or_not_found(self, kind: &str, id: impl std::fmt::Display) -> Result<T>;
}

impl<T> OrNotFound<T> for Option<T> {
    fn or_not_found(self, kind: &str, id: impl std::fmt::Display) -> Result<T> {
        self.ok_or_else(|| Error::not_found(kind, id))
    }
}

impl From<helpdesk_storage::Error> for Error {
    fn from(e: helpdesk_storage::Error) -> Self {
        match e {
            helpdesk_storage::Error::Conflict(conflict) => Self::Invalid(conflict.to_string()),
            // The record was there when the use case read it and is gone when it writes
            // (deleted in between): the same 404 as when it was never there.
            helpdesk_storage::Error::Missing(what) => {
                Self::NotFound(format!("Couldn't find {what}"))
            }
            unavailable @ helpdesk_storage::Error::Unavailable(_) => Self::Unavailable(unavailable),
            other => Self::Storage(other),
        }
    }
}

impl From<ValidationError> for Error {
    fn from(e: ValidationError) -> Self {
        Self::Invalid(e.message)
    }
}

impl From<Denial> for Error {
    fn from(d: Denial) -> Self {
        Self::Forbidden(d.message)
    }
}

/// The use-case result.
pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use helpdesk_storage::{Conflict, Error as StorageError};

    use super::Error;

    #[test]
    fn storage_failures_become_statuses_a_client_can_act_on() {
        let missing = Error::from(StorageError::Missing("ticket 5".into()));
        assert!(matches!(missing, Error::NotFound(ref m) if m == "Couldn't find ticket 5"));
        let conflict = Error::from(StorageError::Conflict(Conflict::unique("name", "Users")));
        assert!(matches!(conflict, Error::Invalid(ref m) if m == "name 'Users' is already taken"));
        let down = Error::from(StorageError::Unavailable("connection refused".into()));
        assert!(matches!(down, Error::Unavailable(_)));
        let broken = Error::from(StorageError::backend(std::io::Error::other("disk")));
        assert!(matches!(broken, Error::Storage(_)));
    }
}
