//! Timestamps on the wire: RFC 3339, UTC, milliseconds (`2019-03-08T19:47:02.323Z`).

use chrono::{DateTime, SecondsFormat, Utc};
use helpdesk_domain::Timestamp;

use crate::error::ApiError;

/// Formats a timestamp the way Zammad does.
pub fn format(t: &Timestamp) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Formats an optional timestamp.
pub fn format_opt(t: &Option<Timestamp>) -> Option<String> {
    t.as_ref().map(format)
}

/// Parses an RFC 3339 timestamp from a request field, or answers 422 naming the field.
pub fn parse(field: &str, value: &str) -> Result<Timestamp, ApiError> {
    DateTime::parse_from_rfc3339(value.trim())
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            ApiError::unprocessable(format!(
                "Invalid value for '{field}': {value:?} is not an RFC 3339 timestamp"
            ))
        })
}

/// A nullable time field of a request as a patch: absent → `None`, `null` or `""` →
/// `Some(None)`, a time → `Some(Some(t))`; anything else answers 422 naming the field.
pub fn parse_patch(
    field: &str,
    value: poem_openapi::types::MaybeUndefined<String>,
) -> Result<Option<Option<Timestamp>>, ApiError> {
    Ok(match crate::body::patch(value) {
        None => None,
        Some(None) => Some(None),
        Some(Some(s)) if s.trim().is_empty() => Some(None),
        Some(Some(s)) => Some(Some(parse(field, &s)?)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millisecond_utc() {
        let t = parse("x", "2019-03-08T20:47:02.3234+01:00").unwrap();
        assert_eq!(format(&t), "2019-03-08T19:47:02.323Z");
        assert!(parse("x", "yesterday").is_err());
    }
}
