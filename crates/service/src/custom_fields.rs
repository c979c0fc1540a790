//! Custom field values of records: checking the values a create or update brings against
//! the live attributes of the object, and loading the values of a page of records.

use std::collections::HashMap;

use helpdesk_domain::{Id, ObjectAttribute, ObjectKind};
use helpdesk_storage::Transaction;
use serde_json::{Map, Value};

use crate::Result;

/// A record's custom field values, by field name.
pub type CustomValues = Map<String, Value>;

/// The attributes of `object` whose fields records accept and answer.
pub(crate) async fn live_attributes(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
) -> Result<Vec<ObjectAttribute>> {
    Ok(tx
        .attributes(Some(object))
        .await?
        .into_iter()
        .filter(ObjectAttribute::is_live)
        .collect())
}

/// The names of the live attributes of `object` (search terms may name them).
pub(crate) async fn live_names(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
) -> Result<Vec<String>> {
    Ok(live_attributes(tx, object)
        .await?
        .into_iter()
        .map(|a| a.name)
        .collect())
}

/// Checks the custom values a request brings and answers the values to store: keys that
/// are no live attribute of `object` are ignored. On create (`creating`) every live
/// attribute the request leaves out takes its default, and a required one without a
/// default is refused.
pub(crate) async fn check_values(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
    input: &CustomValues,
    creating: bool,
) -> Result<CustomValues> {
    Ok(check_values_named(tx, object, input, creating).await?.0)
}

/// [`check_values`], answering the names of the live attributes of `object` too.
pub(crate) async fn check_values_named(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
    input: &CustomValues,
    creating: bool,
) -> Result<(CustomValues, Vec<String>)> {
    let mut values = CustomValues::new();
    let mut names = Vec::new();
    for attribute in live_attributes(tx, object).await? {
        names.push(attribute.name.clone());
        let given = match input.get(&attribute.name) {
            Some(v) => Some(v.clone()),
            None if creating => Some(attribute.default_value().unwrap_or(Value::Null)),
            None => None,
        };
        if let Some(value) = given {
            let value = attribute.validate_value(&value)?;
            if creating && value.is_null() {
                continue;
            }
            values.insert(attribute.name, value);
        }
    }
    Ok((values, names))
}

/// The custom values of a record that holds exactly `values`: every live attribute named
/// in `live`, `null` when `values` has none.
pub(crate) fn complete(live: &[String], values: &CustomValues) -> CustomValues {
    live.iter()
        .map(|name| {
            let value = values.get(name).cloned().unwrap_or(Value::Null);
            (name.clone(), value)
        })
        .collect()
}

/// Stores checked values of the record `id` of `object` (nothing when there are none).
pub(crate) async fn store_values(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
    id: Id,
    values: &CustomValues,
) -> Result<()> {
    if !values.is_empty() {
        tx.set_custom_values(object, id, values).await?;
    }
    Ok(())
}

/// The custom values of these records, by record id: every live attribute of `object`
/// appears, `null` when the record holds no value. One query for the attributes and one
/// for the values, whatever the number of records.
pub(crate) async fn values_of(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
    ids: &[Id],
) -> Result<HashMap<Id, CustomValues>> {
    let names = live_names(tx, object).await?;
    values_named(tx, object, &names, ids).await
}

/// [`values_of`], given the names of the live attributes of `object`.
pub(crate) async fn values_named(
    tx: &mut Box<dyn Transaction>,
    object: ObjectKind,
    names: &[String],
    ids: &[Id],
) -> Result<HashMap<Id, CustomValues>> {
    if names.is_empty() || ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out: HashMap<Id, CustomValues> = ids
        .iter()
        .map(|id| {
            let blank = names.iter().map(|n| (n.clone(), Value::Null)).collect();
            (*id, blank)
        })
        .collect();
    for (id, name, value) in tx.custom_values(object, ids).await? {
        if let Some(record) = out.get_mut(&id)
            && let Some(slot) = record.get_mut(&name)
        {
            *slot = value;
        }
    }
    Ok(out)
}
