//! Evaluating a condition on a record.

use std::collections::BTreeSet;

use chrono::{Duration, Months, TimeZone, Utc};

use super::{Condition, Moment, Predicate, Scalar, Span, SpanUnit, Target};
use crate::{Id, Timestamp};

/// A field's value as a condition sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue {
    /// No value.
    Null,
    /// A boolean.
    Bool(bool),
    /// A whole number (ids too).
    Int(i64),
    /// A text.
    Text(String),
    /// A time.
    Time(Timestamp),
    /// A list of texts (tags) or ids (mentioned users), as texts.
    List(Vec<String>),
}

/// A record a condition is evaluated on: it answers each field by name (`ticket.title`,
/// `customer.email`); an unknown field answers [`FieldValue::Null`].
pub trait Subject {
    /// The value of the field `name`.
    fn field(&self, name: &str) -> FieldValue;
}

/// What a condition is evaluated against besides the record.
#[derive(Debug, Clone)]
pub struct Context {
    /// The time relative times count from.
    pub now: Timestamp,
    /// The first and the last moment of the current day (`today`), in the helpdesk's time zone.
    pub today: (Timestamp, Timestamp),
    /// The evaluating user (`pre_condition: current_user.id`), if any.
    pub current_user: Option<Id>,
    /// The evaluating user's organizations (`current_user.organization_id`).
    pub current_organizations: Vec<Id>,
    /// The fields the change being evaluated changed (`has changed`).
    pub changed: BTreeSet<String>,
}

impl Context {
    /// A context at `now`, whose day is the UTC day, with no user and no change.
    pub fn at(now: Timestamp) -> Self {
        let start = now
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .map(|t| Utc.from_utc_datetime(&t))
            .unwrap_or(now);
        Self {
            now,
            today: (start, start + Duration::days(1) - Duration::nanoseconds(1)),
            current_user: None,
            current_organizations: Vec::new(),
            changed: BTreeSet::new(),
        }
    }

    /// The same context evaluated by `user`, a member of `organizations`.
    pub fn for_user(mut self, user: Id, organizations: Vec<Id>) -> Self {
        self.current_user = Some(user);
        self.current_organizations = organizations;
        self
    }
}

impl Condition {
    /// Whether the condition holds for `subject`.
    pub fn matches(&self, subject: &dyn Subject, context: &Context) -> bool {
        match self {
            Condition::All(list) => list.iter().all(|c| c.matches(subject, context)),
            Condition::Any(list) => {
                list.is_empty() || list.iter().any(|c| c.matches(subject, context))
            }
            Condition::Not(list) => {
                list.is_empty() || !list.iter().all(|c| c.matches(subject, context))
            }
            Condition::Rule(rule) => {
                let value = subject.field(&rule.field);
                rule.predicate.holds(&rule.field, &value, context)
            }
        }
    }
}

impl Predicate {
    /// Whether `value`, the value of `field`, satisfies the predicate.
    fn holds(&self, field: &str, value: &FieldValue, context: &Context) -> bool {
        let texts = value.texts();
        let lower: Vec<String> = texts.iter().map(|t| t.to_lowercase()).collect();
        let time = value.time();
        let now = context.now;
        match self {
            Predicate::Is(target) => is(field, value, &texts, target, context),
            Predicate::IsNot(Target::Values(values)) if values.contains(&Scalar::Null) => {
                !matches!(value, FieldValue::Null)
            }
            Predicate::IsNot(Target::Values(values))
                if values.contains(&Scalar::Text("".into())) =>
            {
                !value.is_empty()
                    && !is(
                        field,
                        value,
                        &texts,
                        &Target::Values(values.clone()),
                        context,
                    )
            }
            Predicate::IsNot(target) => {
                value.is_empty() || !is(field, value, &texts, target, context)
            }
            Predicate::IsAnyOf(values) => {
                !matches!(value, FieldValue::Null) && one_of(&texts, values)
            }
            Predicate::IsNoneOf(values) => {
                !matches!(value, FieldValue::Null) && !one_of(&texts, values)
            }
            Predicate::Contains(part) => lower.iter().any(|t| t.contains(&part.to_lowercase())),
            Predicate::ContainsNot(part) => !lower.iter().any(|t| t.contains(&part.to_lowercase())),
            Predicate::ContainsAll(items) => items.iter().all(|i| holds_item(&lower, i)),
            Predicate::ContainsOne(items) => items.iter().any(|i| holds_item(&lower, i)),
            Predicate::ContainsAllNot(items) => !items.iter().all(|i| holds_item(&lower, i)),
            Predicate::ContainsOneNot(items) => !items.iter().any(|i| holds_item(&lower, i)),
            Predicate::StartsWith(items) => lower
                .iter()
                .any(|t| items.iter().any(|i| t.starts_with(&i.to_lowercase()))),
            Predicate::EndsWith(items) => lower
                .iter()
                .any(|t| items.iter().any(|i| t.ends_with(&i.to_lowercase()))),
            Predicate::IsSet => !value.is_empty(),
            Predicate::NotSet => value.is_empty(),
            Predicate::Today => time.is_some_and(|t| context.today.0 <= t && t <= context.today.1),
            Predicate::Before(moment) => time.is_some_and(|t| t <= resolve(*moment, now)),
            Predicate::After(moment) => time.is_some_and(|t| t >= resolve(*moment, now)),
            Predicate::WithinLast(span) => time.is_some_and(|t| ago(*span, now) <= t && t <= now),
            Predicate::WithinNext(span) => {
                time.is_some_and(|t| now <= t && t <= from_now(*span, now))
            }
            Predicate::Till(span) => time.is_some_and(|t| t <= from_now(*span, now)),
            Predicate::From(span) => time.is_some_and(|t| t >= ago(*span, now)),
            Predicate::HasChanged => context.changed.contains(field),
        }
    }
}

