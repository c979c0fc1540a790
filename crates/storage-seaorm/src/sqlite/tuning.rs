//! The SQLite URL and connection settings, the only place they live: the database file's
//! path and directory, and the PRAGMAs every pooled connection gets (WAL, a 5 s busy timeout,
//! `synchronous = FULL` unless the URL asks for `synchronous=normal` or `extra`, foreign keys
//! on, temporary files in memory), and the writer's larger page cache and WAL.

use std::time::Duration;

use sea_orm::ConnectOptions;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};

/// Whether `url` names a SQLite database.
pub(crate) fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Creates the directory of the database file when it is missing.
pub(crate) fn create_parent_dir(path: &str) -> std::io::Result<()> {
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}

/// How many connections the readers pool, beside the writer's own.
const POOL_SIZE: u32 = 10;

/// Takes the `synchronous=` query parameter out of a SQLite URL (the driver does not know
/// it): the URL without it, and the setting (`FULL` when absent). `off` is refused: a crash
/// could corrupt the database.
pub(crate) fn split_synchronous(url: &str) -> std::io::Result<(String, SqliteSynchronous)> {
    let Some((base, query)) = url.split_once('?') else {
        return Ok((url.to_owned(), SqliteSynchronous::Full));
    };
    let mut synchronous = SqliteSynchronous::Full;
    let mut kept = Vec::new();
    for param in query.split('&') {
        match param.split_once('=') {
            Some(("synchronous", value)) => {
                synchronous = match value.to_ascii_lowercase().as_str() {
                    "full" => SqliteSynchronous::Full,
                    "extra" => SqliteSynchronous::Extra,
                    "normal" => SqliteSynchronous::Normal,
                    other => {
                        return Err(std::io::Error::other(format!(
                            "synchronous={other} is not supported: use full, extra or normal"
                        )));
                    }
                }
            }
            _ => kept.push(param),
        }
    }
    let url = if kept.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", kept.join("&"))
    };
    Ok((url, synchronous))
}

/// How many rows a connection's worker thread sends ahead before it waits for the reader:
/// a whole page of 100 tickets, or 3 pages of their custom values, without a pause.
const ROWS_IN_FLIGHT: usize = 512;

/// The page cache of the writer connection, in KiB: the pages a write touches (indexes,
/// the search index) stay cached from one write to the next.
const WRITER_CACHE_KIB: i64 = 32 * 1024;

/// After how many WAL pages a commit of the writer copies the WAL back into the database
/// file (SQLite's default is 1,000). A batch of group-committed writes fills ~1,300 pages,
/// so with the default every commit also checkpointed (and fsynced the database file) while
/// the next writes waited: POST /tickets 702 → 806 per second with 10,000 (a WAL of up to
/// ~40 MiB).
const WAL_CHECKPOINT_PAGES: u32 = 10_000;

/// Applies the connection settings of the pool reads run on (SeaORM's SQLite default is one
/// connection).
pub(crate) fn tune(options: &mut ConnectOptions, synchronous: SqliteSynchronous) {
    options.max_connections(POOL_SIZE);
    tune_connections(options, synchronous);
}

/// The settings of the writer's own connection. Only this connection writes, so its page
/// cache stays valid between writes (another connection's commit would empty it); it is
/// larger than a reader's.
pub(crate) fn writer_options(url: &str, synchronous: SqliteSynchronous) -> ConnectOptions {
    let mut options = ConnectOptions::new(url);
    options.max_connections(1).min_connections(1);
    tune_connections(&mut options, synchronous);
    options.map_sqlx_sqlite_opts(|o| {
        o.pragma("cache_size", format!("-{WRITER_CACHE_KIB}"))
            .pragma("wal_autocheckpoint", WAL_CHECKPOINT_PAGES.to_string())
    });
    options
}

/// The settings every connection gets.
fn tune_connections(options: &mut ConnectOptions, synchronous: SqliteSynchronous) {
    options.sqlx_logging(false);
    // A SQLite connection does not go away on its own: no ping (a round trip to its worker
    // thread) before each use.
    options.test_before_acquire(false);
    options.map_sqlx_sqlite_opts(move |o| {
        o.create_if_missing(true)
            .row_buffer_size(ROWS_IN_FLIGHT)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_millis(5000))
            .synchronous(synchronous)
            .foreign_keys(true)
            // Statement journals (a write statement's undo inside a transaction) and
            // temporary tables in memory, not in files.
            .pragma("temp_store", "memory")
    });
}

/// The file path of `sqlite://path?options`, or `None` for `sqlite::memory:`.
pub(crate) fn file_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_paths_are_read_from_urls() {
        assert_eq!(
            file_path("sqlite:///tmp/a/b.db?mode=rwc"),
            Some("/tmp/a/b.db")
        );
        assert_eq!(file_path("sqlite://data/x.db"), Some("data/x.db"));
        assert_eq!(file_path("sqlite::memory:"), None);
        assert_eq!(file_path("postgres://h/db"), None);
    }

    #[test]
    fn synchronous_is_read_from_urls() {
        let (url, sync) = split_synchronous("sqlite://x.db?mode=rwc&synchronous=normal").unwrap();
        assert_eq!(url, "sqlite://x.db?mode=rwc");
        assert!(matches!(sync, SqliteSynchronous::Normal));
        let (url, sync) = split_synchronous("sqlite://x.db?synchronous=EXTRA").unwrap();
        assert_eq!(url, "sqlite://x.db");
        assert!(matches!(sync, SqliteSynchronous::Extra));
        let (url, sync) = split_synchronous("sqlite://x.db?mode=rwc").unwrap();
        assert_eq!(url, "sqlite://x.db?mode=rwc");
        assert!(matches!(sync, SqliteSynchronous::Full));
        assert!(split_synchronous("sqlite://x.db?synchronous=off").is_err());
    }
}
