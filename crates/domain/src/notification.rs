//! Online notifications: what a user is told about tickets.

use crate::{Id, Meta};

/// What happened, with the ids of Zammad's type lookup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationType {
    /// A ticket was created.
    Create = 1,
    /// A ticket was changed or got an article.
    Update = 2,
}

impl NotificationType {
    /// The type's id.
    pub fn id(self) -> Id {
        self as Id
    }

    /// The type's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
        }
    }

    /// The type with this id.
    pub fn from_id(id: Id) -> Option<Self> {
        [Self::Create, Self::Update]
            .into_iter()
            .find(|t| t.id() == id)
    }
}

/// The object lookup id of tickets.
pub const TICKET_OBJECT_ID: Id = crate::ObjectKind::Ticket.id();

/// One notification of one user about one ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct OnlineNotification {
    /// The notification's id.
    pub id: Id,
    /// The ticket's id.
    pub o_id: Id,
    /// The kind of object (tickets: [`TICKET_OBJECT_ID`]).
    pub object_lookup_id: Id,
    /// What happened (a [`NotificationType`] id).
    pub type_lookup_id: Id,
    /// Whom it is for.
    pub user_id: Id,
    /// Whether the user has seen it.
    pub seen: bool,
    /// Bookkeeping (`created_by_id` is the user who acted).
    pub meta: Meta,
}
