//! Ticket priorities: exactly one has `default_create`.

use helpdesk_domain::{Id, Meta, Priority, validation};
use helpdesk_policy::Resource;
use helpdesk_storage::Transaction;

use super::{DefaultFlag, LookupKind, Op, lookup_record};
use crate::Result;
use crate::patch::{set_name, set_present};

/// The fields a priority create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct PriorityInput {
    pub name: Option<String>,
    pub default_create: Option<bool>,
    pub ui_icon: Option<Option<String>>,
    pub ui_color: Option<Option<String>>,
    pub note: Option<String>,
    pub active: Option<bool>,
}

impl LookupKind for Priority {
    type Input = PriorityInput;
    const MODEL: &'static str = "Ticket::Priority";
    const NOUN: &'static str = "priority";
    const RESOURCE: Resource<'static> = Resource::Priority;
    const DEFAULTS: &'static [DefaultFlag<Self>] = &[("default_create", |p| &mut p.default_create)];

    fn blank(meta: Meta) -> Self {
        Priority::blank(meta)
    }

    fn apply(&mut self, input: PriorityInput, _all: &[Priority]) -> Result<()> {
        set_name(&mut self.name, input.name)?;
        set_present!(self, input: default_create, ui_icon, ui_color, note, active);
        let optional = |v: &Option<String>| v.as_deref().unwrap_or("").to_owned();
        validation::check_lengths(&[
            ("name", &self.name, validation::MAX_SHORT),
            ("ui_icon", &optional(&self.ui_icon), validation::MAX_SHORT),
            ("ui_color", &optional(&self.ui_color), validation::MAX_SHORT),
            ("note", &self.note, validation::MAX_TEXT),
        ])?;
        Ok(())
    }

    lookup_record!(
        priorities,
        insert_priority,
        update_priority,
        delete_priority,
        priority_reference_count
    );
}
