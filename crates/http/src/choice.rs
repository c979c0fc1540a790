//! Query parameters that take one of a fixed list of words, documented as an `enum` so that
//! clients (and Schemathesis) know the accepted values; anything else answers 422
//! (`Invalid value for 'object'`), as the contract's other invalid values do.

use std::borrow::Cow;
use std::marker::PhantomData;

use poem_openapi::registry::{MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseError, ParseFromParameter, ParseResult, Type};

use crate::custom::own_raw_value;

/// How a refused choice's parse error starts; the middleware answers it as 422.
pub const CHOICE_ERROR: &str = "expected one of ";

/// A fixed list of accepted words.
pub trait Choices: Send + Sync + 'static {
    /// The accepted words, exactly as sent.
    const ITEMS: &'static [&'static str];
}

/// One word of `C::ITEMS`.
#[derive(Debug, Clone)]
pub struct Choice<C>(pub String, PhantomData<C>);

impl<C: Choices> Type for Choice<C> {
    own_raw_value!();

    fn name() -> Cow<'static, str> {
        "string(enum)".into()
    }

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            enum_items: C::ITEMS
                .iter()
                .map(|i| serde_json::Value::String((*i).to_string()))
                .collect(),
            ..MetaSchema::new("string")
        }))
    }

    fn register(_registry: &mut Registry) {}
}

impl<C: Choices> ParseFromParameter for Choice<C> {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        if C::ITEMS.contains(&value) {
            Ok(Self(value.to_string(), PhantomData))
        } else {
            Err(ParseError::custom(format!(
                "{CHOICE_ERROR}{}",
                C::ITEMS.join(", ")
            )))
        }
    }
}

/// The word of an optional choice, as the service takes it.
pub fn word<C>(choice: Option<Choice<C>>) -> Option<String> {
    choice.map(|c| c.0)
}

/// The objects that carry tags.
#[derive(Debug, Clone)]
pub struct TaggedObject;

impl Choices for TaggedObject {
    const ITEMS: &'static [&'static str] = &["Ticket"];
}

/// The objects that have object-manager attributes.
#[derive(Debug, Clone)]
pub struct AttributeObject;

impl Choices for AttributeObject {
    const ITEMS: &'static [&'static str] = &["Ticket", "User", "Organization", "Group"];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_listed_words_parse() {
        assert!(Choice::<AttributeObject>::parse_from_parameter("User").is_ok());
        assert!(Choice::<AttributeObject>::parse_from_parameter("user").is_err());
        assert!(Choice::<TaggedObject>::parse_from_parameter("").is_err());
    }
}
