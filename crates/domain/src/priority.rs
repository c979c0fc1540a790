//! Ticket priorities.

use crate::{Id, Meta};

/// A ticket priority.
#[derive(Debug, Clone, PartialEq)]
pub struct Priority {
    /// The priority's id.
    pub id: Id,
    /// Unique name (`1 low`, `2 normal`, `3 high`).
    pub name: String,
    /// The priority new tickets get; exactly one priority has it.
    pub default_create: bool,
    /// Icon hint for user interfaces.
    pub ui_icon: Option<String>,
    /// Colour hint for user interfaces.
    pub ui_color: Option<String>,
    /// Free text.
    pub note: String,
    /// Inactive priorities cannot be chosen.
    pub active: bool,
    /// Bookkeeping.
    pub meta: Meta,
}

impl Priority {
    /// A new active priority with no name yet.
    pub fn blank(meta: Meta) -> Self {
        Priority {
            id: 0,
            name: String::new(),
            default_create: false,
            ui_icon: None,
            ui_color: None,
            note: String::new(),
            active: true,
            meta,
        }
    }
}
