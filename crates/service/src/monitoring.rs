//! The server's version and its health check (Zammad's `/version` and `/monitoring`).

use helpdesk_policy::{Action, Actor, Resource, authorize, authorize_health_check};
use helpdesk_storage::Mode;
use sha2::{Digest, Sha256};

use crate::{Error, Helpdesk, Result};

/// What the health check found: Zammad's `{healthy, message, issues, actions}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// Whether no issue was found.
    pub healthy: bool,
    /// `success`, or the issues joined by `;`.
    pub message: String,
    /// One sentence per problem found.
    pub issues: Vec<String>,
    /// What an administrator may do about them (none this server offers yet).
    pub actions: Vec<String>,
}

impl Health {
    fn from_issues(issues: Vec<String>) -> Self {
        Self {
            healthy: issues.is_empty(),
            message: if issues.is_empty() {
                "success".into()
            } else {
                issues.join(";")
            },
            issues,
            actions: Vec::new(),
        }
    }
}

impl Helpdesk {
    /// The server's version (`admin.version`).
    pub fn version(&self, actor: &Actor) -> Result<String> {
        authorize(actor, Action::Read, Resource::Version).into_result()?;
        Ok(self.config().version.clone())
    }

    /// The health check: a signed-in `actor` needs `admin.monitoring`; an anonymous caller
    /// the configured monitoring token (401 without it, and always when none is configured).
    /// Checks what this server depends on: that the store answers a read.
    pub async fn health_check(&self, actor: Option<&Actor>, token: Option<&str>) -> Result<Health> {
        let token_matches = match (&self.config().monitoring_token, token) {
            (Some(expected), Some(given)) => digest(expected) == digest(given),
            _ => false,
        };
        if let Err(denial) = authorize_health_check(actor, token_matches).into_result() {
            return Err(match actor {
                Some(_) => denial.into(),
                None => Error::Unauthenticated(denial.message),
            });
        }
        let mut issues = Vec::new();
        if let Err(e) = self.store_answers().await {
            tracing::warn!(error = %e, "health check: the store does not answer");
            issues.push("database not reachable".to_string());
        }
        Ok(Health::from_issues(issues))
    }

    /// Whether the store answers one read.
    async fn store_answers(&self) -> Result<()> {
        let mut tx = self.begin(Mode::Read).await?;
        tx.roles().await?;
        Ok(())
    }
}

/// A token's SHA-256, so that comparing two takes the same time wherever they differ.
fn digest(token: &str) -> [u8; 32] {
    Sha256::digest(token.as_bytes()).into()
}
