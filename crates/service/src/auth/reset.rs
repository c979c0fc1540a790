//! Password resets (Zammad's `POST /users/password_reset` and `/users/password_reset_verify`)
//! and the operator's commands for an installation that lost every admin: unlock an account,
//! set its password, issue a reset token.
//!
//! A reset token is a random secret of which the store keeps only the SHA-256 hash; it works
//! for [`Config::password_reset_ttl`](crate::Config::password_reset_ttl) and once: using it
//! deletes every reset token of its user. A new one replaces the user's earlier ones. Using a
//! token sets the password, unlocks the account (`login_failed` = 0) and drops the user's
//! remembered Basic verifications.
//!
//! Tokens are delivered by email once the helpdesk has an email channel; until then
//! `POST /users/password_reset` issues none (it answers `{"message": "ok"}` whether the
//! login exists or not, as Zammad does, and logs the request), and an operator prints one
//! with `helpdesk admin reset-token EMAIL` ([`Helpdesk::issue_password_reset`]). Issuing
//! none there also keeps anonymous callers from replacing the operator's token.

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::{PasswordReset, Timestamp, User};
use helpdesk_storage::Mode;
use rand::Rng;
use rand::distributions::Alphanumeric;

use super::token_hash;
use crate::password::check_new_password;
use crate::{Error, Helpdesk, Result};

/// A reset token just issued: the only time its secret exists outside the caller's hands.
#[derive(Clone)]
pub struct IssuedReset {
    /// Whose password it resets.
    pub user_id: helpdesk_domain::Id,
    /// That user's login.
    pub login: String,
    /// The secret, to hand to the user (`token` of `password_reset_verify`).
    pub secret: String,
    /// The token works before this moment.
    pub expires_at: Timestamp,
}

impl std::fmt::Debug for IssuedReset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the secret.
        f.debug_struct("IssuedReset")
            .field("user_id", &self.user_id)
            .field("login", &self.login)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

/// What `password_reset_verify` found, in Zammad's answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResetVerification {
    /// The token works (and, with a password, the password is set): `{"message": "ok",
    /// "user_login": login}`.
    Ok {
        /// The token's user's login.
        login: String,
    },
    /// No such token, or it expired or was used: `{"message": "failed"}`.
    Failed,
    /// The token works but the new password breaks the password rules: `{"message":
    /// "failed", "notice": [notice]}`; nothing changed and the token still works.
    Rejected {
        /// Why the password was refused.
        notice: String,
    },
}

impl Helpdesk {
    /// `POST /users/password_reset`: answers the same for every `username` (no enumeration);
    /// only an empty one is refused (422 `username param needed!`). No token is issued while
    /// there is no channel to deliver it (see the module doc).
    pub async fn password_reset_send(&self, username: &str) -> Result<()> {
        let login = username.trim().to_lowercase();
        if login.is_empty() {
            return Err(Error::invalid("username param needed!"));
        }
        let mut tx = self.begin(Mode::Read).await?;
        let user = tx.user_by_login(&login).await?;
        drop(tx);
        match user {
            Some(user) => tracing::info!(
                user_id = user.id,
                "password reset requested; no email channel delivers tokens yet (an operator \
                 issues one with `helpdesk admin reset-token`)"
            ),
            None => tracing::info!("password reset requested for an unknown login"),
        }
        Ok(())
    }

    /// Issues a reset token for the user whose login or email is `login` (replacing the
    /// user's earlier ones) and answers its secret: for an operator's command line, never
    /// for an API answer.
    pub async fn issue_password_reset(&self, login: &str) -> Result<IssuedReset> {
        let secret: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(48)
            .map(char::from)
            .collect();
        let now = self.now();
        let ttl = chrono::Duration::from_std(self.inner.config.password_reset_ttl)
            .map_err(|e| Error::Internal(format!("password reset ttl: {e}")))?;
        let mut tx = self.begin(Mode::Write).await?;
        let user = operator_target(&mut tx, login).await?;
        tx.delete_password_resets_of_user(user.id).await?;
        let reset = tx
            .insert_password_reset(&PasswordReset {
                id: 0,
                user_id: user.id,
                token_hash: token_hash(&secret),
                expires_at: now + ttl,
                created_at: now,
            })
            .await?;
        tx.commit().await?;
        tracing::info!(user_id = user.id, "password reset token issued");
        Ok(IssuedReset {
            user_id: user.id,
            login: user.login,
            secret,
            expires_at: reset.expires_at,
        })
    }

