//! Password resets and the unknown-login count: the table `password_resets` (single-use
//! reset tokens, only the hash of each secret, deleted with their user) and the one-row
//! table `login_counters`, whose `unknown_login_failed` a failed login for an unknown account
//! raises, as one for a known account raises that user's `login_failed` (so the two cost the
//! same write).

use sea_orm_migration::prelude::*;

/// Creates `password_resets` and `login_counters` with its row `id = 1`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let big = |name: &'static str| ColumnDef::new(name).big_integer().not_null().to_owned();
        manager
            .create_table(
                Table::create()
                    .table("password_resets")
                    .col(
                        ColumnDef::new("id")
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(big("user_id"))
                    .col(ColumnDef::new("token_hash").string().not_null())
                    .col(big("expires_at"))
                    .col(big("created_at"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_password_resets_user_id")
                            .from("password_resets", "user_id")
                            .to("users", "id")
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_password_resets_token_hash", "token_hash"),
            ("idx_password_resets_user_id", "user_id"),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table("password_resets")
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table("login_counters")
                    .col(ColumnDef::new("id").big_integer().not_null().primary_key())
                    .col(big("unknown_login_failed"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::insert()
                    .into_table("login_counters")
                    .columns(["id", "unknown_login_failed"])
                    .values_panic([1i64.into(), 0i64.into()])
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("login_counters").to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table("password_resets").to_owned())
            .await
    }
}
