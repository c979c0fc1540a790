//! Groups: `GroupRepo` on the `groups` table.

use async_trait::async_trait;
use helpdesk_domain::{Group, Id, Listing, ObjectKind, Page};
use helpdesk_storage::{GroupRepo, Result};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter,
    QuerySelect, Set,
};

use crate::columns::{meta, millis, name_key};
use crate::custom_value::delete_record_values;
use crate::entity::groups::{ActiveModel, Column, Entity, Model};
use crate::entity::tickets;
use crate::entity::user_groups;
use crate::error::{backend, corrupt, missing, on_delete, on_named_write};
use crate::listing::page_by_id;
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> Result<Group> {
    Ok(Group {
        id: row.id,
        follow_up_possible: row.follow_up_possible.parse().map_err(corrupt)?,
        name: row.name,
        signature_id: row.signature_id,
        email_address_id: row.email_address_id,
        assignment_timeout: row.assignment_timeout,
        follow_up_assignment: row.follow_up_assignment,
        active: row.active,
        note: row.note,
        meta: meta(
            row.created_at,
            row.updated_at,
            row.created_by_id,
            row.updated_by_id,
        ),
    })
}

fn to_row(group: &Group) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        name: Set(group.name.clone()),
        name_key: Set(name_key(&group.name)),
        signature_id: Set(group.signature_id),
        email_address_id: Set(group.email_address_id),
        assignment_timeout: Set(group.assignment_timeout),
        follow_up_possible: Set(group.follow_up_possible.as_str().to_string()),
        follow_up_assignment: Set(group.follow_up_assignment),
        active: Set(group.active),
        note: Set(group.note.clone()),
        created_at: Set(millis(group.meta.created_at)),
        updated_at: Set(millis(group.meta.updated_at)),
        created_by_id: Set(group.meta.created_by_id),
        updated_by_id: Set(group.meta.updated_by_id),
    }
}

#[async_trait]
impl GroupRepo for SeaOrmTransaction {
    async fn group(&mut self, id: Id) -> Result<Option<Group>> {
        self.reader()
            .first(Entity::find_by_id(id))
            .await?
            .map(from_row)
            .transpose()
    }

    async fn group_by_name(&mut self, name: &str) -> Result<Option<Group>> {
        Entity::find()
            .filter(Column::NameKey.eq(name_key(name)))
            .one(&self.tx)
            .await
            .map_err(backend)?
            .map(from_row)
            .transpose()
    }

    async fn list_groups(&mut self, page: Page) -> Result<Listing<Group>> {
        let rows = page_by_id(&self.tx, Entity::find(), Column::Id, page).await?;
        Ok(Listing {
            items: rows
                .items
                .into_iter()
                .map(from_row)
                .collect::<Result<_>>()?,
            total: rows.total,
        })
    }

    async fn insert_group(&mut self, group: &Group) -> Result<Group> {
        let inserted = Entity::insert(to_row(group))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "group", &group.name))?;
        Ok(Group {
            id: inserted.last_insert_id,
            ..group.clone()
        })
    }

    async fn update_group(&mut self, group: &Group) -> Result<()> {
        let updated = Entity::update_many()
            .set(to_row(group))
            .filter(Column::Id.eq(group.id))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "group", &group.name))?;
        if updated.rows_affected == 0 {
            return Err(missing("group", group.id));
        }
        Ok(())
    }

    async fn delete_group(&mut self, id: Id) -> Result<()> {
        let deleted = Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(|e| on_delete(e, "group", id))?;
        if deleted.rows_affected == 0 {
            return Err(missing("group", id));
        }
        delete_record_values(&self.tx, ObjectKind::Group, id).await
    }

    async fn group_reference_count(&mut self, id: Id) -> Result<u64> {
        let members = user_groups::Entity::find()
            .select_only()
            .column(user_groups::Column::UserId)
            .distinct()
            .filter(user_groups::Column::GroupId.eq(id))
            .count(&self.tx)
            .await
            .map_err(backend)?;
        let tickets = count_tickets(
            &self.tx,
            Condition::all().add(tickets::Column::GroupId.eq(id)),
        )
        .await?;
        Ok(members + tickets)
    }
}
