//! Reading a condition from Zammad's JSON: the tree and the older flat map.

use chrono::{NaiveDate, TimeZone, Utc};
use serde_json::{Map, Value};

use super::{Condition, Moment, Predicate, Rule, Scalar, Span, SpanUnit, Target};
use crate::ValidationError;

/// Zammad's operators that exist but are not evaluated here: working hours need calendars,
/// `has reached` the SLA clock, the regular expressions a regex engine.
const UNSUPPORTED: &[&str] = &[
    "matches regex",
    "does not match regex",
    "is in working time",
    "is not in working time",
    "has reached",
    "has reached warning",
];

impl Condition {
    /// Reads a condition: `{operator, conditions: [...]}` or the flat
    /// `{"object.attribute": {operator, value, pre_condition, range}, ...}`. Fails with a text
    /// naming what is wrong: a group operator other than `AND`, `OR` or `NOT`, a name that is
    /// no `object.attribute`, an unknown operator, a value the operator cannot take.
    pub fn parse(value: &Value) -> Result<Condition, ValidationError> {
        let object = value
            .as_object()
            .ok_or_else(|| invalid("a condition is an object"))?;
        if object.contains_key("conditions") {
            return group(object);
        }
        let rules = object
            .iter()
            .map(|(name, rule)| {
                let body = rule
                    .as_object()
                    .ok_or_else(|| invalid(format!("'{name}' needs {{operator, value}}")))?;
                parse_rule(name, body).map(Condition::Rule)
            })
            .collect::<Result<_, _>>()?;
        Ok(Condition::All(rules))
    }
}

/// A group: `{operator: AND|OR|NOT, conditions: [...]}`.
fn group(object: &Map<String, Value>) -> Result<Condition, ValidationError> {
    let members = object
        .get("conditions")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("'conditions' is a list"))?
        .iter()
        .map(member)
        .collect::<Result<Vec<_>, _>>()?;
    let operator = object
        .get("operator")
        .and_then(Value::as_str)
        .unwrap_or("AND");
    match operator.to_ascii_uppercase().as_str() {
        "AND" => Ok(Condition::All(members)),
        "OR" => Ok(Condition::Any(members)),
        "NOT" => Ok(Condition::Not(members)),
        _ => Err(invalid(format!(
            "the group operator '{operator}' is none of AND, OR, NOT"
        ))),
    }
}

/// A member of a group: a group or a rule `{name, operator, value}`.
fn member(value: &Value) -> Result<Condition, ValidationError> {
    let object = value
        .as_object()
        .ok_or_else(|| invalid("a condition is an object"))?;
    if object.contains_key("conditions") {
        return group(object);
    }
    let name = object
        .get("name")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("a rule needs a 'name'"))?;
    parse_rule(name, object).map(Condition::Rule)
}

/// A rule on the field `name`.
fn parse_rule(name: &str, body: &Map<String, Value>) -> Result<Rule, ValidationError> {
    match name.split_once('.') {
        Some((object, attribute)) if !object.is_empty() && !attribute.is_empty() => {}
        _ => return Err(invalid(format!("'{name}' is no object.attribute"))),
    }
    let operator = body
        .get("operator")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(format!("'{name}' has no operator")))?;
    let value = body.get("value");
    let predicate = match operator {
        "is" => Predicate::Is(target(name, body)?),
        "is not" => Predicate::IsNot(target(name, body)?),
        "is any of" => Predicate::IsAnyOf(any_of(value)?),
        "is none of" => Predicate::IsNoneOf(any_of(value)?),
        "contains" => Predicate::Contains(text(name, value)?),
        "contains not" => Predicate::ContainsNot(text(name, value)?),
        "contains all" => Predicate::ContainsAll(texts(name, value)?),
        "contains one" => Predicate::ContainsOne(texts(name, value)?),
        "contains all not" => Predicate::ContainsAllNot(texts(name, value)?),
        "contains one not" => Predicate::ContainsOneNot(texts(name, value)?),
        "starts with" | "starts with one of" => Predicate::StartsWith(texts(name, value)?),
        "ends with" | "ends with one of" => Predicate::EndsWith(texts(name, value)?),
        "is set" => Predicate::IsSet,
        "not set" => Predicate::NotSet,
        "today" => Predicate::Today,
        "has changed" => Predicate::HasChanged,
        "before (absolute)" => Predicate::Before(Moment::At(time(name, value)?)),
        "after (absolute)" => Predicate::After(Moment::At(time(name, value)?)),
        "before (relative)" => Predicate::Before(Moment::Ago(span(name, body)?)),
        "after (relative)" => Predicate::After(Moment::FromNow(span(name, body)?)),
        "within last (relative)" => Predicate::WithinLast(span(name, body)?),
        "within next (relative)" => Predicate::WithinNext(span(name, body)?),
        "till (relative)" => Predicate::Till(span(name, body)?),
        "from (relative)" => Predicate::From(span(name, body)?),
        other if UNSUPPORTED.contains(&other) => {
            return Err(invalid(format!(
                "the operator '{other}' of '{name}' is not supported"
            )));
        }
        other => {
            return Err(ValidationError::new(format!(
                "Invalid condition, operator '{other}' is invalid"
            )));
        }
    };
    Ok(Rule {
        field: name.to_owned(),
        predicate,
    })
}

