//! Argon2id password hashing, run off the async threads and bounded to the core count.

use argon2::password_hash::PasswordHasher;
use argon2::{Algorithm, Argon2, Params, PasswordVerifier, Version};

use crate::{Error, Helpdesk, Result};

/// A valid hash of a password nobody knows, verified against when a login is unknown so that
/// unknown and known logins cost the same time.
const DECOY_PASSWORD: &str = "decoy password that matches no account";

/// The shortest password accepted.
pub const MIN_PASSWORD_LEN: usize = 6;

/// A new password checked against the rules and hashed before the write transaction begins,
/// so that Argon2 never runs while a write holds the store. A password that breaks a rule
/// keeps its error, answered where the use case checks it (after its other checks).
pub(crate) struct NewPassword(Result<Option<String>>);

impl NewPassword {
    /// The hash to store: `None` when no (or an empty) password was given, or the rule broken.
    pub(crate) fn into_hash(self) -> Result<Option<String>> {
        self.0
    }
}

impl Helpdesk {
    /// Checks and hashes `password` (nothing for `None` or empty); only a failure to hash
    /// is an error here.
    pub(crate) async fn new_password(&self, password: Option<String>) -> Result<NewPassword> {
        let Some(password) = password.filter(|p| !p.is_empty()) else {
            return Ok(NewPassword(Ok(None)));
        };
        if let Err(rule) = check_new_password(&password) {
            return Ok(NewPassword(Err(rule)));
        }
        Ok(NewPassword(Ok(Some(self.hash_password(&password).await?))))
    }

    fn argon2(&self) -> Result<Argon2<'static>> {
        let cfg = &self.inner.config;
        let params = Params::new(cfg.argon2_memory_kib, cfg.argon2_iterations, 1, None)
            .map_err(|e| Error::Internal(format!("argon2 parameters: {e}")))?;
        Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
    }

    /// Runs `work` with the Argon2 instance off the async threads, holding one of the hashing
    /// permits (as many as cores) while it runs.
    async fn with_argon2<T: Send + 'static>(
        &self,
        work: impl FnOnce(Argon2<'static>) -> T + Send + 'static,
    ) -> Result<T> {
        let argon2 = self.argon2()?;
        let _permit = self
            .inner
            .hashing
            .acquire()
            .await
            .map_err(|e| Error::Internal(e.to_string()))?;
        tokio::task::spawn_blocking(move || work(argon2))
            .await
            .map_err(|e| Error::Internal(e.to_string()))
    }

    /// Hashes `password` as an Argon2id PHC string.
    pub(crate) async fn hash_password(&self, password: &str) -> Result<String> {
        let password = password.to_owned();
        self.with_argon2(move |argon2| {
            argon2
                .hash_password(password.as_bytes())
                .map(|h| h.to_string())
                .map_err(|e| Error::Internal(format!("argon2 hash: {e}")))
        })
        .await?
    }

    /// Whether `password` matches the stored `hash`; with no hash, verifies against a decoy so
    /// the time spent does not reveal whether the account exists.
    pub(crate) async fn verify_password(&self, password: &str, hash: Option<&str>) -> Result<bool> {
        let stored = match hash {
            Some(h) => h.to_owned(),
            None => self.decoy_hash().await?,
        };
        let known = hash.is_some();
        let password = password.to_owned();
        let ok = self
            .with_argon2(move |argon2| {
                argon2
                    .verify_password(password.as_bytes(), stored.as_str())
                    .is_ok()
            })
            .await?;
        Ok(ok && known)
    }

    async fn decoy_hash(&self) -> Result<String> {
        if let Some(h) = self.inner.auth_cache.decoy() {
            return Ok(h);
        }
        let h = self.hash_password(DECOY_PASSWORD).await?;
        self.inner.auth_cache.set_decoy(h.clone());
        Ok(h)
    }
}

/// Checks the password rules for a new password.
pub(crate) fn check_new_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(Error::invalid(format!(
            "Invalid password, it must be at least {MIN_PASSWORD_LEN} characters long!"
        )));
    }
    Ok(())
}
