//! Zammad's conditions (selectors): the typed tree that ticket selector search, and later
//! triggers, macros, SLAs and overviews, evaluate.
//!
//! A condition is a group (`AND`, `OR`, `NOT`) of conditions or a rule on one field
//! (`ticket.state_id is 1, 2`). [`Condition::parse`] reads both of Zammad's forms, the tree
//! `{operator: "AND", conditions: [{name, operator, value}, …]}` and the older flat map
//! `{"ticket.state_id": {operator, value}}`; [`Condition::matches`] evaluates a condition on a
//! record that answers its fields ([`Subject`]). Which fields exist is the caller's to check
//! ([`Condition::fields`]); the rules of each operator follow Zammad's SQL selector
//! (`lib/selector/sql.rb`): `is not` also matches an empty field, `contains not` too, and a
//! relative time counts back or forward from [`Context::now`].
//!
//! ```
//! use helpdesk_domain::condition::{Condition, Context, FieldValue, Subject};
//! use serde_json::json;
//!
//! struct Ticket { state_id: i64, title: &'static str }
//! impl Subject for Ticket {
//!     fn field(&self, name: &str) -> FieldValue {
//!         match name {
//!             "ticket.state_id" => FieldValue::Int(self.state_id),
//!             "ticket.title" => FieldValue::Text(self.title.into()),
//!             _ => FieldValue::Null,
//!         }
//!     }
//! }
//!
//! let open_printers = Condition::parse(&json!({
//!     "operator": "AND",
//!     "conditions": [
//!         {"name": "ticket.state_id", "operator": "is", "value": ["1", "2"]},
//!         {"name": "ticket.title", "operator": "contains", "value": "printer"},
//!     ],
//! })).unwrap();
//! let context = Context::at(chrono::Utc::now());
//! assert!(open_printers.matches(&Ticket { state_id: 2, title: "Printer on fire" }, &context));
//! assert!(!open_printers.matches(&Ticket { state_id: 4, title: "Printer on fire" }, &context));
//! ```

mod eval;
mod parse;
mod ticket;

use std::collections::BTreeSet;

use crate::{Id, Timestamp};

pub use eval::{Context, FieldValue, Subject};
pub use ticket::TICKET_FIELDS;

/// A condition: a group of conditions or a rule on one field.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// Every condition holds (an empty group holds).
    All(Vec<Condition>),
    /// At least one condition holds (an empty group holds, as Zammad drops empty blocks).
    Any(Vec<Condition>),
    /// Not every condition holds: Zammad's `NOT(a AND b)`.
    Not(Vec<Condition>),
    /// A rule on one field.
    Rule(Rule),
}

/// A rule on one field: `field predicate`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// The field, `object.attribute` (`ticket.state_id`, `customer.email`, `article.body`).
    pub field: String,
    /// What the field's value must satisfy.
    pub predicate: Predicate,
}

/// What a rule asks of its field's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    /// `is`: the value is one of these (`not_set`, `current_user.*` as [`Target`]s).
    Is(Target),
    /// `is not`: the value is none of these, or empty.
    IsNot(Target),
    /// `is any of`: the value is one of these.
    IsAnyOf(Vec<Scalar>),
    /// `is none of`: the value is none of these.
    IsNoneOf(Vec<Scalar>),
    /// `contains`: the text holds this, ignoring case.
    Contains(String),
    /// `contains not`: the text does not hold this, ignoring case, or is empty.
    ContainsNot(String),
    /// `contains all`: a list (tags) holds every one of these.
    ContainsAll(Vec<String>),
    /// `contains one`: a list holds at least one of these.
    ContainsOne(Vec<String>),
    /// `contains all not`: a list does not hold all of these.
    ContainsAllNot(Vec<String>),
    /// `contains one not`: a list holds none of these.
    ContainsOneNot(Vec<String>),
    /// `starts with` and `starts with one of`, ignoring case.
    StartsWith(Vec<String>),
    /// `ends with` and `ends with one of`, ignoring case.
    EndsWith(Vec<String>),
    /// `is set`: the field has a value.
    IsSet,
    /// `not set`: the field has no value.
    NotSet,
    /// `today`: a time within the current day ([`Context::today`]).
    Today,
    /// `before (absolute)` and `before (relative)`: at or before the moment.
    Before(Moment),
    /// `after (absolute)` and `after (relative)`: at or after the moment.
    After(Moment),
    /// `within last (relative)`: between the span ago and now.
    WithinLast(Span),
    /// `within next (relative)`: between now and the span from now.
    WithinNext(Span),
    /// `till (relative)`: at or before the span from now.
    Till(Span),
    /// `from (relative)`: at or after the span ago.
    From(Span),
    /// `has changed`: the change being evaluated changed the field ([`Context::changed`]).
    HasChanged,
}

/// What `is` and `is not` compare with.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// These values; an empty string also matches an empty field, a `null` only it.
    Values(Vec<Scalar>),
    /// `pre_condition: not_set`: no value (for a user reference also the system user, id 1).
    NotSet,
    /// `pre_condition: current_user.id`: the evaluating user.
    CurrentUser,
    /// `pre_condition: current_user.organization_id`: one of the evaluating user's
    /// organizations.
    CurrentUserOrganization,
}

/// One value of a condition, as JSON gives it.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// `null`.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A text (ids come as texts too: `"1"`).
    Text(String),
}

/// A point in time: absolute, or relative to [`Context::now`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Moment {
    /// This time.
    At(Timestamp),
    /// `before (relative)`: this span ago.
    Ago(Span),
    /// `after (relative)`: this span from now.
    FromNow(Span),
}

/// A length of time in a calendar unit: `{value: 7, range: "day"}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// How many units (not negative).
    pub amount: u32,
    /// The unit.
    pub unit: SpanUnit,
}

/// The units of a relative time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanUnit {
    /// Minutes.
    Minute,
    /// Hours.
    Hour,
    /// Days.
    Day,
    /// Weeks.
    Week,
    /// Calendar months.
    Month,
    /// Calendar years.
    Year,
}

impl Condition {
    /// Every field the condition names, once each, in name order.
    pub fn fields(&self) -> BTreeSet<&str> {
        let mut fields = BTreeSet::new();
        self.collect_fields(&mut fields);
        fields
    }

    fn collect_fields<'a>(&'a self, into: &mut BTreeSet<&'a str>) {
        match self {
            Condition::All(list) | Condition::Any(list) | Condition::Not(list) => {
                list.iter().for_each(|c| c.collect_fields(into))
            }
            Condition::Rule(rule) => {
                into.insert(&rule.field);
            }
        }
    }
}

impl Scalar {
    /// The value as the text a field's value is compared with (`1`, `true`, `open`).
    fn as_text(&self) -> Option<String> {
        match self {
            Scalar::Null => None,
            Scalar::Bool(b) => Some(b.to_string()),
            Scalar::Int(n) => Some(n.to_string()),
            Scalar::Text(t) => Some(t.clone()),
        }
    }

    /// The value as an id, when it is one (`1` or `"1"`).
    pub fn as_id(&self) -> Option<Id> {
        match self {
            Scalar::Int(n) => Some(*n),
            Scalar::Text(t) => t.trim().parse().ok(),
            _ => None,
        }
    }
}
