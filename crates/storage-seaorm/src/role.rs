//! Roles: `RoleRepo` on the `roles` table.

use async_trait::async_trait;
use helpdesk_domain::Role;
use helpdesk_storage::{Result, RoleRepo};
use sea_orm::{ActiveValue::NotSet, EntityTrait, QueryOrder, Set};

use crate::columns::{meta, millis, name_key, names_from_json, names_json};
use crate::entity::roles::{ActiveModel, Column, Entity, Model};
use crate::error::on_named_write;
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> Result<Role> {
    Ok(Role {
        id: row.id,
        permissions: names_from_json(&row.permissions)?,
        name: row.name,
        default_at_signup: row.default_at_signup,
        active: row.active,
        note: row.note,
        meta: meta(
            row.created_at,
            row.updated_at,
            row.created_by_id,
            row.updated_by_id,
        ),
    })
}

fn to_row(role: &Role) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        name: Set(role.name.clone()),
        name_key: Set(name_key(&role.name)),
        permissions: Set(names_json(&role.permissions)),
        default_at_signup: Set(role.default_at_signup),
        active: Set(role.active),
        note: Set(role.note.clone()),
        created_at: Set(millis(role.meta.created_at)),
        updated_at: Set(millis(role.meta.updated_at)),
        created_by_id: Set(role.meta.created_by_id),
        updated_by_id: Set(role.meta.updated_by_id),
    }
}

#[async_trait]
impl RoleRepo for SeaOrmTransaction {
    async fn roles(&mut self) -> Result<Vec<Role>> {
        let rows = self
            .reader()
            .models(Entity::find().order_by_asc(Column::Id))
            .await?;
        rows.into_iter().map(from_row).collect()
    }

    async fn insert_role(&mut self, role: &Role) -> Result<Role> {
        let inserted = Entity::insert(to_row(role))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "role", &role.name))?;
        Ok(Role {
            id: inserted.last_insert_id,
            ..role.clone()
        })
    }
}
