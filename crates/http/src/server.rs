//! Assembling the API, its document and UI, and serving it.

use std::future::Future;
use std::time::Duration;

use helpdesk_service::Helpdesk;
use poem::listener::TcpAcceptor;
use poem::middleware::{CatchPanic, Cors};
use poem::{Endpoint, EndpointExt, Route, Server};
use poem_openapi::{OpenApi, OpenApiService};

use crate::articles::ArticlesApi;
use crate::attributes::AttributesApi;
use crate::connections::{Capped, ReadTimeouts, answer_unless_gone};
use crate::groups::GroupsApi;
use crate::history::HistoryApi;
use crate::links::LinksApi;
use crate::lookups::{LookupApi, Priorities, States, TimeAccountingTypes};
use crate::mentions::MentionsApi;
use crate::merge::MergeApi;
use crate::middleware;
use crate::monitoring::MonitoringApi;
use crate::notifications::NotificationsApi;
use crate::organizations::OrganizationsApi;
use crate::params::Exploded;
use crate::password_reset::PasswordResetApi;
use crate::recent_views::RecentViewsApi;
use crate::roles::RolesApi;
use crate::tags::TagsApi;
use crate::ticket_stats::TicketStatsApi;
use crate::tickets::TicketsApi;
use crate::time_accounting::TimeAccountingApi;
use crate::tokens::TokensApi;
use crate::users::UsersApi;

/// Limits of the HTTP layer.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Largest request body accepted, in bytes (413 above it).
    pub body_limit: usize,
    /// Deepest nesting of JSON arrays and objects in a request body (400 beyond it).
    pub json_depth: usize,
    /// How long a request's head (request line and headers) may take to arrive, counted
    /// from its first byte by a timer: a client whose head is still incomplete then (silent
    /// or trickling, slow-loris) loses the connection. The body then has `body_timeout`.
    pub header_timeout: Duration,
    /// How long reading a whole request body may take (408 after it).
    pub body_timeout: Duration,
    /// How long a connection may stay without a new request after an answer (or after it
    /// opened) before it is closed (a request in flight is finished first).
    pub idle_timeout: Duration,
    /// Most connections open at once; further clients wait until one closes.
    pub max_connections: usize,
    /// How long a graceful shutdown waits for requests in flight.
    pub shutdown_grace: Duration,
    /// Origins (`https://desk.example.com`) whose browsers may call the API. Empty (the
    /// default): no CORS headers at all. Otherwise a request from another origin answers 403;
    /// there is never a wildcard and never `Access-Control-Allow-Credentials`.
    pub cors_origins: Vec<String>,
    /// Reverse proxies (their addresses as the server sees them) whose `X-Forwarded-For`
    /// names the client for the failed-login throttle. Empty (the default): the client is
    /// the connection's peer and `X-Forwarded-For` is ignored.
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            body_limit: 10 * 1024 * 1024,
            json_depth: 64,
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(60),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
            cors_origins: Vec::new(),
            trusted_proxies: Vec::new(),
        }
    }
}

