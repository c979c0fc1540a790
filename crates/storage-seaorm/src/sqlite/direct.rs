//! SQLite reads on rusqlite, in the calling thread. sqlx runs each SQLite connection on a
//! worker thread of its own and every statement is messages to and from it: profiled under
//! load, those thread hand-overs took a third of the server's CPU for a read by id. The hot
//! reads (a ticket by id, pages and searches of tickets, the lookups of a write request)
//! instead run here, on one of a few read-only connections, synchronously, each statement in
//! autocommit mode (as `crate::handle` describes); `crate::reader` picks this path or
//! SeaORM's, and sends statements that may run long to a blocking thread. Statements are
//! still built with SeaORM; rows become its models through their active models, each column
//! set from the value variant its field takes.

mod values;

use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

use rusqlite::types::FromSql;
use rusqlite::{Connection, OpenFlags, Row};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DbErr, EntityTrait, Iterable, RuntimeErr, Statement,
    TryIntoModel,
};

use values::Kind;

/// How many read connections the pool opens: more than the runtime's worker threads, so a
/// statement rarely waits for a connection.
const READ_CONNECTIONS: usize = 4;

/// How many prepared statements each connection keeps.
const CACHED_STATEMENTS: usize = 128;

/// The page cache of each read connection, in KiB (SQLite's default is 2 MiB): the upper
/// levels of the ticket and article indexes stay cached, fewer pages are read from the
/// operating system per statement.
const READER_CACHE_KIB: i64 = 16 * 1024;

/// Read-only connections to one SQLite file.
pub(crate) struct DirectReads {
    connections: Box<[Mutex<Connection>]>,
    next: AtomicUsize,
}

impl DirectReads {
    /// Opens the read connections to the database file at `path` (which must exist).
    pub(crate) fn open(path: &str) -> Result<Self, DbErr> {
        let connections = (0..READ_CONNECTIONS)
            .map(|_| open_reader(path).map(Mutex::new))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            connections,
            next: AtomicUsize::new(0),
        })
    }

    /// Runs `f` on a free connection, or waits for one.
    fn with<R>(&self, f: impl FnOnce(&Connection) -> R) -> R {
        let count = self.connections.len();
        let start = self.next.fetch_add(1, Ordering::Relaxed) % count;
        for i in 0..count {
            if let Ok(connection) = self.connections[(start + i) % count].try_lock() {
                return f(&connection);
            }
        }
        let connection = self.connections[start]
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        f(&connection)
    }

    /// The rows `statement` answers, each read by `decode`.
    pub(crate) fn rows<T>(
        &self,
        statement: &Statement,
        mut decode: impl FnMut(&Row) -> Result<T, DbErr>,
    ) -> Result<Vec<T>, DbErr> {
        self.with(|connection| {
            let mut prepared = prepare(connection, statement)?;
            let mut rows = prepared.raw_query();
            let mut decoded = Vec::new();
            while let Some(row) = rows.next().map_err(error)? {
                decoded.push(decode(row)?);
            }
            Ok(decoded)
        })
    }

    /// The rows `statement` answers as models of `E` (from the columns named like a column
    /// of `E`), each passed with its row to `decode`.
    pub(crate) fn models_with<E, T>(
        &self,
        statement: &Statement,
        mut decode: impl FnMut(E::Model, &Row) -> Result<T, DbErr>,
    ) -> Result<Vec<T>, DbErr>
    where
        E: EntityTrait,
        E::Column: FromStr,
        E::ActiveModel: ActiveModelTrait<Entity = E> + TryIntoModel<E::Model>,
    {
        self.with(|connection| {
            let mut prepared = prepare(connection, statement)?;
            let fields = model_fields::<E>(&prepared)?;
            let mut rows = prepared.raw_query();
            let mut decoded = Vec::new();
            while let Some(row) = rows.next().map_err(error)? {
                let mut model = E::ActiveModel::default();
                for (index, column, kind) in &fields {
                    let value = values::decode(*kind, row.get_ref(*index).map_err(error)?)?;
                    model.try_set(*column, value)?;
                }
                decoded.push(decode(model.try_into_model()?, row)?);
            }
            Ok(decoded)
        })
    }

    /// The rows `statement` answers as models of `E`.
    pub(crate) fn models<E>(&self, statement: &Statement) -> Result<Vec<E::Model>, DbErr>
    where
        E: EntityTrait,
        E::Column: FromStr,
        E::ActiveModel: ActiveModelTrait<Entity = E> + TryIntoModel<E::Model>,
    {
        self.models_with::<E, _>(statement, |model, _| Ok(model))
    }
}

