//! Recent views: the tickets a user opened last (Zammad's `RecentView`), one entry per user
//! and ticket, moved to the front by each new view.

use crate::{Id, Timestamp};

/// A user's latest view of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct RecentView {
    /// The entry's id.
    pub id: Id,
    /// The user who viewed (Zammad's `created_by_id`).
    pub user_id: Id,
    /// The ticket viewed (Zammad's `o_id` of object `Ticket`).
    pub ticket_id: Id,
    /// When the user viewed it last.
    pub viewed_at: Timestamp,
}
