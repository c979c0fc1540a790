//! Applying the fields of a create or update request: `None` leaves a field as it is.

use helpdesk_domain::{Id, validation};
use serde_json::Value;

use crate::{Error, Result};

/// Moves each named field of `input` that is `Some` into the same field of `record`.
macro_rules! set_present {
    ($record:expr, $input:ident: $($field:ident),+ $(,)?) => {
        $( if let Some(v) = $input.$field { $record.$field = v; } )+
    };
}
pub(crate) use set_present;

/// Sets a record's name from the request, trimmed, and requires it to be present.
pub(crate) fn set_name(name: &mut String, input: Option<String>) -> Result<()> {
    if let Some(new) = input {
        *name = new.trim().to_string();
    }
    Ok(validation::require_present("name", name)?)
}

/// Refuses `name` when `holder`, the record that has it, is another than the record `id`.
pub(crate) fn check_name_free(holder: Option<Id>, id: Id, name: &str, noun: &str) -> Result<()> {
    match holder {
        Some(other) if other != id => Err(Error::invalid(format!(
            "Name '{name}' is already used for another {noun}."
        ))),
        _ => Ok(()),
    }
}

/// Preferences as a request sets them: a JSON object.
pub(crate) fn check_preferences(preferences: Value) -> Result<Value> {
    if preferences.is_object() {
        Ok(preferences)
    } else {
        Err(Error::invalid(
            "Invalid value for 'preferences': expected an object",
        ))
    }
}
