//! Time accounting: the activity types `ticket_time_accounting_types` (names unique ignoring
//! case) and the entries `ticket_time_accountings` (deleted with their ticket or article; a
//! type in use cannot be deleted). The time articles booked before is carried over, one entry
//! per article with a `time_unit` other than 0, so that a ticket's `time_unit` stays the sum
//! of its entries.

use sea_orm_migration::prelude::*;

use super::schema::{
    big, big_null, boolean, create, drop_tables, execute, fk, id, index, meta, named, text, unique,
};

/// Creates the two tables and carries the articles' time over.
#[derive(DeriveMigrationName)]
pub struct Migration;

const TYPES: &str = "ticket_time_accounting_types";
const ENTRIES: &str = "ticket_time_accountings";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        let types = meta(named(TYPES).col(text("note")).col(boolean("active")));
        let entries = meta(
            Table::create()
                .table(ENTRIES)
                .col(id())
                .col(big("ticket_id"))
                .col(big_null("ticket_article_id"))
                .col(ColumnDef::new("time_unit").double().not_null())
                .col(big_null("type_id"))
                .foreign_key(&mut fk(ENTRIES, "ticket_id", "tickets", Cascade))
                .foreign_key(&mut fk(
                    ENTRIES,
                    "ticket_article_id",
                    "ticket_articles",
                    Cascade,
                ))
                .foreign_key(&mut fk(ENTRIES, "type_id", TYPES, Restrict)),
        );
        let indexes = vec![
            unique(TYPES, "name_key"),
            index(ENTRIES, "ticket_id"),
            index(ENTRIES, "ticket_article_id"),
            index(ENTRIES, "type_id"),
        ];
        create(manager, vec![types, entries], indexes).await?;
        execute(
            manager,
            &["INSERT INTO ticket_time_accountings \
                 (ticket_id, ticket_article_id, time_unit, type_id, \
                  created_at, updated_at, created_by_id, updated_by_id) \
               SELECT ticket_id, id, time_unit, NULL, \
                  created_at, updated_at, created_by_id, updated_by_id \
               FROM ticket_articles WHERE time_unit IS NOT NULL AND time_unit <> 0 \
               ORDER BY id"],
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &[ENTRIES, TYPES]).await
    }
}
