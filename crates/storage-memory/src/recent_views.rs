//! Recent views of tickets.

use std::cmp::Reverse;

use async_trait::async_trait;
use helpdesk_domain::{Id, RecentView, Timestamp};
use helpdesk_storage::{Conflict, RecentViewRepo, Result};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl RecentViewRepo for MemoryTransaction {
    async fn log_recent_view(&mut self, user_id: Id, ticket_id: Id, at: Timestamp) -> Result<()> {
        let tables = self.tables_mut()?;
        if !(tables.tickets.contains_key(&ticket_id) && tables.users.contains_key(&user_id)) {
            return Err(Conflict::MissingReference {
                record: "recent view",
            }
            .into());
        }
        // A new entry, not a moved one: its id breaks a tie of equal times in view order.
        tables
            .recent_views
            .remove_where(|v| v.user_id == user_id && v.ticket_id == ticket_id);
        let view = RecentView {
            id: 0,
            user_id,
            ticket_id,
            viewed_at: at,
        };
        tables.recent_views.insert(&view).map(|_| ())
    }

    async fn recent_views(&mut self, user_id: Id, limit: u64) -> Result<Vec<RecentView>> {
        let mut views = self.tables().recent_views.select(|v| v.user_id == user_id);
        views.sort_by_key(|v| Reverse((v.viewed_at, v.id)));
        views.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(views)
    }
}
