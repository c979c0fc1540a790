//! Groups (admin.group), with their members.

use helpdesk_domain::{Group, Id, Listing, Meta, ObjectKind, validation};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::{Mode, Transaction};

use crate::custom_fields::{self, CustomValues};
use crate::error::OrNotFound;
use crate::patch::{check_name_free, set_name, set_present};
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
        let Listing { items, total } = tx.list_groups(q.page()).await?;
        let items = with_members(&mut tx, items).await?;
        Ok(Listing { items, total })
    }

    /// One group.
    pub async fn show_group(&self, actor: &Actor, id: Id) -> Result<GroupView> {
        authorize(actor, Action::Read, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        let group = tx.group(id).await?.or_not_found("Group", id)?;
        Ok(with_members(&mut tx, vec![group]).await?.remove(0))
    }

    /// Creates a group.
    pub async fn create_group(&self, actor: &Actor, input: GroupInput) -> Result<GroupView> {
        authorize(actor, Action::Create, Resource::Group).into_result()?;
        let tx = self.begin(Mode::Write).await?;
        let group = Group::blank(Meta::new(actor.id(), self.now()));
        store_group(tx, group, input).await
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
        let mut group = tx.group(id).await?.or_not_found("Group", id)?;
        group.meta.touch(actor.id(), self.now());
        store_group(tx, group, input).await
    }

    /// Deletes a group nothing refers to.
    pub async fn delete_group(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, Resource::Group).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        tx.group(id).await?.or_not_found("Group", id)?;
        if tx.group_reference_count(id).await? > 0 {
            return Err(Error::referenced());
        }
        tx.delete_group(id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The step create and update share: applies `input` to `group` (new when its id is 0) with
/// its custom values, writes it and commits.
async fn store_group(
    mut tx: Box<dyn Transaction>,
    mut group: Group,
    input: GroupInput,
) -> Result<GroupView> {
    let creating = group.id == 0;
    let custom =
        custom_fields::check_values(&mut tx, ObjectKind::Group, &input.custom, creating).await?;
    apply(&mut group, input)?;
    let holder = tx.group_by_name(&group.name).await?.map(|g| g.id);
    check_name_free(holder, group.id, &group.name, "group")?;
    if creating {
        group = tx.insert_group(&group).await?;
    } else {
        tx.update_group(&group).await?;
    }
    custom_fields::store_values(&mut tx, ObjectKind::Group, group.id, &custom).await?;
    let view = with_members(&mut tx, vec![group]).await?.remove(0);
    tx.commit().await?;
    Ok(view)
}

fn apply(group: &mut Group, input: GroupInput) -> Result<()> {
    set_name(&mut group.name, input.name)?;
    if let Some(v) = input.follow_up_possible {
        group.follow_up_possible = v.parse()?;
    }
    set_present!(
        group,
        input: signature_id,
        email_address_id,
        assignment_timeout,
        follow_up_assignment,
        active,
        note
    );
    validation::check_lengths(&[
        ("name", &group.name, validation::MAX_SHORT),
        ("note", &group.note, validation::MAX_TEXT),
    ])?;
    Ok(())
}

pub(crate) async fn with_members(
    tx: &mut Box<dyn Transaction>,
    groups: Vec<Group>,
) -> Result<Vec<GroupView>> {
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
