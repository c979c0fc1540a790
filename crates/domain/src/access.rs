//! Group access levels: how an agent reaches the tickets of a group.

use std::fmt;
use std::str::FromStr;

use crate::ValidationError;

/// One access name of a user's `group_ids` map. `Full` grants all the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GroupAccess {
    /// See the group's tickets.
    Read,
    /// Create tickets in the group.
    Create,
    /// Change the group's tickets.
    Change,
    /// See the group's overviews.
    Overview,
    /// Everything above.
    Full,
}

impl GroupAccess {
    /// Every access name, in the order Zammad lists them.
    pub const ALL: [GroupAccess; 5] = [
        Self::Read,
        Self::Create,
        Self::Change,
        Self::Overview,
        Self::Full,
    ];

    /// The wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Create => "create",
            Self::Change => "change",
            Self::Overview => "overview",
            Self::Full => "full",
        }
    }

    /// Whether holding `self` grants `wanted`.
    pub fn grants(self, wanted: GroupAccess) -> bool {
        self == Self::Full || self == wanted
    }
}

impl fmt::Display for GroupAccess {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for GroupAccess {
    type Err = ValidationError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|a| a.as_str() == s)
            .ok_or_else(|| ValidationError::new(format!("Invalid group access '{s}'")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_grants_everything_and_others_only_themselves() {
        for a in GroupAccess::ALL {
            assert!(GroupAccess::Full.grants(a));
            assert!(a.grants(a));
        }
        assert!(!GroupAccess::Read.grants(GroupAccess::Change));
    }

    #[test]
    fn names_round_trip() {
        for a in GroupAccess::ALL {
            assert_eq!(a.as_str().parse::<GroupAccess>().unwrap(), a);
        }
        assert!("write".parse::<GroupAccess>().is_err());
    }
}
