//! Custom fields: the object-manager attributes, the custom values records carry, and the
//! search keys of those values.
//!
//! Portable like `m0001_initial`. `custom_value_keys.key` compares by code point on every
//! database (binary collation on MariaDB/MySQL, `"C"` on PostgreSQL, SQLite's default), so an
//! equality or a prefix range on it is exact and served by its index.

use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;

/// Creates `object_manager_attributes`, `custom_values` and `custom_value_keys`.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        for table in tables(backend) {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            "custom_value_keys",
            "custom_values",
            "object_manager_attributes",
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}

fn big(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().to_owned()
}

fn boolean(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).boolean().not_null().to_owned()
}

fn string(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).string_len(255).not_null().to_owned()
}

fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().to_owned()
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
        Table::create()
            .table("object_manager_attributes")
            .col(
                ColumnDef::new("id")
                    .big_integer()
                    .not_null()
                    .auto_increment()
                    .primary_key(),
            )
            .col(big("object_lookup_id"))
            .col(string("name"))
            .col(text("display"))
            .col(string("data_type"))
            .col(text("data_option"))
            .col(ColumnDef::new("data_type_new").string_len(255).null())
            .col(text("data_option_new"))
            .col(boolean("editable"))
            .col(boolean("active"))
            .col(text("screens"))
            .col(boolean("to_create"))
            .col(boolean("to_migrate"))
            .col(boolean("to_delete"))
            .col(boolean("to_config"))
            .col(big("position"))
            .col(big("created_at"))
            .col(big("updated_at"))
            .col(big("created_by_id"))
            .col(big("updated_by_id"))
            .to_owned(),
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
        Index::create()
            .name("idx_object_manager_attributes_object_lookup_id_name")
            .table("object_manager_attributes")
            .col("object_lookup_id")
            .col("name")
            .unique()
            .to_owned(),
        Index::create()
            .name("idx_custom_values_object_lookup_id_name")
            .table("custom_values")
            .col("object_lookup_id")
            .col("name")
            .to_owned(),
        // Covers a `field:value` term: the ids whose key of that field equals or starts with
        // the needle.
        Index::create()
            .name("idx_custom_value_keys_lookup")
            .table("custom_value_keys")
            .col("object_lookup_id")
            .col("name")
            .col("key")
            .col("o_id")
            .to_owned(),
    ]
}
