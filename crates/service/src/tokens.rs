//! Personal access tokens: the caller's own, secrets shown once and stored only as hashes.

use chrono::NaiveDate;
use helpdesk_domain::{AccessToken, Id, PermissionSet};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::Mode;
use rand::Rng;
use rand::distributions::Alphanumeric;

use crate::auth::token_hash;
use crate::{Error, Helpdesk, Result};

/// What a new token is to be.
#[derive(Debug, Clone, Default)]
pub struct TokenInput {
    /// What the owner calls it.
    pub label: String,
    /// Permission names; each must be held by the caller.
    pub permissions: Vec<String>,
    /// Last day the token works.
    pub expires_at: Option<NaiveDate>,
}

/// A created token and its secret, shown this once.
#[derive(Debug, Clone)]
pub struct NewToken {
    /// The stored token.
    pub token: AccessToken,
    /// The secret.
    pub secret: String,
}

/// The caller's tokens and the permission names it may grant them.
#[derive(Debug, Clone)]
pub struct TokenList {
    /// The caller's tokens (no secrets).
    pub tokens: Vec<AccessToken>,
    /// Permission names the caller holds.
    pub permissions: Vec<String>,
}

impl Helpdesk {
    /// The caller's tokens.
    pub async fn list_tokens(&self, actor: &Actor) -> Result<TokenList> {
        authorize(actor, Action::Read, Resource::AccessToken).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let tokens = tx.tokens_of_user(actor.id()).await?;
        Ok(TokenList {
            tokens,
            permissions: actor.effective_permissions().expanded(),
        })
    }

    /// Creates a token for the caller with a subset of the caller's rights.
    pub async fn create_token(&self, actor: &Actor, input: TokenInput) -> Result<NewToken> {
        authorize(actor, Action::Create, Resource::AccessToken).into_result()?;
        let label = input.label.trim().to_string();
        if label.is_empty() {
            return Err(Error::invalid("Missing required attribute 'label'"));
        }
        if input.permissions.is_empty() {
            return Err(Error::invalid("Missing required attribute 'permission'"));
        }
        let wanted = PermissionSet::new(input.permissions.iter().cloned());
        let held = actor.effective_permissions();
        if let Some(extra) = wanted.names().find(|n| !held.grants(n)) {
            return Err(Error::invalid(format!(
                "Permission '{extra}' is not granted to the current user"
            )));
        }
        let now = self.now();
        if input.expires_at.is_some_and(|d| d < now.date_naive()) {
            return Err(Error::invalid("'expires_at' must not be in the past"));
        }
        let secret: String = rand::thread_rng()
            .sample_iter(&Alphanumeric)
            .take(48)
            .map(char::from)
            .collect();
        let mut tx = self.begin(Mode::Write).await?;
        let token = tx
            .insert_token(&AccessToken {
                id: 0,
                user_id: actor.id(),
                label,
                token_hash: token_hash(&secret),
                permissions: wanted.names().map(String::from).collect(),
                expires_at: input.expires_at,
                last_used_at: None,
                created_at: now,
                updated_at: now,
            })
            .await?;
        tx.commit().await?;
        Ok(NewToken { token, secret })
    }

    /// Deletes one of the caller's tokens; another user's token is refused and kept.
    pub async fn delete_token(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, Resource::AccessToken).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        // One answer for a token that does not exist and another user's, as Zammad: ids
        // reveal nothing.
        let not_found = || Error::invalid("The API token could not be found.");
        let token = tx.token(id).await?.ok_or_else(not_found)?;
        if token.user_id != actor.id() {
            return Err(not_found());
        }
        tx.delete_token(id).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_token(id);
        Ok(())
    }
}
