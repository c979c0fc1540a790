//! Recent views: the table `recent_views` (one row per user and ticket, with the time of the
//! latest view; deleted with the ticket or the user).

use sea_orm_migration::prelude::*;

use super::schema::{big, create, drop_tables, fk, id, index, index_on};

/// Creates `recent_views`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const RECENT_VIEWS: &str = "recent_views";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        let views = Table::create()
            .table(RECENT_VIEWS)
            .col(id())
            .col(big("user_id"))
            .col(big("ticket_id"))
            .col(big("viewed_at"))
            .foreign_key(&mut fk(RECENT_VIEWS, "user_id", "users", Cascade))
            .foreign_key(&mut fk(RECENT_VIEWS, "ticket_id", "tickets", Cascade))
            .to_owned();
        let unique = index_on(
            "idx_recent_views_unique",
            RECENT_VIEWS,
            &["user_id", "ticket_id"],
        )
        .unique()
        .to_owned();
        create(
            manager,
            vec![views],
            vec![unique, index(RECENT_VIEWS, "ticket_id")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[RECENT_VIEWS]).await
    }
}
