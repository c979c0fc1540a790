//! The ticket rules: agents reach tickets through group access, customers through being the
//! customer or a member of the ticket's shared organization; only admins delete.

use helpdesk_domain::permission::names::{ADMIN, ADMIN_TAG, TICKET_AGENT, TICKET_CUSTOMER};
use helpdesk_domain::{GroupAccess, Id, StateType};

use crate::rules::require;
use crate::{Actor, Decision, Denial};

/// What the policy needs to know of a ticket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketFacts {
    /// The ticket's group.
    pub group_id: Id,
    /// The ticket's customer.
    pub customer_id: Id,
    /// The ticket's organization.
    pub organization_id: Option<Id>,
}

/// How the actor reaches a ticket; decides which fields it may set and which articles it sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TicketRole {
    /// Through group access (`ticket.agent`).
    Agent,
    /// As its customer or a member of its shared organization (`ticket.customer`).
    Customer,
}

/// Which tickets the actor may see at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TicketVisibility {
    /// Tickets of these groups.
    Groups(Vec<Id>),
    /// The actor's own tickets, and those of this shared organization.
    Customer {
        /// The actor.
        customer_id: Id,
        /// The actor's organization when it is shared.
        organization_id: Option<Id>,
    },
    /// None.
    Nothing,
}

const NOT_AUTHORIZED: &str = "Not authorized";

/// How `actor` reaches `ticket` when it needs `need` on the group; `shared_org` tells whether
/// the actor's own organization is shared. `None` when it does not.
pub fn ticket_role(
    actor: &Actor,
    ticket: &TicketFacts,
    need: GroupAccess,
    shared_org: bool,
) -> Option<TicketRole> {
    if actor.has_group_access(ticket.group_id, need) {
        return Some(TicketRole::Agent);
    }
    if !actor.can(TICKET_CUSTOMER) {
        return None;
    }
    let own = ticket.customer_id == actor.id();
    let same_org = shared_org
        && ticket.organization_id.is_some()
        && ticket.organization_id == actor.user.organization_id;
    (own || same_org).then_some(TicketRole::Customer)
}

/// Where a customer sets a ticket's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomerScreen {
    /// Opening a ticket.
    Create,
    /// Changing one of its tickets.
    Edit,
}

/// Whether a customer may put a ticket into a state of `state_type`: on create only `new`
/// or `closed`, on edit only `open` or `closed` (Zammad's `viewable_customer_new` and
/// `viewable_customer_edit` state categories, the filter of its customer screens). Never
/// `merged` nor a pending state. Priorities are not the customer's at all: Zammad's customer
/// screens do not offer them, and a customer's priority is ignored.
pub fn customer_may_set_state(screen: CustomerScreen, state_type: StateType) -> bool {
    match screen {
        CustomerScreen::Create => matches!(state_type, StateType::New | StateType::Closed),
        CustomerScreen::Edit => matches!(state_type, StateType::Open | StateType::Closed),
    }
}

/// Whether `actor` may open a ticket in `group_id`: agents with `create` there as agents,
/// customers always (as the ticket's customer).
pub fn ticket_create_role(actor: &Actor, group_id: Id) -> Option<TicketRole> {
    if actor.has_group_access(group_id, GroupAccess::Create) {
        Some(TicketRole::Agent)
    } else if actor.can(TICKET_CUSTOMER) {
        Some(TicketRole::Customer)
    } else {
        None
    }
}

/// How `actor` reaches `ticket` for `need` (read, change, or article creation with
/// `Create`), or the denial: [`ticket_role`] as a decision.
pub fn ticket_access(
    actor: &Actor,
    ticket: &TicketFacts,
    need: GroupAccess,
    shared_org: bool,
) -> Result<TicketRole, Denial> {
    ticket_role(actor, ticket, need, shared_org).ok_or_else(not_authorized)
}

/// How `actor` may open a ticket in `group_id` ([`ticket_create_role`]), or the denial.
pub fn ticket_create_access(actor: &Actor, group_id: Id) -> Result<TicketRole, Denial> {
    ticket_create_role(actor, group_id).ok_or_else(not_authorized)
}

/// Moving a ticket from group `from` to group `to` needs `change` on the new group.
pub fn authorize_group_move(actor: &Actor, from: Id, to: Id) -> Decision {
    if from == to || actor.has_group_access(to, GroupAccess::Change) {
        Decision::Allow
    } else {
        Decision::deny(NOT_AUTHORIZED)
    }
}

/// A ticket's tags are changed by agents only (a customer's `tags` are refused).
pub fn authorize_ticket_tagging(role: TicketRole) -> Decision {
    agents_only(role)
}