/// `is`: whether the value is one of the target's.
fn is(
    field: &str,
    value: &FieldValue,
    texts: &[String],
    target: &Target,
    context: &Context,
) -> bool {
    match target {
        Target::Values(values) => {
            if value.is_empty() {
                return values.iter().any(|v| match v {
                    Scalar::Null => true,
                    Scalar::Text(t) => t.is_empty(),
                    _ => false,
                });
            }
            one_of(texts, values)
        }
        Target::NotSet => match value {
            FieldValue::Null => true,
            FieldValue::Int(1) => names_a_user(field),
            other => other.is_empty(),
        },
        Target::CurrentUser => context
            .current_user
            .is_some_and(|user| texts.contains(&user.to_string())),
        Target::CurrentUserOrganization => context
            .current_organizations
            .iter()
            .any(|org| texts.contains(&org.to_string())),
    }
}

/// Whether one of `texts` is one of `values`.
fn one_of(texts: &[String], values: &[Scalar]) -> bool {
    values
        .iter()
        .filter_map(Scalar::as_text)
        .any(|v| texts.contains(&v))
}

/// Whether the lower-cased list holds `item`, ignoring case.
fn holds_item(lower: &[String], item: &str) -> bool {
    lower.contains(&item.to_lowercase())
}

/// Whether `field` is a reference to a user, where Zammad counts the system user (id 1) as not
/// set.
fn names_a_user(field: &str) -> bool {
    let attribute = field.split_once('.').map_or(field, |(_, a)| a);
    [
        "created_by_id",
        "updated_by_id",
        "owner_id",
        "customer_id",
        "user_id",
    ]
    .contains(&attribute)
}

fn resolve(moment: Moment, now: Timestamp) -> Timestamp {
    match moment {
        Moment::At(t) => t,
        Moment::Ago(span) => ago(span, now),
        Moment::FromNow(span) => from_now(span, now),
    }
}

/// `span` before `now`, in calendar months for months and years; the earliest time when it
/// reaches past what a time holds.
fn ago(span: Span, now: Timestamp) -> Timestamp {
    match months(span) {
        Some(m) => now.checked_sub_months(m),
        None => now.checked_sub_signed(duration(span)),
    }
    .unwrap_or(Timestamp::MIN_UTC)
}

/// `span` after `now`; the latest time when it reaches past what a time holds.
fn from_now(span: Span, now: Timestamp) -> Timestamp {
    match months(span) {
        Some(m) => now.checked_add_months(m),
        None => now.checked_add_signed(duration(span)),
    }
    .unwrap_or(Timestamp::MAX_UTC)
}

fn months(span: Span) -> Option<Months> {
    match span.unit {
        SpanUnit::Month => Some(Months::new(span.amount)),
        SpanUnit::Year => Some(Months::new(span.amount.saturating_mul(12))),
        _ => None,
    }
}

fn duration(span: Span) -> Duration {
    let n = i64::from(span.amount);
    match span.unit {
        SpanUnit::Minute => Duration::minutes(n),
        SpanUnit::Hour => Duration::hours(n),
        SpanUnit::Day => Duration::days(n),
        _ => Duration::weeks(n),
    }
}

impl FieldValue {
    /// No value: null, an empty text or an empty list.
    fn is_empty(&self) -> bool {
        match self {
            FieldValue::Null => true,
            FieldValue::Text(t) => t.is_empty(),
            FieldValue::List(items) => items.is_empty(),
            _ => false,
        }
    }

