//! Heap settings of the server process.

/// The size from which an allocation gets a mapping of its own, returned to the system when
/// it is freed.
const MMAP_THRESHOLD: i32 = 1 << 20;

/// Makes large allocations (a password check's Argon2 working memory, 19 MiB by default)
/// separate mappings that go back to the system when freed. glibc otherwise raises its
/// threshold after the first such free and serves later ones from per-thread arenas, each of
/// which keeps its peak: 32 concurrent Basic-auth clients left the server at 400 MiB resident.
/// Does nothing off glibc.
pub fn return_large_allocations() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; the value is within its range.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD);
    }
}
