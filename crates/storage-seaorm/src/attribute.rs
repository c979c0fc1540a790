//! Object-manager attributes: `AttributeRepo` on the `object_manager_attributes` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, ObjectAttribute, ObjectKind};
use helpdesk_storage::{AttributeRepo, Result};
use sea_orm::{ActiveValue::NotSet, ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::Value;

use crate::columns::{meta, millis};
use crate::custom_value::delete_field_values;
use crate::entity::object_manager_attributes::{ActiveModel, Column, Entity, Model};
use crate::error::{backend, corrupt, missing, on_named_write};
use crate::sqlite::attribute_cache::Cached;
use crate::transaction::SeaOrmTransaction;

fn json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(corrupt)
}

fn from_row(row: Model) -> Result<ObjectAttribute> {
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
        meta: meta(
            row.created_at,
            row.updated_at,
            row.created_by_id,
            row.updated_by_id,
        ),
    })
}

fn to_row(a: &ObjectAttribute) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        object_lookup_id: Set(a.object.id()),
        name: Set(a.name.clone()),
        display: Set(a.display.clone()),
        data_type: Set(a.data_type.clone()),
        data_option: Set(a.data_option.to_string()),
        data_type_new: Set(a.data_type_new.clone()),
        data_option_new: Set(a.data_option_new.to_string()),
        editable: Set(a.editable),
        active: Set(a.active),
        screens: Set(a.screens.to_string()),
        to_create: Set(a.to_create),
        to_migrate: Set(a.to_migrate),
        to_delete: Set(a.to_delete),
        to_config: Set(a.to_config),
        position: Set(a.position),
        created_at: Set(millis(a.meta.created_at)),
        updated_at: Set(millis(a.meta.updated_at)),
        created_by_id: Set(a.meta.created_by_id),
        updated_by_id: Set(a.meta.updated_by_id),
    }
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
            .map_err(backend)?
            .into_iter()
            .map(from_row)
            .collect::<Result<Vec<_>>>()?;
        if let (Some(cache), Some(generation)) = (self.attribute_cache(), generation) {
            cache.put(object, generation, attributes.clone());
        }
        Ok(attributes)
    }

    async fn attribute(&mut self, id: Id) -> Result<Option<ObjectAttribute>> {
        Entity::find_by_id(id)
            .one(&self.tx)
            .await
            .map_err(backend)?
            .map(from_row)
            .transpose()
    }

    async fn insert_attribute(&mut self, attribute: &ObjectAttribute) -> Result<ObjectAttribute> {
        self.attributes_changed = true;
        let inserted = Entity::insert(to_row(attribute))
            .exec(&self.tx)
            .await
            .map_err(on_named_write)?;
        Ok(ObjectAttribute {
            id: inserted.last_insert_id,
            ..attribute.clone()
        })
    }

    async fn update_attribute(&mut self, attribute: &ObjectAttribute) -> Result<()> {
        self.attributes_changed = true;
        let updated = Entity::update_many()
            .set(to_row(attribute))
            .filter(Column::Id.eq(attribute.id))
            .exec(&self.tx)
            .await
            .map_err(on_named_write)?;
        if updated.rows_affected == 0 {
            return Err(missing("attribute", attribute.id));
        }
        Ok(())
    }

    async fn delete_attribute(&mut self, id: Id) -> Result<()> {
        self.attributes_changed = true;
        let Some(gone) = self.attribute(id).await? else {
            return Err(missing("attribute", id));
        };
        delete_field_values(&self.tx, gone.object, &gone.name).await?;
        Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
