//! Zammad's `assets`: the records an answer refers to, each as the caller may see it, for
//! the HTTP layer to key by model and id. Tickets bring the users, organizations and groups
//! they name; a record the caller may not read is left out, never shown in part beyond its
//! field scope.

use std::collections::BTreeSet;

use helpdesk_domain::{GroupAccess, Id, Ticket};
use helpdesk_policy::{Action, Actor, Resource, TicketRole, authorize, ticket_access};
use helpdesk_storage::Transaction;

use crate::Result;
use crate::articles::{facts, shared_org};
use crate::groups::{GroupView, with_members as groups_with_members};
use crate::organizations::{OrganizationView, with_members as organizations_with_members};
use crate::tickets::{TicketView, view};
use crate::users::{UserView, expand_users};

/// The records an answer refers to.
#[derive(Debug, Clone, Default)]
pub struct Assets {
    /// Tickets, ascending by id.
    pub tickets: Vec<TicketView>,
    /// Users, ascending by id.
    pub users: Vec<UserView>,
    /// Organizations, ascending by id.
    pub organizations: Vec<OrganizationView>,
    /// Groups, ascending by id.
    pub groups: Vec<GroupView>,
}

/// The tickets among `tickets` the actor may read, with how it reaches each.
pub(crate) async fn readable(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    tickets: Vec<Ticket>,
) -> Result<Vec<(Ticket, TicketRole)>> {
    let shared = shared_org(tx, actor).await?;
    Ok(tickets
        .into_iter()
        .filter_map(|t| {
            let role = ticket_access(actor, &facts(&t), GroupAccess::Read, shared).ok()?;
            Some((t, role))
        })
        .collect())
}

impl Assets {
    /// The tickets (each one the actor reaches as `role`) as answered alone, with the users
    /// they name (owner, customer, creator, last editor), their organizations and, for
    /// agents, their groups; users and organizations the actor may not read are left out.
    pub(crate) async fn of_tickets(
        tx: &mut Box<dyn Transaction>,
        actor: &Actor,
        mut tickets: Vec<(Ticket, TicketRole)>,
    ) -> Result<Self> {
        tickets.sort_by_key(|(t, _)| t.id);
        tickets.dedup_by_key(|(t, _)| t.id);
        let mut user_ids = BTreeSet::new();
        let mut organization_ids = BTreeSet::new();
        let mut group_ids = BTreeSet::new();
        let mut views = Vec::with_capacity(tickets.len());
        for (ticket, role) in tickets {
            user_ids.extend([
                ticket.owner_id,
                ticket.customer_id,
                ticket.meta.created_by_id,
                ticket.meta.updated_by_id,
            ]);
            organization_ids.extend(ticket.organization_id);
            if role == TicketRole::Agent {
                group_ids.insert(ticket.group_id);
            }
            let article_ids = tx
                .article_ids_of_ticket(ticket.id, role == TicketRole::Agent)
                .await?;
            views.push(view(tx, actor, ticket, role, article_ids, false).await?);
        }
        let user_ids: Vec<Id> = user_ids.into_iter().collect();
        let users: Vec<_> = tx
            .users_by_ids(&user_ids)
            .await?
            .into_iter()
            .filter(|u| authorize(actor, Action::Read, Resource::User(u)).is_allowed())
            .collect();
        let mut organizations = Vec::new();
        for id in organization_ids {
            if let Some(org) = tx.organization(id).await?
                && authorize(actor, Action::Read, Resource::Organization(&org)).is_allowed()
            {
                organizations.push(org);
            }
        }
        let mut groups = Vec::new();
        for id in group_ids {
            groups.extend(tx.group(id).await?);
        }
        let mut users = expand_users(tx, Some(actor), users, false).await?;
        users.sort_by_key(|u| u.user.id);
        Ok(Self {
            tickets: views,
            users,
            organizations: organizations_with_members(tx, actor, organizations, false).await?,
            groups: groups_with_members(tx, groups).await?,
        })
    }
}
