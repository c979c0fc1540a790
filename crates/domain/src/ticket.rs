//! Tickets and Zammad's lifecycle rules for them.

use crate::article::{Article, Sender};
use crate::{Id, Meta, State, StateType, Timestamp};

/// A ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    /// The ticket's id.
    pub id: Id,
    /// The ticket number: the system id and a counter (`45001`); unique, never changed.
    pub number: String,
    /// Title.
    pub title: String,
    /// The group the ticket is in.
    pub group_id: Id,
    /// Priority.
    pub priority_id: Id,
    /// State.
    pub state_id: Id,
    /// The customer's organization.
    pub organization_id: Option<Id>,
    /// The agent working the ticket; 1 means nobody.
    pub owner_id: Id,
    /// The customer.
    pub customer_id: Id,
    /// Free text.
    pub note: Option<String>,
    /// The first agent reply to the customer.
    pub first_response_at: Option<Timestamp>,
    /// When the ticket first entered a closed state.
    pub close_at: Option<Timestamp>,
    /// Last communication of either side.
    pub last_contact_at: Option<Timestamp>,
    /// Last communication of an agent.
    pub last_contact_agent_at: Option<Timestamp>,
    /// Last communication of the customer.
    pub last_contact_customer_at: Option<Timestamp>,
    /// Last change of the owner.
    pub last_owner_update_at: Option<Timestamp>,
    /// Type of the first article.
    pub create_article_type_id: Option<Id>,
    /// Sender of the first article.
    pub create_article_sender_id: Option<Id>,
    /// Articles not sent by the system.
    pub article_count: i32,
    /// When a pending state ends.
    pub pending_time: Option<Timestamp>,
    /// Ticket type (free text).
    pub ticket_type: Option<String>,
    /// Sum of the articles' time units.
    pub time_unit: Option<f64>,
    /// Free-form preferences.
    pub preferences: serde_json::Value,
    /// Bookkeeping.
    pub meta: Meta,
}

/// The number of a ticket: `system_id` followed by `counter`, zero-padded to five characters
/// in all (`45001`); longer counters simply grow the number.
pub fn format_number(system_id: &str, counter: i64) -> String {
    let width = 5usize.saturating_sub(system_id.len()).max(1);
    format!("{system_id}{counter:0width$}")
}

/// One changed field of a ticket, for its history.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldChange {
    /// The attribute as Zammad names it in history (`state`, `title`, `owner`, ...).
    pub attribute: &'static str,
    /// The old value as text (for id fields, the id; the caller may put names instead).
    pub value_from: Option<String>,
    /// The new value as text.
    pub value_to: Option<String>,
    /// The old id, for id fields.
    pub id_from: Option<Id>,
    /// The new id, for id fields.
    pub id_to: Option<Id>,
}

impl FieldChange {
    /// A change of a text field.
    pub fn text(attribute: &'static str, from: Option<String>, to: Option<String>) -> Self {
        FieldChange {
            attribute,
            value_from: from,
            value_to: to,
            id_from: None,
            id_to: None,
        }
    }

    /// A change of an id field: the values are the ids as text.
    pub fn ids(attribute: &'static str, from: Option<Id>, to: Option<Id>) -> Self {
        FieldChange {
            value_from: from.map(|v| v.to_string()),
            value_to: to.map(|v| v.to_string()),
            id_from: from,
            id_to: to,
            ..Self::text(attribute, None, None)
        }
    }

    /// A tag added to (`added`) or removed from a ticket.
    pub fn tag(name: &str, added: bool) -> Self {
        Self::text(
            "tag",
            (!added).then(|| name.to_string()),
            added.then(|| name.to_string()),
        )
    }
}

impl Ticket {
    /// A new ticket before its fields are set: no number, title or references (all 0), no
    /// articles and none of the lifecycle times.
    pub fn blank(meta: Meta) -> Self {
        Ticket {
            id: 0,
            number: String::new(),
            title: String::new(),
            group_id: 0,
            priority_id: 0,
            state_id: 0,
            organization_id: None,
            owner_id: 0,
            customer_id: 0,
            note: None,
            first_response_at: None,
            close_at: None,
            last_contact_at: None,
            last_contact_agent_at: None,
            last_contact_customer_at: None,
            last_owner_update_at: None,
            create_article_type_id: None,
            create_article_sender_id: None,
            article_count: 0,
            pending_time: None,
            ticket_type: None,
            time_unit: None,
            preferences: serde_json::json!({}),
            meta,
        }
    }

