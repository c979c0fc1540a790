//! The history of a ticket: every change, who made it and when.

use crate::{Id, Timestamp};

/// One recorded change.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// The entry's id.
    pub id: Id,
    /// The ticket it belongs to.
    pub ticket_id: Id,
    /// `created`, `updated`, `added` or `removed`.
    pub history_type: String,
    /// `Ticket`, `Ticket::Article` or `Tag`.
    pub history_object: String,
    /// The id of the changed object (the ticket or the article).
    pub o_id: Id,
    /// The changed attribute (`state`, `title`, ...), for updates.
    pub attribute: Option<String>,
    /// The old value, shown as text.
    pub value_from: Option<String>,
    /// The new value, shown as text.
    pub value_to: Option<String>,
    /// The old id, for references.
    pub id_from: Option<Id>,
    /// The new id, for references.
    pub id_to: Option<Id>,
    /// Who made the change.
    pub created_by_id: Id,
    /// When.
    pub created_at: Timestamp,
}
