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
    /// User and organization time fields usable in range terms (`updated_at:>now-1d`).
    pub const RECORD_TIMES: &[&str] = &["created_at", "updated_at"];
    /// Sortable organization fields.
    pub const ORGANIZATION_SORT: &[&str] = &["id", "name", "created_at", "updated_at"];
    /// Organization fields matched by free text and usable as `field:value` terms.
    pub const ORGANIZATION_TEXT: &[&str] = &["name", "domain", "note"];
    /// Sortable ticket fields.
    pub const TICKET_SORT: &[&str] = &[
        "id",
        "number",
        "title",
        "created_at",
        "updated_at",
        "state_id",
        "priority_id",
        "group_id",
        "owner_id",
        "customer_id",
        "organization_id",
        "close_at",
        "last_contact_at",
        "pending_time",
    ];
    /// Ticket `field:value` terms matched as case-insensitive substrings.
    pub const TICKET_SUBSTRING: &[&str] = &["title", "note"];
    /// Ticket `field:value` terms matched as case-insensitive equality (a prefix term
    /// `field:val*` as starts-with): names of related records, the number and tags.
    pub const TICKET_EQUALITY: &[&str] = &[
        "number",
        "state.name",
        "priority.name",
        "group.name",
        "customer.email",
        "customer.login",
        "owner.login",
        "organization.name",
        "tags",
    ];
    /// Ticket `field:value` terms on ids, matched exactly (a non-numeric value matches nothing).
    pub const TICKET_IDS: &[&str] = &[
        "id",
        "state_id",
        "priority_id",
        "group_id",
        "owner_id",
        "customer_id",
        "organization_id",
    ];
    /// Ticket time fields usable in range terms (`created_at:[2024-01-01 TO 2024-12-31]`).
    pub const TICKET_TIMES: &[&str] = &[
        "created_at",
        "updated_at",
        "close_at",
        "pending_time",
        "last_contact_at",
    ];
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

/// Which tickets a caller may see at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketScope {
    /// Every ticket.
    All,
    /// Tickets of these groups (an agent's groups with `read`).
    Groups(Vec<Id>),
    /// A customer's own tickets, and those of `organization_id` when it is set (the
    /// customer's organization, when it is shared).
    Customer {
        /// The customer.
        customer_id: Id,
        /// The shared organization whose tickets the customer also sees.
        organization_id: Option<Id>,
    },
}

/// Which tickets a list or search answers.
///
/// Free-text terms match whole words (see `helpdesk_domain::search::word_match`) of the
/// title, the number and the bodies and subjects of the ticket's articles; internal articles
/// count only when `internal_articles` is set.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketFilter {
    /// What the caller may see.
    pub scope: TicketScope,
    /// The search ([`Query::All`] for a plain list).
    pub query: Query,
    /// Whether free text may match internal articles (agents: yes; customers: never).
    pub internal_articles: bool,
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
