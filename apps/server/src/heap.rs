//! Heap settings of the server process.

/// The size from which an allocation gets a mapping of its own, returned to the system when
/// it is freed.
const MMAP_THRESHOLD: i32 = 1 << 20;

/// Makes large glibc allocations separate mappings that go back to the system when freed.
/// glibc otherwise raises its threshold after the first such free and serves later ones from
/// per-thread arenas, each of which keeps its peak: when Rust allocated through glibc, 32
/// concurrent Basic-auth clients (Argon2's 19 MiB working memory each) left the server at
/// 400 MiB resident. Rust's allocations now go to mimalloc (`main.rs`); this still bounds
/// what C code — the bundled SQLite — allocates through glibc. Does nothing off glibc.
pub fn return_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; the value is within its range.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
