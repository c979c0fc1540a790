//! Organizations: `OrganizationRepo` on the `organizations` table.

use std::str::FromStr;

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, ObjectKind, Organization, Page};
use helpdesk_storage::{OrganizationFilter, OrganizationRepo, Result, Sort, fields};
use sea_orm::sea_query::Query as SqlQuery;
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use crate::columns::{meta, millis, name_key};
use crate::custom_value::{custom_field_term, delete_record_values};
use crate::entity::organizations::{ActiveModel, Column, Entity, Model};
use crate::entity::{tickets, user_organizations, users};
use crate::error::{backend, missing, on_delete, on_named_write};
use crate::listing::{page_of, rows_where};
use crate::search::{condition, nothing};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

fn from_row(row: Model) -> Organization {
    Organization {
        id: row.id,
        name: row.name,
        shared: row.shared,
        domain: row.domain,
        domain_assignment: row.domain_assignment,
        active: row.active,
        note: row.note,
        meta: meta(
            row.created_at,
            row.updated_at,
            row.created_by_id,
            row.updated_by_id,
        ),
    }
}

fn to_row(org: &Organization) -> ActiveModel {
    ActiveModel {
        id: NotSet,
        name: Set(org.name.clone()),
        name_key: Set(name_key(&org.name)),
        shared: Set(org.shared),
        domain: Set(org.domain.clone()),
        domain_assignment: Set(org.domain_assignment),
        active: Set(org.active),
        note: Set(org.note.clone()),
        created_at: Set(millis(org.meta.created_at)),
        updated_at: Set(millis(org.meta.updated_at)),
        created_by_id: Set(org.meta.created_by_id),
        updated_by_id: Set(org.meta.updated_by_id),
    }
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

/// The column of an allow-listed sort field; `None` for `id` (and anything not allow-listed).
fn sort_column(field: &str) -> Option<Column> {
    (field != "id" && fields::ORGANIZATION_SORT.contains(&field))
        .then(|| Column::from_str(field).ok())
        .flatten()
}

#[async_trait]
impl OrganizationRepo for SeaOrmTransaction {
    async fn organization(&mut self, id: Id) -> Result<Option<Organization>> {
        Ok(Entity::find_by_id(id)
            .one(&self.tx)
            .await
            .map_err(backend)?
            .map(from_row))
    }

    async fn organization_by_name(&mut self, name: &str) -> Result<Option<Organization>> {
        Ok(Entity::find()
            .filter(Column::NameKey.eq(name_key(name)))
            .one(&self.tx)
            .await
            .map_err(backend)?
            .map(from_row))
    }

    async fn list_organizations(
        &mut self,
        filter: &OrganizationFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Organization>> {
        let select = rows_where::<Entity>(filter_condition(filter));
        let rows = page_of(
            &self.tx,
            select,
            sort_column(sort.field),
            Column::Id,
            sort,
            page,
        )
        .await?;
        Ok(Listing {
            items: rows.items.into_iter().map(from_row).collect(),
            total: rows.total,
        })
    }

    async fn insert_organization(&mut self, org: &Organization) -> Result<Organization> {
        let inserted = Entity::insert(to_row(org))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "organization", &org.name))?;
        Ok(Organization {
            id: inserted.last_insert_id,
            ..org.clone()
        })
    }

    async fn update_organization(&mut self, org: &Organization) -> Result<()> {
        let updated = Entity::update_many()
            .set(to_row(org))
            .filter(Column::Id.eq(org.id))
            .exec(&self.tx)
            .await
            .map_err(|e| on_named_write(e, "organization", &org.name))?;
        if updated.rows_affected == 0 {
            return Err(missing("organization", org.id));
        }
        Ok(())
    }

    async fn delete_organization(&mut self, id: Id) -> Result<()> {
        let deleted = Entity::delete_by_id(id)
            .exec(&self.tx)
            .await
            .map_err(|e| on_delete(e, "organization", id))?;
        if deleted.rows_affected == 0 {
            return Err(missing("organization", id));
        }
        delete_record_values(&self.tx, ObjectKind::Organization, id).await
    }

    async fn organization_reference_count(&mut self, id: Id) -> Result<u64> {
        let secondary = SqlQuery::select()
            .column(user_organizations::Column::UserId)
            .from(user_organizations::Entity)
            .and_where(user_organizations::Column::OrganizationId.eq(id))
            .to_owned();
        let members = users::Entity::find()
            .filter(
                Condition::any()
                    .add(users::Column::OrganizationId.eq(id))
                    .add(users::Column::Id.in_subquery(secondary)),
            )
            .count(&self.tx)
            .await
            .map_err(backend)?;
        let tickets = count_tickets(
            &self.tx,
            Condition::all().add(tickets::Column::OrganizationId.eq(id)),
        )
        .await?;
        Ok(members + tickets)
    }
}
