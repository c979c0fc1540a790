//! Cross-cutting request handling: a request id and a tracing span per request, a path's
//! trailing slash dropped, security headers, and JSON bodies for every error poem produces itself (unknown route, bad query,
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

/// Wraps `ep` with the request id, logging, headers, the body limits and JSON errors; a path
/// with a trailing slash is answered as the path without it.
pub async fn around<E: Endpoint>(
    ep: E,
    mut req: Request,
    limits: BodyLimits,
) -> poem::Result<Response> {
    drop_trailing_slash(&mut req);
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
    let mut status = resp.status();
    let (parts, body) = resp.into_parts();
    let mut text = body.into_string().await.unwrap_or_default();
    // A path id that is no number names no record: 404, as Zammad answers
    // (`/organizations/None`), not poem-openapi's 400.
    if status == StatusCode::BAD_REQUEST && text.starts_with("failed to parse path") {
        status = StatusCode::NOT_FOUND;
        text = "Couldn't find a record with that 'id'".to_string();
    }
    // A word outside a documented enum (`object=Nope`): 422, as other invalid values.
    if status == StatusCode::BAD_REQUEST
        && let Some(name) = text
            .strip_prefix("failed to parse parameter `")
            .and_then(|rest| rest.split('`').next())
        && let Some(allowed) = text
            .split(crate::choice::CHOICE_ERROR)
            .nth(1)
            .and_then(|rest| rest.split(" (occurred").next())
    {
        status = StatusCode::UNPROCESSABLE_ENTITY;
        text = format!("Invalid value for '{name}' (allowed: {allowed})");
    }
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

/// The methods each route answers, for the `Allow` header every 405 carries (RFC 9110): a
/// method a route does not support answers 405 with `Allow` listing the ones it does.
#[derive(Debug, Clone, Default)]
pub struct AllowTable {
    /// Path templates (segments; `{name}` or `:name` is a parameter) and their `Allow` value.
    routes: Vec<(Vec<String>, String)>,
}

impl AllowTable {
    /// The table of the operations of `apis`, served under `prefix` (`/api/v1`).
    pub fn from_meta(prefix: &str, apis: &[poem_openapi::registry::MetaApi]) -> Self {
        let mut table = Self::default();
        for path in apis.iter().flat_map(|api| &api.paths) {
            let methods: Vec<&str> = path.operations.iter().map(|o| o.method.as_str()).collect();
            table.add(&format!("{prefix}{}", path.path), &methods);
        }
        table
    }

    /// Adds (or extends) the route `template` with `methods`; `HEAD` goes with `GET`.
    pub fn add(&mut self, template: &str, methods: &[&str]) {
        let segments = segments(template);
        let index = match self.routes.iter().position(|(s, _)| *s == segments) {
            Some(i) => i,
            None => {
                self.routes.push((segments, String::new()));
                self.routes.len() - 1
            }
        };
        let entry = &mut self.routes[index].1;
        let mut all: Vec<String> = entry
            .split(", ")
            .filter(|m| !m.is_empty())
            .map(str::to_string)
            .collect();
        for method in methods {
            all.push(method.to_ascii_uppercase());
            if method.eq_ignore_ascii_case("GET") {
                all.push("HEAD".into());
            }
        }
        const ORDER: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "TRACE"];
        all.sort_by_key(|m| ORDER.iter().position(|o| o == m).unwrap_or(ORDER.len()));
        all.dedup();
        *entry = all.join(", ");
    }

    /// The `Allow` value of the route `path` matches: the template with the most literal
    /// segments wins, as in the router (`/tickets/search` over `/tickets/{id}`).
    pub fn lookup(&self, path: &str) -> Option<&str> {
        let wanted = segments(path);
        self.routes
            .iter()
            .filter(|(template, _)| {
                template.len() == wanted.len()
                    && template
                        .iter()
                        .zip(&wanted)
                        .all(|(t, w)| is_param(t) || t == w)
            })
            .max_by_key(|(template, _)| template.iter().filter(|t| !is_param(t)).count())
            .map(|(_, allow)| allow.as_str())
    }
}

/// Rewrites `/api/v1/groups/?page=1` to `/api/v1/groups?page=1` (no redirect): Rails routes
/// a path with and without its trailing slash alike.
fn drop_trailing_slash(req: &mut Request) {
    let path = req.uri().path();
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() == path.len() || trimmed.is_empty() {
        return;
    }
    let rewritten = match req.uri().query() {
        Some(query) => format!("{trimmed}?{query}"),
        None => trimmed.to_string(),
    };
    let mut parts = req.uri().clone().into_parts();
    if let Ok(path_and_query) = rewritten.parse() {
        parts.path_and_query = Some(path_and_query);
        if let Ok(uri) = poem::http::Uri::from_parts(parts) {
            *req.uri_mut() = uri;
        }
    }
}

/// The non-empty segments of a path.
fn segments(path: &str) -> Vec<String> {
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Whether a template segment is a parameter.
fn is_param(segment: &str) -> bool {
    segment.starts_with(':') || (segment.starts_with('{') && segment.ends_with('}'))
}

/// Calls `ep` and adds `Allow` from `table` to a 405.
pub async fn allow<E: Endpoint>(
    ep: E,
    req: Request,
    table: std::sync::Arc<AllowTable>,
) -> poem::Result<Response> {
    let path = req.uri().path().to_string();
    let mut resp = match ep.call(req).await {
        Ok(r) => r.into_response(),
        Err(e) => e.into_response(),
    };
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED
        && !resp.headers().contains_key(poem::http::header::ALLOW)
        && let Some(value) = table
            .lookup(&path)
            .and_then(|v| HeaderValue::from_str(v).ok())
    {
        resp.headers_mut().insert(poem::http::header::ALLOW, value);
    }
    Ok(resp)
}

#[cfg(test)]
mod tests {
    use super::AllowTable;

    #[test]
    fn allow_lists_the_methods_of_the_matching_route() {
        let mut table = AllowTable::default();
        table.add("/api/v1/tickets", &["GET", "POST"]);
        table.add("/api/v1/tickets/{id}", &["GET", "PUT", "DELETE"]);
        table.add("/api/v1/tickets/search", &["GET"]);
        table.add("/api/v1/tickets", &["GET"]);
        assert_eq!(table.lookup("/api/v1/tickets"), Some("GET, HEAD, POST"));
        assert_eq!(
            table.lookup("/api/v1/tickets/7/"),
            Some("GET, HEAD, PUT, DELETE")
        );
        assert_eq!(table.lookup("/api/v1/tickets/search"), Some("GET, HEAD"));
        assert_eq!(table.lookup("/api/v1/nothing"), None);
    }
}
