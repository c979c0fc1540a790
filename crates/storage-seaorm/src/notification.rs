//! NotificationRepo on the SQL store (skeleton).

use async_trait::async_trait;
use helpdesk_domain::{Id, OnlineNotification, Timestamp};
use helpdesk_storage::{NotificationRepo, Result};

use crate::error::not_yet;
use crate::transaction::SeaOrmTransaction;

#[async_trait]
impl NotificationRepo for SeaOrmTransaction {
    async fn notification(&mut self, _id: Id) -> Result<Option<OnlineNotification>> {
        Err(not_yet())
    }

    async fn notifications_of_user(
        &mut self,
        _user_id: Id,
        _limit: u64,
    ) -> Result<Vec<OnlineNotification>> {
        Err(not_yet())
    }

    async fn insert_notification(
        &mut self,
        _notification: &OnlineNotification,
    ) -> Result<OnlineNotification> {
        Err(not_yet())
    }

    async fn update_notification(&mut self, _notification: &OnlineNotification) -> Result<()> {
        Err(not_yet())
    }

    async fn delete_notification(&mut self, _id: Id) -> Result<()> {
        Err(not_yet())
    }

    async fn mark_notifications_seen_for_user(
        &mut self,
        _user_id: Id,
        _at: Timestamp,
    ) -> Result<()> {
        Err(not_yet())
    }

    async fn mark_notifications_seen_for_ticket(
        &mut self,
        _ticket_id: Id,
        _at: Timestamp,
    ) -> Result<()> {
        Err(not_yet())
    }
}
