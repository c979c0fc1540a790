//! `/version` and `/monitoring/health_check`: what the server runs and whether it is well,
//! in Zammad's shapes.

use helpdesk_service::Helpdesk;
use poem_openapi::param::Query;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::answer;
use crate::auth::Auth;
use crate::failures::{LIST, Reply, SIGNED_IN};

#[derive(Tags)]
enum Tag {
    /// The server's version and health.
    Monitoring,
}

/// The server's version.
#[derive(Debug, Clone, Object)]
pub struct Version {
    /// The version (`7.1.0`).
    pub version: String,
}

/// What the health check found.
#[derive(Debug, Clone, Object)]
pub struct Health {
    /// Whether no issue was found.
    pub healthy: bool,
    /// `success`, or the issues joined by `;`.
    pub message: String,
    /// One sentence per problem found (`database not reachable`).
    pub issues: Vec<String>,
    /// What an administrator may do about them.
    pub actions: Vec<String>,
}

impl From<helpdesk_service::Health> for Health {
    fn from(h: helpdesk_service::Health) -> Self {
        Self {
            healthy: h.healthy,
            message: h.message,
            issues: h.issues,
            actions: h.actions,
        }
    }
}

answer!(VersionAnswer(Version), "The server's version.");
answer!(
    HealthAnswer(Health),
    "What the health check found (200 whether healthy or not)."
);

/// The version and monitoring endpoints.
pub struct MonitoringApi {
    helpdesk: Helpdesk,
}

impl MonitoringApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Monitoring")]
impl MonitoringApi {
    /// The server's version.
    ///
    /// admin.version.
    #[oai(path = "/version", method = "get")]
    async fn version(&self, auth: Auth) -> Reply<VersionAnswer, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        let version = self.helpdesk.version(&actor)?;
        Ok(VersionAnswer(Version { version }))
    }

    /// The health check: whether the database answers.
    ///
    /// Anonymous callers with the configured monitoring token (401 otherwise); signed-in
    /// callers with admin.monitoring (403 otherwise).
    #[oai(path = "/monitoring/health_check", method = "get")]
    async fn health_check(
        &self,
        auth: Auth,
        /// The monitoring token of the server's configuration.
        token: Query<Option<String>>,
    ) -> Reply<HealthAnswer, LIST> {
        let actor = auth.optional_actor(&self.helpdesk).await?;
        let health = self
            .helpdesk
            .health_check(actor.as_ref(), token.0.as_deref())
            .await?;
        Ok(HealthAnswer(health.into()))
    }
}
