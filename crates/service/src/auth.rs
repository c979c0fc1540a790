//! Authentication: Basic, access tokens, `From` impersonation, lockout and the cache of
//! successful Basic verifications, the short-lived cache of authenticated actors
//! ([`recent`]), the per-address throttle of failed logins ([`throttle`]), and password
//! resets and the operator's commands ([`reset`]).
//!
//! A failed Basic login costs the same whether the login names an account or not: one
//! Argon2 verification (against a decoy hash for an unknown login) and one write
//! transaction — the account's `login_failed` is raised, or, for an unknown login, the
//! store's count of unknown-login failures — committed before the 401 answers, so the
//! lockout count is durable and exact within a process. The answer is the same text too,
//! for an inactive or locked account as well; only the right password of an inactive
//! account hears "User is inactive."

mod recent;
mod reset;
mod throttle;

pub use recent::TTL as ACTOR_REUSE_TTL;
pub use reset::{IssuedReset, ResetVerification};
pub(crate) use throttle::LoginThrottle;

/// Most client addresses the login throttle tracks at once.
pub(crate) const THROTTLE_CAPACITY: usize = 100_000;

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use helpdesk_domain::{Id, Role, User};
use helpdesk_policy::{Action, Actor, Resource, authorize, impersonation_target};
use helpdesk_storage::Mode;

use crate::{Error, Helpdesk, Result};

const INVALID_BASIC: &str = "Invalid BasicAuth credentials";
const INVALID_TOKEN: &str = "Not authorized (token expired)!";
const INACTIVE: &str = "User is inactive.";

/// What the caller presented in the `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No header.
    Missing,
    /// `Basic base64(login:password)`.
    Basic {
        /// Login or email, any case.
        login: String,
        /// The password.
        password: String,
    },
    /// `Token token=…`, `Token …` or `Bearer …`.
    Token(String),
    /// A header of another or broken form.
    Malformed,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print a secret.
        match self {
            Self::Missing => f.write_str("Missing"),
            Self::Basic { login, .. } => write!(f, "Basic({login})"),
            Self::Token(_) => f.write_str("Token(..)"),
            Self::Malformed => f.write_str("Malformed"),
        }
    }
}

impl Credentials {
    /// Reads an `Authorization` header value.
    pub fn from_authorization(header: Option<&str>) -> Self {
        let Some(value) = header.map(str::trim).filter(|v| !v.is_empty()) else {
            return Self::Missing;
        };
        if value.contains('\0') {
            return Self::Malformed;
        }
        let (scheme, rest) = value.split_once(' ').unwrap_or((value, ""));
        let rest = rest.trim();
        match scheme.to_ascii_lowercase().as_str() {
            "basic" => base64::engine::general_purpose::STANDARD
                .decode(rest)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .filter(|pair| !pair.contains('\0'))
                .and_then(|pair| {
                    pair.split_once(':').map(|(l, p)| Self::Basic {
                        login: l.to_string(),
                        password: p.to_string(),
                    })
                })
                .unwrap_or(Self::Malformed),
            "token" => {
                let secret = rest
                    .strip_prefix("token=")
                    .unwrap_or(rest)
                    .trim_matches('"');
                if secret.is_empty() {
                    Self::Malformed
                } else {
                    Self::Token(secret.to_string())
                }
            }
            "bearer" if !rest.is_empty() => Self::Token(rest.to_string()),
            _ => Self::Malformed,
        }
    }
}

/// Hex SHA-256 of a token secret: what the store keeps instead of the secret.
pub(crate) fn token_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Remembers successful Basic verifications for a short time, keyed by an HMAC of the
/// credentials (never the password itself). An entry is only honoured while the user's
/// stored password hash is unchanged, the user is active and not locked, so a password
/// change, deactivation or lockout made by any server process invalidates it.
pub struct AuthCache {
    key: [u8; 32],
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<[u8; 32], CacheEntry>>,
    decoy: OnceLock<String>,
    recent: recent::RecentActors,
}

