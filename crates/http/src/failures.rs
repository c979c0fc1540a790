//! The error answers each operation documents. A handler answers `Reply<T, S>`: its errors
//! are [`ApiError`]s (the one mapping from use-case errors to statuses, in `error.rs`), and in
//! the OpenAPI document it lists only the statuses of the set `S` (bits of the constants
//! below), plus 500 and 503, which every operation can answer.
//!
//! Some statuses come from the request handling around a handler, not from its use case, and
//! belong to every operation whose request has the part they judge: [`SIGNED_IN`] for
//! operations that authenticate, [`BODY`] for those that read a JSON body, [`QUERY`] for those
//! with query parameters and [`NOT_FOUND`] for those with an id in the path (an id that is
//! no number names no record).

use poem::IntoResponse;
use poem_openapi::ApiResponse;
use poem_openapi::payload::{Json, Payload};
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, Registry};
use poem_openapi::types::Type;

use crate::error::{ApiError, ErrorBody};

/// 400: malformed JSON or query parameters.
pub const BAD_REQUEST: u32 = 1 << 0;
/// 401: no or invalid credentials.
pub const UNAUTHORIZED: u32 = 1 << 1;
/// 403: authenticated, but not permitted (also a refused `From`).
pub const FORBIDDEN: u32 = 1 << 2;
/// 404: no such record.
pub const NOT_FOUND: u32 = 1 << 3;
/// 408: the body did not arrive within the body timeout.
pub const REQUEST_TIMEOUT: u32 = 1 << 4;
/// 413: the body is larger than the body limit.
pub const PAYLOAD_TOO_LARGE: u32 = 1 << 5;
/// 415: the body is declared as something other than JSON.
pub const UNSUPPORTED_MEDIA_TYPE: u32 = 1 << 6;
/// 422: the input breaks a rule.
pub const UNPROCESSABLE: u32 = 1 << 7;
/// 429: too many failed Basic logins from the caller's address.
pub const TOO_MANY_REQUESTS: u32 = 1 << 8;

/// An operation that authenticates its caller (Basic or a token): bad credentials (401), a
/// refused `From` (403), Basic logins throttled (429).
pub const SIGNED_IN: u32 = UNAUTHORIZED | FORBIDDEN | TOO_MANY_REQUESTS;
/// An operation with a JSON body: malformed (400), too slow (408), too large (413), not JSON
/// (415), of the wrong shape (422).
pub const BODY: u32 =
    BAD_REQUEST | REQUEST_TIMEOUT | PAYLOAD_TOO_LARGE | UNSUPPORTED_MEDIA_TYPE | UNPROCESSABLE;
/// An operation with query parameters: a value that does not parse (400).
pub const QUERY: u32 = BAD_REQUEST;

/// A list: signed in, with query parameters.
pub const LIST: u32 = SIGNED_IN | QUERY;
/// A search: a list whose query may break the search grammar (422).
pub const SEARCH: u32 = LIST | UNPROCESSABLE;
/// A read of one record by its id.
pub const SHOW: u32 = SIGNED_IN | NOT_FOUND;
/// A create from a body.
pub const CREATE: u32 = SIGNED_IN | BODY;
/// An update of one record by its id from a body.
pub const UPDATE: u32 = SIGNED_IN | NOT_FOUND | BODY;
/// A delete by id that a reference to the record (or a rule) may refuse (422).
pub const DELETE: u32 = SIGNED_IN | NOT_FOUND | UNPROCESSABLE;

/// Every status a set can hold, with its bit.
const BITS: [(u16, u32); 9] = [
    (400, BAD_REQUEST),
    (401, UNAUTHORIZED),
    (403, FORBIDDEN),
    (404, NOT_FOUND),
    (408, REQUEST_TIMEOUT),
    (413, PAYLOAD_TOO_LARGE),
    (415, UNSUPPORTED_MEDIA_TYPE),
    (422, UNPROCESSABLE),
    (429, TOO_MANY_REQUESTS),
];

/// The statuses every operation can answer: a failure inside the server, the database
/// unavailable.
const ALWAYS: [u16; 2] = [500, 503];

/// The statuses the request handling answers before a handler runs, which [`ApiError`] does
/// not declare, and their descriptions.
const BEFORE_HANDLER: [(u16, &str); 3] = [
    (
        408,
        "Reading the request body took longer than the body timeout.",
    ),
    (413, "The request body is larger than the body limit."),
    (
        415,
        "The body is declared (`Content-Type`) as something other than JSON.",
    ),
];

/// An [`ApiError`] of an operation that documents the statuses of the set `S`.
#[derive(Debug)]
pub struct Fails<const S: u32>(ApiError);

/// What a handler answers: `T`, or an error documented as one of the statuses of `S`.
pub type Reply<T, const S: u32> = Result<T, Fails<S>>;

impl<const S: u32> Fails<S> {
    /// Whether the set holds `status`.
    fn lists(status: u16) -> bool {
        ALWAYS.contains(&status)
            || BITS
                .iter()
                .any(|&(code, bit)| code == status && S & bit != 0)
    }
}

impl<const S: u32> From<ApiError> for Fails<S> {
    fn from(e: ApiError) -> Self {
        Self(e)
    }
}

impl<const S: u32> From<helpdesk_service::Error> for Fails<S> {
    fn from(e: helpdesk_service::Error) -> Self {
        Self(e.into())
    }
}

impl<const S: u32> From<Fails<S>> for poem::Error {
    fn from(f: Fails<S>) -> Self {
        f.0.into()
    }
}

impl<const S: u32> IntoResponse for Fails<S> {
    fn into_response(self) -> poem::Response {
        self.0.into_response()
    }
}

impl<const S: u32> ApiResponse for Fails<S> {
    fn meta() -> MetaResponses {
        let mut responses: Vec<MetaResponse> = ApiError::meta()
            .responses
            .into_iter()
            .filter(|r| r.status.is_some_and(Self::lists))
            .collect();
        responses.extend(
            BEFORE_HANDLER
                .iter()
                .filter(|(status, _)| Self::lists(*status))
                .map(|&(status, description)| MetaResponse {
                    description,
                    status: Some(status),
                    status_range: None,
                    content: vec![MetaMediaType {
                        content_type: <Json<ErrorBody> as Payload>::CONTENT_TYPE,
                        schema: ErrorBody::schema_ref(),
                    }],
                    headers: vec![],
                }),
        );
        responses.sort_by_key(|r| r.status);
        MetaResponses { responses }
    }

    fn register(registry: &mut Registry) {
        ApiError::register(registry);
    }
}
