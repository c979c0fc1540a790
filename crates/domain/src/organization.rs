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