/// Makes room in a cache of at most `capacity` entries: drops those expired at `now`, then,
/// when it is still full, all of them.
fn make_room<V>(
    entries: &mut HashMap<[u8; 32], V>,
    capacity: usize,
    now: Instant,
    expires: impl Fn(&V) -> Instant,
) {
    if entries.len() >= capacity {
        entries.retain(|_, e| expires(e) > now);
        if entries.len() >= capacity {
            entries.clear();
        }
    }
}

#[derive(Clone)]
struct CacheEntry {
    user_id: Id,
    password_hash: String,
    expires: Instant,
}

impl AuthCache {
    /// An empty cache with a fresh random key.
    pub fn new(ttl: Duration, capacity: usize) -> Self {
        let mut key = [0u8; 32];
        rand::thread_rng().fill_bytes(&mut key);
        Self {
            key,
            ttl,
            capacity,
            entries: Mutex::new(HashMap::new()),
            decoy: OnceLock::new(),
            recent: recent::RecentActors::new(capacity),
        }
    }

    fn fingerprint(&self, login: &str, password: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("any key length");
        mac.update(login.as_bytes());
        mac.update(&[0]);
        mac.update(password.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// The fingerprint of a token secret; a leading byte no login holds keeps it apart from
    /// Basic fingerprints.
    fn token_fingerprint(&self, secret: &str) -> [u8; 32] {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("any key length");
        mac.update(&[0xff]);
        mac.update(secret.as_bytes());
        mac.finalize().into_bytes().into()
    }

    fn lookup(&self, fp: &[u8; 32], user: &User) -> bool {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.get(fp).is_some_and(|e| {
            e.expires > Instant::now()
                && e.user_id == user.id
                && user.password_hash.as_deref() == Some(e.password_hash.as_str())
        })
    }

    fn remember(&self, fp: [u8; 32], user: &User) {
        let Some(hash) = user.password_hash.clone() else {
            return;
        };
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        make_room(&mut entries, self.capacity, now, |e| e.expires);
        entries.insert(
            fp,
            CacheEntry {
                user_id: user.id,
                password_hash: hash,
                expires: now + self.ttl,
            },
        );
    }

    /// Drops every remembered verification and actor of `user_id`.
    pub fn forget_user(&self, user_id: Id) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries.retain(|_, e| e.user_id != user_id);
        drop(entries);
        self.recent.forget_user(user_id);
    }

    /// Drops the remembered actor of token `token_id`.
    pub(crate) fn forget_token(&self, token_id: Id) {
        self.recent.forget_token(token_id);
    }

    pub(crate) fn decoy(&self) -> Option<String> {
        self.decoy.get().cloned()
    }

    pub(crate) fn set_decoy(&self, hash: String) {
        let _ = self.decoy.set(hash);
    }
}

impl Helpdesk {
    /// Authenticates a request: its credentials, then the `From` / `X-On-Behalf-Of` user
    /// when one is named.
    pub async fn authenticate(
        &self,
        credentials: &Credentials,
        on_behalf_of: Option<&str>,
    ) -> Result<Actor> {
        self.authenticate_from(credentials, on_behalf_of, None)
            .await
    }

    /// [`authenticate`](Self::authenticate) for a caller at the address `client`: Basic
    /// logins from an address with too many recent failures answer
    /// [`Error::Throttled`] without being verified or counted. `None` (a caller
    /// inside the process) is never throttled.
    pub async fn authenticate_from(
        &self,
        credentials: &Credentials,
        on_behalf_of: Option<&str>,
        client: Option<IpAddr>,
    ) -> Result<Actor> {
        let actor = match credentials {
            Credentials::Missing => {
                return Err(Error::Unauthenticated("Authentication required".into()));
            }
            Credentials::Malformed => return Err(Error::Unauthenticated(INVALID_BASIC.into())),
            Credentials::Basic { login, password } => {
                self.throttled_basic(login, password, client).await?
            }
            Credentials::Token(secret) => self.authenticate_token(secret).await?,
        };
        match on_behalf_of.map(str::trim).filter(|s| !s.is_empty()) {
            Some(who) => self.impersonate(actor, who).await,
            None => Ok(actor),
        }
    }

