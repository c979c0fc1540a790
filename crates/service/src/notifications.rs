//! Online notifications: every user sees and changes only their own.

use helpdesk_domain::{Id, OnlineNotification};
use helpdesk_policy::{Actor, authorize_notification};
use helpdesk_storage::Mode;

use crate::error::OrNotFound;
use crate::{Helpdesk, Result};

/// How many notifications the list answers.
pub const NOTIFICATION_LIST_LIMIT: u64 = 200;

impl Helpdesk {
    /// The caller's newest notifications, newest first.
    pub async fn list_notifications(&self, actor: &Actor) -> Result<Vec<OnlineNotification>> {
        let mut tx = self.begin(Mode::Read).await?;
        Ok(tx
            .notifications_of_user(actor.id(), NOTIFICATION_LIST_LIMIT)
            .await?)
    }

    /// One of the caller's notifications.
    pub async fn show_notification(&self, actor: &Actor, id: Id) -> Result<OnlineNotification> {
        let mut tx = self.begin(Mode::Read).await?;
        own(tx.notification(id).await?, actor, id)
    }

    /// Marks one of the caller's notifications seen or unseen (the owner only, as Zammad's
    /// `OnlineNotificationPolicy`: no permission reaches another user's).
    pub async fn update_notification(
        &self,
        actor: &Actor,
        id: Id,
        seen: Option<bool>,
    ) -> Result<OnlineNotification> {
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let mut notification = own(tx.notification(id).await?, actor, id)?;
        if let Some(seen) = seen {
            notification.seen = seen;
        }
        notification.meta.touch(actor.id(), now);
        tx.update_notification(&notification).await?;
        tx.commit().await?;
        Ok(notification)
    }

    /// Deletes one of the caller's notifications.
    pub async fn delete_notification(&self, actor: &Actor, id: Id) -> Result<()> {
        let mut tx = self.begin(Mode::Write).await?;
        own(tx.notification(id).await?, actor, id)?;
        tx.delete_notification(id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Marks all the caller's notifications seen.
    pub async fn mark_all_notifications_read(&self, actor: &Actor) -> Result<()> {
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        tx.mark_notifications_seen_for_user(actor.id(), now).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The notification when it is the actor's; another user's answers 403, whatever the
/// actor's permissions (show, update and delete alike).
fn own(found: Option<OnlineNotification>, actor: &Actor, id: Id) -> Result<OnlineNotification> {
    let notification = found.or_not_found("OnlineNotification", id)?;
    authorize_notification(actor, notification.user_id).into_result()?;
    Ok(notification)
}
