//! The rules of the contract's permission table, for the administrative resources.

use helpdesk_domain::permission::names::{
    ACCESS_TOKEN, ADMIN, ADMIN_GROUP, ADMIN_MONITORING, ADMIN_OBJECT, ADMIN_ORGANIZATION,
    ADMIN_ROLE, ADMIN_TIME_ACCOUNTING, ADMIN_USER, ADMIN_VERSION, TICKET_AGENT, TICKET_CUSTOMER,
};
use helpdesk_domain::{Id, Organization, PermissionSet, User};

use crate::{Actor, Decision, Denial};

/// What the actor wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Show or list.
    Read,
    /// Create.
    Create,
    /// Change.
    Update,
    /// Remove.
    Delete,
    /// Reset a locked user's failed logins.
    Unlock,
    /// Act as another user through `From` / `X-On-Behalf-Of`.
    Impersonate,
}

/// What the action is about.
#[derive(Debug, Clone, Copy)]
pub enum Resource<'a> {
    /// A user.
    User(&'a User),
    /// An organization.
    Organization(&'a Organization),
    /// Groups.
    Group,
    /// Ticket states.
    State,
    /// Ticket priorities.
    Priority,
    /// Roles.
    Role,
    /// The actor's own access tokens.
    AccessToken,
    /// Object-manager attributes (custom fields).
    ObjectAttribute,
    /// Time accounting activity types.
    TimeAccountingType,
    /// The server's version (`/version`).
    Version,
}

/// Which records of a kind a list may answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserScope {
    /// Every record.
    All,
    /// Only these ids.
    Only(Vec<Id>),
}

/// How far a user create or update may go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserWriteMode {
    /// Everything, roles, groups and password included (admin.user).
    Full,
    /// Plain fields only: roles and groups are dropped, the password is ignored (an agent).
    Limited,
    /// Self-service signup without credentials: the signup role only, password allowed.
    Signup,
    /// Refused.
    Denied(crate::Denial),
}

/// Decides whether `actor` may do `action` on `resource`.
pub fn authorize(actor: &Actor, action: Action, resource: Resource<'_>) -> Decision {
    match (resource, action) {
        (_, Action::Unlock) => require(actor, &[ADMIN_USER]),
        (_, Action::Impersonate) => {
            if actor.can(ADMIN_USER) {
                Decision::Allow
            } else {
                Decision::deny("Current user has no permission to use 'From'/'X-On-Behalf-Of'!")
            }
        }
        (Resource::User(target), Action::Read) => read_user(actor, target),
        (Resource::User(_), Action::Delete) => require(actor, &[ADMIN_USER]),
        (Resource::User(_), Action::Create | Action::Update) => {
            require(actor, &[ADMIN_USER, TICKET_AGENT])
        }
        (Resource::Organization(org), Action::Read) => read_organization(actor, org),
        (Resource::Organization(_), _) => require(actor, &[ADMIN_ORGANIZATION]),
        (Resource::Group, _) => require(actor, &[ADMIN_GROUP]),
        (Resource::State | Resource::Priority, Action::Read) => {
            require(actor, &[ADMIN_OBJECT, TICKET_AGENT, TICKET_CUSTOMER])
        }
        (Resource::State | Resource::Priority, _) => require(actor, &[ADMIN_OBJECT]),
        (Resource::Role, _) => require(actor, &[ADMIN_ROLE]),
        (Resource::Version, _) => require(actor, &[ADMIN_VERSION]),
        (Resource::ObjectAttribute, _) => require(actor, &[ADMIN_OBJECT]),
        (Resource::AccessToken, _) => require(actor, &[ACCESS_TOKEN]),
        (Resource::TimeAccountingType, _) => require(actor, &[ADMIN_TIME_ACCOUNTING]),
    }
}

/// The user an impersonating request (`From` / `X-On-Behalf-Of: who`, allowed by
/// [`Action::Impersonate`]) acts as: `target`, the user `who` names, when it exists and is
/// active; else Zammad's 403 text.
pub fn impersonation_target<'u>(who: &str, target: Option<&'u User>) -> Result<&'u User, Denial> {
    target.filter(|u| u.active).ok_or_else(|| Denial {
        message: format!("No such user '{who}'"),
    })
}