/// What `is` / `is not` compare with: the `pre_condition`, else the values.
fn target(name: &str, body: &Map<String, Value>) -> Result<Target, ValidationError> {
    let pre = body.get("pre_condition").and_then(Value::as_str);
    match pre.unwrap_or("specific") {
        "not_set" => return Ok(Target::NotSet),
        "current_user.id" => return Ok(Target::CurrentUser),
        "current_user.organization_id" => return Ok(Target::CurrentUserOrganization),
        "specific" | "" => {}
        other => {
            return Err(invalid(format!(
                "the pre_condition '{other}' of '{name}' is none of specific, not_set, \
                 current_user.id, current_user.organization_id"
            )));
        }
    }
    let Some(value) = body.get("value") else {
        return Err(invalid(format!("'{name}' has no value")));
    };
    let values = scalars(value)?;
    if values.is_empty() {
        return Err(invalid(format!("'{name}' has an empty value")));
    }
    Ok(Target::Values(values))
}

/// The values of `is any of` / `is none of`: none stand for an empty text, as in Zammad.
fn any_of(value: Option<&Value>) -> Result<Vec<Scalar>, ValidationError> {
    let values = value.map(scalars).transpose()?.unwrap_or_default();
    Ok(if values.is_empty() {
        vec![Scalar::Text(String::new())]
    } else {
        values
    })
}

/// One value or a list of them; a multi-select's `{value: …}` items give their value.
fn scalars(value: &Value) -> Result<Vec<Scalar>, ValidationError> {
    match value {
        Value::Array(items) => items.iter().map(scalar).collect(),
        single => Ok(vec![scalar(single)?]),
    }
}

fn scalar(value: &Value) -> Result<Scalar, ValidationError> {
    Ok(match value {
        Value::Null => Scalar::Null,
        Value::Bool(b) => Scalar::Bool(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Int(i),
            None => Scalar::Text(n.to_string()),
        },
        Value::String(s) => Scalar::Text(s.clone()),
        Value::Object(o) if o.contains_key("value") => return scalar(&o["value"]),
        other => return Err(invalid(format!("{other} is no value"))),
    })
}

/// The one text of `contains` / `contains not`: not empty.
fn text(name: &str, value: Option<&Value>) -> Result<String, ValidationError> {
    let text = match value {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => return Err(invalid(format!("'{name}' needs a text value"))),
    };
    if text.is_empty() {
        return Err(invalid(format!("'{name}' has an empty value")));
    }
    Ok(text)
}