/// Links between tickets are read and changed by agents only (Zammad's `ticket.agent`):
/// `change` on the ticket a link is added to or removed from, `read` on the other one.
pub fn authorize_ticket_linking(role: TicketRole) -> Decision {
    agents_only(role)
}

/// Merging a ticket into another is `ticket.agent`'s, asked before either ticket is looked
/// up (Zammad's controller policy); each of the two tickets then needs `change` as an agent
/// ([`authorize_merged_ticket`]).
pub fn authorize_ticket_merge(actor: &Actor) -> Decision {
    require(actor, &[TICKET_AGENT])
}

/// A ticket merged or merged into is changed by an agent.
pub fn authorize_merged_ticket(role: TicketRole) -> Decision {
    agents_only(role)
}

/// Mentions are `ticket.agent`'s, asked before any ticket is looked up (Zammad's controller
/// policy); a mention is made on, and listed of, a ticket the agent reads
/// ([`authorize_ticket_mention`]).
pub fn authorize_mentions(actor: &Actor) -> Decision {
    require(actor, &[TICKET_AGENT])
}

/// A ticket is mentioned on by agents who read it (`role`: how the user reads it, `None` when
/// it does not or the ticket does not exist: refused alike, as Zammad does).
pub fn authorize_ticket_mention(role: Option<TicketRole>) -> Decision {
    role.map_or_else(|| Decision::deny(NOT_AUTHORIZED), agents_only)
}

/// A mention is removed by the user mentioned only, whether or not it still reads the ticket;
/// a mention that does not exist (`None`) is refused alike.
pub fn authorize_mention_removal(actor: &Actor, mentioned_user_id: Option<Id>) -> Decision {
    if mentioned_user_id == Some(actor.id()) {
        Decision::Allow
    } else {
        Decision::deny(NOT_AUTHORIZED)
    }
}

/// The agents' views across tickets (`/ticket_stats`, `/ticket_related`, `/ticket_recent`)
/// are `ticket.agent`'s; what they list is limited to the tickets the caller reads.
pub fn authorize_ticket_overview(actor: &Actor) -> Decision {
    require(actor, &[TICKET_AGENT])
}

/// Zammad's denial text for tickets and what hangs on them.
pub(crate) fn not_authorized() -> Denial {
    Denial {
        message: NOT_AUTHORIZED.into(),
    }
}

/// Allowed for agents, denied for customers.
pub(crate) fn agents_only(role: TicketRole) -> Decision {
    match role {
        TicketRole::Agent => Decision::Allow,
        TicketRole::Customer => Decision::deny(NOT_AUTHORIZED),
    }
}

/// Only admins delete tickets.
pub fn authorize_ticket_delete(actor: &Actor) -> Decision {
    if actor.can(ADMIN) {
        Decision::Allow
    } else {
        Decision::deny("Not authorized (admin permission required)!")
    }
}

/// The tickets a list or search may answer.
pub fn ticket_visibility(actor: &Actor, shared_org: bool) -> TicketVisibility {
    if actor.can(TICKET_AGENT) {
        return TicketVisibility::Groups(actor.user.groups_with(GroupAccess::Read));
    }
    if actor.can(TICKET_CUSTOMER) {
        return TicketVisibility::Customer {
            customer_id: actor.id(),
            organization_id: actor.user.organization_id.filter(|_| shared_org),
        };
    }
    TicketVisibility::Nothing
}

/// The tag list (`/tag_list`) is admin.tag's.
pub fn authorize_tag_admin(actor: &Actor) -> Decision {
    require(actor, &[ADMIN_TAG])
}

