//! Which tickets a [`TicketFilter`] answers, and their order: scope, free text over the
//! ticket and its articles, field terms on related records, time ranges and sorting.

use std::cmp::Ordering;
use std::collections::HashMap;

use helpdesk_domain::search::{Text, text_matches, word_match};
use helpdesk_domain::{Article, Id, ObjectKind, Ticket, Timestamp};
use helpdesk_storage::{Sort, TicketFilter, TicketScope, fields};

use crate::attributes::custom_field_matches;
use crate::state::Tables;
use crate::table::sort_order;

/// A filter with what it needs to look up around a ticket.
pub(crate) struct SearchContext<'a> {
    tables: &'a Tables,
    filter: &'a TicketFilter,
    /// The articles free text may match, by ticket.
    articles: HashMap<Id, Vec<&'a Article>>,
}

impl<'a> SearchContext<'a> {
    /// Prepares `filter` over `tables`.
    pub(crate) fn new(tables: &'a Tables, filter: &'a TicketFilter) -> Self {
        let mut articles: HashMap<Id, Vec<&Article>> = HashMap::new();
        let searchable = tables
            .articles
            .values()
            .filter(|a| filter.internal_articles || !a.internal);
        for article in searchable {
            articles.entry(article.ticket_id).or_default().push(article);
        }
        Self {
            tables,
            filter,
            articles,
        }
    }

    /// Whether the ticket is in scope and matches the query.
    pub(crate) fn matches(&self, ticket: &Ticket) -> bool {
        in_scope(&self.filter.scope, ticket)
            && self.filter.query.matches_with_ranges(
                &|t: &Text| self.text_matches(ticket, t),
                &|f: &str, t: &Text| self.field_matches(ticket, f, t),
                &|f: &str, from, to| range_matches(ticket, f, from, to),
            )
    }

    /// Free text: whole words of the title, the number, or an article's subject or body.
    fn text_matches(&self, ticket: &Ticket, needle: &Text) -> bool {
        word_match(&ticket.title, needle)
            || word_match(&ticket.number, needle)
            || self.articles.get(&ticket.id).is_some_and(|articles| {
                articles.iter().any(|a| {
                    word_match(&a.body, needle)
                        || a.subject.as_deref().is_some_and(|s| word_match(s, needle))
                })
            })
    }

    /// A `field:value` term: a built-in field, else a custom field.
    fn field_matches(&self, ticket: &Ticket, field: &str, needle: &Text) -> bool {
        if fields::TICKET_SUBSTRING.contains(&field) {
            let value = match field {
                "title" => Some(ticket.title.as_str()),
                _ => ticket.note.as_deref(),
            };
            return value.is_some_and(|v| text_matches(v, needle));
        }
        if fields::TICKET_IDS.contains(&field) {
            let wanted = needle.needle().trim().parse::<Id>().ok();
            return wanted.is_some_and(|w| id_field(ticket, field) == Some(w));
        }
        if fields::TICKET_EQUALITY.contains(&field) {
            return self
                .related_values(ticket, field)
                .iter()
                .any(|v| equals(v, needle));
        }
        custom_field_matches(self.tables, ObjectKind::Ticket, ticket.id, field, needle)
    }

    /// The values of one of [`fields::TICKET_EQUALITY`] for the ticket.
    fn related_values<'b>(&'b self, ticket: &'b Ticket, field: &str) -> Vec<&'b str> {
        let t = self.tables;
        let value: Option<&str> = match field {
            "number" => Some(ticket.number.as_str()),
            "state.name" => t.states.get(&ticket.state_id).map(|s| s.name.as_str()),
            "priority.name" => t
                .priorities
                .get(&ticket.priority_id)
                .map(|p| p.name.as_str()),
            "group.name" => t.groups.get(&ticket.group_id).map(|g| g.name.as_str()),
            "customer.email" => t.users.get(&ticket.customer_id).map(|u| u.email.as_str()),
            "customer.login" => t.users.get(&ticket.customer_id).map(|u| u.login.as_str()),
            "owner.login" => t.users.get(&ticket.owner_id).map(|u| u.login.as_str()),
            "organization.name" => ticket
                .organization_id
                .and_then(|o| t.organizations.get(&o))
                .map(|o| o.name.as_str()),
            "tags" => {
                let tags = t.ticket_tags.get(&ticket.id).into_iter().flatten();
                return tags
                    .filter_map(|tag| t.tag_items.get(tag))
                    .map(|item| item.name.as_str())
                    .collect();
            }
            _ => None,
        };
        value.into_iter().collect()
    }
}

fn in_scope(scope: &TicketScope, ticket: &Ticket) -> bool {
    match scope {
        TicketScope::All => true,
        TicketScope::Groups(ids) => ids.contains(&ticket.group_id),
        TicketScope::Customer {
            customer_id,
            organization_id,
        } => {
            ticket.customer_id == *customer_id
                || organization_id.is_some_and(|o| ticket.organization_id == Some(o))
        }
    }
}

/// Case-insensitive equality, or starts-with for a prefix.
fn equals(value: &str, needle: &Text) -> bool {
    let value = value.to_lowercase();
    let wanted = needle.needle().to_lowercase();
    match needle {
        Text::Prefix(_) => value.starts_with(&wanted),
        Text::Word(_) | Text::Phrase(_) => value == wanted,
    }
}

/// The value of one of [`fields::TICKET_IDS`].
fn id_field(ticket: &Ticket, field: &str) -> Option<Id> {
    match field {
        "id" => Some(ticket.id),
        "state_id" => Some(ticket.state_id),
        "priority_id" => Some(ticket.priority_id),
        "group_id" => Some(ticket.group_id),
        "owner_id" => Some(ticket.owner_id),
        "customer_id" => Some(ticket.customer_id),
        "organization_id" => ticket.organization_id,
        _ => None,
    }
}

/// The value of one of [`fields::TICKET_TIMES`].
fn time_field(ticket: &Ticket, field: &str) -> Option<Timestamp> {
    match field {
        "created_at" => Some(ticket.meta.created_at),
        "updated_at" => Some(ticket.meta.updated_at),
        "close_at" => ticket.close_at,
        "pending_time" => ticket.pending_time,
        "last_contact_at" => ticket.last_contact_at,
        _ => None,
    }
}

fn range_matches(
    ticket: &Ticket,
    field: &str,
    from: Option<Timestamp>,
    to: Option<Timestamp>,
) -> bool {
    time_field(ticket, field)
        .is_some_and(|t| from.is_none_or(|f| t >= f) && to.is_none_or(|e| t <= e))
}

/// Orders by the sort field in its direction (no value first when ascending), then by id
/// ascending.
pub(crate) fn compare(a: &Ticket, b: &Ticket, sort: &Sort) -> Ordering {
    let by_field = match sort.field {
        "number" => a.number.cmp(&b.number),
        "title" => a.title.cmp(&b.title),
        "created_at" => a.meta.created_at.cmp(&b.meta.created_at),
        "updated_at" => a.meta.updated_at.cmp(&b.meta.updated_at),
        "close_at" | "last_contact_at" | "pending_time" => {
            time_field(a, sort.field).cmp(&time_field(b, sort.field))
        }
        field => id_field(a, field).cmp(&id_field(b, field)),
    };
    sort_order(by_field, sort.order, a.id, b.id)
}
