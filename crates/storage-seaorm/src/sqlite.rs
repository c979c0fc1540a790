//! SQLite, the embedded default: every piece of the store that only SQLite has.
//!
//! The map:
//! - [`tuning`]: the URL (`synchronous=`, the file's path), the connection settings (WAL, busy
//!   timeout, foreign keys, page caches) and the pool sizes;
//! - [`group_commit`]: the one writer: write transactions run in turn, each in a savepoint of
//!   a batch that the writes queued behind each other share and commit together;
//! - [`direct`] (with `direct/values`): the hot reads of a file on rusqlite read connections,
//!   in the calling thread, with sqlx's encodings of values;
//! - [`attribute_cache`]: the custom attributes kept between reads;
//! - [`scratch_file`]: the file of `sqlite::memory:`, removed with its store;
//! - [`search_docs`]: the FTS5 document of each ticket and its `MATCH` conditions (the
//!   portable part of the search index is `crate::search_index`);
//! - this module: connecting, and beginning a transaction (a read runs each statement in
//!   autocommit mode, `crate::handle::Handle::Autocommit`; `crate::reader` sends a file's hot
//!   statements to [`direct`]).
//!
//! The invariants:
//! - One process owns the database: nothing outside it writes, so the in-process writer is
//!   the only writer and never waits on `SQLITE_BUSY`, and the attribute cache is cleared by
//!   the one commit that changes attributes (entries also expire, for a file changed by hand).
//! - Write transactions run one at a time; a write is acknowledged only once its batch's
//!   `COMMIT` succeeded, and a write that fails half-way (its savepoint cannot be released)
//!   poisons its batch: no member of it is acknowledged or saved.
//! - After a failed `COMMIT`, `RELEASE` or `ROLLBACK` the writer's connection is replaced
//!   before the next write.
//! - A batch's `COMMIT` is preceded by the rebuild of the search documents its writes made
//!   stale, and a write that searches rebuilds them first: no read sees a stale document.
//! - `sqlite::memory:` is a [`scratch_file`] of the store's own (in `/dev/shm` where there
//!   is one), removed when the store is dropped: it runs as any file does, readers beside
//!   the writer. (SQLite's own in-memory databases cannot: their connections share one cache,
//!   whose table locks fail a read while a write is open, or, in the `memdb` VFS, make it
//!   wait for the write's end.)
//! - Reads are not transactions: each statement sees the database as of its own start (as
//!   in a PostgreSQL `READ COMMITTED` transaction), on the pool or a direct connection.
//! - The direct reads run the same statements SeaORM builds and decode the same values
//!   (`direct/tests.rs` runs each read through both drivers and compares the records).

pub(crate) mod attribute_cache;
pub(crate) mod direct;
pub(crate) mod group_commit;
pub(crate) mod scratch_file;
pub(crate) mod search_docs;
pub(crate) mod tuning;

use std::sync::Arc;

use helpdesk_storage::{Error, Mode, Result};
use sea_orm::{ConnectOptions, Database, DatabaseConnection};

use crate::error::backend;
use crate::server::process_locks;
use crate::store::Engine;
use crate::transaction::SeaOrmTransaction;
use attribute_cache::AttributeCache;
use direct::DirectReads;
use group_commit::Writer;
use scratch_file::ScratchFile;

/// Connects to the SQLite database at `url`, a file (created with its directory when missing)
/// or `sqlite::memory:` (a [`ScratchFile`] of the store's own), and runs the pending migrations.
pub(crate) async fn connect(url: &str) -> Result<Engine> {
    let (url, synchronous) = tuning::split_synchronous(url).map_err(Error::backend)?;
    let (url, scratch) = match tuning::file_path(&url) {
        Some(_) => (url, None),
        None => {
            let scratch = ScratchFile::new("memory");
            (scratch.url(), Some(scratch))
        }
    };
    let path = tuning::file_path(&url).unwrap_or_default().to_owned();
    tuning::create_parent_dir(&path).map_err(Error::backend)?;
    let mut options = ConnectOptions::new(url.as_str());
    tuning::tune(&mut options, synchronous);
    let pool = Database::connect(options).await.map_err(backend)?;
    process_locks::migrate(&pool).await?;
    let writer_options = tuning::writer_options(&url, synchronous);
    let writer_db = Database::connect(writer_options.clone())
        .await
        .map_err(backend)?;
    let direct = Arc::new(DirectReads::open(&path).map_err(backend)?);
    Ok(Engine::Sqlite {
        pool,
        writer: Writer::new(writer_db, writer_options),
        attributes: Arc::new(AttributeCache::default()),
        direct,
        _scratch: scratch,
    })
}

/// Begins a transaction: a read on `pool` in autocommit mode (its hot statements on
/// `direct`), or a write in its turn of `writer`.
pub(crate) async fn begin(
    mode: Mode,
    pool: &DatabaseConnection,
    writer: &Writer,
    attributes: &Arc<AttributeCache>,
    direct: &Arc<DirectReads>,
) -> Result<SeaOrmTransaction> {
    Ok(match mode {
        Mode::Read => SeaOrmTransaction::sqlite_read(pool, attributes, Some(direct)),
        Mode::Write => {
            let (savepoint, turn) = writer.begin().await?;
            SeaOrmTransaction::sqlite_write(savepoint, turn, attributes)
        }
    })
}