/// Tag suggestions (`/tag_search`) are for agents and tag admins.
pub fn authorize_tag_search(actor: &Actor) -> Decision {
    if actor.can_any(&[TICKET_AGENT, ADMIN_TAG]) {
        Decision::Allow
    } else {
        Decision::deny("Not authorized (user)!")
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use helpdesk_domain::meta::from_millis;
    use helpdesk_domain::{Meta, PermissionSet, User};

    use super::*;

    fn actor(id: Id, org: Option<Id>, perms: &[&str], groups: &[(Id, GroupAccess)]) -> Actor {
        let mut u = User::blank(Meta::new(1, from_millis(0)));
        u.id = id;
        u.organization_id = org;
        u.group_ids = groups
            .iter()
            .map(|(g, a)| (*g, vec![*a]))
            .collect::<BTreeMap<_, _>>();
        Actor::new(u, PermissionSet::new(perms.iter().copied()))
    }

    const TICKET: TicketFacts = TicketFacts {
        group_id: 1,
        customer_id: 10,
        organization_id: Some(5),
    };

    #[test]
    fn agents_need_the_right_group_access() {
        let full = actor(2, None, &["ticket.agent"], &[(1, GroupAccess::Full)]);
        let read = actor(3, None, &["ticket.agent"], &[(1, GroupAccess::Read)]);
        let other = actor(4, None, &["ticket.agent"], &[(2, GroupAccess::Full)]);
        let agent = Some(TicketRole::Agent);
        for (who, actor, need, want) in [
            ("full access", &full, GroupAccess::Change, agent),
            ("read access", &read, GroupAccess::Read, agent),
            ("read access", &read, GroupAccess::Change, None),
            ("another group", &other, GroupAccess::Read, None),
        ] {
            let role = ticket_role(actor, &TICKET, need, false);
            assert_eq!(role, want, "an agent with {who} needing {need}");
        }
        assert_eq!(
            ticket_access(&other, &TICKET, GroupAccess::Read, false),
            Err(not_authorized())
        );
        assert!(authorize_group_move(&full, 1, 1).is_allowed());
        assert!(!authorize_group_move(&read, 2, 1).is_allowed());
        assert!(!authorize_group_move(&full, 1, 2).is_allowed());
    }

    #[test]
    fn customers_see_their_own_and_shared_organization_tickets() {
        let owner = actor(10, Some(5), &["ticket.customer"], &[]);
        let colleague = actor(11, Some(5), &["ticket.customer"], &[]);
        let stranger = actor(12, Some(6), &["ticket.customer"], &[]);
        let customer = Some(TicketRole::Customer);
        for (who, actor, shared, want) in [
            ("its customer", &owner, false, customer),
            (
                "a colleague, organization shared",
                &colleague,
                true,
                customer,
            ),
            (
                "a colleague, organization not shared",
                &colleague,
                false,
                None,
            ),
            ("a stranger", &stranger, true, None),
        ] {
            let role = ticket_role(actor, &TICKET, GroupAccess::Read, shared);
            assert_eq!(role, want, "{who} reading the ticket");
        }
        assert_eq!(ticket_create_access(&stranger, 9), Ok(TicketRole::Customer));
        assert!(!authorize_ticket_tagging(TicketRole::Customer).is_allowed());
        assert!(authorize_ticket_tagging(TicketRole::Agent).is_allowed());
    }

    #[test]
    fn tokens_limit_agents() {
        let mut agent = actor(
            2,
            None,
            &["ticket.agent", "ticket.customer"],
            &[(1, GroupAccess::Full)],
        );
        agent.token_permissions = Some(PermissionSet::new(["ticket.customer"]));
        assert_eq!(ticket_role(&agent, &TICKET, GroupAccess::Read, false), None);
        assert_eq!(
            ticket_visibility(&agent, false),
            TicketVisibility::Customer {
                customer_id: 2,
                organization_id: None
            }
        );
    }

    #[test]
    fn only_admins_delete() {
        let admin = actor(
            2,
            None,
            &["admin", "ticket.agent"],
            &[(1, GroupAccess::Full)],
        );
        let agent = actor(3, None, &["ticket.agent"], &[(1, GroupAccess::Full)]);
        assert!(authorize_ticket_delete(&admin).is_allowed());
        assert_eq!(
            authorize_ticket_delete(&agent),
            Decision::deny("Not authorized (admin permission required)!")
        );
    }

    #[test]
    fn visibility() {
        let agent = actor(
            2,
            None,
            &["ticket.agent"],
            &[(1, GroupAccess::Read), (2, GroupAccess::Overview)],
        );
        assert_eq!(
            ticket_visibility(&agent, false),
            TicketVisibility::Groups(vec![1])
        );
        let customer = actor(10, Some(5), &["ticket.customer"], &[]);
        assert_eq!(
            ticket_visibility(&customer, true),
            TicketVisibility::Customer {
                customer_id: 10,
                organization_id: Some(5)
            }
        );
        let nobody = actor(3, None, &["admin.user"], &[]);
        assert_eq!(ticket_visibility(&nobody, false), TicketVisibility::Nothing);
    }
}

#[cfg(test)]
mod customer_state_tests {
    use super::*;

    #[test]
    fn customers_set_only_the_states_of_zammads_customer_screens() {
        let allowed = |screen| {
            StateType::ALL
                .into_iter()
                .filter(|t| customer_may_set_state(screen, *t))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            allowed(CustomerScreen::Create),
            [StateType::New, StateType::Closed]
        );
        assert_eq!(
            allowed(CustomerScreen::Edit),
            [StateType::Open, StateType::Closed]
        );
    }
}
