//! Locks that hold across every server process sharing one PostgreSQL or MariaDB/MySQL
//! database. SQLite needs neither: one process owns the file and serializes its writers in
//! `crate::sqlite::group_commit` ([`migrate`] runs its migrations without a lock).
//!
//! - Write transactions: each one first locks the single row of `write_locks`
//!   (`SELECT … FOR UPDATE`), so write transactions run one at a time across all processes and
//!   a read-modify-write never loses an update (the lock is released by commit or rollback,
//!   also when a process dies, because the database ends its session). Read transactions take
//!   no lock.
//! - Migrations: a session-level named lock (`pg_advisory_xact_lock`, `GET_LOCK`) held around
//!   [`Migrator::up`], so servers starting together on a new or older schema migrate one
//!   after the other instead of racing on the same `CREATE TABLE`.

use helpdesk_storage::{Error, Result};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, Statement,
    TransactionTrait,
};
use sea_orm_migration::MigratorTrait;

use crate::error::backend;
use crate::migration::Migrator;

/// Locks the `write_locks` row for the rest of `tx`.
const LOCK_WRITES: &str = "SELECT id FROM write_locks WHERE id = 1 FOR UPDATE";

/// The PostgreSQL advisory lock key of migrations (any fixed number; "hdmigr" in ASCII).
const PG_MIGRATION_KEY: i64 = 0x6864_6d69_6772;

/// The MariaDB/MySQL named lock of migrations: named locks are server-wide, so the name holds
/// the database's (hashed, as a lock name has at most 64 characters), and servers of other
/// databases on the same server migrate at the same time. How long to wait for it, in seconds.
const MYSQL_MIGRATION_LOCK: &str = "CONCAT('helpdesk_migrations_', MD5(DATABASE()))";
const MYSQL_MIGRATION_WAIT_SECS: i64 = 600;

/// Makes `tx`, a new write transaction on PostgreSQL or MariaDB/MySQL, the only write
/// transaction in progress: waits until every other one has committed or rolled back.
pub(crate) async fn lock_writes(tx: &DatabaseTransaction) -> Result<()> {
    let statement = Statement::from_string(tx.get_database_backend(), LOCK_WRITES);
    match tx.query_one_raw(statement).await.map_err(backend)? {
        Some(_) => Ok(()),
        None => Err(Error::backend(std::io::Error::other(
            "the write_locks row (id = 1) is missing",
        ))),
    }
}

/// Runs the pending migrations, on PostgreSQL and MariaDB/MySQL under a lock that only one
/// process holds at a time.
pub(crate) async fn migrate(db: &DatabaseConnection) -> Result<()> {
    let backend_kind = db.get_database_backend();
    let lock = match backend_kind {
        DbBackend::Postgres => format!("SELECT pg_advisory_xact_lock({PG_MIGRATION_KEY})"),
        DbBackend::MySql => {
            format!("SELECT GET_LOCK({MYSQL_MIGRATION_LOCK}, {MYSQL_MIGRATION_WAIT_SECS}) AS got")
        }
        _ => return Migrator::up(db, None).await.map_err(backend),
    };
    // The lock lives on this transaction's connection; the migrations run on others.
    let holder = db.begin().await.map_err(backend)?;
    let row = holder
        .query_one_raw(Statement::from_string(backend_kind, lock))
        .await
        .map_err(backend)?;
    if backend_kind == DbBackend::MySql {
        let got: Option<i64> = match row {
            Some(row) => row.try_get("", "got").map_err(backend)?,
            None => None,
        };
        if got != Some(1) {
            return Err(Error::backend(std::io::Error::other(format!(
                "another server held the migration lock for {MYSQL_MIGRATION_WAIT_SECS} s"
            ))));
        }
    }
    let migrated = Migrator::up(db, None).await.map_err(backend);
    if backend_kind == DbBackend::MySql {
        let release = format!("SELECT RELEASE_LOCK({MYSQL_MIGRATION_LOCK})");
        holder
            .query_one_raw(Statement::from_string(backend_kind, release))
            .await
            .map_err(backend)?;
    }
    holder.commit().await.map_err(backend)?;
    migrated
}
