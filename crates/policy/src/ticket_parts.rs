//! What hangs on a ticket: its articles and attachments, its history, its time accounting,
//! and a user's online notifications. The caller has already reached the ticket ([`crate::ticket_access`]); these
//! decide what of it that role may see or change.

use helpdesk_domain::permission::names::ADMIN_TIME_ACCOUNTING;
use helpdesk_domain::{HistoryEntry, Id};

use crate::tickets::{agents_only, not_authorized};
use crate::{Actor, Decision, TicketRole};

/// Internal articles are for agents; customers read the public ones.
pub fn authorize_article_read(role: TicketRole, internal: bool) -> Decision {
    if internal {
        agents_only(role)
    } else {
        Decision::Allow
    }
}

/// Articles are changed (`internal`, attachments' metadata) by agents only.
pub fn authorize_article_update(role: TicketRole) -> Decision {
    agents_only(role)
}

/// Where an attachment was asked for and where it really is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentFacts {
    /// The ticket named in the request's path.
    pub ticket_id: Id,
    /// The article named in the request's path.
    pub article_id: Id,
    /// The ticket the article belongs to.
    pub article_ticket_id: Id,
    /// Whether the article is internal.
    pub article_internal: bool,
    /// The article the attachment belongs to.
    pub attachment_article_id: Id,
}

/// An attachment is read through its own article and ticket (a path naming another ticket
/// or article is refused, as Zammad does), and an internal article's by agents only.
pub fn authorize_attachment(role: TicketRole, facts: &AttachmentFacts) -> Decision {
    if facts.article_ticket_id != facts.ticket_id || facts.attachment_article_id != facts.article_id
    {
        return Decision::Deny(not_authorized());
    }
    authorize_article_read(role, facts.article_internal)
}

/// Online notifications are their user's alone: another user's answers 403 whatever the
/// actor's permissions (show, update and delete alike).
pub fn authorize_notification(actor: &Actor, notification_user_id: Id) -> Decision {
    if notification_user_id == actor.id() {
        Decision::Allow
    } else {
        Decision::Deny(not_authorized())
    }
}

/// Whether a ticket's history entry is shown to `role`: agents see every entry; customers
/// neither the entries of articles they cannot read (`public_article` tells which they can)
/// nor time accounting.
pub fn history_entry_visible(
    role: TicketRole,
    entry: &HistoryEntry,
    public_article: impl Fn(Id) -> bool,
) -> bool {
    match role {
        TicketRole::Agent => true,
        TicketRole::Customer => {
            (entry.history_object != "Ticket::Article" || public_article(entry.o_id))
                && entry.attribute.as_deref() != Some("time_unit")
        }
    }
}

/// What a request does with a ticket's time accounting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeAccountingAction {
    /// List or show entries.
    Read,
    /// Book time (a new entry).
    Book,
    /// Change or remove an entry.
    Change,
}

/// Time accounting is the agents': reading and booking on a ticket need `change` on it as an
/// agent (`role`, how the actor reaches the ticket with `change`, `None` when it does not, or
/// when no ticket is named); changing or removing an entry, and reading every ticket's entries,
/// need `admin.time_accounting`, which also reads and books on any ticket (Zammad's
/// `TimeAccountingsControllerPolicy`). Customers never see an entry.
pub fn authorize_time_accounting(
    actor: &Actor,
    role: Option<TicketRole>,
    action: TimeAccountingAction,
) -> Decision {
    if actor.can(ADMIN_TIME_ACCOUNTING) {
        return Decision::Allow;
    }
    match (action, role) {
        (TimeAccountingAction::Read | TimeAccountingAction::Book, Some(TicketRole::Agent)) => {
            Decision::Allow
        }
        _ => Decision::Deny(not_authorized()),
    }
}

#[cfg(test)]
mod tests {
    use helpdesk_domain::meta::from_millis;
    use helpdesk_domain::{Meta, PermissionSet, User};

    use super::*;