/// Every endpoint of the REST API v1 over `helpdesk`, as one [`OpenApi`](trait@OpenApi).
///
/// This is what [`app`] serves under `/api/v1`. An application that embeds the helpdesk puts
/// it in a tuple with APIs of its own, so that one [`OpenApiService`] (and one document)
/// covers both, nests that under `/api/v1` in its own [`Route`] and wraps the route with
/// [`wrap`]:
///
/// ```
/// use std::sync::Arc;
///
/// use helpdesk_http::ServeOptions;
/// use helpdesk_service::{Config, Helpdesk};
/// use helpdesk_storage_memory::MemoryStore;
/// use poem::Route;
/// use poem_openapi::{OpenApi, OpenApiService, payload::PlainText};
///
/// /// The extender's own endpoints.
/// struct Hello;
///
/// #[OpenApi]
/// impl Hello {
///     /// Says hello.
///     #[oai(path = "/hello", method = "get")]
///     async fn hello(&self) -> PlainText<&'static str> {
///         PlainText("hello")
///     }
/// }
///
/// let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
/// let service = OpenApiService::new((helpdesk_http::api(helpdesk), Hello), "My desk", "1.0")
///     .server("/api/v1");
/// let document = service.spec();
/// assert!(document.contains("/tickets") && document.contains("/hello"));
/// let app = helpdesk_http::wrap(Route::new().nest("/api/v1", service), &ServeOptions::default());
/// # let _ = app;
/// ```
///
/// A group of query parameters that one extractor reads (`page` and `per_page`, say) is
/// documented as the separate query parameters it is.
pub fn api(helpdesk: Helpdesk) -> impl OpenApi + use<> {
    Exploded((
        UsersApi::new(helpdesk.clone()),
        PasswordResetApi::new(helpdesk.clone()),
        OrganizationsApi::new(helpdesk.clone()),
        GroupsApi::new(helpdesk.clone()),
        LookupApi::<States>::new(helpdesk.clone()),
        LookupApi::<Priorities>::new(helpdesk.clone()),
        LookupApi::<TimeAccountingTypes>::new(helpdesk.clone()),
        (
            RolesApi::new(helpdesk.clone()),
            MonitoringApi::new(helpdesk.clone()),
        ),
        TokensApi::new(helpdesk.clone()),
        TicketsApi::new(helpdesk.clone()),
        (
            ArticlesApi::new(helpdesk.clone()),
            TimeAccountingApi::new(helpdesk.clone()),
            TicketStatsApi::new(helpdesk.clone()),
            RecentViewsApi::new(helpdesk.clone()),
        ),
        TagsApi::new(helpdesk.clone()),
        (
            LinksApi::new(helpdesk.clone()),
            MergeApi::new(helpdesk.clone()),
            MentionsApi::new(helpdesk.clone()),
        ),
        NotificationsApi::new(helpdesk.clone()),
        HistoryApi::new(helpdesk.clone()),
        AttributesApi::new(helpdesk),
    ))
}

/// The helpdesk's own document: [`api`] with its title, description and server.
fn service(helpdesk: Helpdesk) -> OpenApiService<impl OpenApi + use<>, ()> {
    OpenApiService::new(
        api(helpdesk),
        "Helpdesk REST API",
        env!("CARGO_PKG_VERSION"),
    )
    .description(
        "A Zammad-compatible helpdesk REST API v1. Errors answer `{\"error\", \"error_human\"}`; \
             401 and 403 also carry `X-Failure`. Lists answer `X-Total-Count`.",
    )
    .server("/api/v1")
}

/// Wraps `endpoint` in the request handling every helpdesk answer gets: a request id and a
/// tracing span per request, security headers, the body limits and CORS origins of `options`,
/// JSON error bodies for the errors poem produces itself (unknown route, bad query, oversized
/// body, a refused origin), and a caught panic as an opaque 500.
///
/// [`app`] wraps its route with it; an application that embeds the API wraps its own route,
/// so that its endpoints and the helpdesk's answer alike.
pub fn wrap<E: Endpoint + 'static>(endpoint: E, options: &ServeOptions) -> impl Endpoint + use<E> {
    let limits = middleware::BodyLimits {
        size: options.body_limit,
        json_depth: options.json_depth,
        read_timeout: options.body_timeout,
    };
    let cors = Cors::new()
        .allow_origins(options.cors_origins.iter().map(String::as_str))
        .expose_headers(["X-Total-Count", "X-Request-Id", "X-Failure"]);
    endpoint
        .with(CatchPanic::new())
        .with_if(!options.cors_origins.is_empty(), cors)
        .data(crate::auth::TrustedProxies(std::sync::Arc::new(
            options.trusted_proxies.clone(),
        )))
        .around(move |ep, req| middleware::around(ep, req, limits))
}

