//! Ticket states and their types.

use crate::{Id, Meta};

/// The fixed kinds of state, with Zammad's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StateType {
    /// Just created.
    New = 1,
    /// Being worked.
    Open = 2,
    /// Waiting until a reminder time.
    PendingReminder = 3,
    /// Waiting until an automatic action.
    PendingAction = 4,
    /// Done.
    Closed = 5,
    /// Merged into another ticket.
    Merged = 6,
}

impl StateType {
    /// Every state type, by id.
    pub const ALL: [StateType; 6] = [
        Self::New,
        Self::Open,
        Self::PendingReminder,
        Self::PendingAction,
        Self::Closed,
        Self::Merged,
    ];

    /// The type's id.
    pub fn id(self) -> Id {
        self as Id
    }

    /// The type with this id.
    pub fn from_id(id: Id) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id() == id)
    }

    /// The type's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Open => "open",
            Self::PendingReminder => "pending reminder",
            Self::PendingAction => "pending action",
            Self::Closed => "closed",
            Self::Merged => "merged",
        }
    }

    /// Whether tickets in such a state wait for a time.
    pub fn is_pending(self) -> bool {
        matches!(self, Self::PendingReminder | Self::PendingAction)
    }
}

/// A ticket state.
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// The state's id.
    pub id: Id,
    /// One of the fixed state types, by id.
    pub state_type_id: Id,
    /// Unique name.
    pub name: String,
    /// The state a pending state moves to.
    pub next_state_id: Option<Id>,
    /// Whether escalation stops in this state.
    pub ignore_escalation: bool,
    /// The state new tickets get; exactly one state has it.
    pub default_create: bool,
    /// The state a follow-up moves a ticket to; exactly one state has it.
    pub default_follow_up: bool,
    /// Free text.
    pub note: String,
    /// Inactive states cannot be chosen.
    pub active: bool,
    /// Bookkeeping.
    pub meta: Meta,
}

impl State {
    /// A new active state with no name nor type yet.
    pub fn blank(meta: Meta) -> Self {
        State {
            id: 0,
            state_type_id: 0,
            name: String::new(),
            next_state_id: None,
            ignore_escalation: false,
            default_create: false,
            default_follow_up: false,
            note: String::new(),
            active: true,
            meta,
        }
    }
}
