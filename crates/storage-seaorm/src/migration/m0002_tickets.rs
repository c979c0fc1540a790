//! Tickets and what hangs off them: articles, attachments (with their bytes), tags, online
//! notifications, history, the ticket counter and the ticket search index.
//!
//! Portable like `m0001_initial`, with two per-database column types: article bodies and
//! attachment bytes are `LONGTEXT`/`LONGBLOB` on MariaDB/MySQL (whose `TEXT`/`BLOB` hold only
//! 64 KiB). The search index's full-text part is created by the search-index module of the
//! database (see `crate::search_index`).

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use super::schema::{
    big, big_null, boolean, create, double_null, drop_tables, execute, fk, id, index, index_on,
    insert_row, meta, named, string, string_null, text, text_null, unique,
};
use crate::search_index;

/// Creates the ticket tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        create(manager, tables(backend), indexes()).await?;
        let counter = vec!["ticket_number".into(), 0i64.into()];
        insert_row(manager, "counters", vec!["name", "value"], counter).await?;
        execute(manager, search_index::create_statements(backend)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        execute(manager, search_index::drop_statements(backend)).await?;
        let tables = [
            "ticket_search_rows",
            "counters",
            "histories",
            "online_notifications",
            "tags",
            "tag_items",
            "ticket_attachments",
            "ticket_articles",
            "tickets",
        ];
        drop_tables(manager, &tables).await
    }
}

/// Text of any length: `LONGTEXT` on MariaDB/MySQL, `TEXT` elsewhere.
fn long_text(backend: DbBackend, name: &'static str) -> ColumnDef {
    match backend {
        DbBackend::MySql => ColumnDef::new(name)
            .custom("LONGTEXT")
            .not_null()
            .to_owned(),
        _ => text(name),
    }
}

/// Bytes of any length: `LONGBLOB` on MariaDB/MySQL, `BLOB`/`bytea` elsewhere.
fn long_blob(backend: DbBackend, name: &'static str) -> ColumnDef {
    match backend {
        DbBackend::MySql => ColumnDef::new(name)
            .custom("LONGBLOB")
            .not_null()
            .to_owned(),
        _ => ColumnDef::new(name).blob().not_null().to_owned(),
    }
}

