//! Mentions: the table `mentions` (one row a user subscribed to a ticket, unique by ticket
//! and user; deleted with the ticket; a user mentioned cannot be deleted).

use sea_orm_migration::prelude::*;

use super::schema::{big, create, drop_tables, fk, id, index, index_on, meta};

/// Creates `mentions`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const MENTIONS: &str = "mentions";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        let mentions = meta(
            Table::create()
                .table(MENTIONS)
                .col(id())
                .col(big("ticket_id"))
                .col(big("user_id"))
                .foreign_key(&mut fk(MENTIONS, "ticket_id", "tickets", Cascade))
                .foreign_key(&mut fk(MENTIONS, "user_id", "users", Restrict)),
        );
        let unique = index_on("idx_mentions_unique", MENTIONS, &["ticket_id", "user_id"])
            .unique()
            .to_owned();
        create(
            manager,
            vec![mentions],
            vec![unique, index(MENTIONS, "user_id")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[MENTIONS]).await
    }
}
