//! User access tokens.

use async_trait::async_trait;
use helpdesk_domain::{AccessToken, Id, Timestamp};
use helpdesk_storage::{Error, Result, TokenRepo};

use crate::state::next_id;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl TokenRepo for MemoryTransaction {
    async fn token(&mut self, id: Id) -> Result<Option<AccessToken>> {
        Ok(self.tables().tokens.get(&id).cloned())
    }

    async fn token_by_hash(&mut self, token_hash: &str) -> Result<Option<AccessToken>> {
        let tokens = &self.tables().tokens;
        Ok(tokens
            .values()
            .find(|t| t.token_hash == token_hash)
            .cloned())
    }

    async fn tokens_of_user(&mut self, user_id: Id) -> Result<Vec<AccessToken>> {
        let tokens = self.tables().tokens.values();
        Ok(tokens.filter(|t| t.user_id == user_id).cloned().collect())
    }

    async fn insert_token(&mut self, token: &AccessToken) -> Result<AccessToken> {
        let tables = self.tables_mut()?;
        let stored = AccessToken {
            id: next_id(&mut tables.last_ids.tokens),
            ..token.clone()
        };
        tables.tokens.insert(stored.id, stored.clone());
        Ok(stored)
    }

    async fn touch_token(&mut self, id: Id, at: Timestamp) -> Result<()> {
        let token = self
            .tables_mut()?
            .tokens
            .get_mut(&id)
            .ok_or_else(|| missing(id))?;
        token.last_used_at = Some(at);
        Ok(())
    }

    async fn delete_token(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        tables
            .tokens
            .remove(&id)
            .map(drop)
            .ok_or_else(|| missing(id))
    }
}

fn missing(id: Id) -> Error {
    Error::Missing(format!("token {id}"))
}
