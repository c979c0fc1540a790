//! User access tokens.

use chrono::NaiveDate;

use crate::{Id, PermissionSet, Timestamp};

/// A personal access token. Only a hash of its secret is kept.
#[derive(Debug, Clone, PartialEq)]
pub struct AccessToken {
    /// The token's id.
    pub id: Id,
    /// The owner.
    pub user_id: Id,
    /// What the owner called it.
    pub label: String,
    /// Hex SHA-256 of the secret.
    pub token_hash: String,
    /// Permission names the token may use (met with the owner's).
    pub permissions: Vec<String>,
    /// Last day the token works; `None` never expires.
    pub expires_at: Option<NaiveDate>,
    /// Last time the token authenticated a request.
    pub last_used_at: Option<Timestamp>,
    /// When the token was created.
    pub created_at: Timestamp,
    /// When the token was last changed.
    pub updated_at: Timestamp,
}

impl AccessToken {
    /// Whether the token has expired at `now` (it works through its `expires_at` day).
    pub fn is_expired(&self, now: Timestamp) -> bool {
        self.expires_at.is_some_and(|day| now.date_naive() > day)
    }

    /// The token's permissions as a set.
    pub fn permission_set(&self) -> PermissionSet {
        PermissionSet::new(self.permissions.iter().cloned())
    }
}

/// A single-use password-reset token (`POST /users/password_reset`). Only a hash of its
/// secret is kept; it works until `expires_at` and is deleted when used.
#[derive(Debug, Clone, PartialEq)]
pub struct PasswordReset {
    /// The token's id.
    pub id: Id,
    /// Whose password it resets.
    pub user_id: Id,
    /// Hex SHA-256 of the secret.
    pub token_hash: String,
    /// The token works before this moment.
    pub expires_at: Timestamp,
    /// When the token was created.
    pub created_at: Timestamp,
}

impl PasswordReset {
    /// Whether the token no longer works at `now`.
    pub fn is_expired(&self, now: Timestamp) -> bool {
        now >= self.expires_at
    }
}
