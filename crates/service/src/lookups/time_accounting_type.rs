//! Time accounting activity types: no default flag; never deleted through the API.

use helpdesk_domain::{Id, Meta, TimeAccountingType};
use helpdesk_policy::Resource;
use helpdesk_storage::Transaction;

use super::{DefaultFlag, LookupKind, Op, lookup_record};
use crate::Result;
use crate::patch::{set_name, set_present};

/// The fields an activity type create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct TimeAccountingTypeInput {
    pub name: Option<String>,
    pub note: Option<String>,
    pub active: Option<bool>,
}

impl LookupKind for TimeAccountingType {
    type Input = TimeAccountingTypeInput;
    const MODEL: &'static str = "Ticket::TimeAccounting::Type";
    const NOUN: &'static str = "activity type";
    const RESOURCE: Resource<'static> = Resource::TimeAccountingType;
    const DEFAULTS: &'static [DefaultFlag<Self>] = &[];

    fn blank(meta: Meta) -> Self {
        TimeAccountingType::blank(meta)
    }

    fn apply(&mut self, input: TimeAccountingTypeInput, _all: &[Self]) -> Result<()> {
        set_name(&mut self.name, input.name)?;
        set_present!(self, input: note, active);
        Ok(self.validate()?)
    }

    lookup_record!(
        time_accounting_types,
        insert_time_accounting_type,
        update_time_accounting_type,
        delete_time_accounting_type,
        time_accounting_type_reference_count
    );
}
