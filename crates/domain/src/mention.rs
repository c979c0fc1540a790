//! Mentions: a user subscribed to a ticket (Zammad's `Mention`), who then gets the ticket's
//! online notifications like its owner. One mention per user and ticket.

use crate::{Id, Meta};

/// The only kind of object users are mentioned on.
pub const MENTIONABLE_TYPE: &str = "Ticket";

/// A user subscribed to a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Mention {
    /// The mention's id.
    pub id: Id,
    /// The ticket (Zammad's `mentionable_id`, of `mentionable_type` `Ticket`).
    pub ticket_id: Id,
    /// The user subscribed.
    pub user_id: Id,
    /// Bookkeeping; `created_by_id` is who mentioned the user.
    pub meta: Meta,
}

impl Mention {
    /// A new mention of `user_id` on `ticket_id`.
    pub fn new(ticket_id: Id, user_id: Id, meta: Meta) -> Self {
        Self {
            id: 0,
            ticket_id,
            user_id,
            meta,
        }
    }

    /// The text that names the mention in a conflict: `ticket 7 user 3`.
    pub fn identity(&self) -> String {
        format!("ticket {} user {}", self.ticket_id, self.user_id)
    }
}
