//! Conversions between domain values and column values that several tables share.

use helpdesk_domain::{Meta, Timestamp, meta::from_millis};
use helpdesk_storage::Result;

use crate::error::corrupt;

/// A timestamp as stored: epoch milliseconds.
pub(crate) fn millis(t: Timestamp) -> i64 {
    t.timestamp_millis()
}

/// A stored epoch-milliseconds value as a timestamp.
pub(crate) fn timestamp(ms: i64) -> Timestamp {
    from_millis(ms)
}

/// A list of names as stored: a JSON array in text.
pub(crate) fn names_json(names: &[String]) -> String {
    serde_json::Value::from(names).to_string()
}

/// A stored JSON array of names.
pub(crate) fn names_from_json(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(corrupt)
}

/// The lower-case key a case-insensitively unique name is stored and looked up under.
pub(crate) fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// Bookkeeping from its four stored columns.
pub(crate) fn meta(
    created_at: i64,
    updated_at: i64,
    created_by_id: i64,
    updated_by_id: i64,
) -> Meta {
    Meta {
        created_at: timestamp(created_at),
        updated_at: timestamp(updated_at),
        created_by_id,
        updated_by_id,
    }
}

/// The bookkeeping of `row`, a row with the four meta columns (`created_at`, `updated_at`,
/// `created_by_id`, `updated_by_id`).
macro_rules! row_meta {
    ($row:expr) => {
        $crate::columns::meta(
            $row.created_at,
            $row.updated_at,
            $row.created_by_id,
            $row.updated_by_id,
        )
    };
}
pub(crate) use row_meta;

/// An entity's active row `$row` with the four meta columns set from `$meta` (a [`Meta`])
/// and every other column unset: the base a record's `to_row` completes
/// (`..meta_columns!(ActiveModel, self.meta)`).
macro_rules! meta_columns {
    ($row:ident, $meta:expr) => {
        $row {
            created_at: sea_orm::Set($crate::columns::millis($meta.created_at)),
            updated_at: sea_orm::Set($crate::columns::millis($meta.updated_at)),
            created_by_id: sea_orm::Set($meta.created_by_id),
            updated_by_id: sea_orm::Set($meta.updated_by_id),
            ..Default::default()
        }
    };
}
pub(crate) use meta_columns;
