//! Repository traits of object-manager attributes and the custom field values records carry.

use async_trait::async_trait;
use helpdesk_domain::{Id, ObjectAttribute, ObjectKind};
use serde_json::{Map, Value};

use crate::Result;

/// Object-manager attributes (built-in ones included).
#[async_trait]
pub trait AttributeRepo {
    /// The attributes of `object` (all objects when `None`), by position then id.
    async fn attributes(&mut self, object: Option<ObjectKind>) -> Result<Vec<ObjectAttribute>>;
    /// The attribute with this id.
    async fn attribute(&mut self, id: Id) -> Result<Option<ObjectAttribute>>;
    /// Stores a new attribute. MUST answer [`Conflict::Unique`](crate::Conflict::Unique) on `name` when the object already has an
    /// attribute of that name.
    async fn insert_attribute(&mut self, attribute: &ObjectAttribute) -> Result<ObjectAttribute>;
    /// Replaces the attribute.
    async fn update_attribute(&mut self, attribute: &ObjectAttribute) -> Result<()>;
    /// Removes the attribute and every value records hold for it.
    async fn delete_attribute(&mut self, id: Id) -> Result<()>;
}

/// Custom field values of records, kept apart from the records' own columns so that adding
/// a field changes no table. Values are JSON; a field term of a search matches a value by
/// its keys (see [`value_keys`]).
#[async_trait]
pub trait CustomValueRepo {
    /// `(record id, field name, value)` for every custom value of these records of `object`.
    async fn custom_values(
        &mut self,
        object: ObjectKind,
        ids: &[Id],
    ) -> Result<Vec<(Id, String, Value)>>;
    /// Sets the record's values: each entry replaces that field's value; `null` removes it.
    async fn set_custom_values(
        &mut self,
        object: ObjectKind,
        id: Id,
        values: &Map<String, Value>,
    ) -> Result<()>;
}

/// The search keys of a custom value: lower-case text of a string, number or boolean, and of
/// each element of a list. A `field:value` term matches when a key equals the value
/// (case-insensitively), or for `value*` starts with it.
pub fn value_keys(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.to_lowercase()],
        Value::Number(n) => vec![n.to_string()],
        Value::Bool(b) => vec![b.to_string()],
        Value::Array(items) => items.iter().flat_map(value_keys).collect(),
        Value::Null | Value::Object(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn keys() {
        assert_eq!(value_keys(&json!("Wert1")), vec!["wert1"]);
        assert_eq!(value_keys(&json!(["a", "B"])), vec!["a", "b"]);
        assert_eq!(value_keys(&json!(7)), vec!["7"]);
        assert_eq!(value_keys(&json!(true)), vec!["true"]);
        assert!(value_keys(&json!(null)).is_empty());
    }
}
