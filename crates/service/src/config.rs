//! Settings of the use cases.

use std::time::Duration;

/// Behaviour settings: login limits, signup, hashing cost and the auth cache.
#[derive(Debug, Clone)]
pub struct Config {
    /// Failed logins allowed before the account locks (Zammad's default is 5).
    pub max_login_failed: i32,
    /// Whether anonymous callers may sign up through `POST /users`.
    pub user_create_account: bool,
    /// Argon2 memory cost in KiB.
    pub argon2_memory_kib: u32,
    /// Argon2 iterations.
    pub argon2_iterations: u32,
    /// How long a successful Basic verification is remembered.
    pub auth_cache_ttl: Duration,
    /// How many verifications are remembered at most.
    pub auth_cache_capacity: usize,
    /// How stale a token's `last_used_at` may get before a request writes it again.
    pub token_touch_interval: Duration,
    /// The system id ticket numbers start with (`45` gives `45001`, `45002`, ...).
    pub ticket_system_id: String,
    /// Largest attachment accepted, in decoded bytes (422 above it).
    pub max_attachment_bytes: usize,
    /// Failed Basic logins one client address may make within `login_throttle_window`
    /// before its Basic logins answer 429 (0: no throttling). Keep it below
    /// `max_login_failed`, so one address cannot lock an account within a window.
    pub login_throttle_failures: usize,
    /// The sliding window of the login throttle.
    pub login_throttle_window: Duration,
    /// How long a password-reset token works.
    pub password_reset_ttl: Duration,
    /// The version `GET /version` answers (the workspace's crate version by default).
    pub version: String,
    /// The token an anonymous caller of `GET /monitoring/health_check` must send; `None`
    /// (the default): anonymous callers are refused.
    pub monitoring_token: Option<String>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            max_login_failed: 5,
            user_create_account: true,
            argon2_memory_kib: 19 * 1024,
            argon2_iterations: 2,
            auth_cache_ttl: Duration::from_secs(60),
            auth_cache_capacity: 10_000,
            token_touch_interval: Duration::from_secs(60),
            ticket_system_id: "45".into(),
            max_attachment_bytes: 10 * 1024 * 1024,
            login_throttle_failures: 3,
            login_throttle_window: Duration::from_secs(60),
            password_reset_ttl: Duration::from_secs(24 * 60 * 60),
            version: env!("CARGO_PKG_VERSION").into(),
            monitoring_token: None,
        }
    }
}

impl Config {
    /// Cheap hashing for tests: the same algorithm with the smallest costs, and no login
    /// throttle (tests of the lockout fail many logins from one address; the throttle's
    /// tests turn it on).
    pub fn for_tests() -> Self {
        Self {
            argon2_memory_kib: 64,
            argon2_iterations: 1,
            login_throttle_failures: 0,
            ..Self::default()
        }
    }
}
