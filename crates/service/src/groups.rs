//! Groups (admin.group), with their members.

use helpdesk_domain::group::FollowUpPossible;
use helpdesk_domain::{Group, Id, Listing, Meta, ObjectKind, validation};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::{Mode, Transaction};

use crate::custom_fields::{self, CustomValues};
use crate::{Error, Helpdesk, ListQuery, Result};

/// The fields a group create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct GroupInput {
    pub name: Option<String>,
    pub signature_id: Option<Option<Id>>,
    pub email_address_id: Option<Option<Id>>,
    pub assignment_timeout: Option<Option<i32>>,
    pub follow_up_possible: Option<String>,
    pub follow_up_assignment: Option<bool>,
    pub active: Option<bool>,
    pub note: Option<String>,
    /// Custom field values (keys that are no live attribute of groups are ignored).
    pub custom: CustomValues,
}

/// A group as answered.
#[derive(Debug, Clone)]
pub struct GroupView {
    /// The group.
    pub group: Group,
    /// The users with access to it, ascending.
    pub user_ids: Vec<Id>,
    /// Its custom field values.
    pub custom: CustomValues,
}

impl Helpdesk {
    /// A page of groups.
    pub async fn list_groups(&self, actor: &Actor, q: ListQuery) -> Result<Listing<GroupView>> {
        authorize(actor, Action::Read, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let listing = tx.list_groups(q.page()).await?;
        let items = with_members(&mut tx, listing.items).await?;
        Ok(Listing {
            items,
            total: listing.total,
        })
    }

    /// One group.
    pub async fn show_group(&self, actor: &Actor, id: Id) -> Result<GroupView> {
        authorize(actor, Action::Read, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let group = tx
            .group(id)
            .await?
            .ok_or_else(|| Error::not_found("Group", id))?;
        Ok(with_members(&mut tx, vec![group]).await?.remove(0))
    }

    /// Creates a group.
    pub async fn create_group(&self, actor: &Actor, input: GroupInput) -> Result<GroupView> {
        authorize(actor, Action::Create, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut group = Group {
            id: 0,
            name: String::new(),
            signature_id: None,
            email_address_id: None,
            assignment_timeout: None,
            follow_up_possible: FollowUpPossible::Yes,
            follow_up_assignment: true,
            active: true,
            note: String::new(),
            meta: Meta::new(actor.id(), self.now()),
        };
        let custom =
            custom_fields::check_values(&mut tx, ObjectKind::Group, &input.custom, true).await?;
        apply(&mut group, input)?;
        check_name(&mut tx, &group).await?;
        let group = tx.insert_group(&group).await?;
        custom_fields::store_values(&mut tx, ObjectKind::Group, group.id, &custom).await?;
        let view = with_members(&mut tx, vec![group]).await?.remove(0);
        tx.commit().await?;
        Ok(view)
    }

    /// Changes a group.
    pub async fn update_group(
        &self,
        actor: &Actor,
        id: Id,
        input: GroupInput,
    ) -> Result<GroupView> {
        authorize(actor, Action::Update, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut group = tx
            .group(id)
            .await?
            .ok_or_else(|| Error::not_found("Group", id))?;
        let custom =
            custom_fields::check_values(&mut tx, ObjectKind::Group, &input.custom, false).await?;
        apply(&mut group, input)?;
        check_name(&mut tx, &group).await?;
        group.meta.touch(actor.id(), self.now());
        tx.update_group(&group).await?;
        custom_fields::store_values(&mut tx, ObjectKind::Group, group.id, &custom).await?;
        let view = with_members(&mut tx, vec![group]).await?.remove(0);
        tx.commit().await?;
        Ok(view)
    }

    /// Deletes a group nothing refers to.
    pub async fn delete_group(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        tx.group(id)
            .await?
            .ok_or_else(|| Error::not_found("Group", id))?;
        if tx.group_reference_count(id).await? > 0 {
            return Err(Error::invalid("Can't delete, object has references."));
        }
        tx.delete_group(id).await?;
        tx.commit().await?;
        Ok(())
    }
}

fn apply(group: &mut Group, input: GroupInput) -> Result<()> {
    if let Some(name) = input.name {
        group.name = name.trim().to_string();
    }
    validation::require_present("name", &group.name)?;
    if let Some(v) = input.signature_id {
        group.signature_id = v;
    }
    if let Some(v) = input.email_address_id {
        group.email_address_id = v;
    }
    if let Some(v) = input.assignment_timeout {
        group.assignment_timeout = v;
    }
    if let Some(v) = input.follow_up_possible {
        group.follow_up_possible = v.parse()?;
    }
    if let Some(v) = input.follow_up_assignment {
        group.follow_up_assignment = v;
    }
    if let Some(v) = input.active {
        group.active = v;
    }
    if let Some(v) = input.note {
        group.note = v;
    }
    validation::check_lengths(&[
        ("name", &group.name, validation::MAX_SHORT),
        ("note", &group.note, validation::MAX_TEXT),
    ])?;
    Ok(())
}

async fn check_name(tx: &mut Box<dyn Transaction>, group: &Group) -> Result<()> {
    match tx.group_by_name(&group.name).await? {
        Some(other) if other.id != group.id => Err(Error::invalid(format!(
            "Name '{}' is already used for another group.",
            group.name
        ))),
        _ => Ok(()),
    }
}

async fn with_members(tx: &mut Box<dyn Transaction>, groups: Vec<Group>) -> Result<Vec<GroupView>> {
    let ids: Vec<Id> = groups.iter().map(|g| g.id).collect();
    let members = tx.group_members(&ids).await?;
    let mut custom = custom_fields::values_of(tx, ObjectKind::Group, &ids).await?;
    Ok(groups
        .into_iter()
        .map(|group| {
            let mut user_ids: Vec<Id> = members
                .iter()
                .filter(|(gid, _)| *gid == group.id)
                .map(|(_, u)| *u)
                .collect();
            user_ids.sort_unstable();
            GroupView {
                custom: custom.remove(&group.id).unwrap_or_default(),
                group,
                user_ids,
            }
        })
        .collect())
}
