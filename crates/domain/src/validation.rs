//! Validation failures of domain rules.

use thiserror::Error;

/// A value broke a domain rule. The message is Zammad's text where Zammad has one.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{message}")]
pub struct ValidationError {
    /// The text shown to the client.
    pub message: String,
}

impl ValidationError {
    /// A failure with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
}

/// Fails unless `value` holds something other than whitespace.
pub fn require_present(field: &str, value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(ValidationError::new(format!(
            "Missing required attribute '{field}'"
        )))
    } else {
        Ok(())
    }
}

/// The longest value of a short text field (a name, a login, a title), in characters.
pub const MAX_SHORT: usize = 255;

/// The longest value of a long text field (a note, an address, an article's header line), in
/// characters: what every store's `TEXT` column holds (MariaDB's is 65,535 bytes).
pub const MAX_TEXT: usize = 16_000;

/// Fails with a message naming the first field longer than its limit: `(name, value, limit)`.
pub fn check_lengths(fields: &[(&str, &str, usize)]) -> Result<(), ValidationError> {
    match fields
        .iter()
        .find(|(_, value, max)| value.chars().count() > *max)
    {
        Some((name, _, max)) => Err(ValidationError::new(format!(
            "Invalid value for '{name}': longer than {max} characters"
        ))),
        None => Ok(()),
    }
}

/// A cheap structural check of an email address: one `@`, something on each side, no spaces.
pub fn is_plausible_email(email: &str) -> bool {
    let mut parts = email.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty()
                && !domain.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !email.chars().any(char::is_whitespace)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert!(is_plausible_email("a@b.example"));
        assert!(!is_plausible_email("a@b"));
        assert!(!is_plausible_email("a b@c.de"));
        assert!(!is_plausible_email("@c.de"));
        assert!(!is_plausible_email("a@@c.de"));
    }

    #[test]
    fn lengths() {
        assert!(check_lengths(&[("a", "abc", 3), ("b", "", 0)]).is_ok());
        let err = check_lengths(&[("a", "abc", 3), ("b", "éé", 1)]).unwrap_err();
        assert_eq!(
            err.message,
            "Invalid value for 'b': longer than 1 characters"
        );
    }

    #[test]
    fn presence() {
        assert!(require_present("name", "  ").is_err());
        assert!(require_present("name", "x").is_ok());
    }
}
