//! Links between tickets: the table `links` (one row a link, unique by type, source and
//! target; deleted with either ticket).

use sea_orm_migration::prelude::*;

use super::schema::{big, create, drop_tables, fk, id, index, index_on};

/// Creates `links`.
#[derive(DeriveMigrationName)]
pub struct Migration;

const LINKS: &str = "links";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::Cascade;
        let links = Table::create()
            .table(LINKS)
            .col(id())
            .col(ColumnDef::new("link_type").string_len(16).not_null())
            .col(big("source_id"))
            .col(big("target_id"))
            .col(big("created_at"))
            .foreign_key(&mut fk(LINKS, "source_id", "tickets", Cascade))
            .foreign_key(&mut fk(LINKS, "target_id", "tickets", Cascade))
            .to_owned();
        let unique = index_on(
            "idx_links_unique",
            LINKS,
            &["source_id", "target_id", "link_type"],
        )
        .unique()
        .to_owned();
        create(
            manager,
            vec![links],
            vec![unique, index(LINKS, "target_id")],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[LINKS]).await
    }
}
