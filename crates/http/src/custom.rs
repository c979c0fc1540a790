//! Records with their custom field values as top-level keys of the JSON, as Zammad answers
//! them (its custom attributes are columns of the record).

use std::borrow::Cow;

use poem_openapi::registry::{MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, ParseResult, ToJSON, Type};
use serde_json::{Map, Value};

/// The items of a `Type` impl for a required value that is its own raw value (and its only
/// raw element): the ones every hand-written schema type here shares.
macro_rules! own_raw_value {
    () => {
        const IS_REQUIRED: bool = true;
        type RawValueType = Self;
        type RawElementValueType = Self;

        fn as_raw_value(&self) -> Option<&Self::RawValueType> {
            Some(self)
        }

        fn raw_element_iter<'a>(
            &'a self,
        ) -> Box<dyn Iterator<Item = &'a Self::RawElementValueType> + 'a> {
            Box::new(self.as_raw_value().into_iter())
        }
    };
}

pub(crate) use own_raw_value;

/// A record DTO `T` and its custom field values, serialized as `T`'s JSON object with the
/// values merged in (a key `T` declares itself keeps `T`'s value). The schema is `T`'s:
/// OpenAPI objects admit properties beyond the declared ones, and custom attributes are
/// defined at run time. The third field is the record's field scope: when set, the answer
/// carries only these keys (custom values included), as the policy decided.
#[derive(Debug, Clone)]
pub struct WithCustom<T>(
    pub T,
    pub Map<String, Value>,
    pub Option<&'static [&'static str]>,
);

impl<T> WithCustom<T> {
    /// A record with every field and its custom values.
    pub fn full(record: T, custom: Map<String, Value>) -> Self {
        Self(record, custom, None)
    }
}

impl<T: Type> Type for WithCustom<T> {
    own_raw_value!();

    fn name() -> Cow<'static, str> {
        T::name()
    }

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ToJSON> ToJSON for WithCustom<T> {
    fn to_json(&self) -> Option<Value> {
        let mut value = self.0.to_json()?;
        if let Value::Object(map) = &mut value {
            for (key, v) in &self.1 {
                map.entry(key.clone()).or_insert_with(|| v.clone());
            }
            if let Some(keys) = self.2 {
                map.retain(|key, _| keys.contains(&key.as_str()));
            }
        }
        Some(value)
    }
}

impl<T: ParseFromJSON> ParseFromJSON for WithCustom<T> {
    fn parse_from_json(value: Option<Value>) -> ParseResult<Self> {
        T::parse_from_json(value)
            .map(|record| Self::full(record, Map::new()))
            .map_err(poem_openapi::types::ParseError::propagate)
    }
}

#[cfg(test)]
mod tests {
    use poem_openapi::Object;
    use serde_json::json;

    use super::*;

    #[derive(Debug, Clone, Object)]
    struct Thing {
        id: i64,
        title: String,
    }

    #[test]
    fn merges_custom_values() {
        let custom = json!({"product": "wert1", "title": "not this"});
        let Value::Object(custom) = custom else {
            unreachable!()
        };
        let record = WithCustom::full(
            Thing {
                id: 1,
                title: "t".into(),
            },
            custom,
        );
        assert_eq!(
            record.to_json(),
            Some(json!({"id": 1, "title": "t", "product": "wert1"}))
        );
        let scoped = WithCustom(record.0.clone(), record.1.clone(), Some(&["id"]));
        assert_eq!(scoped.to_json(), Some(json!({"id": 1})));
        assert_eq!(WithCustom::<Thing>::name(), Thing::name());
    }
}
