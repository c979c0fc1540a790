//! Password resets, as Zammad has them: `POST /users/password_reset` (ask for a token) and
//! `POST /users/password_reset_verify` (check a token, or use it to set a password). Both
//! are anonymous; both answer 200 with Zammad's `{"message": "ok" | "failed", ...}`, so the
//! answers reveal no login. See `helpdesk_service`'s password resets for the token's rules.

use helpdesk_service::{Helpdesk, ResetVerification};
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::answer;
use crate::body::JsonBody;
use crate::failures::{BODY, Reply};

#[derive(Tags)]
enum Tag {
    /// Password resets without credentials.
    PasswordReset,
}

/// `POST /users/password_reset`.
#[derive(Debug, Clone, Object)]
pub struct PasswordResetRequest {
    /// The login or email of the account (422 when missing or empty).
    pub username: Option<String>,
}

/// `POST /users/password_reset_verify`.
#[derive(Debug, Clone, Object)]
pub struct PasswordResetVerifyRequest {
    /// The reset token (422 when missing or empty).
    pub token: Option<String>,
    /// The new password; without it the token is only checked.
    pub password: Option<String>,
}

/// Zammad's answer to the password-reset calls.
#[derive(Debug, Clone, Object)]
pub struct PasswordResetAnswer {
    /// `ok`, or `failed` (unknown, expired or used token; a refused password).
    pub message: String,
    /// The token's user's login, with `ok` from `password_reset_verify`.
    #[oai(skip_serializing_if_is_none)]
    pub user_login: Option<String>,
    /// Why the password was refused, with `failed`.
    #[oai(skip_serializing_if_is_none)]
    pub notice: Option<Vec<String>>,
}

impl PasswordResetAnswer {
    fn message(message: &str) -> Self {
        Self {
            message: message.into(),
            user_login: None,
            notice: None,
        }
    }
}

answer!(
    ResetAnswer(PasswordResetAnswer),
    "`{\"message\": \"ok\"}` or `{\"message\": \"failed\"}`, as the operation describes."
);

/// The password-reset operations.
pub struct PasswordResetApi {
    helpdesk: Helpdesk,
}

impl PasswordResetApi {
    /// The operations over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::PasswordReset")]
impl PasswordResetApi {
    /// Ask for a password-reset token.
    ///
    /// Anonymous. Answers `{"message": "ok"}` whether the login exists or not. The token is
    /// delivered by email once the helpdesk has an email channel; until then an operator
    /// issues one with `helpdesk admin reset-token EMAIL`.
    #[oai(path = "/users/password_reset", method = "post")]
    async fn password_reset(
        &self,
        body: JsonBody<PasswordResetRequest>,
    ) -> Reply<ResetAnswer, BODY> {
        let username = body.0.username.unwrap_or_default();
        self.helpdesk.password_reset_send(&username).await?;
        Ok(ResetAnswer(PasswordResetAnswer::message("ok")))
    }

    /// Check a password-reset token, or use it to set a new password.
    ///
    /// Anonymous. Without `password`: `{"message": "ok", "user_login"}` for a working
    /// token. With one: the password is set, the account unlocked and the token used up.
    /// An unknown, expired or used token answers `{"message": "failed"}`; a password the
    /// rules refuse `{"message": "failed", "notice": [...]}` (the token still works).
    #[oai(path = "/users/password_reset_verify", method = "post")]
    async fn password_reset_verify(
        &self,
        body: JsonBody<PasswordResetVerifyRequest>,
    ) -> Reply<ResetAnswer, BODY> {
        let request = body.0;
        let token = request.token.unwrap_or_default();
        let verified = self
            .helpdesk
            .password_reset_verify(&token, request.password.as_deref())
            .await?;
        Ok(ResetAnswer(match verified {
            ResetVerification::Ok { login } => PasswordResetAnswer {
                user_login: Some(login),
                ..PasswordResetAnswer::message("ok")
            },
            ResetVerification::Failed => PasswordResetAnswer::message("failed"),
            ResetVerification::Rejected { notice } => PasswordResetAnswer {
                notice: Some(vec![notice]),
                ..PasswordResetAnswer::message("failed")
            },
        }))
    }
}
