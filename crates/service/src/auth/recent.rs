//! Actors authenticated a moment ago, reused for a short [`TTL`] without reading the store.
//!
//! Authenticating a request otherwise costs a read transaction of several queries (the token
//! or the login, the user with its roles, organizations and group access, every role). An
//! entry is keyed by a keyed hash of the credentials (never a secret), honours a token's expiry
//! on every use, and is dropped at once when this process changes the user or deletes the
//! token. A change made through another server process on the same database takes effect
//! within the TTL: that is the bound on staleness, and why the TTL is short.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use helpdesk_domain::{AccessToken, Id, Timestamp};
use helpdesk_policy::Actor;

/// How long an authenticated actor is reused: the longest a change made through another
/// server process (group access, lockout, deactivation, a deleted token) takes to apply here.
pub const TTL: Duration = Duration::from_secs(2);

struct Entry {
    actor: Actor,
    /// The token the actor authenticated with, whose expiry is checked on every use.
    token: Option<AccessToken>,
    expires: Instant,
}

/// The cache: bounded, keyed by a credentials fingerprint.
pub(crate) struct RecentActors {
    capacity: usize,
    entries: Mutex<HashMap<[u8; 32], Entry>>,
}

impl RecentActors {
    /// An empty cache of at most `capacity` entries.
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            capacity,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The actor remembered for `key`, unless its entry or its token has expired.
    pub(crate) fn get(&self, key: &[u8; 32], now: Timestamp) -> Option<Actor> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(key)?;
        let fresh = entry.expires > Instant::now()
            && !entry.token.as_ref().is_some_and(|t| t.is_expired(now));
        fresh.then(|| entry.actor.clone())
    }

    /// Remembers `actor` for `key` for the [`TTL`].
    pub(crate) fn put(&self, key: [u8; 32], actor: &Actor, token: Option<&AccessToken>) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        super::make_room(&mut entries, self.capacity, now, |e| e.expires);
        entries.insert(
            key,
            Entry {
                actor: actor.clone(),
                token: token.cloned(),
                expires: now + TTL,
            },
        );
    }

    /// Drops every entry of `user_id`.
    pub(crate) fn forget_user(&self, user_id: Id) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, e| e.actor.id() != user_id);
    }

    /// Drops the entries of token `token_id`.
    pub(crate) fn forget_token(&self, token_id: Id) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, e| e.token.as_ref().is_none_or(|t| t.id != token_id));
    }
}

#[cfg(test)]
mod tests {
    use chrono::{Duration as Days, Utc};
    use helpdesk_domain::meta::from_millis;
    use helpdesk_domain::{Meta, PermissionSet, User};

    use super::*;

    fn actor(id: Id) -> Actor {
        let mut user = User::blank(Meta::new(1, from_millis(0)));
        user.id = id;
        Actor::new(user, PermissionSet::default())
    }

    fn token(id: Id, expires_at: Option<chrono::NaiveDate>) -> AccessToken {
        AccessToken {
            id,
            user_id: 7,
            label: "t".into(),
            token_hash: String::new(),
            permissions: Vec::new(),
            expires_at,
            last_used_at: None,
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    #[test]
    fn remembers_until_forgotten() {
        let cache = RecentActors::new(10);
        let now = Utc::now();
        cache.put([1; 32], &actor(7), None);
        cache.put([2; 32], &actor(8), Some(&token(3, None)));
        assert_eq!(cache.get(&[1; 32], now).map(|a| a.id()), Some(7));
        assert_eq!(cache.get(&[2; 32], now).map(|a| a.id()), Some(8));
        assert!(cache.get(&[9; 32], now).is_none());
        cache.forget_user(7);
        assert!(cache.get(&[1; 32], now).is_none());
        cache.forget_token(3);
        assert!(cache.get(&[2; 32], now).is_none());
    }

    #[test]
    fn an_expired_token_is_not_honoured() {
        let cache = RecentActors::new(10);
        let now = Utc::now();
        let yesterday = (now - Days::days(1)).date_naive();
        cache.put([1; 32], &actor(7), Some(&token(3, Some(yesterday))));
        assert!(cache.get(&[1; 32], now).is_none());
    }

    #[test]
    fn stays_bounded() {
        let cache = RecentActors::new(2);
        for i in 0..5u8 {
            cache.put([i; 32], &actor(Id::from(i)), None);
        }
        let entries = cache.entries.lock().unwrap_or_else(|e| e.into_inner());
        assert!(entries.len() <= 2);
    }
}
