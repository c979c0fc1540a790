//! Errors on the wire: `{"error": "...", "error_human": "..."}` with the contract's statuses.
//! This is the one place where use-case errors become HTTP statuses.

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object};

/// The JSON body of every error answer.
#[derive(Debug, Clone, Object)]
pub struct ErrorBody {
    /// Machine-oriented text (Zammad's wording).
    pub error: String,
    /// A sentence for a person.
    pub error_human: String,
}

impl ErrorBody {
    /// A body with the same text in both fields.
    pub fn new(message: impl Into<String>) -> Self {
        let message = message.into();
        Self {
            error_human: message.clone(),
            error: message,
        }
    }
}

/// Every error status an operation can answer.
#[derive(Debug, ApiResponse)]
pub enum ApiError {
    /// Malformed JSON or query parameters.
    #[oai(status = 400)]
    BadRequest(Json<ErrorBody>),
    /// No or invalid credentials.
    #[oai(status = 401)]
    Unauthorized(
        Json<ErrorBody>,
        /// The reason.
        #[oai(header = "X-Failure")]
        String,
        /// The accepted scheme.
        #[oai(header = "WWW-Authenticate")]
        String,
    ),
    /// Authenticated, but not permitted.
    #[oai(status = 403)]
    Forbidden(
        Json<ErrorBody>,
        /// The reason.
        #[oai(header = "X-Failure")]
        String,
    ),
    /// No such record.
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
    /// The input breaks a rule.
    #[oai(status = 422)]
    Unprocessable(Json<ErrorBody>),
    /// Too many failed logins from the caller's address: Basic logins from it are refused
    /// for a while.
    #[oai(status = 429)]
    TooManyRequests(
        Json<ErrorBody>,
        /// Seconds until a login may be tried again.
        #[oai(header = "Retry-After")]
        String,
    ),
    /// A failure inside the server; the body names a request id to look up in the logs.
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// The database is unreachable, full or too slow right now; retry after the given
    /// number of seconds.
    #[oai(status = 503)]
    Unavailable(
        Json<ErrorBody>,
        /// Seconds to wait before retrying.
        #[oai(header = "Retry-After")]
        String,
    ),
}

/// The `Retry-After` of a 503, in seconds.
pub const RETRY_AFTER_SECS: u32 = 5;

/// The `WWW-Authenticate` challenge of every 401.
pub const CHALLENGE: &str = "Basic realm=\"Helpdesk\"";

impl ApiError {
    /// 422 with `message`.
    pub fn unprocessable(message: impl Into<String>) -> Self {
        Self::Unprocessable(Json(ErrorBody::new(message)))
    }

    /// 400 with `message`.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest(Json(ErrorBody::new(message)))
    }

    /// 401 with `message`.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Unauthorized(
            Json(ErrorBody::new(message.clone())),
            message,
            CHALLENGE.into(),
        )
    }

    /// 403 with `message`.
    pub fn forbidden(message: impl Into<String>) -> Self {
        let message = message.into();
        Self::Forbidden(Json(ErrorBody::new(message.clone())), message)
    }
}

impl From<helpdesk_service::Error> for ApiError {
    fn from(e: helpdesk_service::Error) -> Self {
        use helpdesk_service::Error as E;
        match e {
            E::Unauthenticated(m) => Self::unauthorized(m),
            E::Forbidden(m) => Self::forbidden(m),
            E::NotFound(m) => Self::NotFound(Json(ErrorBody::new(m))),
            E::Invalid(m) => Self::unprocessable(m),
            E::Throttled { retry_after_secs } => Self::TooManyRequests(
                Json(ErrorBody {
                    error: "Too many failed logins, retry later".into(),
                    error_human: format!(
                        "Too many failed logins from your address. Please try again in \
                         {retry_after_secs} seconds."
                    ),
                }),
                retry_after_secs.to_string(),
            ),
            E::Unavailable(_) => {
                let id = uuid::Uuid::new_v4();
                tracing::warn!(request_error_id = %id, "storage unavailable: {}", chain(&e));
                Self::Unavailable(
                    Json(ErrorBody {
                        error: format!("Service unavailable (reference {id})"),
                        error_human: "The database is unavailable right now. Please try again \
                                      in a few seconds."
                            .into(),
                    }),
                    RETRY_AFTER_SECS.to_string(),
                )
            }
            E::Storage(_) | E::Internal(_) => {
                let id = uuid::Uuid::new_v4();
                tracing::error!(error = ?std::error::Error::source(&e).map(|s| s.to_string()), cause = %e, request_error_id = %id, "internal error");
                let mut chain = String::new();
                let mut source = std::error::Error::source(&e);
                while let Some(s) = source {
                    chain.push_str(&format!(": {s}"));
                    source = s.source();
                }
                tracing::error!(request_error_id = %id, "cause chain: {e}{chain}");
                Self::Internal(Json(ErrorBody {
                    error: format!("Internal server error (reference {id})"),
                    error_human: "Something went wrong on the server. Please try again later."
                        .into(),
                }))
            }
        }
    }
}

/// `e` and its causes, `: `-separated, for the log.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        text.push_str(&format!(": {s}"));
        source = s.source();
    }
    text
}

/// The result of a handler.
pub type ApiResult<T> = Result<T, ApiError>;
