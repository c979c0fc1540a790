//! Ticket states: exactly one has `default_create` and one `default_follow_up`.

use helpdesk_domain::{Id, Meta, State, StateType, validation};
use helpdesk_policy::Resource;
use helpdesk_storage::Transaction;

use super::{DefaultFlag, LookupKind, Op, lookup_record};
use crate::patch::{set_name, set_present};
use crate::{Error, Result};

/// The fields a state create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct StateInput {
    pub name: Option<String>,
    pub state_type_id: Option<Id>,
    /// The state type by name, instead of `state_type_id`.
    pub state_type: Option<String>,
    pub next_state_id: Option<Option<Id>>,
    pub ignore_escalation: Option<bool>,
    pub default_create: Option<bool>,
    pub default_follow_up: Option<bool>,
    pub note: Option<String>,
    pub active: Option<bool>,
}

impl LookupKind for State {
    type Input = StateInput;
    const MODEL: &'static str = "Ticket::State";
    const NOUN: &'static str = "state";
    const RESOURCE: Resource<'static> = Resource::State;
    const DEFAULTS: &'static [DefaultFlag<Self>] = &[
        ("default_create", |s| &mut s.default_create),
        ("default_follow_up", |s| &mut s.default_follow_up),
    ];

    fn blank(meta: Meta) -> Self {
        State::blank(meta)
    }

    fn apply(&mut self, input: StateInput, all: &[State]) -> Result<()> {
        set_name(&mut self.name, input.name)?;
        if let Some(name) = input.state_type {
            self.state_type_id = StateType::ALL
                .into_iter()
                .find(|t| t.name() == name)
                .map(StateType::id)
                .ok_or_else(|| {
                    Error::invalid(format!("No lookup value found for 'state_type': {name:?}"))
                })?;
        } else if let Some(v) = input.state_type_id {
            self.state_type_id = v;
        }
        if StateType::from_id(self.state_type_id).is_none() {
            return Err(Error::invalid(format!(
                "No lookup value found for 'state_type_id': \"{}\"",
                self.state_type_id
            )));
        }
        if let Some(next) = input.next_state_id {
            if let Some(next_id) = next.filter(|n| !all.iter().any(|s| s.id == *n)) {
                return Err(Error::invalid(format!(
                    "No lookup value found for 'next_state_id': \"{next_id}\""
                )));
            }
            self.next_state_id = next;
        }
        set_present!(self, input: ignore_escalation, default_create, default_follow_up, note, active);
        validation::check_lengths(&[
            ("name", &self.name, validation::MAX_SHORT),
            ("note", &self.note, validation::MAX_TEXT),
        ])?;
        Ok(())
    }

    lookup_record!(
        states,
        insert_state,
        update_state,
        delete_state,
        state_reference_count
    );
}
