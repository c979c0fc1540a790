//! Groups: the queues tickets live in.

use std::fmt;
use std::str::FromStr;

use crate::{Id, Meta, ValidationError};

/// Whether a closed ticket of the group may be reopened by a customer's follow-up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUpPossible {
    /// Follow-ups reopen the ticket.
    Yes,
    /// Follow-ups must open a new ticket.
    NewTicket,
}

impl FollowUpPossible {
    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Yes => "yes",
            Self::NewTicket => "new_ticket",
        }
    }
}

impl fmt::Display for FollowUpPossible {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for FollowUpPossible {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "yes" => Ok(Self::Yes),
            "new_ticket" | "reject" => Ok(Self::NewTicket),
            other => Err(ValidationError::new(format!(
                "Invalid value '{other}' for 'follow_up_possible' (allowed: yes, new_ticket)"
            ))),
        }
    }
}

/// A group of tickets and the agents working them.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// The group's id; 1 is `Users`.
    pub id: Id,
    /// Unique name.
    pub name: String,
    /// Signature used in replies.
    pub signature_id: Option<Id>,
    /// Sender address used in replies.
    pub email_address_id: Option<Id>,
    /// Minutes after which an unanswered assignment is dropped.
    pub assignment_timeout: Option<i32>,
    /// Whether customers can reopen closed tickets.
    pub follow_up_possible: FollowUpPossible,
    /// Whether a follow-up goes back to the last owner.
    pub follow_up_assignment: bool,
    /// Inactive groups take no new tickets.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Bookkeeping.
    pub meta: Meta,
}

impl Group {
    /// A new active group with Zammad's defaults and no name yet.
    pub fn blank(meta: Meta) -> Self {
        Group {
            id: 0,
            name: String::new(),
            signature_id: None,
            email_address_id: None,
            assignment_timeout: None,
            follow_up_possible: FollowUpPossible::Yes,
            follow_up_assignment: true,
            active: true,
            note: String::new(),
            meta,
        }
    }
}
