//! Translation of driver errors into `storage::Error`.

use helpdesk_domain::Id;
use helpdesk_storage::{Conflict, Error};
use sea_orm::sqlx;
use sea_orm::{DbErr, RuntimeErr, SqlErr};

/// Any driver failure of a read: `Unavailable` when the database cannot serve now (see
/// [`unavailable`]), else a backend failure.
pub(crate) fn backend(e: DbErr) -> Error {
    match unavailable(&e) {
        Some(why) => Error::Unavailable(format!("{why}: {e}")),
        None => Error::backend(e),
    }
}

/// Why `e` means the database cannot serve right now (a retry later may succeed), or `None`
/// for any other failure: no connection (refused, lost, or none free within the acquire
/// timeout), out of space, or a statement cancelled by its time limit.
pub(crate) fn unavailable(e: &DbErr) -> Option<&'static str> {
    let sqlx_error = match e {
        DbErr::ConnectionAcquire(_) => return Some("no database connection"),
        DbErr::Conn(_) => return Some("the database is unreachable"),
        DbErr::Exec(RuntimeErr::SqlxError(s)) | DbErr::Query(RuntimeErr::SqlxError(s)) => s,
        _ => return None,
    };
    match &**sqlx_error {
        sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed => Some("no database connection"),
        sqlx::Error::Io(_) | sqlx::Error::Tls(_) | sqlx::Error::WorkerCrashed => {
            Some("the database connection failed")
        }
        sqlx::Error::Database(db) => unavailable_code(db.as_ref()),
        _ => None,
    }
}

/// The database error codes that mean "not now": out of space, I/O failure, a statement
/// time limit, a server shutting down or refusing connections.
fn unavailable_code(db: &dyn sqlx::error::DatabaseError) -> Option<&'static str> {
    if let Some(my) = db.try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>() {
        return match my.number() {
            // ER_STATEMENT_TIMEOUT (MariaDB), ER_QUERY_TIMEOUT (MySQL), ER_QUERY_INTERRUPTED
            1969 | 3024 | 1317 => Some("a statement ran past its time limit"),
            // ER_DISK_FULL, ER_RECORD_FILE_FULL, ER_OUT_OF_RESOURCES
            1021 | 1114 | 1041 => Some("the database is out of space"),
            // ER_CON_COUNT_ERROR, ER_SERVER_SHUTDOWN
            1040 | 1053 => Some("the database is unreachable"),
            _ => None,
        };
    }
    let code = db.code()?;
    if db
        .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
        .is_some()
    {
        return match code.as_ref() {
            "57014" => Some("a statement ran past its time limit"),
            "53100" => Some("the database is out of space"),
            "53300" | "57P01" | "57P02" | "57P03" => Some("the database is unreachable"),
            c if c.starts_with("08") => Some("the database connection failed"),
            _ => None,
        };
    }
    // SQLite: the extended result code; the primary code is its low byte.
    match code.parse::<i32>().ok()? & 0xff {
        13 => Some("the database is out of space"),
        10 => Some("the database file could not be written"),
        9 => Some("a statement ran past its time limit"),
        _ => None,
    }
}

/// A driver failure of a write of a `record` (`ticket`, `user`, ...): a unique violation
/// becomes the conflict `unique` picks from the driver's message (`None` for a table without
/// unique values), a foreign-key violation [`Conflict::MissingReference`], anything else a
/// backend failure.
pub(crate) fn on_write(
    e: DbErr,
    record: &'static str,
    unique: impl FnOnce(&str) -> Option<Conflict>,
) -> Error {
    let unique = match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(message)) => unique(&message),
        _ => None,
    };
    match unique {
        Some(conflict) => conflict.into(),
        // A use case reads the records it refers to before its write transaction; one deleted
        // in between is refused by the foreign key.
        _ if refused_by_foreign_key(&e) => Conflict::MissingReference { record }.into(),
        _ => backend(e),
    }
}

/// A driver failure of a write of a `record` whose only unique value is its name, `name`.
pub(crate) fn on_named_write(e: DbErr, record: &'static str, name: &str) -> Error {
    on_write(e, record, |_| Some(Conflict::unique("name", name)))
}

/// A driver failure of deleting `record` `id`: a foreign-key violation (a row still refers
/// to it) becomes [`Conflict::InUse`], anything else a backend failure.
pub(crate) fn on_delete(e: DbErr, record: &'static str, id: Id) -> Error {
    if refused_by_foreign_key(&e) {
        return Conflict::InUse { record, id }.into();
    }
    backend(e)
}

/// Whether a foreign key refused the statement. SeaORM knows the codes of every driver but
/// one: SQLite reports a `RESTRICT` action (deleting a row still referenced) as a failed
/// trigger, `SQLITE_CONSTRAINT_TRIGGER` (1811).
fn refused_by_foreign_key(e: &DbErr) -> bool {
    if let Some(SqlErr::ForeignKeyConstraintViolation(_)) = e.sql_err() {
        return true;
    }
    let (DbErr::Exec(RuntimeErr::SqlxError(s)) | DbErr::Query(RuntimeErr::SqlxError(s))) = e else {
        return false;
    };
    match &**s {
        sqlx::Error::Database(db) => {
            db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
                && db.code().as_deref() == Some("1811")
                && db.message().contains("FOREIGN KEY")
        }
        _ => false,
    }
}

/// A record that should be in the database but is not (an update or delete of an unknown id).
pub(crate) fn missing(what: &str, id: i64) -> Error {
    Error::Missing(format!("{what} {id}"))
}

/// A stored value the domain cannot read back (a corrupt row).
pub(crate) fn corrupt(e: impl std::error::Error + Send + Sync + 'static) -> Error {
    Error::backend(e)
}
