//! The kinds of record the object manager knows, with their lookup ids.

use std::fmt;
use std::str::FromStr;

use crate::{Id, ValidationError};

/// A kind of record that can carry custom attributes (and be the object of a notification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectKind {
    /// Users.
    User,
    /// Tickets.
    Ticket,
    /// Organizations.
    Organization,
    /// Groups.
    Group,
}

impl ObjectKind {
    /// Every kind.
    pub const ALL: [ObjectKind; 4] = [Self::User, Self::Ticket, Self::Organization, Self::Group];

    /// The object lookup id (Zammad's sample gives tickets 2).
    pub const fn id(self) -> Id {
        match self {
            Self::User => 1,
            Self::Ticket => 2,
            Self::Organization => 3,
            Self::Group => 4,
        }
    }

    /// The kind with this lookup id.
    pub fn from_id(id: Id) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.id() == id)
    }

    /// The name (`Ticket`, `User`, ...).
    pub fn name(self) -> &'static str {
        match self {
            Self::User => "User",
            Self::Ticket => "Ticket",
            Self::Organization => "Organization",
            Self::Group => "Group",
        }
    }
}

impl fmt::Display for ObjectKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for ObjectKind {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|k| k.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| {
                ValidationError::new(format!(
                    "Invalid value for 'object': {s:?} (allowed: Ticket, User, Organization, Group)"
                ))
            })
    }
}
