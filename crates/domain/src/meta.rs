//! Identifiers, timestamps and the bookkeeping every record carries.

use chrono::{DateTime, TimeZone, Utc};

/// A record id: a positive integer assigned by the store, never reused.
pub type Id = i64;

/// A point in time, kept at millisecond precision.
pub type Timestamp = DateTime<Utc>;

/// The system user `-` (id 1): the creator of seeded records and "nobody" as a ticket owner.
pub const SYSTEM_USER_ID: Id = 1;

/// Who created and last changed a record, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meta {
    /// When the record was created.
    pub created_at: Timestamp,
    /// When the record was last changed.
    pub updated_at: Timestamp,
    /// The user who created the record; never changes.
    pub created_by_id: Id,
    /// The user who last changed the record.
    pub updated_by_id: Id,
}

impl Meta {
    /// Bookkeeping for a record created now by `actor`.
    pub fn new(actor: Id, now: Timestamp) -> Self {
        Self {
            created_at: now,
            updated_at: now,
            created_by_id: actor,
            updated_by_id: actor,
        }
    }

    /// Records a change made now by `actor`.
    pub fn touch(&mut self, actor: Id, now: Timestamp) {
        self.updated_at = now;
        self.updated_by_id = actor;
    }
}

/// Cuts a timestamp to the millisecond precision every store keeps.
pub fn truncate_to_millis(t: Timestamp) -> Timestamp {
    from_millis(t.timestamp_millis())
}

/// The timestamp `ms` milliseconds after the Unix epoch.
pub fn from_millis(ms: i64) -> Timestamp {
    Utc.timestamp_millis_opt(ms).single().unwrap_or_default()
}
