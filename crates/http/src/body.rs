//! A JSON request body that tells malformed JSON (400) from well-formed JSON of the wrong
//! shape (422), which poem-openapi's own `Json` answers alike.

use poem::http::StatusCode;
use poem::{Request, RequestBody};
use poem_openapi::payload::{ParsePayload, Payload};
use poem_openapi::registry::{MetaMediaType, MetaRequest, MetaSchemaRef, Registry};
use poem_openapi::types::{ParseFromJSON, Type};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};

use crate::middleware::BodyLimit;

/// A JSON request body of type `T`.
pub struct JsonBody<T>(pub T);

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
        let limit = request
            .extensions()
            .get::<BodyLimit>()
            .map_or(usize::MAX, |l| l.0);
        let data = body
            .take()?
            .into_bytes_limit(limit)
            .await
            .map_err(|e| match e {
                poem::error::ReadBodyError::PayloadTooLarge => poem::Error::from_string(
                    "Request body too large",
                    StatusCode::PAYLOAD_TOO_LARGE,
                ),
                other => poem::Error::from_string(
                    format!("Could not read the body: {other}"),
                    StatusCode::BAD_REQUEST,
                ),
            })?;
        let value: serde_json::Value = serde_json::from_slice(&data).map_err(|e| {
            poem::Error::from_string(format!("Malformed JSON: {e}"), StatusCode::BAD_REQUEST)
        })?;
        T::parse_from_json(Some(value)).map(JsonBody).map_err(|e| {
            poem::Error::from_string(
                format!("Invalid request body: {}", e.into_message()),
                StatusCode::UNPROCESSABLE_ENTITY,
            )
        })
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