    /// The value as the texts it is compared as: one for a scalar, each item of a list.
    fn texts(&self) -> Vec<String> {
        match self {
            FieldValue::Null => Vec::new(),
            FieldValue::Bool(b) => vec![b.to_string()],
            FieldValue::Int(n) => vec![n.to_string()],
            FieldValue::Text(t) => vec![t.clone()],
            FieldValue::Time(t) => vec![t.to_rfc3339()],
            FieldValue::List(items) => items.clone(),
        }
    }

    fn time(&self) -> Option<Timestamp> {
        match self {
            FieldValue::Time(t) => Some(*t),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde_json::{Value, json};

    use super::*;

    /// A record of named fields.
    struct Record(BTreeMap<&'static str, FieldValue>);

    impl Subject for Record {
        fn field(&self, name: &str) -> FieldValue {
            self.0.get(name).cloned().unwrap_or(FieldValue::Null)
        }
    }

    fn now() -> Timestamp {
        Utc.with_ymd_and_hms(2026, 3, 15, 12, 0, 0).unwrap()
    }

    fn ticket() -> Record {
        Record(BTreeMap::from([
            ("ticket.state_id", FieldValue::Int(2)),
            ("ticket.owner_id", FieldValue::Int(1)),
            ("ticket.customer_id", FieldValue::Int(7)),
            ("ticket.organization_id", FieldValue::Int(3)),
            ("ticket.title", FieldValue::Text("Printer on fire".into())),
            ("ticket.note", FieldValue::Text(String::new())),
            (
                "ticket.tags",
                FieldValue::List(vec!["Hardware".into(), "urgent".into()]),
            ),
            (
                "ticket.created_at",
                FieldValue::Time(now() - Duration::days(3)),
            ),
            (
                "ticket.pending_time",
                FieldValue::Time(now() + Duration::hours(5)),
            ),
        ]))
    }

    fn holds(rule: Value) -> bool {
        let mut context = Context::at(now()).for_user(7, vec![3]);
        context.changed.insert("ticket.title".into());
        Condition::parse(&rule)
            .unwrap_or_else(|e| panic!("{rule}: {e}"))
            .matches(&ticket(), &context)
    }

    /// Each operator, on a field where it holds and one where it does not (Zammad's SQL
    /// selector's rules, `lib/selector/sql.rb`).
    #[test]
    fn each_operator_holds_as_zammads_selector() {
        let cases = [
            (
                json!({"ticket.state_id": {"operator": "is", "value": ["1", "2"]}}),
                true,
            ),
            (
                json!({"ticket.state_id": {"operator": "is", "value": 3}}),
                false,
            ),
            (
                json!({"ticket.note": {"operator": "is", "value": ""}}),
                true,
            ),
            (
                json!({"ticket.group_id": {"operator": "is", "value": null}}),
                true,
            ),
            (
                json!({"ticket.state_id": {"operator": "is not", "value": ["1", "2"]}}),
                false,
            ),
            (
                json!({"ticket.group_id": {"operator": "is not", "value": "1"}}),
                true,
            ),
            (
                json!({"ticket.group_id": {"operator": "is not", "value": ""}}),
                false,
            ),
            (
                json!({"ticket.state_id": {"operator": "is not", "value": null}}),
                true,
            ),
            (
                json!({"ticket.owner_id": {"operator": "is", "pre_condition": "not_set"}}),
                true,
            ),
            (
                json!({"ticket.state_id": {"operator": "is", "pre_condition": "not_set"}}),
                false,
            ),
            (
                json!({"ticket.customer_id": {"operator": "is", "pre_condition": "current_user.id"}}),
                true,
            ),
            (
                json!({"ticket.owner_id": {"operator": "is", "pre_condition": "current_user.id"}}),
                false,
            ),
            (
                json!({"ticket.owner_id": {"operator": "is not", "pre_condition": "current_user.id"}}),
                true,
            ),
            (
                json!({"ticket.organization_id": {"operator": "is", "pre_condition": "current_user.organization_id"}}),
                true,
            ),
            (
                json!({"ticket.state_id": {"operator": "is any of", "value": ["2", "4"]}}),
                true,
            ),
            (
                json!({"ticket.state_id": {"operator": "is none of", "value": ["2", "4"]}}),
                false,
            ),
            (
                json!({"ticket.group_id": {"operator": "is none of", "value": ["2"]}}),
                false,
            ),
            (
                json!({"ticket.title": {"operator": "contains", "value": "PRINTER"}}),
                true,
            ),
            (
                json!({"ticket.title": {"operator": "contains not", "value": "printer"}}),
                false,
            ),
            (
                json!({"ticket.group_id": {"operator": "contains not", "value": "x"}}),
                true,
            ),
            (
                json!({"ticket.tags": {"operator": "contains all", "value": "hardware, urgent"}}),
                true,
            ),
            (
                json!({"ticket.tags": {"operator": "contains all", "value": ["hardware", "vip"]}}),
                false,
            ),
            (
                json!({"ticket.tags": {"operator": "contains one", "value": ["vip", "urgent"]}}),
                true,
            ),
            (
                json!({"ticket.tags": {"operator": "contains all not", "value": ["hardware", "vip"]}}),
                true,
            ),
            (
                json!({"ticket.tags": {"operator": "contains one not", "value": ["vip", "urgent"]}}),
                false,
            ),
            (
                json!({"ticket.title": {"operator": "starts with", "value": "printer"}}),
                true,
            ),
            (
                json!({"ticket.title": {"operator": "starts with one of", "value": ["fax", "scanner"]}}),
                false,
            ),
            (
                json!({"ticket.title": {"operator": "ends with one of", "value": ["smoke", "FIRE"]}}),
                true,
            ),
            (json!({"ticket.title": {"operator": "is set"}}), true),
            (json!({"ticket.note": {"operator": "is set"}}), false),
            (json!({"ticket.group_id": {"operator": "not set"}}), true),
            (json!({"ticket.pending_time": {"operator": "today"}}), true),
            (json!({"ticket.created_at": {"operator": "today"}}), false),
            (
                json!({"ticket.created_at": {"operator": "before (absolute)", "value": "2026-03-13T00:00:00Z"}}),
                true,
            ),
            (
                json!({"ticket.created_at": {"operator": "after (absolute)", "value": "2026-03-13"}}),
                false,
            ),
            (
                json!({"ticket.created_at": {"operator": "before (relative)", "value": 2, "range": "day"}}),
                true,
            ),
            (
                json!({"ticket.created_at": {"operator": "before (relative)", "value": 1, "range": "week"}}),
                false,
            ),
            (
                json!({"ticket.pending_time": {"operator": "after (relative)", "value": 4, "range": "hour"}}),
                true,
            ),
            (
                json!({"ticket.created_at": {"operator": "within last (relative)", "value": 1, "range": "week"}}),
                true,
            ),
            (
                json!({"ticket.created_at": {"operator": "within last (relative)", "value": 2, "range": "day"}}),
                false,
            ),
            (
                json!({"ticket.pending_time": {"operator": "within next (relative)", "value": 300, "range": "minute"}}),
                true,
            ),
            (
                json!({"ticket.pending_time": {"operator": "within next (relative)", "value": 299, "range": "minute"}}),
                false,
            ),
            (
                json!({"ticket.pending_time": {"operator": "till (relative)", "value": 1, "range": "month"}}),
                true,
            ),
            (
                json!({"ticket.created_at": {"operator": "from (relative)", "value": 1, "range": "year"}}),
                true,
            ),
            (
                json!({"ticket.created_at": {"operator": "from (relative)", "value": 2, "range": "day"}}),
                false,
            ),
            (
                json!({"ticket.group_id": {"operator": "before (relative)", "value": 1, "range": "day"}}),
                false,
            ),
            (json!({"ticket.title": {"operator": "has changed"}}), true),
            (
                json!({"ticket.state_id": {"operator": "has changed"}}),
                false,
            ),
        ];
        for (rule, expected) in cases {
            assert_eq!(holds(rule.clone()), expected, "{rule}");
        }
    }

    #[test]
    fn groups_combine_as_zammads_and_or_not() {
        let is = |state: i64| json!({"name": "ticket.state_id", "operator": "is", "value": state});
        let cases = [
            (
                json!({"operator": "AND", "conditions": [is(2), is(3)]}),
                false,
            ),
            (
                json!({"operator": "OR", "conditions": [is(2), is(3)]}),
                true,
            ),
            (
                json!({"operator": "NOT", "conditions": [is(2), is(3)]}),
                true,
            ),
            (json!({"operator": "NOT", "conditions": [is(2)]}), false),
            (json!({"operator": "OR", "conditions": []}), true),
            (
                json!({"operator": "AND", "conditions": [
                    is(2),
                    {"operator": "OR", "conditions": [is(3), is(2)]},
                ]}),
                true,
            ),
        ];
        for (condition, expected) in cases {
            assert_eq!(holds(condition.clone()), expected, "{condition}");
        }
    }

    #[test]
    fn relative_months_count_calendar_months() {
        let end_of_march = Utc.with_ymd_and_hms(2026, 3, 31, 0, 0, 0).unwrap();
        let month = Span {
            amount: 1,
            unit: SpanUnit::Month,
        };
        assert_eq!(
            ago(month, end_of_march),
            Utc.with_ymd_and_hms(2026, 2, 28, 0, 0, 0).unwrap()
        );
        let far = Span {
            amount: u32::MAX,
            unit: SpanUnit::Year,
        };
        assert_eq!(from_now(far, end_of_march), Timestamp::MAX_UTC);
    }
}
