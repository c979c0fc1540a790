//! Time accounting: the time agents book on a ticket (optionally for one of its articles and
//! of an activity type). A ticket's `time_unit` is the sum of its entries.

use crate::{Id, Meta, ValidationError, validation};

/// An activity type time is booked as (Zammad's `Ticket::TimeAccounting::Type`).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAccountingType {
    /// The type's id.
    pub id: Id,
    /// Unique name, regardless of case.
    pub name: String,
    /// Free text, at most [`MAX_TYPE_NOTE`] characters.
    pub note: String,
    /// Inactive types cannot be chosen for new entries.
    pub active: bool,
    /// Bookkeeping.
    pub meta: Meta,
}

/// The longest note of an activity type, in characters (Zammad's limit).
pub const MAX_TYPE_NOTE: usize = 250;

impl TimeAccountingType {
    /// A new active type with no name yet.
    pub fn blank(meta: Meta) -> Self {
        Self {
            id: 0,
            name: String::new(),
            note: String::new(),
            active: true,
            meta,
        }
    }

    /// Checks the rules of a type: a name, and the lengths of name and note.
    pub fn validate(&self) -> Result<(), ValidationError> {
        validation::require_present("name", &self.name)?;
        validation::check_lengths(&[
            ("name", &self.name, validation::MAX_SHORT),
            ("note", &self.note, MAX_TYPE_NOTE),
        ])
    }
}

/// Time booked on a ticket (Zammad's `Ticket::TimeAccounting`).
#[derive(Debug, Clone, PartialEq)]
pub struct TimeAccounting {
    /// The entry's id.
    pub id: Id,
    /// The ticket the time is booked on.
    pub ticket_id: Id,
    /// The article of that ticket the time was spent on, if any.
    pub ticket_article_id: Option<Id>,
    /// The time, in the helpdesk's unit (minutes, hours, ... by configuration).
    pub time_unit: f64,
    /// The activity type, if any.
    pub type_id: Option<Id>,
    /// Bookkeeping; `created_by_id` is the agent who booked it.
    pub meta: Meta,
}

impl TimeAccounting {
    /// Fails unless `time_unit` is a number of units that is not negative.
    pub fn check_time_unit(time_unit: f64) -> Result<(), ValidationError> {
        if time_unit.is_finite() && time_unit >= 0.0 {
            Ok(())
        } else {
            Err(ValidationError::new(format!(
                "Invalid value for 'time_unit': {time_unit} is no number of units that is not negative"
            )))
        }
    }

    /// The sum of `entries`' time: a ticket's `time_unit`, `None` when there are none.
    pub fn total<'a>(entries: impl IntoIterator<Item = &'a TimeAccounting>) -> Option<f64> {
        entries
            .into_iter()
            .map(|e| e.time_unit)
            .fold(None, |sum, t| Some(sum.unwrap_or(0.0) + t))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(time_unit: f64) -> TimeAccounting {
        TimeAccounting {
            id: 1,
            ticket_id: 1,
            ticket_article_id: None,
            time_unit,
            type_id: None,
            meta: Meta::new(1, chrono::Utc::now()),
        }
    }

    #[test]
    fn time_units_are_numbers_that_are_not_negative() {
        for ok in [0.0, 0.25, 15.0] {
            assert!(TimeAccounting::check_time_unit(ok).is_ok(), "{ok}");
        }
        for bad in [-0.5, f64::NAN, f64::INFINITY] {
            assert!(TimeAccounting::check_time_unit(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_total_is_the_sum_or_none() {
        assert_eq!(TimeAccounting::total(&[]), None);
        assert_eq!(
            TimeAccounting::total(&[entry(1.5), entry(2.25)]),
            Some(3.75)
        );
    }

    #[test]
    fn a_type_needs_a_name_and_a_short_note() {
        let mut kind = TimeAccountingType::blank(Meta::new(1, chrono::Utc::now()));
        assert!(kind.validate().is_err());
        kind.name = "Billable".into();
        assert!(kind.validate().is_ok());
        kind.note = "x".repeat(MAX_TYPE_NOTE + 1);
        assert!(kind.validate().is_err());
    }
}
