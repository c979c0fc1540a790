//! Organizations: `OrganizationRepo` on the `organizations` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, ObjectKind, Organization, Page};
use helpdesk_storage::{OrganizationFilter, OrganizationRepo, Result, Sort, fields};
use sea_orm::sea_query::Query as SqlQuery;
use sea_orm::{ColumnTrait, Condition, Set};

use crate::columns::{meta_columns, name_key, row_meta};
use crate::custom_value::{custom_field_term, delete_record_values};
use crate::entity::organizations::{ActiveModel, Column, Entity, Model};
use crate::entity::{tickets, user_organizations, users};
use crate::listing::sorted_page;
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::search::{condition, nothing};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Organization {
    type Entity = Entity;
    const KIND: &'static str = "organization";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Organization {
            id: row.id,
            shared: row.shared,
            domain: row.domain,
            domain_assignment: row.domain_assignment,
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
            shared: Set(self.shared),
            domain: Set(self.domain.clone()),
            domain_assignment: Set(self.domain_assignment),
            active: Set(self.active),
            note: Set(self.note.clone()),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

/// The condition of an organization filter.
fn filter_condition(filter: &OrganizationFilter) -> Condition {
    let mut all = Condition::all();
    if let Some(ids) = &filter.ids {
        all = all.add(if ids.is_empty() {
            nothing()
        } else {
            Column::Id.is_in(ids.clone())
        });
    }
    all.add(condition::<Column>(
        &filter.query,
        fields::ORGANIZATION_TEXT,
        &|field, value| custom_field_term(ObjectKind::Organization, Column::Id, field, value),
    ))
}

#[async_trait]
impl OrganizationRepo for SeaOrmTransaction {
    async fn organization(&mut self, id: Id) -> Result<Option<Organization>> {
        rows::by_id(&self.tx, id).await
    }

    async fn organization_by_name(&mut self, name: &str) -> Result<Option<Organization>> {
        rows::by_name(&self.tx, Column::NameKey, name).await
    }

    async fn list_organizations(
        &mut self,
        filter: &OrganizationFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Organization>> {
        let condition = filter_condition(filter);
        let allowed = fields::ORGANIZATION_SORT;
        let rows =
            sorted_page::<Entity>(&self.tx, condition, allowed, Column::Id, sort, page).await?;
        rows::listing(rows)
    }

    async fn insert_organization(&mut self, org: &Organization) -> Result<Organization> {
        rows::insert(&self.tx, org).await
    }

    async fn update_organization(&mut self, org: &Organization) -> Result<()> {
        rows::update(&self.tx, org).await
    }

    async fn delete_organization(&mut self, id: Id) -> Result<()> {
        rows::delete::<Organization>(&self.tx, id).await?;
        delete_record_values(&self.tx, ObjectKind::Organization, id).await
    }

    async fn organization_reference_count(&mut self, id: Id) -> Result<u64> {
        let secondary = SqlQuery::select()
            .column(user_organizations::Column::UserId)
            .from(user_organizations::Entity)
            .and_where(user_organizations::Column::OrganizationId.eq(id))
            .to_owned();
        let members = Condition::any()
            .add(users::Column::OrganizationId.eq(id))
            .add(users::Column::Id.in_subquery(secondary));
        let members = rows::count_where::<users::Entity>(&self.tx, members).await?;
        let tickets = count_tickets(
            &self.tx,
            Condition::all().add(tickets::Column::OrganizationId.eq(id)),
        )
        .await?;
        Ok(members + tickets)
    }
}