/// How far `actor` (or an anonymous caller, `None`) may go creating a user, or updating
/// `target` (with the permissions its roles give). `signup_enabled` is the
/// `user_create_account` setting.
pub fn user_write_mode(
    actor: Option<&Actor>,
    target: Option<(&User, &PermissionSet)>,
    signup_enabled: bool,
) -> UserWriteMode {
    let Some(actor) = actor else {
        return match target {
            None if signup_enabled => UserWriteMode::Signup,
            _ => UserWriteMode::Denied(crate::Denial {
                message: "Authentication required".into(),
            }),
        };
    };
    if actor.can(ADMIN_USER) {
        return UserWriteMode::Full;
    }
    if actor.can(TICKET_AGENT) {
        return match target {
            None => UserWriteMode::Limited,
            Some((_, perms))
                if perms.grants(TICKET_CUSTOMER)
                    && !perms.grants(TICKET_AGENT)
                    && !perms.grants(ADMIN) =>
            {
                UserWriteMode::Limited
            }
            Some(_) => UserWriteMode::Denied(crate::Denial {
                message: "Not authorized".into(),
            }),
        };
    }
    match require(actor, &[ADMIN_USER, TICKET_AGENT]) {
        Decision::Deny(d) => UserWriteMode::Denied(d),
        Decision::Allow => UserWriteMode::Full,
    }
}

/// Which users `actor`'s user list answers: agents and user admins all, others themselves.
pub fn user_list_scope(actor: &Actor) -> UserScope {
    if actor.can_any(&[TICKET_AGENT, ADMIN_USER]) {
        UserScope::All
    } else {
        UserScope::Only(vec![actor.id()])
    }
}

fn read_user(actor: &Actor, target: &User) -> Decision {
    if actor.can_any(&[TICKET_AGENT, ADMIN_USER]) || target.id == actor.id() {
        return Decision::Allow;
    }
    let same_org = actor.user.organization_id.is_some()
        && target.organization_id == actor.user.organization_id;
    if actor.can(TICKET_CUSTOMER) && same_org {
        Decision::Allow
    } else {
        Decision::deny("Not authorized")
    }
}

fn read_organization(actor: &Actor, org: &Organization) -> Decision {
    if actor.can_any(&[TICKET_AGENT, ADMIN_ORGANIZATION]) {
        return Decision::Allow;
    }
    let member =
        actor.user.organization_id == Some(org.id) || actor.user.organization_ids.contains(&org.id);
    if member {
        Decision::Allow
    } else {
        Decision::deny("Not authorized")
    }
}

/// Which organizations `actor`'s organization list answers.
pub fn organization_list_scope(actor: &Actor) -> UserScope {
    if actor.can_any(&[TICKET_AGENT, ADMIN_ORGANIZATION]) {
        UserScope::All
    } else {
        let mut ids: Vec<Id> = actor.user.organization_id.into_iter().collect();
        ids.extend(actor.user.organization_ids.iter().copied());
        ids.sort_unstable();
        ids.dedup();
        UserScope::Only(ids)
    }
}

/// Allows when the actor may use one of `permissions`; otherwise says whether the user or
/// the token lacks it, as Zammad does.
/// Whether a caller may read the health check (Zammad's `MonitoringControllerPolicy`): a
/// signed-in `actor` by `admin.monitoring` alone, an anonymous caller by the configured token
/// (`token_matches`). A refused anonymous caller answers 401, a signed-in one 403.
pub fn authorize_health_check(actor: Option<&Actor>, token_matches: bool) -> Decision {
    match actor {
        Some(actor) => require(actor, &[ADMIN_MONITORING]),
        None if token_matches => Decision::Allow,
        None => Decision::deny("Not authorized"),
    }
}

pub(crate) fn require(actor: &Actor, permissions: &[&str]) -> Decision {
    if actor.can_any(permissions) {
        Decision::Allow
    } else if permissions.iter().any(|p| actor.user_permissions.grants(p)) {
        Decision::deny("Not authorized (token)!")
    } else {
        Decision::deny("Not authorized (user)!")
    }
}
