//! Object-manager attributes and the custom values records carry, and how a `field:value`
//! search term matches a custom value.

use async_trait::async_trait;
use helpdesk_domain::meta::truncate_to_millis;
use helpdesk_domain::search::{Query, Text};
use helpdesk_domain::{Id, Meta, ObjectAttribute, ObjectKind, Timestamp};
use helpdesk_storage::{AttributeRepo, CustomValueRepo, Result, value_keys};
use serde_json::{Map, Value};

use crate::state::Tables;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl AttributeRepo for MemoryTransaction {
    async fn attributes(&mut self, object: Option<ObjectKind>) -> Result<Vec<ObjectAttribute>> {
        let attributes = &self.tables().attributes;
        let mut found = attributes.select(|a| object.is_none_or(|o| a.object == o));
        found.sort_by_key(|a| (a.position, a.id));
        Ok(found)
    }

    async fn attribute(&mut self, id: Id) -> Result<Option<ObjectAttribute>> {
        Ok(self.tables().attributes.record(id))
    }

    async fn insert_attribute(&mut self, attribute: &ObjectAttribute) -> Result<ObjectAttribute> {
        self.tables_mut()?.attributes.insert(attribute)
    }

    async fn update_attribute(&mut self, attribute: &ObjectAttribute) -> Result<()> {
        self.tables_mut()?.attributes.update(attribute)
    }

    async fn delete_attribute(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        let gone = tables.attributes.remove(id)?;
        let holders: Vec<(ObjectKind, Id)> = tables
            .custom_values
            .iter()
            .filter(|((object, _), values)| {
                *object == gone.object && values.contains_key(&gone.name)
            })
            .map(|(key, _)| *key)
            .collect();
        for key in holders {
            if let Some(values) = tables.custom_values.get_mut(&key) {
                values.remove(&gone.name);
                if values.is_empty() {
                    tables.custom_values.remove(&key);
                }
            }
        }
        Ok(())
    }
}

#[async_trait]
impl CustomValueRepo for MemoryTransaction {
    async fn custom_values(
        &mut self,
        object: ObjectKind,
        ids: &[Id],
    ) -> Result<Vec<(Id, String, Value)>> {
        let mut ids = ids.to_vec();
        ids.sort_unstable();
        ids.dedup();
        let all = &self.tables().custom_values;
        Ok(ids
            .into_iter()
            .filter_map(|id| all.get(&(object, id)).map(|values| (id, values)))
            .flat_map(|(id, values)| {
                values
                    .iter()
                    .map(move |(name, value)| (id, name.clone(), value.clone()))
            })
            .collect())
    }

    async fn set_custom_values(
        &mut self,
        object: ObjectKind,
        id: Id,
        values: &Map<String, Value>,
    ) -> Result<()> {
        let tables = self.tables_mut()?;
        let mut current = tables
            .custom_values
            .get(&(object, id))
            .cloned()
            .unwrap_or_default();
        for (name, value) in values {
            if value.is_null() {
                current.remove(name);
            } else {
                current.insert(name.clone(), value.clone());
            }
        }
        if current.is_empty() {
            tables.custom_values.remove(&(object, id));
        } else {
            tables.custom_values.insert((object, id), current);
        }
        Ok(())
    }
}

/// Removes every custom value of the record.
pub(crate) fn remove_custom_values(tables: &mut Tables, object: ObjectKind, id: Id) {
    tables.custom_values.remove(&(object, id));
}

/// Whether the record holds a custom value named `field` with a search key (see
/// [`value_keys`]) equal to the lower-cased needle, or starting with it for a prefix.
/// Whether `query` matches the record `id` of `object`, whose own text fields are `text`
/// (`field_matches` tests one): free text against any of them, a `field:value` term against
/// the one it names, else against the custom field of that name.
pub(crate) fn record_matches(
    tables: &Tables,
    query: &Query,
    (object, id, meta): (ObjectKind, Id, &Meta),
    text: &[&str],
    field_matches: impl Fn(&str, &Text) -> bool,
) -> bool {
    let within = |at: Timestamp, from: Option<Timestamp>, to: Option<Timestamp>| {
        let at = truncate_to_millis(at);
        from.is_none_or(|f| at >= truncate_to_millis(f))
            && to.is_none_or(|t| at <= truncate_to_millis(t))
    };
    query.matches_with_ranges(
        &|t: &Text| text.iter().any(|f| field_matches(f, t)),
        &|f: &str, t: &Text| {
            if text.contains(&f) {
                field_matches(f, t)
            } else {
                custom_field_matches(tables, object, id, f, t)
            }
        },
        &|f, from, to| match f {
            "created_at" => within(meta.created_at, from, to),
            "updated_at" => within(meta.updated_at, from, to),
            _ => false,
        },
    )
}

pub(crate) fn custom_field_matches(
    tables: &Tables,
    object: ObjectKind,
    id: Id,
    field: &str,
    needle: &Text,
) -> bool {
    let Some(value) = tables
        .custom_values
        .get(&(object, id))
        .and_then(|values| values.get(field))
    else {
        return false;
    };
    let wanted = needle.needle().to_lowercase();
    value_keys(value).iter().any(|key| match needle {
        Text::Prefix(_) => key.starts_with(&wanted),
        Text::Word(_) | Text::Phrase(_) => *key == wanted,
    })
}
