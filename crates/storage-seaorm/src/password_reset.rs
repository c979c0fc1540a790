//! Authentication bookkeeping: `AuthRepo` on the `password_resets` and `login_counters`
//! tables.

use async_trait::async_trait;
use helpdesk_domain::{Id, PasswordReset};
use helpdesk_storage::{AuthRepo, Result};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::columns::{millis, timestamp};
use crate::entity::login_counters;
use crate::entity::password_resets::{ActiveModel, Column, Entity, Model};
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for PasswordReset {
    type Entity = Entity;
    const KIND: &'static str = "password reset";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(PasswordReset {
            id: row.id,
            user_id: row.user_id,
            token_hash: row.token_hash,
            expires_at: timestamp(row.expires_at),
            created_at: timestamp(row.created_at),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            id: NotSet,
            user_id: Set(self.user_id),
            token_hash: Set(self.token_hash.clone()),
            expires_at: Set(millis(self.expires_at)),
            created_at: Set(millis(self.created_at)),
        }
    }
}

#[async_trait]
impl AuthRepo for SeaOrmTransaction {
    async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<PasswordReset> {
        rows::insert(&self.tx, reset).await
    }

    async fn password_reset_by_hash(&mut self, token_hash: &str) -> Result<Option<PasswordReset>> {
        let select = Entity::find()
            .filter(Column::TokenHash.eq(token_hash))
            .order_by_asc(Column::Id);
        rows::first(&self.tx, select).await
    }

    async fn delete_password_resets_of_user(&mut self, user_id: Id) -> Result<u64> {
        rows::delete_where::<Entity>(&self.tx, Column::UserId.eq(user_id)).await
    }

    async fn increment_unknown_login_failed(&mut self) -> Result<i64> {
        use login_counters::{Column as C, Entity as E};
        // The same statements as `increment_login_failed`: an update in place, then a read.
        let counter = ("login counter", C::Id, 1);
        rows::increment::<E, i64>(&self.tx, counter, C::UnknownLoginFailed).await
    }
}
