//! Organizations: the companies customers belong to.

use crate::{Id, Meta};

/// An organization of customers.
#[derive(Debug, Clone, PartialEq)]
pub struct Organization {
    /// The organization's id.
    pub id: Id,
    /// Unique name.
    pub name: String,
    /// Whether members see each other's tickets.
    pub shared: bool,
    /// Email domain.
    pub domain: String,
    /// Whether new users of `domain` join automatically.
    pub domain_assignment: bool,
    /// Inactive organizations are kept for history.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Bookkeeping.
    pub meta: Meta,
}

impl Organization {
    /// A new active, shared organization with no name yet.
    pub fn blank(meta: Meta) -> Self {
        Organization {
            id: 0,
            name: String::new(),
            shared: true,
            domain: String::new(),
            domain_assignment: false,
            active: true,
            note: String::new(),
            meta,
        }
    }
}
