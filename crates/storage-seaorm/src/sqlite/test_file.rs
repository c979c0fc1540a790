//! Test support: a SQLite database file of a test's own.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// A new database file name under the temporary directory, removed with its WAL files on
/// drop.
pub(crate) struct TestFile {
    path: PathBuf,
}

impl TestFile {
    /// A name no other test of this or another process uses, starting `helpdesk-<what>-`.
    pub(crate) fn new(what: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let path = std::env::temp_dir().join(format!(
            "helpdesk-{what}-{}-{}.db",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        Self { path }
    }

    /// The URL that creates and opens the file.
    pub(crate) fn url(&self) -> String {
        format!("sqlite://{}?mode=rwc", self.path.display())
    }
}

impl Drop for TestFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}
