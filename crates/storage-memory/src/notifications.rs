//! Online notifications.

use async_trait::async_trait;
use helpdesk_domain::{Id, OnlineNotification, Timestamp};
use helpdesk_storage::{NotificationRepo, Result};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl NotificationRepo for MemoryTransaction {
    async fn notification(&mut self, id: Id) -> Result<Option<OnlineNotification>> {
        Ok(self.tables().notifications.record(id))
    }

    async fn notifications_of_user(
        &mut self,
        user_id: Id,
        limit: u64,
    ) -> Result<Vec<OnlineNotification>> {
        let notifications = self.tables().notifications.values().rev();
        Ok(notifications
            .filter(|n| n.user_id == user_id)
            .take(usize::try_from(limit).unwrap_or(usize::MAX))
            .cloned()
            .collect())
    }

    async fn insert_notification(
        &mut self,
        notification: &OnlineNotification,
    ) -> Result<OnlineNotification> {
        self.tables_mut()?.notifications.insert(notification)
    }

    async fn update_notification(&mut self, notification: &OnlineNotification) -> Result<()> {
        self.tables_mut()?.notifications.update(notification)
    }

    async fn delete_notification(&mut self, id: Id) -> Result<()> {
        self.tables_mut()?.notifications.delete(id)
    }

    async fn mark_notifications_seen_for_user(&mut self, user_id: Id, at: Timestamp) -> Result<()> {
        self.mark_seen(|n| n.user_id == user_id, at)
    }

    async fn mark_notifications_seen_for_ticket(
        &mut self,
        ticket_id: Id,
        at: Timestamp,
    ) -> Result<()> {
        self.mark_seen(|n| n.o_id == ticket_id, at)
    }
}

impl MemoryTransaction {
    /// Sets `seen` and `updated_at` on every unseen notification `which` picks; seen ones stay
    /// as they are.
    fn mark_seen(
        &mut self,
        which: impl Fn(&OnlineNotification) -> bool,
        at: Timestamp,
    ) -> Result<()> {
        let notifications = &mut self.tables_mut()?.notifications;
        let ids: Vec<Id> = notifications
            .values()
            .filter(|n| !n.seen && which(n))
            .map(|n| n.id)
            .collect();
        for id in ids {
            if let Ok(n) = notifications.existing_mut(id) {
                n.seen = true;
                n.meta.updated_at = at;
            }
        }
        Ok(())
    }
}
