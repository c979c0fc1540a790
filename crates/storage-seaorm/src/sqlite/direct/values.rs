//! Values across the boundary: sea-query's statement parameters bound as SQLite values, and
//! SQLite's answers decoded into the value variant a result column's [`Kind`] asks for. The
//! encodings are sqlx's, so rows written through either driver read back the same (booleans
//! as 0/1, dates as `YYYY-MM-DD` text, JSON as text).

use rusqlite::types::{ToSqlOutput, Value as Sqlite, ValueRef};
use sea_orm::DbErr;
use sea_orm::sea_query::{ColumnType, Value};

/// A statement parameter as SQLite stores it.
pub(crate) fn bind(value: &Value) -> Result<ToSqlOutput<'_>, DbErr> {
    let integer = |v: Option<i64>| v.map_or(Sqlite::Null, Sqlite::Integer);
    let owned = match value {
        Value::Bool(v) => integer(v.map(i64::from)),
        Value::TinyInt(v) => integer(v.map(i64::from)),
        Value::SmallInt(v) => integer(v.map(i64::from)),
        Value::Int(v) => integer(v.map(i64::from)),
        Value::BigInt(v) => integer(*v),
        Value::TinyUnsigned(v) => integer(v.map(i64::from)),
        Value::SmallUnsigned(v) => integer(v.map(i64::from)),
        Value::Unsigned(v) => integer(v.map(i64::from)),
        Value::BigUnsigned(v) => match v.map(i64::try_from).transpose() {
            Ok(v) => integer(v),
            Err(_) => return Err(DbErr::Type(format!("{value:?} is out of SQLite's range"))),
        },
        Value::Float(v) => v.map_or(Sqlite::Null, |f| Sqlite::Real(f64::from(f))),
        Value::Double(v) => v.map_or(Sqlite::Null, Sqlite::Real),
        Value::String(Some(s)) => return Ok(ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes()))),
        Value::Char(v) => v.map_or(Sqlite::Null, |c| Sqlite::Text(c.to_string())),
        Value::Bytes(Some(b)) => return Ok(ToSqlOutput::Borrowed(ValueRef::Blob(b))),
        Value::Json(v) => v
            .as_ref()
            .map_or(Sqlite::Null, |j| Sqlite::Text(j.to_string())),
        Value::ChronoDate(v) => {
            v.map_or(Sqlite::Null, |d| Sqlite::Text(d.format("%F").to_string()))
        }
        Value::String(None) | Value::Bytes(None) => Sqlite::Null,
        other => return Err(DbErr::Type(format!("no SQLite encoding for {other:?}"))),
    };
    Ok(ToSqlOutput::Owned(owned))
}

/// The value variant a model field is set from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Bool,
    Int,
    BigInt,
    Double,
    Text,
    Bytes,
    Date,
}

impl Kind {
    /// The kind of an entity column of `column_type`; `None` for types no entity uses.
    pub(crate) fn of(column_type: &ColumnType) -> Option<Kind> {
        Some(match column_type {
            ColumnType::Boolean => Kind::Bool,
            ColumnType::Integer => Kind::Int,
            ColumnType::BigInteger => Kind::BigInt,
            ColumnType::Double | ColumnType::Float => Kind::Double,
            ColumnType::String(_) | ColumnType::Text | ColumnType::Char(_) => Kind::Text,
            ColumnType::Binary(_) | ColumnType::VarBinary(_) | ColumnType::Blob => Kind::Bytes,
            ColumnType::Date => Kind::Date,
            _ => return None,
        })
    }

    /// The null of this kind.
    fn null(self) -> Value {
        match self {
            Kind::Bool => Value::Bool(None),
            Kind::Int => Value::Int(None),
            Kind::BigInt => Value::BigInt(None),
            Kind::Double => Value::Double(None),
            Kind::Text => Value::String(None),
            Kind::Bytes => Value::Bytes(None),
            Kind::Date => Value::ChronoDate(None),
        }
    }
}

/// What SQLite answered for a column of `kind`.
pub(crate) fn decode(kind: Kind, value: ValueRef<'_>) -> Result<Value, DbErr> {
    let mismatch = || DbErr::Type(format!("{value:?} is not a {kind:?}"));
    let text = |bytes: &[u8]| String::from_utf8(bytes.to_vec()).map_err(|_| mismatch());
    Ok(match (kind, value) {
        (kind, ValueRef::Null) => kind.null(),
        (Kind::Bool, ValueRef::Integer(i)) => Value::Bool(Some(i != 0)),
        (Kind::Int, ValueRef::Integer(i)) => {
            Value::Int(Some(i32::try_from(i).map_err(|_| mismatch())?))
        }
        (Kind::BigInt, ValueRef::Integer(i)) => Value::BigInt(Some(i)),
        (Kind::Double, ValueRef::Integer(i)) => Value::Double(Some(i as f64)),
        (Kind::Double, ValueRef::Real(f)) => Value::Double(Some(f)),
        (Kind::Text, ValueRef::Text(t)) => Value::String(Some(text(t)?)),
        (Kind::Bytes, ValueRef::Blob(b)) => Value::Bytes(Some(b.to_vec())),
        (Kind::Bytes, ValueRef::Text(t)) => Value::Bytes(Some(t.to_vec())),
        (Kind::Date, ValueRef::Text(t)) => {
            let date =
                chrono::NaiveDate::parse_from_str(&text(t)?, "%F").map_err(|_| mismatch())?;
            Value::ChronoDate(Some(date))
        }
        _ => return Err(mismatch()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_decode_to_the_variant_of_their_kind() {
        assert_eq!(
            decode(Kind::Bool, ValueRef::Integer(1)).unwrap(),
            Value::Bool(Some(true))
        );
        assert_eq!(
            decode(Kind::Int, ValueRef::Integer(7)).unwrap(),
            Value::Int(Some(7))
        );
        assert_eq!(decode(Kind::Int, ValueRef::Null).unwrap(), Value::Int(None));
        assert_eq!(
            decode(Kind::Date, ValueRef::Text(b"2026-11-28")).unwrap(),
            Value::ChronoDate(chrono::NaiveDate::from_ymd_opt(2026, 11, 28))
        );
        assert!(decode(Kind::Int, ValueRef::Integer(1 << 40)).is_err());
        assert!(decode(Kind::BigInt, ValueRef::Text(b"x")).is_err());
    }

    #[test]
    fn parameters_bind_as_sqlx_encodes_them() {
        let owned = |v: &Value| match bind(v).unwrap() {
            ToSqlOutput::Owned(value) => value,
            ToSqlOutput::Borrowed(value) => Sqlite::try_from(value).unwrap(),
            _ => unreachable!(),
        };
        assert_eq!(owned(&Value::Bool(Some(true))), Sqlite::Integer(1));
        assert_eq!(owned(&Value::String(None)), Sqlite::Null);
        assert_eq!(
            owned(&Value::String(Some("a".into()))),
            Sqlite::Text("a".into())
        );
        assert_eq!(
            owned(&Value::ChronoDate(chrono::NaiveDate::from_ymd_opt(
                2026, 1, 2
            ))),
            Sqlite::Text("2026-01-02".into())
        );
        assert!(bind(&Value::BigUnsigned(Some(u64::MAX))).is_err());
    }
}
