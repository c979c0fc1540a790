//! `/online_notifications`: every user reads and changes only their own.

use helpdesk_domain::notification::TICKET_OBJECT_ID;
use helpdesk_domain::{Id, NotificationType};
use helpdesk_service::Helpdesk;
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::failures::{Reply, SHOW, SIGNED_IN, UPDATE};
use crate::list::ListResponse;
use crate::params::Flag;
use crate::time;

#[derive(Tags)]
enum Tag {
    /// What a user is told about tickets.
    OnlineNotifications,
}

/// An online notification as answered.
#[derive(Debug, Clone, Object)]
pub struct OnlineNotification {
    /// Id.
    pub id: Id,
    /// The ticket's id.
    pub o_id: Id,
    /// The kind of object: 1 is Ticket.
    pub object_lookup_id: Id,
    /// What happened: 1 create, 2 update.
    pub type_lookup_id: Id,
    /// Whom it is for.
    pub user_id: Id,
    /// Whether the user has seen it.
    pub seen: bool,
    /// The object's name, `Ticket` (with `expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub object: Option<String>,
    /// What happened, `create` or `update` (with `expand=true`).
    #[oai(rename = "type", skip_serializing_if_is_none)]
    pub kind: Option<String>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// The user who acted.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl OnlineNotification {
    fn new(n: helpdesk_domain::OnlineNotification, expand: bool) -> Self {
        let (object, kind) = if expand {
            (
                (n.object_lookup_id == TICKET_OBJECT_ID).then(|| "Ticket".to_string()),
                NotificationType::from_id(n.type_lookup_id).map(|t| t.name().to_string()),
            )
        } else {
            (None, None)
        };
        Self {
            id: n.id,
            o_id: n.o_id,
            object_lookup_id: n.object_lookup_id,
            type_lookup_id: n.type_lookup_id,
            user_id: n.user_id,
            seen: n.seen,
            object,
            kind,
            created_at: time::format(&n.meta.created_at),
            updated_at: time::format(&n.meta.updated_at),
            created_by_id: n.meta.created_by_id,
            updated_by_id: n.meta.updated_by_id,
        }
    }
}

/// The fields of a notification update.
#[derive(Debug, Clone, Object)]
pub struct NotificationUpdate {
    /// Whether the user has seen it; absent leaves it as it is.
    pub seen: Option<bool>,
}

/// The online notification endpoints.
pub struct NotificationsApi {
    helpdesk: Helpdesk,
}

impl NotificationsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::OnlineNotifications")]
impl NotificationsApi {
    /// The caller's newest 200 notifications, newest first.
    ///
    /// Any authenticated user; only their own.
    #[oai(path = "/online_notifications", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        expand: Query<Flag>,
    ) -> Reply<ListResponse<OnlineNotification>, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        let expand = expand.0.0;
        let items: Vec<OnlineNotification> = self
            .helpdesk
            .list_notifications(&actor)
            .await?
            .into_iter()
            .map(|n| OnlineNotification::new(n, expand))
            .collect();
        let total = items.len() as u64;
        Ok(ListResponse::Ok(Json(items), total))
    }

    /// Show a notification.
    ///
    /// Its user only; another user's answers 403.
    #[oai(path = "/online_notifications/:id", method = "get")]
    async fn show(
        &self,
        auth: Auth,
        id: Path<Id>,
        expand: Query<Flag>,
    ) -> Reply<Record<OnlineNotification>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let n = self.helpdesk.show_notification(&actor, id.0).await?;
        Ok(Record(OnlineNotification::new(n, expand.0.0)))
    }

    /// Mark a notification seen or unseen.
    ///
    /// Its user only (as show and delete; no permission reaches another user's).
    #[oai(path = "/online_notifications/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<NotificationUpdate>,
    ) -> Reply<Record<OnlineNotification>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let n = self
            .helpdesk
            .update_notification(&actor, id.0, body.0.seen)
            .await?;
        Ok(Record(OnlineNotification::new(n, false)))
    }

    /// Delete a notification.
    ///
    /// Its user only.
    #[oai(path = "/online_notifications/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_notification(&actor, id.0).await?;
        Ok(Done)
    }

    /// Mark all the caller's notifications seen. Answers `{}`.
    ///
    /// Any authenticated user; only their own.
    #[oai(path = "/online_notifications/mark_all_as_read", method = "post")]
    async fn mark_all_as_read(&self, auth: Auth) -> Reply<Done, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.mark_all_notifications_read(&actor).await?;
        Ok(Done)
    }
}
