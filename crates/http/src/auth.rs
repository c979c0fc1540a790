//! The authentication extractor: reads `Authorization`, `From` and `X-On-Behalf-Of`, and
//! documents the accepted schemes in the OpenAPI document. It never fails by itself; the
//! use-case layer decides what the credentials are worth.

use poem::{Request, RequestBody};
use poem_openapi::registry::{MetaSecurityScheme, Registry};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions};

use helpdesk_service::{Actor, Credentials, Helpdesk};

use crate::error::ApiResult;

const BASIC: &str = "basicAuth";
const TOKEN: &str = "tokenAuth";

/// What a request presented to authenticate itself: the extractor every handler takes.
///
/// It reads the headers only and never fails; [`Auth::actor`] asks the use-case layer who the
/// caller is (401 for bad credentials, 403 for a refused `From`). In the OpenAPI document it
/// declares the Basic and token schemes. A handler of an embedding application takes it like
/// the helpdesk's own handlers do:
///
/// ```
/// use helpdesk_http::Auth;
/// use helpdesk_http::error::ApiResult;
/// use helpdesk_service::Helpdesk;
/// use poem_openapi::{OpenApi, payload::PlainText};
///
/// /// The extender's own endpoints.
/// struct WhoAmI {
///     helpdesk: Helpdesk,
/// }
///
/// #[OpenApi]
/// impl WhoAmI {
///     /// The caller's login.
///     #[oai(path = "/whoami", method = "get")]
///     async fn whoami(&self, auth: Auth) -> ApiResult<PlainText<String>> {
///         let actor = auth.actor(&self.helpdesk).await?;
///         Ok(PlainText(actor.user.login.clone()))
///     }
/// }
/// ```
///
/// The client address that the login throttle counts failures by is the connection's peer
/// address, or, when that peer is one of the trusted proxies of
/// [`ServeOptions::trusted_proxies`](crate::ServeOptions::trusted_proxies), the address it
/// names in `X-Forwarded-For` (its right-most address that is no trusted proxy).
pub struct Auth {
    credentials: Credentials,
    on_behalf_of: Option<String>,
    client: Option<std::net::IpAddr>,
}

impl Auth {
    /// The actor, or 401/403.
    pub async fn actor(&self, helpdesk: &Helpdesk) -> ApiResult<Actor> {
        Ok(helpdesk
            .authenticate_from(&self.credentials, self.on_behalf_of.as_deref(), self.client)
            .await?)
    }

    /// The actor when credentials were sent, `None` for an anonymous caller.
    pub async fn optional_actor(&self, helpdesk: &Helpdesk) -> ApiResult<Option<Actor>> {
        Ok(helpdesk
            .authenticate_optional_from(
                &self.credentials,
                self.on_behalf_of.as_deref(),
                self.client,
            )
            .await?)
    }
}

/// The reverse proxies whose `X-Forwarded-For` names the client: request data set by
/// [`wrap`](crate::wrap).
#[derive(Debug, Clone, Default)]
pub(crate) struct TrustedProxies(pub(crate) std::sync::Arc<Vec<std::net::IpAddr>>);

/// The address of the client behind `req`: the connection's peer, unless that peer is a
/// trusted proxy; then the right-most address of `X-Forwarded-For` that is no trusted proxy
/// (a client can prepend anything to the header, but not what the proxies append). A
/// malformed header, or one naming only trusted proxies, counts as the peer.
pub(crate) fn client_address(req: &Request) -> Option<std::net::IpAddr> {
    let peer = req.remote_addr().as_socket_addr().map(|a| a.ip())?;
    let Some(TrustedProxies(trusted)) = req.data::<TrustedProxies>() else {
        return Some(peer);
    };
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let mut hops = Vec::new();
    for value in req.headers().get_all("X-Forwarded-For") {
        let Ok(value) = value.to_str() else {
            return Some(peer);
        };
        for hop in value.split(',') {
            match hop.trim().parse::<std::net::IpAddr>() {
                Ok(ip) => hops.push(ip),
                Err(_) => return Some(peer),
            }
        }
    }
    Some(
        hops.into_iter()
            .rev()
            .find(|ip| !trusted.contains(ip))
            .unwrap_or(peer),
    )
}

fn header(req: &Request, name: &str) -> Option<String> {
    req.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

impl<'a> ApiExtractor<'a> for Auth {
    const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::SecurityScheme];
    type ParamType = ();
    type ParamRawType = ();

    fn register(registry: &mut Registry) {
        registry.create_security_scheme(
            BASIC,
            MetaSecurityScheme {
                ty: "http",
                description: Some(
                    "HTTP Basic with login or email and password. Add `From: <id|login|email>` (or \
                     `X-On-Behalf-Of`) to act as another user; that needs admin.user.",
                ),
                name: None,
                key_in: None,
                scheme: Some("basic"),
                bearer_format: None,
                flows: None,
                openid_connect_url: None,
            },
        );
        registry.create_security_scheme(
            TOKEN,
            MetaSecurityScheme {
                ty: "apiKey",
                description: Some(
                    "A user access token: `Authorization: Token token=<secret>` (or `Token <secret>`, \
                     or `Bearer <secret>`). Rights are the token's permissions met with its owner's.",
                ),
                name: Some("Authorization"),
                key_in: Some("header"),
                scheme: None,
                bearer_format: None,
                flows: None,
                openid_connect_url: None,
            },
        );
    }

    fn security_schemes() -> Vec<&'static str> {
        vec![BASIC, TOKEN]
    }

    async fn from_request(
        req: &'a Request,
        _body: &mut RequestBody,
        _param_opts: ExtractParamOptions<Self::ParamType>,
    ) -> poem::Result<Self> {
        Ok(Self {
            credentials: Credentials::from_authorization(header(req, "Authorization").as_deref()),
            on_behalf_of: header(req, "From").or_else(|| header(req, "X-On-Behalf-Of")),
            client: client_address(req),
        })
    }
}
