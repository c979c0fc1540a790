//! Field scopes: which fields of a user or organization record the actor may see, decided
//! here and applied by every answer that carries one (show, list, search, `expand`, the
//! names a ticket or article carries). Zammad's `UserPolicy` / `OrganizationPolicy` field
//! scopes.

use helpdesk_domain::permission::names::{ADMIN_ORGANIZATION, ADMIN_USER, TICKET_AGENT};
use helpdesk_domain::{Organization, User};

use crate::Actor;

/// The fields of a user record an answer may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserFields {
    /// Every field (agents, user admins, and anyone reading their own account).
    Full,
    /// Only `id`, `firstname`, `lastname`, `image`, `image_source` and `active`: a customer
    /// reading a colleague of its organization, or an agent behind its ticket.
    Colleague,
}

/// The fields of an organization record an answer may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrganizationFields {
    /// Every field, members and note included (agents, organization admins).
    Full,
    /// Only `id`, `name` and `active`: a member reading its own organization.
    Member,
}

/// Which fields of `target` `actor` may see (once it may see the user at all).
pub fn user_fields(actor: &Actor, target: &User) -> UserFields {
    if target.id == actor.id() || actor.can_any(&[TICKET_AGENT, ADMIN_USER]) {
        UserFields::Full
    } else {
        UserFields::Colleague
    }
}

/// Which fields of `org` `actor` may see (once it may see the organization at all).
pub fn organization_fields(actor: &Actor, _org: &Organization) -> OrganizationFields {
    if actor.can_any(&[TICKET_AGENT, ADMIN_ORGANIZATION]) {
        OrganizationFields::Full
    } else {
        OrganizationFields::Member
    }
}

#[cfg(test)]
mod tests {
    use helpdesk_domain::PermissionSet;
    use helpdesk_domain::meta::Meta;

    use super::*;

    fn actor(id: i64, org: Option<i64>, permissions: &[&str]) -> Actor {
        let mut user = User::blank(Meta::new(1, Default::default()));
        user.id = id;
        user.organization_id = org;
        Actor::new(user, PermissionSet::new(permissions.iter().copied()))
    }

    /// Organization 3, `Org`.
    fn organization() -> Organization {
        Organization {
            id: 3,
            name: "Org".into(),
            ..Organization::blank(Meta::new(1, Default::default()))
        }
    }

    #[test]
    fn customers_see_colleagues_narrowly_and_themselves_fully() {
        let me = actor(7, Some(3), &["ticket.customer"]);
        let colleague = actor(8, Some(3), &["ticket.customer"]).user;
        assert_eq!(user_fields(&me, &colleague), UserFields::Colleague);
        assert_eq!(user_fields(&me, &me.user.clone()), UserFields::Full);
        let org = Organization {
            note: "internal".into(),
            ..organization()
        };
        assert_eq!(organization_fields(&me, &org), OrganizationFields::Member);
    }

    #[test]
    fn agents_and_admins_see_everything() {
        let colleague = actor(8, Some(3), &["ticket.customer"]).user;
        for permissions in [&["ticket.agent"][..], &["admin"][..], &["admin.user"][..]] {
            let reader = actor(9, None, permissions);
            assert_eq!(user_fields(&reader, &colleague), UserFields::Full);
        }
        let org_admin = actor(9, None, &["admin.organization"]);
        let org = organization();
        assert_eq!(
            organization_fields(&org_admin, &org),
            OrganizationFields::Full
        );
        assert_eq!(
            organization_fields(&actor(9, None, &["ticket.agent"]), &org),
            OrganizationFields::Full
        );
    }
}