fn tables(backend: DbBackend) -> Vec<TableCreateStatement> {
    use ForeignKeyAction::{Cascade, Restrict};
    vec![
        meta(
            Table::create()
                .table("tickets")
                .col(id())
                .col(string("number"))
                .col(text("title"))
                .col(big("group_id"))
                .col(big("priority_id"))
                .col(big("state_id"))
                .col(big_null("organization_id"))
                .col(big("owner_id"))
                .col(big("customer_id"))
                .col(text_null("note"))
                .col(big_null("first_response_at"))
                .col(big_null("close_at"))
                .col(big_null("last_contact_at"))
                .col(big_null("last_contact_agent_at"))
                .col(big_null("last_contact_customer_at"))
                .col(big_null("last_owner_update_at"))
                .col(big_null("create_article_type_id"))
                .col(big_null("create_article_sender_id"))
                .col(ColumnDef::new("article_count").integer().not_null())
                .col(big_null("pending_time"))
                .col(string_null("ticket_type"))
                .col(double_null("time_unit"))
                .col(text("preferences"))
                .foreign_key(&mut fk("tickets", "group_id", "groups", Restrict))
                .foreign_key(&mut fk(
                    "tickets",
                    "priority_id",
                    "ticket_priorities",
                    Restrict,
                ))
                .foreign_key(&mut fk("tickets", "state_id", "ticket_states", Restrict))
                .foreign_key(&mut fk(
                    "tickets",
                    "organization_id",
                    "organizations",
                    Restrict,
                ))
                .foreign_key(&mut fk("tickets", "owner_id", "users", Restrict))
                .foreign_key(&mut fk("tickets", "customer_id", "users", Restrict)),
        ),
        meta(
            Table::create()
                .table("ticket_articles")
                .col(id())
                .col(big("ticket_id"))
                .col(big("type_id"))
                .col(big("sender_id"))
                .col(text_null("from"))
                .col(text_null("to"))
                .col(text_null("cc"))
                .col(text_null("subject"))
                .col(text_null("reply_to"))
                .col(text_null("message_id"))
                .col(string_null("message_id_md5"))
                .col(text_null("in_reply_to"))
                .col(string("content_type"))
                .col(text_null("references"))
                .col(long_text(backend, "body"))
                .col(boolean("internal"))
                .col(text("preferences"))
                .col(big_null("origin_by_id"))
                .col(double_null("time_unit"))
                .foreign_key(&mut fk("ticket_articles", "ticket_id", "tickets", Cascade)),
        ),
        Table::create()
            .table("ticket_attachments")
            .col(id())
            .col(big("article_id"))
            .col(text("filename"))
            .col(big("size"))
            .col(string("content_type"))
            .col(text("preferences"))
            .col(big("created_at"))
            .col(big("created_by_id"))
            .col(long_blob(backend, "data"))
            .foreign_key(&mut fk(
                "ticket_attachments",
                "article_id",
                "ticket_articles",
                Cascade,
            ))
            .to_owned(),
        named("tag_items"),
        Table::create()
            .table("tags")
            .col(id())
            .col(big("ticket_id"))
            .col(big("tag_item_id"))
            .foreign_key(&mut fk("tags", "ticket_id", "tickets", Cascade))
            .foreign_key(&mut fk("tags", "tag_item_id", "tag_items", Cascade))
            .to_owned(),
        meta(
            Table::create()
                .table("online_notifications")
                .col(id())
                .col(big("o_id"))
                .col(big("object_lookup_id"))
                .col(big("type_lookup_id"))
                .col(big("user_id"))
                .col(boolean("seen")),
        ),
        Table::create()
            .table("histories")
            .col(id())
            .col(big("ticket_id"))
            .col(string("history_type"))
            .col(string("history_object"))
            .col(big("o_id"))
            .col(string_null("attribute"))
            .col(text_null("value_from"))
            .col(text_null("value_to"))
            .col(big_null("id_from"))
            .col(big_null("id_to"))
            .col(big("created_by_id"))
            .col(big("created_at"))
            .to_owned(),
        Table::create()
            .table("counters")
            .col(
                ColumnDef::new("name")
                    .string_len(64)
                    .not_null()
                    .primary_key(),
            )
            .col(big("value"))
            .to_owned(),
        Table::create()
            .table("ticket_search_rows")
            .col(id())
            .col(big("ticket_id"))
            .col(big_null("article_id"))
            .col(boolean("internal"))
            .col(match backend {
                // Binary collation: the words are compared exactly, not accent-folded.
                DbBackend::MySql => ColumnDef::new("words")
                    .custom("LONGTEXT CHARACTER SET utf8mb4 COLLATE utf8mb4_bin")
                    .not_null()
                    .to_owned(),
                _ => text("words"),
            })
            .foreign_key(&mut fk(
                "ticket_search_rows",
                "ticket_id",
                "tickets",
                Cascade,
            ))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    let mut all = vec![
        unique("tickets", "number"),
        index("tickets", "group_id"),
        index("tickets", "priority_id"),
        index("tickets", "state_id"),
        index("tickets", "organization_id"),
        index("tickets", "owner_id"),
        index("tickets", "customer_id"),
        index("tickets", "created_at"),
        index("tickets", "updated_at"),
        index("ticket_articles", "ticket_id"),
        index("ticket_attachments", "article_id"),
        index("ticket_attachments", "created_by_id"),
        unique("tag_items", "name_key"),
        index_on(
            "idx_tags_ticket_id_tag_item_id",
            "tags",
            &["ticket_id", "tag_item_id"],
        )
        .unique()
        .to_owned(),
        index("tags", "tag_item_id"),
        index("online_notifications", "user_id"),
        index("online_notifications", "o_id"),
        index("histories", "ticket_id"),
        index("ticket_search_rows", "ticket_id"),
        index("ticket_search_rows", "article_id"),
    ];
    for table in ["tickets", "ticket_articles", "online_notifications"] {
        all.push(index(table, "created_by_id"));
        all.push(index(table, "updated_by_id"));
    }
    all
}