    /// Records the effects of a new article: `article_count`, the first article's type and
    /// sender, first response, last contact times and time units. Answers whether the ticket
    /// should move from its default-create state to the follow-up state (a non-internal agent
    /// communication).
    pub fn record_article(&mut self, article: &Article, now: Timestamp) -> bool {
        if article.counts() {
            self.article_count += 1;
        }
        if self.create_article_type_id.is_none() {
            self.create_article_type_id = Some(article.type_id);
            self.create_article_sender_id = Some(article.sender_id);
        }
        if let Some(units) = article.time_unit.filter(|u| *u != 0.0) {
            self.time_unit = Some(self.time_unit.unwrap_or(0.0) + units);
        }
        if article.internal || !article.is_communication() {
            return false;
        }
        match article.sender() {
            Some(Sender::Agent) => {
                if self.first_response_at.is_none() {
                    self.first_response_at = Some(now);
                }
                self.last_contact_agent_at = Some(now);
                self.last_contact_at = Some(now);
                true
            }
            Some(Sender::Customer) => {
                self.last_contact_customer_at = Some(now);
                self.last_contact_at = Some(now);
                false
            }
            _ => false,
        }
    }

    /// Moves the ticket to `state`: `close_at` is set the first time a closed state is
    /// entered, and `pending_time` is cleared outside the pending states.
    pub fn enter_state(&mut self, state: &State, now: Timestamp) {
        let kind = StateType::from_id(state.state_type_id);
        if kind == Some(StateType::Closed) && self.close_at.is_none() {
            self.close_at = Some(now);
        }
        if !kind.is_some_and(StateType::is_pending) {
            self.pending_time = None;
        }
        self.state_id = state.id;
    }

    /// Sets the owner; a change sets `last_owner_update_at`.
    pub fn assign_owner(&mut self, owner_id: Id, now: Timestamp) {
        if owner_id != self.owner_id {
            self.owner_id = owner_id;
            self.last_owner_update_at = Some(now);
        }
    }

