//! Roles: `RoleRepo` on the `roles` table.

use async_trait::async_trait;
use helpdesk_domain::Role;
use helpdesk_storage::{Result, RoleRepo};
use sea_orm::Set;

use crate::columns::{meta_columns, name_key, names_from_json, names_json, row_meta};
use crate::entity::roles::{ActiveModel, Column, Entity, Model};
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Role {
    type Entity = Entity;
    const KIND: &'static str = "role";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Role {
            id: row.id,
            permissions: names_from_json(&row.permissions)?,
            default_at_signup: row.default_at_signup,
            active: row.active,
            note: row.note,
            meta: row_meta!(row),
            name: row.name,
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            name: Set(self.name.clone()),
            name_key: Set(name_key(&self.name)),
            permissions: Set(names_json(&self.permissions)),
            default_at_signup: Set(self.default_at_signup),
            active: Set(self.active),
            note: Set(self.note.clone()),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

#[async_trait]
impl RoleRepo for SeaOrmTransaction {
    async fn roles(&mut self) -> Result<Vec<Role>> {
        rows::every(&self.reader()).await
    }

    async fn insert_role(&mut self, role: &Role) -> Result<Role> {
        rows::insert(&self.tx, role).await
    }

    async fn update_role(&mut self, role: &Role) -> Result<()> {
        rows::update(&self.tx, role).await
    }
}
