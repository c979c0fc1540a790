//! Translation of driver errors into `storage::Error`.

use helpdesk_storage::Error;
use sea_orm::{DbErr, SqlErr};

/// Any driver failure of a read: always a backend failure.
pub(crate) fn backend(e: DbErr) -> Error {
    Error::backend(e)
}

/// What a write that refers to a record deleted meanwhile answers.
pub(crate) const GONE_REFERENCE: &str = "a referenced record no longer exists";

/// A driver failure of a write: a unique violation becomes `Conflict` naming the value
/// `name_of` picks from the driver's message, a foreign-key violation `Conflict` with
/// [`GONE_REFERENCE`], anything else a backend failure.
pub(crate) fn on_write(e: DbErr, name_of: impl FnOnce(&str) -> &'static str) -> Error {
    match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => {
            Error::Conflict(name_of(&message).to_string())
        }
        // A use case reads the records it refers to before its write transaction; one deleted
        // in between is refused by the foreign key and answered like any unknown reference.
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
            Error::Conflict(GONE_REFERENCE.to_string())
        }
        _ => Error::backend(e),
    }
}

/// A driver failure of a write to a table whose only unique value is its name.
pub(crate) fn on_named_write(e: DbErr) -> Error {
    on_write(e, |_| "name")
}

/// A record that should be in the database but is not (an update or delete of an unknown id).
pub(crate) fn missing(what: &str, id: i64) -> Error {
    Error::Missing(format!("{what} {id}"))
}

/// A stored value the domain cannot read back (a corrupt row).
pub(crate) fn corrupt(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::backend(e)
}
