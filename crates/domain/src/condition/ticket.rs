//! Tickets as the subject of a condition: the `ticket.*` fields a selector may name, and
//! their values.

use std::collections::BTreeSet;

use super::{Condition, FieldValue, Subject};
use crate::{Ticket, Timestamp, ValidationError};

/// The ticket fields a condition may name (Zammad's ticket attributes this server stores).
pub const TICKET_FIELDS: &[&str] = &[
    "ticket.article_count",
    "ticket.close_at",
    "ticket.create_article_sender_id",
    "ticket.create_article_type_id",
    "ticket.created_at",
    "ticket.created_by_id",
    "ticket.customer_id",
    "ticket.first_response_at",
    "ticket.group_id",
    "ticket.id",
    "ticket.last_contact_agent_at",
    "ticket.last_contact_at",
    "ticket.last_contact_customer_at",
    "ticket.last_owner_update_at",
    "ticket.note",
    "ticket.number",
    "ticket.organization_id",
    "ticket.owner_id",
    "ticket.pending_time",
    "ticket.priority_id",
    "ticket.state_id",
    "ticket.title",
    "ticket.type",
    "ticket.updated_at",
    "ticket.updated_by_id",
];

impl Condition {
    /// Refuses a condition naming a field outside `known`: `Unknown attribute 'x'` (a 422),
    /// so that a selector never silently matches nothing or everything.
    pub fn check_fields(&self, known: &[&str]) -> Result<(), ValidationError> {
        let known: BTreeSet<&str> = known.iter().copied().collect();
        match self.fields().into_iter().find(|f| !known.contains(f)) {
            Some(field) => Err(ValidationError::new(format!(
                "Invalid condition: Unknown attribute '{field}'"
            ))),
            None => Ok(()),
        }
    }
}

fn time(value: Option<Timestamp>) -> FieldValue {
    value.map_or(FieldValue::Null, FieldValue::Time)
}

fn text(value: &Option<String>) -> FieldValue {
    value.clone().map_or(FieldValue::Null, FieldValue::Text)
}

impl Subject for Ticket {
    fn field(&self, name: &str) -> FieldValue {
        match name {
            "ticket.id" => FieldValue::Int(self.id),
            "ticket.number" => FieldValue::Text(self.number.clone()),
            "ticket.title" => FieldValue::Text(self.title.clone()),
            "ticket.group_id" => FieldValue::Int(self.group_id),
            "ticket.priority_id" => FieldValue::Int(self.priority_id),
            "ticket.state_id" => FieldValue::Int(self.state_id),
            "ticket.organization_id" => self
                .organization_id
                .map_or(FieldValue::Null, FieldValue::Int),
            "ticket.owner_id" => FieldValue::Int(self.owner_id),
            "ticket.customer_id" => FieldValue::Int(self.customer_id),
            "ticket.note" => text(&self.note),
            "ticket.type" => text(&self.ticket_type),
            "ticket.first_response_at" => time(self.first_response_at),
            "ticket.close_at" => time(self.close_at),
            "ticket.last_contact_at" => time(self.last_contact_at),
            "ticket.last_contact_agent_at" => time(self.last_contact_agent_at),
            "ticket.last_contact_customer_at" => time(self.last_contact_customer_at),
            "ticket.last_owner_update_at" => time(self.last_owner_update_at),
            "ticket.pending_time" => time(self.pending_time),
            "ticket.create_article_type_id" => self
                .create_article_type_id
                .map_or(FieldValue::Null, FieldValue::Int),
            "ticket.create_article_sender_id" => self
                .create_article_sender_id
                .map_or(FieldValue::Null, FieldValue::Int),
            "ticket.article_count" => FieldValue::Int(i64::from(self.article_count)),
            "ticket.created_at" => FieldValue::Time(self.meta.created_at),
            "ticket.updated_at" => FieldValue::Time(self.meta.updated_at),
            "ticket.created_by_id" => FieldValue::Int(self.meta.created_by_id),
            "ticket.updated_by_id" => FieldValue::Int(self.meta.updated_by_id),
            _ => FieldValue::Null,
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use serde_json::json;

    use super::*;
    use crate::Meta;
    use crate::condition::Context;

    fn ticket() -> Ticket {
        let created = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
        Ticket {
            id: 7,
            number: "45007".into(),
            title: "Printer on fire".into(),
            group_id: 1,
            state_id: 2,
            priority_id: 2,
            owner_id: 1,
            customer_id: 5,
            ..Ticket::blank(Meta::new(3, created))
        }
    }

    fn matches(condition: serde_json::Value) -> bool {
        let now = Utc.with_ymd_and_hms(2026, 3, 15, 12, 0, 0).unwrap();
        Condition::parse(&condition)
            .unwrap()
            .matches(&ticket(), &Context::at(now))
    }

    #[test]
    fn a_ticket_answers_its_fields_to_both_forms() {
        assert!(matches(
            json!({"ticket.state_id": {"operator": "is", "value": ["1", "2"]}})
        ));
        assert!(!matches(
            json!({"ticket.state_id": {"operator": "is not", "value": "2"}})
        ));
        assert!(matches(json!({"operator": "AND", "conditions": [
            {"name": "ticket.title", "operator": "starts with", "value": "printer"},
            {"name": "ticket.organization_id", "operator": "is", "pre_condition": "not_set"},
            {"name": "ticket.created_at", "operator": "within last (relative)", "value": 7, "range": "day"},
        ]})));
        assert!(!matches(json!({"operator": "NOT", "conditions": [
            {"name": "ticket.customer_id", "operator": "is", "value": 5},
        ]})));
    }

    #[test]
    fn an_unknown_field_is_refused_by_name() {
        let condition = Condition::parse(&json!({
            "operator": "OR",
            "conditions": [
                {"name": "ticket.state_id", "operator": "is", "value": "1"},
                {"name": "ticket.nonsense", "operator": "is", "value": "1"},
            ],
        }))
        .unwrap();
        assert_eq!(
            condition
                .check_fields(TICKET_FIELDS)
                .unwrap_err()
                .to_string(),
            "Invalid condition: Unknown attribute 'ticket.nonsense'"
        );
        let known =
            Condition::parse(&json!({"ticket.title": {"operator": "contains", "value": "x"}}));
        assert!(known.unwrap().check_fields(TICKET_FIELDS).is_ok());
    }
}
