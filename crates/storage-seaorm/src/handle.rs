//! What the repositories run their statements on: an open transaction, or — for SQLite
//! reads — the pool itself, each statement in autocommit mode.
//!
//! On SQLite every statement is a round trip to the connection's worker thread, and
//! `BEGIN`/`COMMIT` are two more; a read in autocommit mode skips them. Each statement then
//! sees the database as of its own start, as every statement of a PostgreSQL `READ
//! COMMITTED` transaction does.

use async_trait::async_trait;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, Statement,
};

/// An open transaction, or the pool for statements that each commit on their own.
pub(crate) enum Handle {
    /// Statements run in this transaction.
    Transaction(DatabaseTransaction),
    /// Each statement runs alone on a pooled connection (SQLite reads).
    Autocommit(DatabaseConnection),
}

impl Handle {
    /// Commits the transaction; nothing to do in autocommit mode.
    pub(crate) async fn commit(self) -> Result<(), DbErr> {
        match self {
            Handle::Transaction(tx) => tx.commit().await,
            Handle::Autocommit(_) => Ok(()),
        }
    }
}

/// Runs the same call on whichever connection the handle holds.
macro_rules! on_connection {
    ($handle:expr, $conn:ident => $call:expr) => {
        match $handle {
            Handle::Transaction($conn) => $call,
            Handle::Autocommit($conn) => $call,
        }
    };
}

#[async_trait]
impl ConnectionTrait for Handle {
    fn get_database_backend(&self) -> DbBackend {
        on_connection!(self, c => c.get_database_backend())
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        on_connection!(self, c => c.execute_raw(stmt).await)
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        on_connection!(self, c => c.execute_unprepared(sql).await)
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        on_connection!(self, c => c.query_one_raw(stmt).await)
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        on_connection!(self, c => c.query_all_raw(stmt).await)
    }
}