/// The texts of the list operators: a list, or one text of comma-separated items (Zammad's
/// tag field), each trimmed; at least one.
fn texts(name: &str, value: Option<&Value>) -> Result<Vec<String>, ValidationError> {
    let items: Vec<String> = match value {
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| match scalar(item)?.as_text() {
                Some(text) => Ok(text),
                None => Err(invalid(format!("'{name}' has a null in its list"))),
            })
            .collect::<Result<_, _>>()?,
        Some(Value::String(s)) => s.split(',').map(str::to_owned).collect(),
        Some(Value::Number(n)) => vec![n.to_string()],
        _ => return Err(invalid(format!("'{name}' needs a text or a list"))),
    };
    let items: Vec<String> = items
        .into_iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    if items.is_empty() {
        return Err(invalid(format!("'{name}' has an empty value")));
    }
    Ok(items)
}

/// An absolute time: RFC 3339, or a date (its start, UTC).
fn time(name: &str, value: Option<&Value>) -> Result<crate::Timestamp, ValidationError> {
    let text = value.and_then(Value::as_str).unwrap_or_default();
    if let Ok(at) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(at.with_timezone(&Utc));
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|start| Utc.from_utc_datetime(&start))
        .ok_or_else(|| invalid(format!("the value of '{name}' is no time: '{text}'")))
}

/// A relative time: `value` (a whole number, or a text of one) `range`s.
fn span(name: &str, body: &Map<String, Value>) -> Result<Span, ValidationError> {
    let amount = match body.get("value") {
        Some(Value::Number(n)) => n.as_u64(),
        Some(Value::String(s)) => s.trim().parse().ok(),
        _ => None,
    }
    .and_then(|n| u32::try_from(n).ok())
    .ok_or_else(|| invalid(format!("the value of '{name}' is no whole number of units")))?;
    let range = body
        .get("range")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let unit = match range.trim_end_matches('s') {
        "minute" => SpanUnit::Minute,
        "hour" => SpanUnit::Hour,
        "day" => SpanUnit::Day,
        "week" => SpanUnit::Week,
        "month" => SpanUnit::Month,
        "year" => SpanUnit::Year,
        _ => {
            return Err(invalid(format!(
                "the range '{range}' of '{name}' is none of minute, hour, day, week, month, year"
            )));
        }
    };
    Ok(Span { amount, unit })
}