    /// Authenticates when credentials were sent; `None` for an anonymous caller.
    pub async fn authenticate_optional(
        &self,
        credentials: &Credentials,
        on_behalf_of: Option<&str>,
    ) -> Result<Option<Actor>> {
        self.authenticate_optional_from(credentials, on_behalf_of, None)
            .await
    }

    /// [`authenticate_optional`](Self::authenticate_optional) for a caller at `client`.
    pub async fn authenticate_optional_from(
        &self,
        credentials: &Credentials,
        on_behalf_of: Option<&str>,
        client: Option<IpAddr>,
    ) -> Result<Option<Actor>> {
        match credentials {
            Credentials::Missing => Ok(None),
            _ => self
                .authenticate_from(credentials, on_behalf_of, client)
                .await
                .map(Some),
        }
    }

    /// A Basic login from `client`, throttled per address: refused unverified while the
    /// address has too many recent failures; every refusal of a verified attempt counts.
    async fn throttled_basic(
        &self,
        login: &str,
        password: &str,
        client: Option<IpAddr>,
    ) -> Result<Actor> {
        let Some(client) = client else {
            return self.authenticate_basic(login, password).await;
        };
        let throttle = &self.inner.login_throttle;
        if let Some(wait) = throttle.wait(client, Instant::now()) {
            tracing::info!(%client, "Basic login throttled");
            let secs = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
            return Err(Error::Throttled {
                retry_after_secs: secs.max(1),
            });
        }
        let result = self.authenticate_basic(login, password).await;
        if matches!(result, Err(Error::Unauthenticated(_))) {
            throttle.failed(client, Instant::now());
        }
        result
    }

    async fn authenticate_basic(&self, login: &str, password: &str) -> Result<Actor> {
        let login = login.trim().to_lowercase();
        let fp = self.inner.auth_cache.fingerprint(&login, password);
        if let Some(actor) = self.inner.auth_cache.recent.get(&fp, self.now()) {
            return Ok(actor);
        }
        let max = self.inner.config.max_login_failed;
        let mut tx = self.begin(Mode::Read).await?;
        let user = tx.user_by_login(&login).await?;
        let roles = tx.roles().await?;
        drop(tx);

        if let Some(user) = user.as_ref().filter(|u| u.active && u.login_failed <= max)
            && self.inner.auth_cache.lookup(&fp, user)
        {
            if user.login_failed != 0 {
                self.record_login(user.id).await?;
            }
            let actor = actor_from(user.clone(), &roles);
            self.inner.auth_cache.recent.put(fp, &actor, None);
            return Ok(actor);
        }

        let verified = self
            .verify_password(
                password,
                user.as_ref().and_then(|u| u.password_hash.as_deref()),
            )
            .await?;
        let Some(user) = user else {
            // The write a known login's failure does (see the module doc).
            let mut tx = self.begin(Mode::Write).await?;
            tx.increment_unknown_login_failed().await?;
            tx.commit().await?;
            tracing::info!("failed Basic login for an unknown login");
            return Err(Error::Unauthenticated(INVALID_BASIC.into()));
        };
        if !verified {
            let mut tx = self.begin(Mode::Write).await?;
            let count = tx.increment_login_failed(user.id).await?;
            tx.commit().await?;
            self.inner.auth_cache.forget_user(user.id);
            tracing::info!(
                user_id = user.id,
                login_failed = count,
                "failed Basic login"
            );
            return Err(Error::Unauthenticated(INVALID_BASIC.into()));
        }
        if user.login_failed > max {
            tracing::info!(user_id = user.id, "login refused: account locked");
            return Err(Error::Unauthenticated(INVALID_BASIC.into()));
        }
        if !user.active {
            return Err(Error::Unauthenticated(INACTIVE.into()));
        }
        self.record_login(user.id).await?;
        self.inner.auth_cache.remember(fp, &user);
        let actor = actor_from(user, &roles);
        self.inner.auth_cache.recent.put(fp, &actor, None);
        Ok(actor)
    }

