//! The first schema: users and their relations, roles, groups, organizations, ticket states,
//! ticket priorities and access tokens.
//!
//! Portable on SQLite, PostgreSQL and MariaDB/MySQL: timestamps are BIGINT epoch milliseconds,
//! JSON values are TEXT, case-insensitive unique names are a stored lower-case `name_key`
//! column with a unique index, and every foreign key column has an index.

use sea_orm_migration::prelude::*;

use super::schema::{
    big, big_null, boolean, create, drop_tables, fk, id, index, int, int_null, meta, named, string,
    string_null, text, text_null, unique,
};

/// Creates the initial tables.
#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create(manager, tables(), indexes()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let tables = [
            "user_access_tokens",
            "user_organizations",
            "user_groups",
            "user_roles",
            "ticket_priorities",
            "ticket_states",
            "organizations",
            "groups",
            "roles",
            "users",
        ];
        drop_tables(manager, &tables).await
    }
}

fn tables() -> Vec<TableCreateStatement> {
    // A relation row belongs to its user and goes with it.
    use ForeignKeyAction::Cascade;
    vec![
        meta(
            Table::create()
                .table("users")
                .col(id())
                .col(big_null("organization_id"))
                .col(string("login"))
                .col(string("firstname"))
                .col(string("lastname"))
                .col(string_null("email"))
                .col(text_null("image"))
                .col(text_null("image_source"))
                .col(string("web"))
                .col(string("phone"))
                .col(string("fax"))
                .col(string("mobile"))
                .col(string("department"))
                .col(string("street"))
                .col(string("zip"))
                .col(string("city"))
                .col(string("country"))
                .col(text("address"))
                .col(boolean("vip"))
                .col(boolean("verified"))
                .col(boolean("active"))
                .col(text("note"))
                .col(big_null("last_login"))
                .col(string_null("source"))
                .col(int("login_failed"))
                .col(boolean("out_of_office"))
                .col(big_null("out_of_office_start_at"))
                .col(big_null("out_of_office_end_at"))
                .col(big_null("out_of_office_replacement_id"))
                .col(text("preferences"))
                .col(text_null("password_hash")),
        ),
        meta(
            named("roles")
                .col(text("permissions"))
                .col(boolean("default_at_signup"))
                .col(boolean("active"))
                .col(text("note")),
        ),
        meta(
            named("groups")
                .col(big_null("signature_id"))
                .col(big_null("email_address_id"))
                .col(int_null("assignment_timeout"))
                .col(string("follow_up_possible"))
                .col(boolean("follow_up_assignment"))
                .col(boolean("active"))
                .col(text("note")),
        ),
        meta(
            named("organizations")
                .col(boolean("shared"))
                .col(string("domain"))
                .col(boolean("domain_assignment"))
                .col(boolean("active"))
                .col(text("note")),
        ),
        meta(
            Table::create()
                .table("ticket_states")
                .col(id())
                .col(big("state_type_id"))
                .col(string("name"))
                .col(string("name_key"))
                .col(big_null("next_state_id"))
                .col(boolean("ignore_escalation"))
                .col(boolean("default_create"))
                .col(boolean("default_follow_up"))
                .col(text("note"))
                .col(boolean("active")),
        ),
        meta(
            named("ticket_priorities")
                .col(boolean("default_create"))
                .col(string_null("ui_icon"))
                .col(string_null("ui_color"))
                .col(text("note"))
                .col(boolean("active")),
        ),
        Table::create()
            .table("user_roles")
            .col(big("user_id"))
            .col(big("role_id"))
            .primary_key(Index::create().col("user_id").col("role_id"))
            .foreign_key(&mut fk("user_roles", "user_id", "users", Cascade))
            .to_owned(),
        Table::create()
            .table("user_groups")
            .col(big("user_id"))
            .col(big("group_id"))
            .col(ColumnDef::new("access").string_len(32).not_null())
            .primary_key(Index::create().col("user_id").col("group_id").col("access"))
            .foreign_key(&mut fk("user_groups", "user_id", "users", Cascade))
            .to_owned(),
        Table::create()
            .table("user_organizations")
            .col(big("user_id"))
            .col(big("organization_id"))
            .primary_key(Index::create().col("user_id").col("organization_id"))
            .foreign_key(&mut fk("user_organizations", "user_id", "users", Cascade))
            .to_owned(),
        Table::create()
            .table("user_access_tokens")
            .col(id())
            .col(big("user_id"))
            .col(string("label"))
            .col(string("token_hash"))
            .col(text("permissions"))
            .col(ColumnDef::new("expires_at").date().null())
            .col(big_null("last_used_at"))
            .col(big("created_at"))
            .col(big("updated_at"))
            .to_owned(),
    ]
}

fn indexes() -> Vec<IndexCreateStatement> {
    let mut all = vec![
        unique("users", "login"),
        unique("users", "email"),
        index("users", "organization_id"),
        index("users", "out_of_office_replacement_id"),
        unique("roles", "name_key"),
        unique("groups", "name_key"),
        unique("organizations", "name_key"),
        unique("ticket_states", "name_key"),
        index("ticket_states", "state_type_id"),
        index("ticket_states", "next_state_id"),
        unique("ticket_priorities", "name_key"),
        index("user_roles", "role_id"),
        index("user_groups", "group_id"),
        index("user_organizations", "organization_id"),
        index("user_access_tokens", "user_id"),
        index("user_access_tokens", "token_hash"),
    ];
    for table in [
        "users",
        "roles",
        "groups",
        "organizations",
        "ticket_states",
        "ticket_priorities",
    ] {
        all.push(index(table, "created_by_id"));
        all.push(index(table, "updated_by_id"));
    }
    all
}
