//! Roles: named bundles of permissions.

use crate::permission::names::{ALL, TICKET_CUSTOMER, USER_PREFERENCES};
use crate::validation::{self, ValidationError};
use crate::{Id, Meta, PermissionSet};

/// The seeded Admin role.
pub const ADMIN_ROLE_ID: Id = 1;
/// The seeded Agent role.
pub const AGENT_ROLE_ID: Id = 2;
/// The seeded Customer role, the default at signup.
pub const CUSTOMER_ROLE_ID: Id = 3;

/// A role and the permissions it bundles.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The role's id.
    pub id: Id,
    /// Unique name (`Admin`, `Agent`, `Customer`).
    pub name: String,
    /// Permission names the role grants.
    pub permissions: Vec<String>,
    /// Whether new signups get this role.
    pub default_at_signup: bool,
    /// Inactive roles grant nothing.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Bookkeeping.
    pub meta: Meta,
}

impl Role {
    /// A new, active role without name or permissions, with this bookkeeping.
    pub fn blank(meta: Meta) -> Self {
        Self {
            id: 0,
            name: String::new(),
            permissions: Vec::new(),
            default_at_signup: false,
            active: true,
            note: String::new(),
            meta,
        }
    }

    /// The rules of a role a request writes (Zammad's `Role`): a name, known permissions
    /// (each once), and, for a signup role, only the permissions signups may get
    /// (`ticket.customer`, `user_preferences` and below).
    pub fn validate(&self) -> Result<(), ValidationError> {
        validation::require_present("name", &self.name)?;
        validation::check_lengths(&[
            ("name", &self.name, validation::MAX_SHORT),
            ("note", &self.note, validation::MAX_TEXT),
        ])?;
        if let Some(unknown) = self.permissions.iter().find(|p| !ALL.contains(&p.as_str())) {
            return Err(ValidationError::new(format!(
                "No lookup value found for 'permissions': {unknown:?}"
            )));
        }
        let signup = PermissionSet::new([TICKET_CUSTOMER, USER_PREFERENCES]);
        let forbidden: Vec<&str> = self
            .permissions
            .iter()
            .map(String::as_str)
            .filter(|p| !signup.grants(p))
            .collect();
        if self.default_at_signup && !forbidden.is_empty() {
            return Err(ValidationError::new(format!(
                "Cannot set default at signup when role has {} permissions.",
                forbidden.join(", ")
            )));
        }
        Ok(())
    }

    /// The permissions of the active roles among `roles`, as one set.
    pub fn combined_permissions<'a>(roles: impl IntoIterator<Item = &'a Role>) -> PermissionSet {
        PermissionSet::new(
            roles
                .into_iter()
                .filter(|r| r.active)
                .flat_map(|r| r.permissions.iter().cloned()),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::from_millis;

    fn role(permissions: &[&str], default_at_signup: bool) -> Role {
        Role {
            name: "Support".into(),
            permissions: permissions.iter().map(|p| p.to_string()).collect(),
            default_at_signup,
            ..Role::blank(Meta::new(1, from_millis(0)))
        }
    }

    #[test]
    fn a_role_needs_a_name_and_known_permissions() {
        assert!(
            role(&["ticket.agent", "admin.role"], false)
                .validate()
                .is_ok()
        );
        let unnamed = Role {
            name: " ".into(),
            ..role(&[], false)
        };
        assert_eq!(
            unnamed.validate().unwrap_err().message,
            "Missing required attribute 'name'"
        );
        assert_eq!(
            role(&["ticket.agent", "nope"], false)
                .validate()
                .unwrap_err()
                .message,
            "No lookup value found for 'permissions': \"nope\""
        );
    }

    #[test]
    fn signup_roles_hold_only_signup_permissions() {
        assert!(
            role(&["ticket.customer", "user_preferences.access_token"], true)
                .validate()
                .is_ok()
        );
        assert_eq!(
            role(&["ticket.customer", "admin", "ticket.agent"], true)
                .validate()
                .unwrap_err()
                .message,
            "Cannot set default at signup when role has admin, ticket.agent permissions."
        );
        assert!(role(&["admin"], false).validate().is_ok());
    }
}
