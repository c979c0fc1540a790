//! `/user_access_token`: the caller's personal access tokens. A secret is answered once, at
//! creation; lists never carry secrets.

use chrono::NaiveDate;
use helpdesk_domain::{AccessToken, Id};
use helpdesk_service::{Helpdesk, TokenInput};
use poem_openapi::param::Path;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, answer};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::error::{ApiError, ApiResult};
use crate::failures::{CREATE, DELETE, Reply, SIGNED_IN};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Personal access tokens (user_preferences.access_token).
    UserAccessTokens,
}

/// A token as listed: no secret.
#[derive(Debug, Clone, Object)]
pub struct Token {
    /// Id.
    pub id: Id,
    /// Owner.
    pub user_id: Id,
    /// The owner's label for it.
    pub label: String,
    /// The label again, as newer Zammad names it.
    pub name: String,
    /// Permission names the token may use.
    pub permissions: Vec<String>,
    /// `{"permission": [...]}`, as Zammad keeps it.
    pub preferences: serde_json::Value,
    /// Last day the token works (`YYYY-MM-DD`), or null for never.
    #[oai(nullable)]
    pub expires_at: Option<String>,
    /// Last time it authenticated a request (updated at most once a minute).
    #[oai(nullable)]
    pub last_used_at: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

impl From<AccessToken> for Token {
    fn from(t: AccessToken) -> Self {
        Self {
            id: t.id,
            user_id: t.user_id,
            name: t.label.clone(),
            label: t.label,
            preferences: serde_json::json!({ "permission": t.permissions }),
            permissions: t.permissions,
            expires_at: t.expires_at.map(|d| d.format("%Y-%m-%d").to_string()),
            last_used_at: time::format_opt(&t.last_used_at),
            created_at: time::format(&t.created_at),
            updated_at: time::format(&t.updated_at),
        }
    }
}

/// The caller's tokens and the permissions it may grant them.
#[derive(Debug, Clone, Object)]
pub struct TokenList {
    /// The caller's tokens.
    pub tokens: Vec<Token>,
    /// Permission names the caller may give a token.
    pub permissions: Vec<String>,
}

/// A new token.
#[derive(Debug, Clone, Object)]
pub struct TokenRequest {
    /// What to call it (the source's key).
    pub label: Option<String>,
    /// What to call it (newer Zammad's key).
    pub name: Option<String>,
    /// Permission names; each must be held by the caller.
    pub permission: Vec<String>,
    /// Last day the token works (`YYYY-MM-DD`); absent or null for never.
    pub expires_at: Option<String>,
}

/// The secret of a new token, shown this once.
#[derive(Debug, Clone, Object)]
pub struct TokenSecret {
    /// The secret (the source's key).
    pub name: String,
    /// The secret (newer Zammad's key).
    pub token: String,
    /// The new token's id.
    pub id: Id,
}

answer!(
    TokenListing(TokenList),
    "The caller's tokens, and the permissions a new token may have."
);
answer!(
    NewToken(TokenSecret),
    "The new token with its secret, which is never shown again."
);

/// The access token endpoints.
pub struct TokensApi {
    helpdesk: Helpdesk,
}

impl TokensApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

fn parse_date(value: &str) -> ApiResult<NaiveDate> {
    let day = value.trim().get(..10).unwrap_or(value.trim());
    NaiveDate::parse_from_str(day, "%Y-%m-%d").map_err(|_| {
        ApiError::unprocessable(format!(
            "Invalid value for 'expires_at': {value:?} is not a date (YYYY-MM-DD)"
        ))
    })
}

#[OpenApi(tag = "Tag::UserAccessTokens")]
impl TokensApi {
    /// List the caller's tokens.
    #[oai(path = "/user_access_token", method = "get")]
    async fn list(&self, auth: Auth) -> Reply<TokenListing, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        let list = self.helpdesk.list_tokens(&actor).await?;
        Ok(TokenListing(TokenList {
            tokens: list.tokens.into_iter().map(Token::from).collect(),
            permissions: list.permissions,
        }))
    }

    /// Create a token.
    ///
    /// The answer carries the secret; it is never shown again.
    #[oai(path = "/user_access_token", method = "post")]
    async fn create(&self, auth: Auth, body: JsonBody<TokenRequest>) -> Reply<NewToken, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let r = body.0;
        let input = TokenInput {
            label: r.label.or(r.name).unwrap_or_default(),
            permissions: r.permission,
            expires_at: r
                .expires_at
                .filter(|s| !s.trim().is_empty())
                .map(|s| parse_date(&s))
                .transpose()?,
        };
        let created = self.helpdesk.create_token(&actor, input).await?;
        Ok(NewToken(TokenSecret {
            name: created.secret.clone(),
            token: created.secret,
            id: created.token.id,
        }))
    }

    /// Delete one of the caller's tokens.
    ///
    /// A token that does not exist and another user's answer alike: 422
    /// `The API token could not be found.` (Zammad's answer), the token kept.
    #[oai(path = "/user_access_token/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_token(&actor, id.0).await?;
        Ok(Done)
    }
}
