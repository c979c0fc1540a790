//! Cross-cutting request handling: a request id and a tracing span per request, security
//! headers, and JSON bodies for every error poem produces itself (unknown route, bad query,
//! oversized body, a caught panic).

use poem::http::StatusCode;
use poem::http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue};
use poem::{Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;

use crate::error::ErrorBody;

/// The header carrying the request id.
pub const REQUEST_ID: &str = "X-Request-Id";

/// The limits on a request body; set on every request for body readers.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// The largest body accepted, in bytes (413 above it).
    pub size: usize,
    /// The deepest nesting of JSON arrays and objects accepted (400 beyond it).
    pub json_depth: usize,
    /// How long reading the whole body may take (408 after it).
    pub read_timeout: std::time::Duration,
}

/// Wraps `ep` with the request id, logging, headers, the body limits and JSON errors.
pub async fn around<E: Endpoint>(
    ep: E,
    mut req: Request,
    limits: BodyLimits,
) -> poem::Result<Response> {
    let id = req
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| !v.is_empty() && v.len() <= 128)
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let span = tracing::info_span!("request", request_id = %id, method = %req.method(), path = %req.uri().path());
    async move {
        let started = std::time::Instant::now();
        let declared = req
            .headers()
            .get(poem::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        let mut resp = if declared.is_some_and(|n| n > limits.size as u64) {
            StatusCode::PAYLOAD_TOO_LARGE.into_response()
        } else {
            req.extensions_mut().insert(limits);
            match ep.call(req).await {
                Ok(r) => r.into_response(),
                Err(e) => e.into_response(),
            }
        };
        if resp.status().is_client_error() || resp.status().is_server_error() {
            resp = jsonify_error(resp).await;
        }
        let headers = resp.headers_mut();
        if let Ok(v) = HeaderValue::from_str(&id) {
            headers.insert(REQUEST_ID, v);
        }
        headers.insert(
            "X-Content-Type-Options",
            HeaderValue::from_static("nosniff"),
        );
        headers
            .entry(CACHE_CONTROL)
            .or_insert(HeaderValue::from_static("no-store"));
        tracing::info!(
            status = resp.status().as_u16(),
            elapsed_ms = started.elapsed().as_millis() as u64,
            "answered"
        );
        Ok(resp)
    }
    .instrument(span)
    .await
}

/// Rewrites a non-JSON error answer as `{"error", "error_human"}`, keeping status and headers.
async fn jsonify_error(resp: Response) -> Response {
    let is_json = resp
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.starts_with("application/json"));
    if is_json {
        return resp;
    }
    let status = resp.status();
    let (parts, body) = resp.into_parts();
    let text = body.into_string().await.unwrap_or_default();
    let message = match status {
        StatusCode::NOT_FOUND if text.trim().is_empty() || text.contains("not found") => {
            "No route matches".to_string()
        }
        StatusCode::INTERNAL_SERVER_ERROR => "Internal server error".to_string(),
        StatusCode::PAYLOAD_TOO_LARGE => "Request body too large".to_string(),
        _ if text.trim().is_empty() => status.canonical_reason().unwrap_or("Error").to_string(),
        _ => text,
    };
    let mut out = Response::builder()
        .status(status)
        .content_type("application/json; charset=utf-8")
        .body(
            serde_json::to_vec(&serde_json::json!(ErrorBody::new(message).to_json_value()))
                .unwrap_or_default(),
        );
    for (name, value) in parts.headers.iter() {
        if name != CONTENT_TYPE && name != poem::http::header::CONTENT_LENGTH {
            out.headers_mut().insert(name.clone(), value.clone());
        }
    }
    out
}

impl ErrorBody {
    fn to_json_value(&self) -> serde_json::Value {
        serde_json::json!({ "error": self.error, "error_human": self.error_human })
    }
}