    /// The client-visible fields that differ between `self` (before) and `after`.
    pub fn changes_to(&self, after: &Ticket) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let mut ids = |attribute: &'static str, from: Option<Id>, to: Option<Id>| {
            if from != to {
                out.push(FieldChange::ids(attribute, from, to));
            }
        };
        ids("group", Some(self.group_id), Some(after.group_id));
        ids("state", Some(self.state_id), Some(after.state_id));
        ids("priority", Some(self.priority_id), Some(after.priority_id));
        ids("owner", Some(self.owner_id), Some(after.owner_id));
        ids("customer", Some(self.customer_id), Some(after.customer_id));
        ids("organization", self.organization_id, after.organization_id);
        let mut text = |attribute: &'static str, from: Option<String>, to: Option<String>| {
            if from != to {
                out.push(FieldChange::text(attribute, from, to));
            }
        };
        text("title", Some(self.title.clone()), Some(after.title.clone()));
        text("note", self.note.clone(), after.note.clone());
        text("type", self.ticket_type.clone(), after.ticket_type.clone());
        text(
            "pending_time",
            self.pending_time.map(|t| t.to_rfc3339()),
            after.pending_time.map(|t| t.to_rfc3339()),
        );
        text(
            "time_unit",
            self.time_unit.map(|t| t.to_string()),
            after.time_unit.map(|t| t.to_string()),
        );
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::ArticleType;
    use crate::meta::from_millis;

    fn ticket() -> Ticket {
        Ticket {
            id: 1,
            number: "45001".into(),
            title: "Printer".into(),
            group_id: 1,
            priority_id: 2,
            state_id: 1,
            owner_id: 1,
            customer_id: 3,
            ..Ticket::blank(Meta::new(1, from_millis(0)))
        }
    }

    fn article(ty: ArticleType, sender: Sender, internal: bool) -> Article {
        Article {
            id: 1,
            ticket_id: 1,
            type_id: ty.id,
            sender_id: sender.id(),
            from: None,
            to: None,
            cc: None,
            subject: None,
            reply_to: None,
            message_id: None,
            message_id_md5: None,
            in_reply_to: None,
            content_type: "text/plain".into(),
            references: None,
            body: "hi".into(),
            internal,
            preferences: serde_json::json!({}),
            origin_by_id: None,
            time_unit: None,
            meta: Meta::new(1, from_millis(0)),
        }
    }

    fn state(id: Id, ty: StateType) -> State {
        State {
            id,
            state_type_id: ty.id(),
            name: ty.name().into(),
            ..State::blank(Meta::new(1, from_millis(0)))
        }
    }

    #[test]
    fn numbers_are_padded_to_five() {
        assert_eq!(format_number("45", 1), "45001");
        assert_eq!(format_number("45", 1234), "451234");
        assert_eq!(format_number("1", 7), "10007");
    }

    #[test]
    fn first_article_and_counts() {
        let mut t = ticket();
        let t1 = from_millis(1000);
        assert!(!t.record_article(&article(ArticleType::NOTE, Sender::Customer, false), t1));
        assert_eq!(t.article_count, 1);
        assert_eq!(t.create_article_type_id, Some(10));
        assert_eq!(t.create_article_sender_id, Some(2));
        assert_eq!(t.last_contact_at, None, "a note is no communication");
        t.record_article(&article(ArticleType::NOTE, Sender::System, false), t1);
        assert_eq!(t.article_count, 1, "system articles are not counted");
        assert_eq!(
            t.create_article_type_id,
            Some(10),
            "only the first article sets the create type"
        );
    }

    #[test]
    fn agent_communication_sets_first_response_once_and_asks_to_open() {
        let mut t = ticket();
        let email = ArticleType::from_name("email").unwrap();
        assert!(
            !t.record_article(&article(email, Sender::Agent, true), from_millis(1)),
            "internal"
        );
        assert_eq!(t.first_response_at, None);
        assert!(t.record_article(&article(email, Sender::Agent, false), from_millis(2)));
        assert_eq!(t.first_response_at, Some(from_millis(2)));
        assert_eq!(t.last_contact_agent_at, Some(from_millis(2)));
        t.record_article(&article(email, Sender::Agent, false), from_millis(3));
        assert_eq!(t.first_response_at, Some(from_millis(2)));
        assert_eq!(t.last_contact_at, Some(from_millis(3)));
        t.record_article(
            &article(ArticleType::WEB, Sender::Customer, false),
            from_millis(4),
        );
        assert_eq!(t.last_contact_customer_at, Some(from_millis(4)));
        assert_eq!(t.last_contact_at, Some(from_millis(4)));
        assert_eq!(t.last_contact_agent_at, Some(from_millis(3)));
    }

    #[test]
    fn time_units_add_up() {
        let mut t = ticket();
        let mut a = article(ArticleType::NOTE, Sender::Agent, true);
        a.time_unit = Some(1.5);
        t.record_article(&a, from_millis(1));
        t.record_article(&a, from_millis(2));
        assert_eq!(t.time_unit, Some(3.0));
    }

    #[test]
    fn states_set_close_at_once_and_clear_pending_time() {
        let mut t = ticket();
        t.pending_time = Some(from_millis(50));
        t.enter_state(&state(3, StateType::PendingReminder), from_millis(1));
        assert_eq!(t.pending_time, Some(from_millis(50)));
        t.enter_state(&state(4, StateType::Closed), from_millis(2));
        assert_eq!(t.pending_time, None);
        assert_eq!(t.close_at, Some(from_millis(2)));
        t.enter_state(&state(2, StateType::Open), from_millis(3));
        t.enter_state(&state(4, StateType::Closed), from_millis(4));
        assert_eq!(t.close_at, Some(from_millis(2)));
    }

    #[test]
    fn owner_changes_and_history() {
        let mut t = ticket();
        let before = t.clone();
        t.assign_owner(1, from_millis(1));
        assert_eq!(t.last_owner_update_at, None);
        t.assign_owner(5, from_millis(2));
        t.title = "Printer on fire".into();
        assert_eq!(t.last_owner_update_at, Some(from_millis(2)));
        let changes = before.changes_to(&t);
        assert_eq!(changes.len(), 2);
        assert_eq!(changes[0].attribute, "owner");
        assert_eq!(changes[0].id_to, Some(5));
        assert_eq!(changes[1].value_to.as_deref(), Some("Printer on fire"));
    }
}