    async fn record_login(&self, user_id: Id) -> Result<()> {
        let mut tx = self.begin(Mode::Write).await?;
        tx.record_login(user_id, self.now()).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn authenticate_token(&self, secret: &str) -> Result<Actor> {
        let now = self.now();
        let fp = self.inner.auth_cache.token_fingerprint(secret);
        if let Some(actor) = self.inner.auth_cache.recent.get(&fp, now) {
            return Ok(actor);
        }
        let mut tx = self.begin(Mode::Read).await?;
        let token = tx
            .token_by_hash(&token_hash(secret))
            .await?
            .filter(|t| !t.is_expired(now))
            .ok_or_else(|| Error::Unauthenticated(INVALID_TOKEN.into()))?;
        let user = tx
            .user(token.user_id)
            .await?
            .ok_or_else(|| Error::Unauthenticated(INVALID_TOKEN.into()))?;
        let roles = tx.roles().await?;
        drop(tx);
        if !user.active {
            return Err(Error::Unauthenticated(INACTIVE.into()));
        }
        let interval =
            chrono::Duration::from_std(self.inner.config.token_touch_interval).unwrap_or_default();
        if token.last_used_at.is_none_or(|t| now - t >= interval) {
            let mut tx = self.begin(Mode::Write).await?;
            tx.touch_token(token.id, now).await?;
            tx.commit().await?;
        }
        let mut actor = actor_from(user, &roles);
        actor.token_permissions = Some(token.permission_set());
        self.inner.auth_cache.recent.put(fp, &actor, Some(&token));
        Ok(actor)
    }

    async fn impersonate(&self, actor: Actor, who: &str) -> Result<Actor> {
        authorize(&actor, Action::Impersonate, Resource::User(&actor.user)).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let target = match who.parse::<Id>() {
            Ok(id) => tx.user(id).await?,
            Err(_) => tx.user_by_login(&who.to_lowercase()).await?,
        };
        let target = impersonation_target(who, target.as_ref())?.clone();
        let roles = tx.roles().await?;
        let mut impersonated = actor_from(target, &roles);
        impersonated.token_permissions = actor.token_permissions;
        Ok(impersonated)
    }
}

/// The actor for `user` given every role.
pub(crate) fn actor_from(user: User, roles: &[Role]) -> Actor {
    let held = roles.iter().filter(|r| user.role_ids.contains(&r.id));
    let permissions = Role::combined_permissions(held);
    Actor::new(user, permissions)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(s: &str) -> String {
        base64::engine::general_purpose::STANDARD.encode(s)
    }

    #[test]
    fn parses_every_header_form() {
        assert_eq!(Credentials::from_authorization(None), Credentials::Missing);
        assert_eq!(
            Credentials::from_authorization(Some(&format!("Basic {}", b64("Ann@X.de:pa:ss")))),
            Credentials::Basic {
                login: "Ann@X.de".into(),
                password: "pa:ss".into()
            }
        );
        assert_eq!(
            Credentials::from_authorization(Some("Token token=abc")),
            Credentials::Token("abc".into())
        );
        assert_eq!(
            Credentials::from_authorization(Some("Token abc")),
            Credentials::Token("abc".into())
        );
        assert_eq!(
            Credentials::from_authorization(Some("Bearer abc")),
            Credentials::Token("abc".into())
        );
        assert_eq!(
            Credentials::from_authorization(Some("Basic !!!")),
            Credentials::Malformed
        );
        assert_eq!(
            Credentials::from_authorization(Some("Digest x")),
            Credentials::Malformed
        );
        assert_eq!(
            Credentials::from_authorization(Some("Token token=")),
            Credentials::Malformed
        );
    }

    #[test]
    fn debug_hides_secrets() {
        let c = Credentials::Basic {
            login: "a".into(),
            password: "secret".into(),
        };
        assert!(!format!("{c:?}").contains("secret"));
        assert!(!format!("{:?}", Credentials::Token("secret".into())).contains("secret"));
    }

    /// The in-memory store, counting write transactions.
    struct CountingWrites {
        inner: helpdesk_storage_memory::MemoryStore,
        writes: std::sync::atomic::AtomicUsize,
    }

    #[async_trait::async_trait]
    impl helpdesk_storage::Store for CountingWrites {
        async fn begin(
            &self,
            mode: Mode,
        ) -> helpdesk_storage::Result<Box<dyn helpdesk_storage::Transaction>> {
            if mode == Mode::Write {
                self.writes
                    .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            }
            self.inner.begin(mode).await
        }
    }

    /// The write transactions `attempt` opens.
    async fn writes_of(
        store: &CountingWrites,
        attempt: impl std::future::Future<Output = Result<Actor>>,
    ) -> usize {
        let before = store.writes.load(std::sync::atomic::Ordering::SeqCst);
        let answer = attempt.await;
        assert!(
            matches!(&answer, Err(Error::Unauthenticated(m)) if m == INVALID_BASIC),
            "{answer:?}"
        );
        store.writes.load(std::sync::atomic::Ordering::SeqCst) - before
    }

    #[tokio::test]
    async fn failed_logins_cost_one_write_whether_the_login_exists_or_not() {
        let store = std::sync::Arc::new(CountingWrites {
            inner: helpdesk_storage_memory::MemoryStore::new(),
            writes: Default::default(),
        });
        let helpdesk = Helpdesk::new(store.clone(), crate::Config::for_tests());
        helpdesk
            .seed(crate::AdminSeed {
                email: "admin@example.com".into(),
                password: Some("right-password".into()),
            })
            .await
            .unwrap();
        let basic = |login: &str| Credentials::Basic {
            login: login.into(),
            password: "wrong-password".into(),
        };
        let (known_login, unknown_login) =
            (basic("admin@example.com"), basic("nobody@example.com"));
        let known = writes_of(&store, helpdesk.authenticate(&known_login, None)).await;
        let unknown = writes_of(&store, helpdesk.authenticate(&unknown_login, None)).await;
        assert_eq!(known, 1);
        assert_eq!(
            unknown, known,
            "an unknown login costs the write a known one does"
        );
    }

    #[tokio::test]
    async fn a_throttled_address_is_refused_unverified_and_others_are_not() {
        let config = crate::Config {
            login_throttle_failures: 2,
            ..crate::Config::for_tests()
        };
        let helpdesk = Helpdesk::new(
            std::sync::Arc::new(helpdesk_storage_memory::MemoryStore::new()),
            config,
        );
        helpdesk
            .seed(crate::AdminSeed {
                email: "admin@example.com".into(),
                password: Some("right-password".into()),
            })
            .await
            .unwrap();
        let basic = |password: &str| Credentials::Basic {
            login: "admin@example.com".into(),
            password: password.into(),
        };
        let here: IpAddr = "192.0.2.1".parse().unwrap();
        let there: IpAddr = "192.0.2.2".parse().unwrap();
        for _ in 0..2 {
            let answer = helpdesk
                .authenticate_from(&basic("nope-nope"), None, Some(here))
                .await;
            assert!(
                matches!(answer, Err(Error::Unauthenticated(_))),
                "{answer:?}"
            );
        }
        for password in ["nope-nope", "right-password"] {
            let answer = helpdesk
                .authenticate_from(&basic(password), None, Some(here))
                .await;
            assert!(
                matches!(answer, Err(Error::Throttled { retry_after_secs }) if (1..=60).contains(&retry_after_secs)),
                "{answer:?}"
            );
        }
        helpdesk
            .authenticate_from(&basic("right-password"), None, Some(there))
            .await
            .expect("another address logs in");
        helpdesk
            .authenticate(&basic("right-password"), None)
            .await
            .expect("callers inside the process are not throttled");
    }

    #[test]
    fn token_hash_is_hex_sha256() {
        assert_eq!(token_hash("abc").len(), 64);
        assert_ne!(token_hash("abc"), token_hash("abd"));
    }
}
