//! Zammad's `assets`: the records an answer refers to, each as the caller may see it, for
//! the HTTP layer to key by model and id. Tickets bring the users, organizations and groups
//! they name; a record the caller may not read is left out, never shown in part beyond its
//! field scope.

use std::collections::BTreeSet;

use helpdesk_domain::{GroupAccess, Id, Ticket};
use helpdesk_policy::{Action, Actor, Resource, TicketRole, authorize, ticket_access};
use helpdesk_storage::{Mode, Transaction};

use crate::articles::{facts, shared_org};
use crate::groups::{GroupView, with_members as groups_with_members};
use crate::organizations::{OrganizationView, with_members as organizations_with_members};
use crate::tickets::{TicketView, view};
use crate::users::{UserView, expand_users};
use crate::{Helpdesk, Result};

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
        let users = readable_users(tx, actor, user_ids).await?;
        let organizations = readable_organizations(tx, actor, organization_ids).await?;
        let mut groups = Vec::new();
        for id in group_ids {
            groups.extend(tx.group(id).await?);
        }
        Ok(Self {
            tickets: views,
            users,
            organizations,
            groups: groups_with_members(tx, groups).await?,
        })
    }

    /// The users `ids` the actor may read, with their organizations it may read.
    pub(crate) async fn of_users(
        tx: &mut Box<dyn Transaction>,
        actor: &Actor,
        ids: &[Id],
    ) -> Result<Self> {
        let users = readable_users(tx, actor, ids.iter().copied().collect()).await?;
        let organization_ids = users
            .iter()
            .flat_map(|u| {
                u.user
                    .organization_id
                    .into_iter()
                    .chain(u.user.organization_ids.iter().copied())
            })
            .collect();
        let organizations = readable_organizations(tx, actor, organization_ids).await?;
        Ok(Self {
            users,
            organizations,
            ..Self::default()
        })
    }

    /// The organizations `ids` the actor may read.
    pub(crate) async fn of_organizations(
        tx: &mut Box<dyn Transaction>,
        actor: &Actor,
        ids: &[Id],
    ) -> Result<Self> {
        let organizations =
            readable_organizations(tx, actor, ids.iter().copied().collect()).await?;
        Ok(Self {
            organizations,
            ..Self::default()
        })
    }
}

/// The users `ids` the actor may read, ascending by id, as their own answers show them.
async fn readable_users(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ids: BTreeSet<Id>,
) -> Result<Vec<UserView>> {
    let ids: Vec<Id> = ids.into_iter().collect();
    let users: Vec<_> = tx
        .users_by_ids(&ids)
        .await?
        .into_iter()
        .filter(|u| authorize(actor, Action::Read, Resource::User(u)).is_allowed())
        .collect();
    let mut users = expand_users(tx, Some(actor), users, false).await?;
    users.sort_by_key(|u| u.user.id);
    Ok(users)
}

/// The organizations `ids` the actor may read, ascending by id, as their own answers show
/// them.
async fn readable_organizations(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ids: BTreeSet<Id>,
) -> Result<Vec<OrganizationView>> {
    let mut organizations = Vec::new();
    for id in ids {
        if let Some(org) = tx.organization(id).await?
            && authorize(actor, Action::Read, Resource::Organization(&org)).is_allowed()
        {
            organizations.push(org);
        }
    }
    organizations_with_members(tx, actor, organizations, false).await
}

impl Helpdesk {
    /// The tickets `ids` the caller reads, as assets (the answers of `full=true`).
    pub async fn ticket_assets(&self, actor: &Actor, ids: &[Id]) -> Result<Assets> {
        let mut tx = self.begin(Mode::Read).await?;
        let mut tickets = Vec::with_capacity(ids.len());
        for &id in ids {
            tickets.extend(tx.ticket(id).await?);
        }
        let tickets = readable(&mut tx, actor, tickets).await?;
        Assets::of_tickets(&mut tx, actor, tickets).await
    }

    /// The users `ids` the caller may read with their organizations, as assets.
    pub async fn user_assets(&self, actor: &Actor, ids: &[Id]) -> Result<Assets> {
        let mut tx = self.begin(Mode::Read).await?;
        Assets::of_users(&mut tx, actor, ids).await
    }

    /// The organizations `ids` the caller may read, as assets.
    pub async fn organization_assets(&self, actor: &Actor, ids: &[Id]) -> Result<Assets> {
        let mut tx = self.begin(Mode::Read).await?;
        Assets::of_organizations(&mut tx, actor, ids).await
    }
}