    /// `POST /users/password_reset_verify`: checks `token` and, with a `password`, sets it,
    /// unlocks the account and uses the token up. An empty token is refused (422 `token param
    /// needed!`).
    pub async fn password_reset_verify(
        &self,
        token: &str,
        password: Option<&str>,
    ) -> Result<ResetVerification> {
        let token = token.trim();
        if token.is_empty() {
            return Err(Error::invalid("token param needed!"));
        }
        let hash = token_hash(token);
        let Some(user) = self.reset_user(&hash).await? else {
            return Ok(ResetVerification::Failed);
        };
        let Some(password) = password.filter(|p| !p.is_empty()) else {
            return Ok(ResetVerification::Ok { login: user.login });
        };
        if let Err(Error::Invalid(notice)) = check_new_password(password) {
            return Ok(ResetVerification::Rejected { notice });
        }
        let password_hash = self.hash_password(password).await?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        // Again inside the write: of two uses of one token, only the first finds it.
        let reset = tx.password_reset_by_hash(&hash).await?;
        let Some(reset) = reset.filter(|r| !r.is_expired(now) && r.user_id == user.id) else {
            return Ok(ResetVerification::Failed);
        };
        let Some(mut user) = tx.user(reset.user_id).await?.filter(|u| u.active) else {
            return Ok(ResetVerification::Failed);
        };
        user.password_hash = Some(password_hash);
        user.login_failed = 0;
        user.meta.touch(user.id, now);
        tx.update_user(&user).await?;
        tx.delete_password_resets_of_user(user.id).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(user.id);
        tracing::info!(user_id = user.id, "password reset through a token");
        Ok(ResetVerification::Ok { login: user.login })
    }

    /// The active user whose live reset token hashes to `hash`.
    async fn reset_user(&self, hash: &str) -> Result<Option<User>> {
        let now = self.now();
        let mut tx = self.begin(Mode::Read).await?;
        let Some(reset) = tx
            .password_reset_by_hash(hash)
            .await?
            .filter(|r| !r.is_expired(now))
        else {
            return Ok(None);
        };
        Ok(tx.user(reset.user_id).await?.filter(|u| u.active))
    }

    /// The operator's unlock (`helpdesk admin unlock`): sets the `login_failed` of the user
    /// whose login or email is `login` to 0 and answers the user.
    pub async fn operator_unlock(&self, login: &str) -> Result<User> {
        let mut tx = self.begin(Mode::Write).await?;
        let mut user = operator_target(&mut tx, login).await?;
        user.login_failed = 0;
        user.meta.touch(SYSTEM_USER_ID, self.now());
        tx.update_user(&user).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(user.id);
        tracing::info!(user_id = user.id, "account unlocked by an operator");
        Ok(user)
    }

    /// The operator's password reset (`helpdesk admin reset-password`): sets the password of
    /// the user whose login or email is `login` (the password rules apply), unlocks the
    /// account, drops its reset tokens and answers the user.
    pub async fn operator_set_password(&self, login: &str, password: &str) -> Result<User> {
        check_new_password(password)?;
        let password_hash = self.hash_password(password).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut user = operator_target(&mut tx, login).await?;
        user.password_hash = Some(password_hash);
        user.login_failed = 0;
        user.meta.touch(SYSTEM_USER_ID, self.now());
        tx.update_user(&user).await?;
        tx.delete_password_resets_of_user(user.id).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(user.id);
        tracing::info!(user_id = user.id, "password set by an operator");
        Ok(user)
    }
}

