//! Access tokens: `TokenRepo` on the `user_access_tokens` table.

use async_trait::async_trait;
use helpdesk_domain::{AccessToken, Id, Timestamp};
use helpdesk_storage::{Result, TokenRepo};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::columns::{millis, names_from_json, names_json, timestamp};
use crate::entity::user_access_tokens::{ActiveModel, Column, Entity, Model};
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for AccessToken {
    type Entity = Entity;
    const KIND: &'static str = "token";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(AccessToken {
            id: row.id,
            user_id: row.user_id,
            label: row.label,
            token_hash: row.token_hash,
            permissions: names_from_json(&row.permissions)?,
            expires_at: row.expires_at,
            last_used_at: row.last_used_at.map(timestamp),
            created_at: timestamp(row.created_at),
            updated_at: timestamp(row.updated_at),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            id: NotSet,
            user_id: Set(self.user_id),
            label: Set(self.label.clone()),
            token_hash: Set(self.token_hash.clone()),
            permissions: Set(names_json(&self.permissions)),
            expires_at: Set(self.expires_at),
            last_used_at: Set(self.last_used_at.map(millis)),
            created_at: Set(millis(self.created_at)),
            updated_at: Set(millis(self.updated_at)),
        }
    }
}

#[async_trait]
impl TokenRepo for SeaOrmTransaction {
    async fn token(&mut self, id: Id) -> Result<Option<AccessToken>> {
        rows::by_id(&self.tx, id).await
    }

    async fn token_by_hash(&mut self, token_hash: &str) -> Result<Option<AccessToken>> {
        let select = Entity::find()
            .filter(Column::TokenHash.eq(token_hash))
            .order_by_asc(Column::Id);
        rows::first(&self.tx, select).await
    }

    async fn tokens_of_user(&mut self, user_id: Id) -> Result<Vec<AccessToken>> {
        let select = Entity::find()
            .filter(Column::UserId.eq(user_id))
            .order_by_asc(Column::Id);
        rows::all(&self.tx, select).await
    }

    async fn insert_token(&mut self, token: &AccessToken) -> Result<AccessToken> {
        rows::insert(&self.tx, token).await
    }

    async fn touch_token(&mut self, id: Id, at: Timestamp) -> Result<()> {
        let last_used = [(Column::LastUsedAt, Expr::value(millis(at)))];
        rows::set_columns::<Entity>(&self.tx, ("token", Column::Id, id), last_used).await
    }

    async fn delete_token(&mut self, id: Id) -> Result<()> {
        rows::delete::<AccessToken>(&self.tx, id).await
    }
}
