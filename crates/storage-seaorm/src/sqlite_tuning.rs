//! Everything SQLite-specific, and the only place SQLite-only settings live: the database
//! file's directory, and the PRAGMAs every pooled connection gets (WAL, a 5 s busy timeout,
//! `synchronous = FULL`, foreign keys on).

use std::time::Duration;

use sea_orm::ConnectOptions;
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};

/// Whether `url` names a SQLite database.
pub(crate) fn is_sqlite(url: &str) -> bool {
    url.starts_with("sqlite:")
}

/// Creates the directory of the database file when it is missing.
pub(crate) fn create_parent_dir(url: &str) -> std::io::Result<()> {
    let Some(path) = file_path(url) else {
        return Ok(());
    };
    match std::path::Path::new(path).parent() {
        Some(dir) if !dir.as_os_str().is_empty() => std::fs::create_dir_all(dir),
        _ => Ok(()),
    }
}

/// How many connections a file database pools: readers run beside the one writer.
const FILE_POOL_SIZE: u32 = 10;

/// Applies the connection settings. A file database pools several connections (SeaORM's
/// SQLite default is one); an in-memory database keeps one, since each connection would
/// otherwise see a database of its own.
pub(crate) fn tune(options: &mut ConnectOptions, url: &str) {
    if file_path(url).is_some() {
        options.max_connections(FILE_POOL_SIZE);
    } else {
        options.max_connections(1).min_connections(1);
    }
    options.map_sqlx_sqlite_opts(|o| {
        o.create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(Duration::from_millis(5000))
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
    });
}

/// The file path of `sqlite://path?options`, or `None` for an in-memory database.
fn file_path(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))?;
    let path = rest.split('?').next().unwrap_or_default();
    (!path.is_empty() && path != ":memory:").then_some(path)
}

#[cfg(test)]
mod tests {
    use super::file_path;

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
}
