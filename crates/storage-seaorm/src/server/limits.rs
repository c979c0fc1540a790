//! The pool settings of a PostgreSQL or MariaDB/MySQL store: how long a transaction waits for
//! a connection, how long a statement may run, and how quickly a pool recovers after the
//! server was unreachable.
//!
//! Every connection is pinged when taken from the pool, so a connection the outage broke is
//! dropped and replaced instead of failing a request; connections are also retired after a
//! while idle and after a maximum age. The statement time limit is set on each connection as
//! it connects: PostgreSQL's `statement_timeout` in the startup parameters, MariaDB's
//! `max_statement_time` (MySQL's `max_execution_time`, which bounds `SELECT`s) by a `SET
//! SESSION`. A statement cancelled by it fails as unavailable (`crate::error`). A dropped
//! free-text search is cancelled sooner on PostgreSQL (`crate::server::search_cancel`); elsewhere a
//! dropped statement keeps running on the server until the time limit at most.

use std::time::Duration;

use sea_orm::ConnectOptions;
use sea_orm::sqlx::{self, Executor};

use crate::StoreOptions;

/// How long a pooled connection may stay unused before it is closed.
const IDLE_TIMEOUT: Duration = Duration::from_secs(600);

/// How long a connection may live before it is replaced.
const MAX_LIFETIME: Duration = Duration::from_secs(1800);

/// Applies `limits` and the recovery settings to the options of a server's pool.
pub(crate) fn apply(options: &mut ConnectOptions, limits: &StoreOptions) {
    options
        .acquire_timeout(limits.acquire_timeout)
        .connect_timeout(limits.acquire_timeout)
        .test_before_acquire(true)
        .idle_timeout(IDLE_TIMEOUT)
        .max_lifetime(MAX_LIFETIME)
        .statement_timeout(limits.statement_timeout);
    let statement_timeout = limits.statement_timeout;
    options.map_sqlx_mysql_pool_opts(move |pool| {
        pool.after_connect(move |conn, _meta| {
            Box::pin(async move {
                let secs = statement_timeout.as_secs_f64();
                let mariadb = format!("SET SESSION max_statement_time = {secs}");
                if conn.execute(sqlx::AssertSqlSafe(mariadb)).await.is_err() {
                    let millis = statement_timeout.as_millis();
                    let mysql = format!("SET SESSION max_execution_time = {millis}");
                    conn.execute(sqlx::AssertSqlSafe(mysql)).await?;
                }
                Ok(())
            })
        })
    });
}