/// The user an operator's command names by login or email; 404 when there is none.
async fn operator_target(
    tx: &mut Box<dyn helpdesk_storage::Transaction>,
    login: &str,
) -> Result<User> {
    let key = login.trim().to_lowercase();
    tx.user_by_login(&key)
        .await?
        .ok_or_else(|| Error::NotFound(format!("Couldn't find User with login '{}'", login.trim())))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use helpdesk_storage_memory::MemoryStore;

    use super::*;
    use crate::{AdminSeed, Config, Credentials};

    const ADMIN: &str = "admin@example.com";

    async fn helpdesk() -> Helpdesk {
        let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::for_tests());
        helpdesk
            .seed(AdminSeed {
                email: ADMIN.into(),
                password: Some("first-password".into()),
            })
            .await
            .expect("seeds");
        helpdesk
    }

    fn basic(login: &str, password: &str) -> Credentials {
        Credentials::Basic {
            login: login.into(),
            password: password.into(),
        }
    }

    async fn lock(helpdesk: &Helpdesk) {
        for _ in 0..=helpdesk.config().max_login_failed {
            let _ = helpdesk
                .authenticate(&basic(ADMIN, "wrong-guess"), None)
                .await;
        }
        assert!(
            helpdesk
                .authenticate(&basic(ADMIN, "first-password"), None)
                .await
                .is_err()
        );
    }

    #[tokio::test]
    async fn operator_unlock_brings_a_locked_admin_back() {
        let helpdesk = helpdesk().await;
        lock(&helpdesk).await;
        let user = helpdesk
            .operator_unlock("ADMIN@example.com ")
            .await
            .expect("unlocks");
        assert_eq!(user.login_failed, 0);
        helpdesk
            .authenticate(&basic(ADMIN, "first-password"), None)
            .await
            .expect("logs in again");
        let missing = helpdesk.operator_unlock("nobody@example.com").await;
        assert!(matches!(missing, Err(Error::NotFound(_))), "{missing:?}");
    }

    #[tokio::test]
    async fn operator_set_password_replaces_it_and_unlocks() {
        let helpdesk = helpdesk().await;
        helpdesk
            .authenticate(&basic(ADMIN, "first-password"), None)
            .await
            .expect("cached once");
        lock(&helpdesk).await;
        let short = helpdesk.operator_set_password(ADMIN, "abc").await;
        assert!(matches!(short, Err(Error::Invalid(_))), "{short:?}");
        helpdesk
            .operator_set_password(ADMIN, "second-password")
            .await
            .expect("sets it");
        assert!(
            helpdesk
                .authenticate(&basic(ADMIN, "first-password"), None)
                .await
                .is_err()
        );
        helpdesk
            .authenticate(&basic(ADMIN, "second-password"), None)
            .await
            .expect("the new password works");
    }

    #[tokio::test]
    async fn an_issued_token_resets_once() {
        let helpdesk = helpdesk().await;
        lock(&helpdesk).await;
        let issued = helpdesk.issue_password_reset(ADMIN).await.expect("issues");
        assert!(!format!("{issued:?}").contains(&issued.secret));
        let ok = ResetVerification::Ok {
            login: ADMIN.into(),
        };
        let short = ResetVerification::Rejected {
            notice: "Invalid password, it must be at least 6 characters long!".into(),
        };
        for (password, want, case) in [
            (None, ok.clone(), "checking the token"),
            (Some("short"), short, "a short password"),
            (Some("third-password"), ok, "a good password"),
        ] {
            let got = helpdesk
                .password_reset_verify(&issued.secret, password)
                .await;
            assert_eq!(got.unwrap(), want, "{case}");
        }
        helpdesk
            .authenticate(&basic(ADMIN, "third-password"), None)
            .await
            .expect("reset and unlocked");
        assert_eq!(
            helpdesk
                .password_reset_verify(&issued.secret, Some("fourth-password"))
                .await
                .unwrap(),
            ResetVerification::Failed,
            "a used token"
        );
        let empty = helpdesk.password_reset_verify(" ", None).await;
        assert!(matches!(empty, Err(Error::Invalid(m)) if m == "token param needed!"));
    }
}