fn invalid(why: impl std::fmt::Display) -> ValidationError {
    ValidationError::new(format!("Invalid condition: {why}"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn rule(field: &str, predicate: Predicate) -> Condition {
        Condition::Rule(Rule {
            field: field.into(),
            predicate,
        })
    }

    fn error(value: Value) -> String {
        Condition::parse(&value).unwrap_err().message
    }

    #[test]
    fn the_tree_and_the_flat_form_read_alike() {
        let tree = Condition::parse(&json!({
            "operator": "AND",
            "conditions": [
                {"name": "ticket.state_id", "operator": "is", "value": ["1", 2]},
                {"operator": "or", "conditions": [
                    {"name": "ticket.title", "operator": "contains", "value": "printer"},
                    {"name": "ticket.tags", "operator": "contains one", "value": "a, b"},
                ]},
            ],
        }))
        .unwrap();
        let state = rule(
            "ticket.state_id",
            Predicate::Is(Target::Values(vec![
                Scalar::Text("1".into()),
                Scalar::Int(2),
            ])),
        );
        assert_eq!(
            tree,
            Condition::All(vec![
                state.clone(),
                Condition::Any(vec![
                    rule("ticket.title", Predicate::Contains("printer".into())),
                    rule(
                        "ticket.tags",
                        Predicate::ContainsOne(vec!["a".into(), "b".into()])
                    ),
                ]),
            ])
        );
        let flat = Condition::parse(&json!({
            "ticket.state_id": {"operator": "is", "value": ["1", 2]},
        }))
        .unwrap();
        assert_eq!(flat, Condition::All(vec![state]));
        assert_eq!(
            tree.fields().into_iter().collect::<Vec<_>>(),
            ["ticket.state_id", "ticket.tags", "ticket.title"]
        );
    }

    #[test]
    fn pre_conditions_and_times_are_typed() {
        let parsed = Condition::parse(&json!({
            "ticket.owner_id": {"operator": "is", "pre_condition": "current_user.id"},
            "ticket.customer_id": {"operator": "is not", "pre_condition": "not_set"},
            "ticket.created_at": {"operator": "within last (relative)", "value": "7", "range": "day"},
            "ticket.updated_at": {"operator": "before (absolute)", "value": "2026-01-02"},
            "ticket.pending_time": {"operator": "after (relative)", "value": 2, "range": "hours"},
        }))
        .unwrap();
        let Condition::All(rules) = parsed else {
            panic!("a flat map is an AND")
        };
        let predicates: std::collections::BTreeMap<_, _> = rules
            .into_iter()
            .map(|c| match c {
                Condition::Rule(r) => (r.field, r.predicate),
                other => panic!("{other:?}"),
            })
            .collect();
        let span = |unit, amount| Span { amount, unit };
        let expected = [
            (
                "ticket.created_at",
                Predicate::WithinLast(span(SpanUnit::Day, 7)),
            ),
            ("ticket.customer_id", Predicate::IsNot(Target::NotSet)),
            ("ticket.owner_id", Predicate::Is(Target::CurrentUser)),
            (
                "ticket.pending_time",
                Predicate::After(Moment::FromNow(span(SpanUnit::Hour, 2))),
            ),
            (
                "ticket.updated_at",
                Predicate::Before(Moment::At(
                    Utc.with_ymd_and_hms(2026, 1, 2, 0, 0, 0).unwrap(),
                )),
            ),
        ];
        assert_eq!(predicates.len(), expected.len());
        for (field, predicate) in expected {
            assert_eq!(predicates[field], predicate, "{field}");
        }
    }

    #[test]
    fn bad_conditions_say_what_is_wrong() {
        let cases = [
            (json!([]), "a condition is an object"),
            (
                json!({"operator": "XOR", "conditions": []}),
                "the group operator 'XOR' is none of AND, OR, NOT",
            ),
            (
                json!({"state_id": {"operator": "is", "value": 1}}),
                "'state_id' is no object.attribute",
            ),
            (
                json!({"ticket.state_id": {"operator": "is like", "value": 1}}),
                "Invalid condition, operator 'is like' is invalid",
            ),
            (
                json!({"ticket.title": {"operator": "matches regex", "value": "a"}}),
                "the operator 'matches regex' of 'ticket.title' is not supported",
            ),
            (
                json!({"ticket.state_id": {"operator": "is", "value": []}}),
                "'ticket.state_id' has an empty value",
            ),
            (
                json!({"ticket.state_id": {"operator": "is"}}),
                "'ticket.state_id' has no value",
            ),
            (
                json!({"ticket.title": {"operator": "contains", "value": ""}}),
                "'ticket.title' has an empty value",
            ),
            (
                json!({"ticket.created_at": {"operator": "before (relative)", "value": -1, "range": "day"}}),
                "the value of 'ticket.created_at' is no whole number of units",
            ),
            (
                json!({"ticket.created_at": {"operator": "from (relative)", "value": 1, "range": "fortnight"}}),
                "the range 'fortnight' of 'ticket.created_at' is none of minute, hour, day, week, month, year",
            ),
            (
                json!({"ticket.created_at": {"operator": "after (absolute)", "value": "soon"}}),
                "the value of 'ticket.created_at' is no time: 'soon'",
            ),
            (
                json!({"ticket.owner_id": {"operator": "is", "pre_condition": "current_user.name"}}),
                "the pre_condition 'current_user.name' of 'ticket.owner_id' is none of specific, \
                 not_set, current_user.id, current_user.organization_id",
            ),
        ];
        for (input, expected) in cases {
            let message = error(input.clone());
            assert!(
                message.ends_with(expected),
                "{input}: {message:?} should end with {expected:?}"
            );
        }
    }

    #[test]
    fn is_any_of_without_values_compares_with_the_empty_text() {
        let parsed =
            Condition::parse(&json!({"ticket.title": {"operator": "is any of", "value": []}}))
                .unwrap();
        assert_eq!(
            parsed,
            Condition::All(vec![rule(
                "ticket.title",
                Predicate::IsAnyOf(vec![Scalar::Text(String::new())])
            )])
        );
    }
}
