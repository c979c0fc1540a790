//! Roles: named bundles of permissions.

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
