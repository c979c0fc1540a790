//! A JSON request body that tells malformed JSON (400) from well-formed JSON of the wrong
//! shape (422), which poem-openapi's own `Json` answers alike, and keeps the top-level keys
//! its type does not declare (custom attributes of records).

use poem::http::StatusCode;
use poem::{Request, RequestBody};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};
use serde_json::{Map, Value};

use crate::middleware::BodyLimits;

/// A JSON request body of type `T`, and the top-level keys of the body that `T` does not
/// declare (empty unless the body is an object with such keys).
pub struct JsonBody<T>(pub T, pub Map<String, Value>);

/// The top-level keys of `value` that are no property of `T`'s schema.
fn undeclared_keys<T: Type>(value: &Value) -> Map<String, Value> {
    let Value::Object(map) = value else {
        return Map::new();
    };
    let mut registry = Registry::new();
    T::register(&mut registry);
    let declared: Vec<&str> = registry
        .schemas
        .get(T::name().as_ref())
        .map(|schema| schema.properties.iter().map(|(name, _)| *name).collect())
        .unwrap_or_default();
    map.iter()
        .filter(|(key, _)| !declared.contains(&key.as_str()))
        .map(|(key, v)| (key.clone(), v.clone()))
        .collect()
}

/// The first field of `value` that `T`'s schema declares a string but that holds a number
/// or a boolean (poem-openapi would turn `false` into `"false"`; Zammad clients send proper
/// types, and the document promises a string), as a dotted path.
fn mistyped_text<T: Type>(value: &Value) -> Option<String> {
    let mut registry = Registry::new();
    T::register(&mut registry);
    mistyped_in(&registry, &T::schema_ref(), value, "")
}

fn mistyped_in(
    registry: &Registry,
    schema: &MetaSchemaRef,
    value: &Value,
    at: &str,
) -> Option<String> {
    let schema = match schema {
        MetaSchemaRef::Inline(schema) => schema.as_ref(),
        MetaSchemaRef::Reference(name) => registry.schemas.get(name)?,
    };
    if let Some(found) = schema
        .all_of
        .iter()
        .find_map(|inner| mistyped_in(registry, inner, value, at))
    {
        return Some(found);
    }
    match (schema.ty, value) {
        ("string", Value::Number(_) | Value::Bool(_)) => {
            Some(at.trim_start_matches('.').to_string())
        }
        ("object", Value::Object(map)) => schema.properties.iter().find_map(|(name, property)| {
            map.get(*name)
                .and_then(|v| mistyped_in(registry, property, v, &format!("{at}.{name}")))
        }),
        ("array", Value::Array(items)) => schema.items.as_ref().and_then(|item| {
            items
                .iter()
                .enumerate()
                .find_map(|(i, v)| mistyped_in(registry, item, v, &format!("{at}.{i}")))
        }),
        _ => None,
    }
}

/// The deepest nesting of arrays and objects in `json`, counting brackets outside strings;
/// cheap enough to run before parsing, so a deep document never reaches the parser.
fn nesting_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &byte in json {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

impl<T: Type> Payload for JsonBody<T> {
    const CONTENT_TYPE: &'static str = "application/json";

    fn schema_ref() -> MetaSchemaRef {
        T::schema_ref()
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }
}

impl<T: ParseFromJSON> ParsePayload for JsonBody<T> {
    const IS_REQUIRED: bool = true;

    async fn from_request(request: &Request, body: &mut RequestBody) -> poem::Result<Self> {
        let limits = request.extensions().get::<BodyLimits>().copied();
        let size = limits.map_or(usize::MAX, |l| l.size);
        let read = body.take()?.into_bytes_limit(size);
        let read = match limits {
            Some(l) => tokio::time::timeout(l.read_timeout, read)
                .await
                .map_err(|_| {
                    poem::Error::from_string(
                        "Reading the request body timed out",
                        StatusCode::REQUEST_TIMEOUT,
                    )
                })?,
            None => read.await,
        };
        let data = read.map_err(|e| match e {
            poem::error::ReadBodyError::PayloadTooLarge => {
                poem::Error::from_string("Request body too large", StatusCode::PAYLOAD_TOO_LARGE)
            }
            other => poem::Error::from_string(
                format!("Could not read the body: {other}"),
                StatusCode::BAD_REQUEST,
            ),
        })?;
        let max_depth = limits.map_or(usize::MAX, |l| l.json_depth);
        if nesting_depth(&data) > max_depth {
            return Err(poem::Error::from_string(
                format!("Malformed JSON: nested deeper than {max_depth} levels"),
                StatusCode::BAD_REQUEST,
            ));
        }
        let value: Value = serde_json::from_slice(&data).map_err(|e| {
            poem::Error::from_string(format!("Malformed JSON: {e}"), StatusCode::BAD_REQUEST)
        })?;
        if contains_nul(&value) {
            return Err(poem::Error::from_string(
                "Invalid request body: text may not contain NUL characters",
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
        if let Some(field) = mistyped_text::<T>(&value) {
            return Err(poem::Error::from_string(
                format!("Invalid request body: '{field}' must be a string"),
                StatusCode::UNPROCESSABLE_ENTITY,
            ));
        }
        let extra = undeclared_keys::<T>(&value);
        T::parse_from_json(Some(value))
            .map(|v| JsonBody(v, extra))
            .map_err(|e| {
                poem::Error::from_string(
                    format!("Invalid request body: {}", e.into_message()),
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
            })
    }
}

/// Whether any string or key of `value` holds a NUL character, which no store keeps in text.
fn contains_nul(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains('\0'),
        Value::Array(items) => items.iter().any(contains_nul),
        Value::Object(map) => map.iter().any(|(k, v)| k.contains('\0') || contains_nul(v)),
        _ => false,
    }
}

impl<'a, T: Type + ParseFromJSON> ApiExtractor<'a> for JsonBody<T> {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::RequestObject];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        <Self as Payload>::register(registry);
    }

    fn request_meta() -> Option<MetaRequest> {
        Some(MetaRequest {
            description: None,
            content: vec![MetaMediaType {
                content_type: Self::CONTENT_TYPE,
                schema: Self::schema_ref(),
            }],
            required: true,
        })
    }

    async fn from_request(
        request: &'a Request,
        body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        // Clients that omit the header still send JSON; anything declared otherwise is refused.
        if let Some(ct) = request.content_type() {
            let essence = ct
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let is_json = essence == "application/json"
                || (essence.starts_with("application/") && essence.ends_with("+json"));
            if !is_json {
                return Err(poem::Error::from_string(
                    format!("Unsupported Content-Type '{ct}': send application/json"),
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ));
            }
        }
        <Self as ParsePayload>::from_request(request, body).await
    }
}

/// A nullable request field as a patch: absent → `None`, `null` → `Some(None)`.
pub fn patch<T>(value: poem_openapi::types::MaybeUndefined<T>) -> Option<Option<T>> {
    use poem_openapi::types::MaybeUndefined;
    match value {
        MaybeUndefined::Undefined => None,
        MaybeUndefined::Null => Some(None),
        MaybeUndefined::Value(v) => Some(Some(v)),
    }
}

#[cfg(test)]
mod tests {
    use super::nesting_depth;

    #[test]
    fn depth_counts_brackets_outside_strings() {
        assert_eq!(nesting_depth(b"1"), 0);
        assert_eq!(nesting_depth(br#"{"a":[1,{"b":2}]}"#), 3);
        assert_eq!(nesting_depth(br#"{"a":"[[[{{{\"[["}"#), 1);
        assert_eq!(nesting_depth(&[b'['; 100]), 100);
    }
}
