//! Object-manager attributes: `AttributeRepo` on the `object_manager_attributes` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, ObjectAttribute, ObjectKind};
use helpdesk_storage::{AttributeRepo, Result};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;

use crate::columns::{meta_columns, row_meta};
use crate::custom_value::delete_field_values;
use crate::entity::object_manager_attributes::{ActiveModel, Column, Entity, Model};
use crate::error::{backend, corrupt, missing};
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::sqlite::attribute_cache::Cached;
use crate::transaction::SeaOrmTransaction;

fn json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(corrupt)
}

impl RecordRow for ObjectAttribute {
    type Entity = Entity;
    const KIND: &'static str = "attribute";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        let object = ObjectKind::from_id(row.object_lookup_id).ok_or_else(|| {
            corrupt(DbErr::Custom(format!(
                "unknown object lookup id {}",
                row.object_lookup_id
            )))
        })?;
        Ok(ObjectAttribute {
            id: row.id,
            object,
            data_option: json(&row.data_option)?,
            data_option_new: json(&row.data_option_new)?,
            screens: json(&row.screens)?,
            name: row.name,
            display: row.display,
            data_type: row.data_type,
            data_type_new: row.data_type_new,
            editable: row.editable,
            active: row.active,
            to_create: row.to_create,
            to_migrate: row.to_migrate,
            to_delete: row.to_delete,
            to_config: row.to_config,
            position: row.position,
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            object_lookup_id: Set(self.object.id()),
            name: Set(self.name.clone()),
            display: Set(self.display.clone()),
            data_type: Set(self.data_type.clone()),
            data_option: Set(self.data_option.to_string()),
            data_type_new: Set(self.data_type_new.clone()),
            data_option_new: Set(self.data_option_new.to_string()),
            editable: Set(self.editable),
            active: Set(self.active),
            screens: Set(self.screens.to_string()),
            to_create: Set(self.to_create),
            to_migrate: Set(self.to_migrate),
            to_delete: Set(self.to_delete),
            to_config: Set(self.to_config),
            position: Set(self.position),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

#[async_trait]
impl AttributeRepo for SeaOrmTransaction {
    async fn attributes(&mut self, object: Option<ObjectKind>) -> Result<Vec<ObjectAttribute>> {
        let generation = match self.attribute_cache().map(|cache| cache.get(object)) {
            Some(Cached::Hit(attributes)) => return Ok(attributes),
            Some(Cached::Miss(generation)) => Some(generation),
            None => None,
        };
        let mut select = Entity::find();
        if let Some(object) = object {
            select = select.filter(Column::ObjectLookupId.eq(object.id()));
        }
        let attributes = select
            .order_by_asc(Column::Position)
            .order_by_asc(Column::Id)
            .all(&self.tx)
            .await
            .map_err(backend)
            .and_then(rows::records)?;
        if let (Some(cache), Some(generation)) = (self.attribute_cache(), generation) {
            cache.put(object, generation, attributes.clone());
        }
        Ok(attributes)
    }

    async fn attribute(&mut self, id: Id) -> Result<Option<ObjectAttribute>> {
        rows::by_id(&self.tx, id).await
    }

    async fn insert_attribute(&mut self, attribute: &ObjectAttribute) -> Result<ObjectAttribute> {
        self.attributes_changed = true;
        rows::insert(&self.tx, attribute).await
    }

    async fn update_attribute(&mut self, attribute: &ObjectAttribute) -> Result<()> {
        self.attributes_changed = true;
        rows::update(&self.tx, attribute).await
    }

    async fn delete_attribute(&mut self, id: Id) -> Result<()> {
        self.attributes_changed = true;
        let Some(gone) = self.attribute(id).await? else {
            return Err(missing("attribute", id));
        };
        delete_field_values(&self.tx, gone.object, &gone.name).await?;
        rows::delete::<ObjectAttribute>(&self.tx, id).await
    }
}
