//! Custom values: `CustomValueRepo` on `custom_values`, their search keys in
//! `custom_value_keys` (kept in step in the same transaction), and the condition a
//! `field:value` term on a custom field puts on a record table.

use std::collections::BTreeSet;

use async_trait::async_trait;
use helpdesk_domain::search::Text;
use helpdesk_domain::{Id, ObjectKind};
use helpdesk_storage::{CustomValueRepo, Result, value_keys};
use sea_orm::sea_query::{Expr, ExprTrait, Query as SqlQuery, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::{Map, Value};

use crate::entity::{custom_value_keys as keys, custom_values as values};
use crate::error::{backend, corrupt};
use crate::handle::Handle;
use crate::rows;
use crate::transaction::SeaOrmTransaction;

/// The longest search key stored, in characters (the length of `custom_value_keys.key`);
/// longer keys and needles are cut to it.
const KEY_CHARS: usize = 500;

/// Rows per multi-row insert, well below every database's bind-parameter limit.
const INSERT_CHUNK: usize = 500;

#[async_trait]
impl CustomValueRepo for SeaOrmTransaction {
    async fn custom_values(
        &mut self,
        object: ObjectKind,
        ids: &[Id],
    ) -> Result<Vec<(Id, String, Value)>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        values::Entity::find()
            .filter(values::Column::ObjectLookupId.eq(object.id()))
            .filter(values::Column::OId.is_in(ids.iter().copied()))
            .order_by_asc(values::Column::OId)
            .order_by_asc(values::Column::Name)
            .all(&self.tx)
            .await
            .map_err(backend)?
            .into_iter()
            .map(|row| {
                let value = serde_json::from_str(&row.value).map_err(corrupt)?;
                Ok((row.o_id, row.name, value))
            })
            .collect()
    }

    async fn set_custom_values(
        &mut self,
        object: ObjectKind,
        id: Id,
        changes: &Map<String, Value>,
    ) -> Result<()> {
        if changes.is_empty() {
            return Ok(());
        }
        let names: Vec<&String> = changes.keys().collect();
        let tx = &self.tx;
        let names = names.iter().map(|n| n.as_str());
        let changed = Expr::col("o_id").eq(id).and(Expr::col("name").is_in(names));
        delete_values(tx, object, changed).await?;
        let set: Vec<(&String, &Value)> = changes.iter().filter(|(_, v)| !v.is_null()).collect();
        let value_rows: Vec<values::ActiveModel> = set
            .iter()
            .map(|(name, value)| values::ActiveModel {
                object_lookup_id: Set(object.id()),
                o_id: Set(id),
                name: Set((*name).clone()),
                value: Set(value.to_string()),
            })
            .collect();
        let key_rows: Vec<keys::ActiveModel> = set
            .iter()
            .flat_map(|(name, value)| {
                let distinct: BTreeSet<String> = value_keys(value).iter().map(|k| cut(k)).collect();
                distinct.into_iter().map(move |key| keys::ActiveModel {
                    object_lookup_id: Set(object.id()),
                    o_id: Set(id),
                    name: Set((*name).clone()),
                    key: Set(key),
                })
            })
            .collect();
        insert_all::<values::Entity>(tx, value_rows).await?;
        insert_all::<keys::Entity>(tx, key_rows).await
    }
}

/// Inserts `rows` in chunks.
async fn insert_all<E: EntityTrait>(tx: &Handle, mut rows: Vec<E::ActiveModel>) -> Result<()> {
    while !rows.is_empty() {
        let rest = rows.split_off(rows.len().min(INSERT_CHUNK));
        E::insert_many(rows)
            .exec_without_returning(tx)
            .await
            .map_err(backend)?;
        rows = rest;
    }
    Ok(())
}

/// Removes from `custom_values` and `custom_value_keys` the rows of `object` that also meet
/// `which`, written with the columns the two tables share (`o_id`, `name`).
async fn delete_values(tx: &Handle, object: ObjectKind, which: SimpleExpr) -> Result<()> {
    let rows_of = Condition::all()
        .add(Expr::col("object_lookup_id").eq(object.id()))
        .add(which);
    rows::delete_where::<keys::Entity>(tx, rows_of.clone()).await?;
    rows::delete_where::<values::Entity>(tx, rows_of).await?;
    Ok(())
}

/// Removes every custom value of one record.
pub(crate) async fn delete_record_values(tx: &Handle, object: ObjectKind, id: Id) -> Result<()> {
    delete_values(tx, object, Expr::col("o_id").eq(id)).await
}

/// Removes the values of field `name` from every record of `object`.
pub(crate) async fn delete_field_values(tx: &Handle, object: ObjectKind, name: &str) -> Result<()> {
    delete_values(tx, object, Expr::col("name").eq(name)).await
}

/// `id IN (SELECT o_id FROM custom_value_keys WHERE object_lookup_id = … AND name = field AND
/// key …)`: the records of `object` holding a value of custom field `field` with a key equal to
/// the lower-cased needle, or for a prefix in the range of keys starting with it. Served by
/// the `(object_lookup_id, name, key, o_id)` index.
pub(crate) fn custom_field_term(
    object: ObjectKind,
    id: impl ColumnTrait,
    field: &str,
    needle: &Text,
) -> SimpleExpr {
    let wanted = cut(&needle.needle().to_lowercase());
    let key = || Expr::col(keys::Column::Key);
    let matching = match needle {
        Text::Word(_) | Text::Phrase(_) => key().eq(wanted),
        Text::Prefix(_) => match successor(&wanted) {
            Some(end) => key().gte(wanted).and(key().lt(end)),
            None => key().gte(wanted),
        },
    };
    id.in_subquery(
        SqlQuery::select()
            .column(keys::Column::OId)
            .from(keys::Entity)
            .cond_where(
                Condition::all()
                    .add(keys::Column::ObjectLookupId.eq(object.id()))
                    .add(keys::Column::Name.eq(field))
                    .add(matching),
            )
            .to_owned(),
    )
}

/// The key as stored: cut to [`KEY_CHARS`] characters.
fn cut(key: &str) -> String {
    key.chars().take(KEY_CHARS).collect()
}

/// The least string greater than every string starting with `prefix` (code-point order), or
/// `None` when there is none (an empty prefix, or one of only the last code point).
fn successor(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let next = (u32::from(last) + 1..=u32::from(char::MAX)).find_map(char::from_u32);
        if let Some(next) = next {
            chars.push(next);
            return Some(chars.into_iter().collect());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn successors() {
        assert_eq!(successor("abc").as_deref(), Some("abd"));
        assert_eq!(successor("a\u{D7FF}").as_deref(), Some("a\u{E000}"));
        assert_eq!(successor("a\u{10FFFF}").as_deref(), Some("b"));
        assert_eq!(successor("\u{10FFFF}"), None);
        assert_eq!(successor(""), None);
    }

    #[test]
    fn keys_are_cut() {
        assert_eq!(cut(&"é".repeat(600)).chars().count(), KEY_CHARS);
        assert_eq!(cut("short"), "short");
    }
}