    fn entry(object: &str, o_id: Id, attribute: Option<&str>) -> HistoryEntry {
        HistoryEntry {
            id: 1,
            ticket_id: 1,
            history_type: "updated".into(),
            history_object: object.into(),
            o_id,
            attribute: attribute.map(Into::into),
            value_from: None,
            value_to: None,
            id_from: None,
            id_to: None,
            created_by_id: 1,
            created_at: from_millis(0),
        }
    }

    #[test]
    fn customers_read_public_articles_and_change_none() {
        use TicketRole::{Agent, Customer};
        assert!(authorize_article_read(Customer, false).is_allowed());
        assert!(!authorize_article_read(Customer, true).is_allowed());
        assert!(authorize_article_read(Agent, true).is_allowed());
        assert!(!authorize_article_update(Customer).is_allowed());
        assert!(authorize_article_update(Agent).is_allowed());
    }

    #[test]
    fn attachments_are_read_through_their_own_article_and_ticket() {
        let facts = AttachmentFacts {
            ticket_id: 1,
            article_id: 2,
            article_ticket_id: 1,
            article_internal: false,
            attachment_article_id: 2,
        };
        assert!(authorize_attachment(TicketRole::Customer, &facts).is_allowed());
        for wrong in [
            AttachmentFacts {
                article_ticket_id: 9,
                ..facts
            },
            AttachmentFacts {
                attachment_article_id: 9,
                ..facts
            },
        ] {
            assert!(!authorize_attachment(TicketRole::Agent, &wrong).is_allowed());
        }
        let internal = AttachmentFacts {
            article_internal: true,
            ..facts
        };
        assert!(!authorize_attachment(TicketRole::Customer, &internal).is_allowed());
        assert!(authorize_attachment(TicketRole::Agent, &internal).is_allowed());
    }

    #[test]
    fn notifications_are_their_users_alone() {
        let mut user = User::blank(Meta::new(1, from_millis(0)));
        user.id = 7;
        let admin = Actor::new(user, PermissionSet::new(["admin"]));
        assert!(authorize_notification(&admin, 7).is_allowed());
        assert!(!authorize_notification(&admin, 8).is_allowed());
    }

    #[test]
    fn time_accounting_is_for_agents_on_the_ticket_and_changed_by_admins() {
        use TimeAccountingAction::{Book, Change, Read};
        let actor = |permissions: &[&str]| {
            Actor::new(
                User::blank(Meta::new(1, from_millis(0))),
                PermissionSet::new(permissions.iter().copied()),
            )
        };
        let admin = actor(&["admin"]);
        let agent = actor(&["ticket.agent"]);
        let customer = actor(&["ticket.customer"]);
        let cases = [
            (&admin, None, Change, true),
            (&admin, None, Read, true),
            (&agent, Some(TicketRole::Agent), Read, true),
            (&agent, Some(TicketRole::Agent), Book, true),
            (&agent, Some(TicketRole::Agent), Change, false),
            (&agent, None, Read, false),
            (&agent, None, Book, false),
            (&customer, Some(TicketRole::Customer), Read, false),
            (&customer, Some(TicketRole::Customer), Book, false),
        ];
        for (i, (who, role, action, allowed)) in cases.into_iter().enumerate() {
            assert_eq!(
                authorize_time_accounting(who, role, action).is_allowed(),
                allowed,
                "case {i}: {role:?} {action:?}"
            );
        }
    }

    #[test]
    fn customers_see_no_internal_article_nor_time_accounting_in_history() {
        let public = |id: Id| id == 5;
        let customer = TicketRole::Customer;
        assert!(history_entry_visible(
            customer,
            &entry("Ticket", 1, Some("state")),
            public
        ));
        assert!(history_entry_visible(
            customer,
            &entry("Ticket::Article", 5, None),
            public
        ));
        assert!(!history_entry_visible(
            customer,
            &entry("Ticket::Article", 6, None),
            public
        ));
        assert!(!history_entry_visible(
            customer,
            &entry("Ticket", 1, Some("time_unit")),
            public
        ));
        assert!(history_entry_visible(
            TicketRole::Agent,
            &entry("Ticket::Article", 6, None),
            public
        ));
    }
}
