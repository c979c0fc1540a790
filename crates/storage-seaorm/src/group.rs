//! Groups: `GroupRepo` on the `groups` table.

use async_trait::async_trait;
use helpdesk_domain::{Group, Id, Listing, ObjectKind, Page};
use helpdesk_storage::{GroupRepo, Result, Sort};
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Set};

use crate::columns::{meta_columns, name_key, row_meta};
use crate::custom_value::delete_record_values;
use crate::entity::groups::{ActiveModel, Column, Entity, Model};
use crate::entity::tickets;
use crate::entity::user_groups;
use crate::error::{backend, corrupt};
use crate::listing::sorted_page;
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Group {
    type Entity = Entity;
    const KIND: &'static str = "group";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Group {
            id: row.id,
            follow_up_possible: row.follow_up_possible.parse().map_err(corrupt)?,
            signature_id: row.signature_id,
            email_address_id: row.email_address_id,
            assignment_timeout: row.assignment_timeout,
            follow_up_assignment: row.follow_up_assignment,
            active: row.active,
            meta: row_meta!(row),
            note: row.note,
            name: row.name,
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            name: Set(self.name.clone()),
            name_key: Set(name_key(&self.name)),
            signature_id: Set(self.signature_id),
            email_address_id: Set(self.email_address_id),
            assignment_timeout: Set(self.assignment_timeout),
            follow_up_possible: Set(self.follow_up_possible.as_str().to_string()),
            follow_up_assignment: Set(self.follow_up_assignment),
            active: Set(self.active),
            note: Set(self.note.clone()),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

#[async_trait]
impl GroupRepo for SeaOrmTransaction {
    async fn group(&mut self, id: Id) -> Result<Option<Group>> {
        self.reader()
            .first(Entity::find_by_id(id))
            .await?
            .map(Group::from_row)
            .transpose()
    }

    async fn group_by_name(&mut self, name: &str) -> Result<Option<Group>> {
        rows::by_name(&self.tx, Column::NameKey, name).await
    }

    async fn list_groups(&mut self, page: Page) -> Result<Listing<Group>> {
        let by_id = Sort::by_id();
        let rows = sorted_page::<Entity>(&self.tx, Condition::all(), &[], Column::Id, &by_id, page);
        rows::listing(rows.await?)
    }

    async fn insert_group(&mut self, group: &Group) -> Result<Group> {
        rows::insert(&self.tx, group).await
    }

    async fn update_group(&mut self, group: &Group) -> Result<()> {
        rows::update(&self.tx, group).await
    }

    async fn delete_group(&mut self, id: Id) -> Result<()> {
        rows::delete::<Group>(&self.tx, id).await?;
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