/// The whole HTTP application: the API under `/api/v1`, its document at
/// `/api/openapi.json` and the browsable UI at `/api/docs`.
///
/// A method a route does not support answers 405 with `Allow` listing the methods it does.
pub fn app(helpdesk: Helpdesk, options: &ServeOptions) -> impl Endpoint + use<> {
    let mut allow = middleware::AllowTable::from_meta("/api/v1", &meta_of(&api(helpdesk.clone())));
    allow.add("/api/openapi.json", &["GET"]);
    let allow = std::sync::Arc::new(allow);
    let api = service(helpdesk);
    let document = finish_document(&api.spec());
    let spec = poem::endpoint::make_sync(move |_| {
        poem::Response::builder()
            .content_type("application/json; charset=utf-8")
            .body(document.clone())
    });
    let ui = api.swagger_ui();
    let route = Route::new()
        .nest("/api/v1", api)
        .at("/api/openapi.json", spec)
        .nest("/api/docs", ui)
        .around(move |ep, req| middleware::allow(ep, req, allow.clone()));
    wrap(route, options)
}

/// The operations of `api` (its paths and methods).
fn meta_of<T: OpenApi>(_api: &T) -> Vec<poem_openapi::registry::MetaApi> {
    T::meta()
}

/// The OpenAPI document as pretty JSON.
pub fn openapi_json(helpdesk: Helpdesk) -> String {
    finish_document(&service(helpdesk).spec())
}

/// What poem-openapi cannot say by itself, written into its document `spec`:
///
/// - `POST /users` also answers callers without credentials (signup), so its `security`
///   lists the empty requirement `{}` beside the schemes.
/// - Every optional property of a request body (`*Request`) accepts `null` (absent, or for
///   patchable fields "clear it"), so it is `nullable`.
fn finish_document(spec: &str) -> String {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(spec) else {
        return spec.to_string();
    };
    if let Some(security) = doc
        .pointer_mut("/paths/~1users/post/security")
        .and_then(serde_json::Value::as_array_mut)
        && !security
            .iter()
            .any(|r| r.as_object().is_some_and(|o| o.is_empty()))
    {
        security.push(serde_json::json!({}));
    }
    if let Some(schemas) = doc
        .pointer_mut("/components/schemas")
        .and_then(serde_json::Value::as_object_mut)
    {
        for (name, schema) in schemas.iter_mut() {
            if name.ends_with("Request") {
                nullable_optional_properties(schema);
            }
        }
    }
    serde_json::to_string_pretty(&doc).unwrap_or_else(|_| spec.to_string())
}

/// Marks the properties of the object `schema` that are not `required` as `nullable`.
fn nullable_optional_properties(schema: &mut serde_json::Value) {
    let required: Vec<String> = schema["required"]
        .as_array()
        .map(|r| {
            r.iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let Some(properties) = schema["properties"].as_object_mut() else {
        return;
    };
    for (name, property) in properties.iter_mut() {
        if required.contains(name) {
            continue;
        }
        let Some(object) = property.as_object_mut() else {
            continue;
        };
        if let Some(reference) = object.remove("$ref") {
            // A `$ref` takes no siblings in OpenAPI 3.0: wrap it.
            object.insert("allOf".into(), serde_json::json!([{ "$ref": reference }]));
        }
        if !object.is_empty() || object.contains_key("allOf") {
            object.insert("nullable".into(), serde_json::Value::Bool(true));
        }
    }
}

/// Serves the application on a bound `listener` until `shutdown` completes, then drains
/// requests in flight; with the connection cap and idle timeout of `options`.
pub async fn serve(
    listener: std::net::TcpListener,
    helpdesk: Helpdesk,
    options: ServeOptions,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    listener.set_nonblocking(true)?;
    let acceptor = Capped::new(
        TcpAcceptor::from_std(listener)?,
        options.max_connections,
        ReadTimeouts {
            header: options.header_timeout,
            body: options.body_timeout,
            idle: options.idle_timeout,
        },
    );
    let departures = acceptor.departures();
    let app = app(helpdesk, &options).around(move |endpoint, request| {
        let departures = departures.clone();
        async move { answer_unless_gone(&departures, &endpoint, request).await }
    });
    Server::new_with_acceptor(acceptor)
        .idle_timeout(options.idle_timeout)
        .run_with_graceful_shutdown(app, shutdown, Some(options.shutdown_grace))
        .await
}
