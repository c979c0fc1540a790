//! The answer of a permission check.

/// Why a request was refused; the text is Zammad's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Denial {
    /// The message shown to the client (and in `X-Failure`).
    pub message: String,
}

/// Allowed, or refused with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Refused.
    Deny(Denial),
}

impl Decision {
    /// Refused with `message`.
    pub fn deny(message: impl Into<String>) -> Self {
        Self::Deny(Denial {
            message: message.into(),
        })
    }

    /// Whether the action is allowed.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allow)
    }

    /// `Ok` when allowed, else the denial.
    pub fn into_result(self) -> Result<(), Denial> {
        match self {
            Self::Allow => Ok(()),
            Self::Deny(d) => Err(d),
        }
    }
}