/// A tuple read from a row's columns by position.
pub(crate) trait FromRow: Sized {
    /// The tuple of `row`'s first columns.
    fn from_row(row: &Row) -> rusqlite::Result<Self>;
}

impl FromRow for i64 {
    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        row.get(0)
    }
}

impl<A: FromSql, B: FromSql> FromRow for (A, B) {
    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok((row.get(0)?, row.get(1)?))
    }
}

impl<A: FromSql, B: FromSql, C: FromSql> FromRow for (A, B, C) {
    fn from_row(row: &Row) -> rusqlite::Result<Self> {
        Ok((row.get(0)?, row.get(1)?, row.get(2)?))
    }
}

/// The result columns of `prepared` that are columns of `E`: their index, column and kind.
/// Every column of `E` must be among them.
fn model_fields<E>(prepared: &rusqlite::Statement) -> Result<Vec<(usize, E::Column, Kind)>, DbErr>
where
    E: EntityTrait,
    E::Column: FromStr,
{
    let mut fields = Vec::new();
    for (index, name) in prepared.column_names().into_iter().enumerate() {
        let Ok(column) = E::Column::from_str(name) else {
            continue;
        };
        let kind = Kind::of(column.def().get_column_type())
            .ok_or_else(|| DbErr::Type(format!("no SQLite decoding for column {name}")))?;
        fields.push((index, column, kind));
    }
    if fields.len() != E::Column::iter().count() {
        return Err(DbErr::Type(format!(
            "{} of the {} columns of {} selected",
            fields.len(),
            E::Column::iter().count(),
            E::default().table_name()
        )));
    }
    Ok(fields)
}

fn open_reader(path: &str) -> Result<Connection, DbErr> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let connection = Connection::open_with_flags(path, flags).map_err(error)?;
    connection
        .busy_timeout(Duration::from_secs(5))
        .map_err(error)?;
    connection
        .execute_batch(&format!(
            "PRAGMA temp_store = memory; PRAGMA cache_size = -{READER_CACHE_KIB};"
        ))
        .map_err(error)?;
    connection.set_prepared_statement_cache_capacity(CACHED_STATEMENTS);
    Ok(connection)
}

/// A rusqlite failure as SeaORM's error.
pub(crate) fn error(e: rusqlite::Error) -> DbErr {
    DbErr::Query(RuntimeErr::Internal(e.to_string()))
}

/// Prepares `statement` on `connection` with its parameters bound.
fn prepare<'c>(
    connection: &'c Connection,
    statement: &Statement,
) -> Result<rusqlite::CachedStatement<'c>, DbErr> {
    let mut prepared = connection.prepare_cached(&statement.sql).map_err(error)?;
    let values = statement.values.as_ref().map_or(&[][..], |v| &v.0[..]);
    if values.len() != prepared.parameter_count() {
        return Err(DbErr::Query(RuntimeErr::Internal(format!(
            "{} parameters for {} placeholders",
            values.len(),
            prepared.parameter_count()
        ))));
    }
    for (i, value) in values.iter().enumerate() {
        prepared
            .raw_bind_parameter(i + 1, values::bind(value)?)
            .map_err(error)?;
    }
    Ok(prepared)
}

#[cfg(test)]
mod tests;
