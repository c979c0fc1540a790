//! User access tokens, password-reset tokens and the unknown-login failure count.

use async_trait::async_trait;
use helpdesk_domain::{AccessToken, Id, PasswordReset, Timestamp};
use helpdesk_storage::{AuthRepo, Result, TokenRepo};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl TokenRepo for MemoryTransaction {
    async fn token(&mut self, id: Id) -> Result<Option<AccessToken>> {
        Ok(self.tables().tokens.record(id))
    }

    async fn token_by_hash(&mut self, token_hash: &str) -> Result<Option<AccessToken>> {
        Ok(self.tables().tokens.find(|t| t.token_hash == token_hash))
    }

    async fn tokens_of_user(&mut self, user_id: Id) -> Result<Vec<AccessToken>> {
        Ok(self.tables().tokens.select(|t| t.user_id == user_id))
    }

    async fn insert_token(&mut self, token: &AccessToken) -> Result<AccessToken> {
        self.tables_mut()?.tokens.insert(token)
    }

    async fn touch_token(&mut self, id: Id, at: Timestamp) -> Result<()> {
        let token = self.tables_mut()?.tokens.existing_mut(id)?;
        token.last_used_at = Some(at);
        Ok(())
    }

    async fn delete_token(&mut self, id: Id) -> Result<()> {
        self.tables_mut()?.tokens.delete(id)
    }
}

#[async_trait]
impl AuthRepo for MemoryTransaction {
    async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<PasswordReset> {
        self.tables_mut()?.password_resets.insert(reset)
    }

    async fn password_reset_by_hash(&mut self, token_hash: &str) -> Result<Option<PasswordReset>> {
        let resets = &self.tables().password_resets;
        Ok(resets.find(|r| r.token_hash == token_hash))
    }

    async fn delete_password_resets_of_user(&mut self, user_id: Id) -> Result<u64> {
        let resets = &mut self.tables_mut()?.password_resets;
        let removed = resets.remove_where(|r| r.user_id == user_id);
        Ok(removed.len() as u64)
    }

    async fn increment_unknown_login_failed(&mut self) -> Result<i64> {
        let tables = self.tables_mut()?;
        tables.unknown_login_failed += 1;
        Ok(tables.unknown_login_failed)
    }
}
