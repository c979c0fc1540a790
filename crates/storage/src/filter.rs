//! Filters and ordering that lists push down into the backend.

use helpdesk_domain::search::Query;
use helpdesk_domain::{Id, SortOrder};

/// The field names lists may be sorted by and searched with, per record type. Backends map
/// exactly these to columns; the service refuses any other name before it reaches a backend.
pub mod fields {
    /// Sortable user fields.
    pub const USER_SORT: &[&str] = &[
        "id",
        "login",
        "firstname",
        "lastname",
        "email",
        "created_at",
        "updated_at",
    ];
    /// User fields matched by free text and usable as `field:value` terms.
    pub const USER_TEXT: &[&str] = &[
        "login",
        "firstname",
        "lastname",
        "email",
        "phone",
        "mobile",
        "department",
        "city",
        "note",
    ];
    /// Sortable organization fields.
    pub const ORGANIZATION_SORT: &[&str] = &["id", "name", "created_at", "updated_at"];
    /// Organization fields matched by free text and usable as `field:value` terms.
    pub const ORGANIZATION_TEXT: &[&str] = &["name", "domain", "note"];
}

/// An order for a list: one allow-listed field, then id ascending as the tie-breaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sort {
    /// One of the allow-listed field names of the record type.
    pub field: &'static str,
    /// Direction.
    pub order: SortOrder,
}

impl Sort {
    /// Id ascending, the order of every plain list.
    pub fn by_id() -> Self {
        Self {
            field: "id",
            order: SortOrder::Asc,
        }
    }
}

/// Which users a list or search answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserFilter {
    /// Only these users, when set (the caller's scope).
    pub ids: Option<Vec<Id>>,
    /// Only members of this organization, when set.
    pub organization_id: Option<Id>,
    /// Only users matching this query ([`Query::All`] for every one).
    pub query: Query,
}

impl UserFilter {
    /// Every user.
    pub fn all() -> Self {
        Self {
            ids: None,
            organization_id: None,
            query: Query::All,
        }
    }
}

/// Which organizations a list or search answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationFilter {
    /// Only these organizations, when set (the caller's scope).
    pub ids: Option<Vec<Id>>,
    /// Only organizations matching this query.
    pub query: Query,
}

impl OrganizationFilter {
    /// Every organization.
    pub fn all() -> Self {
        Self {
            ids: None,
            query: Query::All,
        }
    }
}
