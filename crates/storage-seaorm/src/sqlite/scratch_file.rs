//! A database file of one store's (or one test's) own, removed with its WAL files on drop:
//! what `sqlite::memory:` opens, so that an in-memory database has everything a file has
//! (readers beside the writer, direct reads) and lives as long as its store.

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};

/// Where scratch files go: `/dev/shm` (memory) where it is a directory, else the temporary
/// directory.
fn scratch_dir() -> PathBuf {
    let shm = PathBuf::from("/dev/shm");
    if shm.is_dir() {
        shm
    } else {
        std::env::temp_dir()
    }
}

/// A new database file name that no other store of this or another process uses.
pub(crate) struct ScratchFile {
    path: PathBuf,
}

impl ScratchFile {
    /// A name starting `helpdesk-<what>-<pid>-<n>`.
    pub(crate) fn new(what: &str) -> Self {
        static N: AtomicU64 = AtomicU64::new(0);
        let path = scratch_dir().join(format!(
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

impl Drop for ScratchFile {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", self.path.display()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_differ_and_the_file_goes_with_the_guard() {
        let (a, b) = (ScratchFile::new("t"), ScratchFile::new("t"));
        assert_ne!(a.url(), b.url());
        std::fs::write(&a.path, b"x").unwrap();
        let path = a.path.clone();
        drop(a);
        assert!(!path.exists());
    }
}
