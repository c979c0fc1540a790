//! Custom fields: the object-manager attributes, the custom values records carry, and the
//! search keys of those values.
//!
//! Portable like `m0001_initial`. `custom_value_keys.key` compares by code point on every
//! database (binary collation on MariaDB/MySQL, `"C"` on PostgreSQL, SQLite's default), so an
//! equality or a prefix range on it is exact and served by its index.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

use super::schema::{
    big, boolean, create, drop_tables, id, index_on, meta, string, string_null, text,
};

/// Creates `object_manager_attributes`, `custom_values` and `custom_value_keys`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        create(manager, tables(backend), indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            "custom_value_keys",
            "custom_values",
            "object_manager_attributes",
        ];
        drop_tables(manager, &tables).await
    }
}

/// A search key: up to 500 characters compared by code point.
fn key(backend: DbBackend) -> ColumnDef {
    let column = match backend {
        DbBackend::MySql => "VARCHAR(500) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin",
        DbBackend::Postgres => "VARCHAR(500) COLLATE \"C\"",
        _ => "VARCHAR(500)",
    };
    ColumnDef::new("key").custom(column).not_null().to_owned()
}

fn tables(backend: DbBackend) -> Vec<TableCreateStatement> {
    vec![
        meta(
            Table::create()
                .table("object_manager_attributes")
                .col(id())
                .col(big("object_lookup_id"))
                .col(string("name"))
                .col(text("display"))
                .col(string("data_type"))
                .col(text("data_option"))
                .col(string_null("data_type_new"))
                .col(text("data_option_new"))
                .col(boolean("editable"))
                .col(boolean("active"))
                .col(text("screens"))
                .col(boolean("to_create"))
                .col(boolean("to_migrate"))
                .col(boolean("to_delete"))
                .col(boolean("to_config"))
                .col(big("position")),
        ),
        Table::create()
            .table("custom_values")
            .col(big("object_lookup_id"))
            .col(big("o_id"))
            .col(string("name"))
            .col(text("value"))
            .primary_key(
                Index::create()
                    .col("object_lookup_id")
                    .col("o_id")
                    .col("name"),
            )
            .to_owned(),
        Table::create()
            .table("custom_value_keys")
            .col(big("object_lookup_id"))
            .col(big("o_id"))
            .col(string("name"))
            .col(key(backend))
            .primary_key(
                Index::create()
                    .col("object_lookup_id")
                    .col("o_id")
                    .col("name")
                    .col("key"),
            )
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    vec![
        index_on(
            "idx_object_manager_attributes_object_lookup_id_name",
            "object_manager_attributes",
            &["object_lookup_id", "name"],
        )
        .unique()
        .to_owned(),
        index_on(
            "idx_custom_values_object_lookup_id_name",
            "custom_values",
            &["object_lookup_id", "name"],
        ),
        // Covers a `field:value` term: the ids whose key of that field equals or starts with
        // the needle.
        index_on(
            "idx_custom_value_keys_lookup",
            "custom_value_keys",
            &["object_lookup_id", "name", "key", "o_id"],
        ),
    ]
}
