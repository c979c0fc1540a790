//! The authenticated caller as the policy sees it.

use helpdesk_domain::{GroupAccess, Id, PermissionSet, User};

/// Who is acting: the user, the permissions their roles give, and, when they came with an
/// access token, the token's permissions. Effective rights are the intersection.
#[derive(Debug, Clone)]
pub struct Actor {
    /// The acting user (after `From` impersonation).
    pub user: User,
    /// What the user's active roles grant.
    pub user_permissions: PermissionSet,
    /// What the access token grants, when the request came with one.
    pub token_permissions: Option<PermissionSet>,
}

impl Actor {
    /// An actor acting with the full rights of their roles.
    pub fn new(user: User, user_permissions: PermissionSet) -> Self {
        Self {
            user,
            user_permissions,
            token_permissions: None,
        }
    }

    /// The acting user's id.
    pub fn id(&self) -> Id {
        self.user.id
    }

    /// Whether the actor may use `permission`: the user holds it and, with a token, so does
    /// the token.
    pub fn can(&self, permission: &str) -> bool {
        self.user_permissions.grants(permission)
            && self
                .token_permissions
                .as_ref()
                .is_none_or(|t| t.grants(permission))
    }

    /// Whether the actor may use any of `permissions`.
    pub fn can_any(&self, permissions: &[&str]) -> bool {
        permissions.iter().any(|p| self.can(p))
    }

    /// The effective permission set (user ∩ token).
    pub fn effective_permissions(&self) -> PermissionSet {
        match &self.token_permissions {
            Some(token) => token.intersect(&self.user_permissions),
            None => self.user_permissions.clone(),
        }
    }

    /// Whether the actor works tickets of `group_id` with `access` (needs `ticket.agent`).
    pub fn has_group_access(&self, group_id: Id, access: GroupAccess) -> bool {
        self.can(helpdesk_domain::permission::names::TICKET_AGENT)
            && self.user.has_group_access(group_id, access)
    }
}
