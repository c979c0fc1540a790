//! Password resets and the unknown-login count: the table `password_resets` (single-use
//! reset tokens, only the hash of each secret, deleted with their user) and the one-row
//! table `login_counters`, whose `unknown_login_failed` a failed login for an unknown account
//! raises, as one for a known account raises that user's `login_failed` (so the two cost the
//! same write).

use sea_orm_migration::prelude::*;

use super::schema::{big, create_one_row, drop_tables, fk, id, index};

/// Creates `password_resets` and `login_counters` with its row `id = 1`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let resets = Table::create()
            .table("password_resets")
            .col(id())
            .col(big("user_id"))
            .col(ColumnDef::new("token_hash").string().not_null())
            .col(big("expires_at"))
            .col(big("created_at"))
            .foreign_key(&mut fk(
                "password_resets",
                "user_id",
                "users",
                ForeignKeyAction::Cascade,
            ))
            .to_owned();
        manager.create_table(resets).await?;
        for column in ["token_hash", "user_id"] {
            manager
                .create_index(index("password_resets", column))
                .await?;
        }
        create_one_row(manager, "login_counters", &["unknown_login_failed"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["login_counters", "password_resets"]).await
    }
}
