//! Organizations: lookups, uniqueness, filtered and sorted lists, references.

use std::cmp::Ordering;

use async_trait::async_trait;
use helpdesk_domain::search::{Text, text_matches};
use helpdesk_domain::{Id, Listing, ObjectKind, Organization, Page, Ticket};
use helpdesk_storage::{OrganizationFilter, OrganizationRepo, Result, Sort, fields};

use crate::attributes::{record_matches, remove_custom_values};
use crate::references::remove_unreferenced;
use crate::state::Tables;
use crate::table::{same_name, sort_order};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl OrganizationRepo for MemoryTransaction {
    async fn organization(&mut self, id: Id) -> Result<Option<Organization>> {
        Ok(self.tables().organizations.record(id))
    }

    async fn organization_by_name(&mut self, name: &str) -> Result<Option<Organization>> {
        let orgs = &self.tables().organizations;
        Ok(orgs.find(|o| same_name(&o.name, name)))
    }

    async fn list_organizations(
        &mut self,
        filter: &OrganizationFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Organization>> {
        let tables = self.tables();
        let matches = |o: &Organization| filter_matches(tables, filter, o);
        let order = |a: &Organization, b: &Organization| compare(a, b, sort);
        Ok(tables.organizations.sorted_page(matches, order, page))
    }

    async fn insert_organization(&mut self, org: &Organization) -> Result<Organization> {
        self.tables_mut()?.organizations.insert(org)
    }

    async fn update_organization(&mut self, org: &Organization) -> Result<()> {
        self.tables_mut()?.organizations.update(org)
    }

    async fn delete_organization(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        let refers = |t: &Ticket| t.organization_id == Some(id);
        remove_unreferenced(tables, |t| &mut t.organizations, id, refers)?;
        remove_custom_values(tables, ObjectKind::Organization, id);
        Ok(())
    }

    async fn organization_reference_count(&mut self, id: Id) -> Result<u64> {
        let tables = self.tables();
        let members = tables
            .users
            .count(|u| u.organization_id == Some(id) || u.organization_ids.contains(&id));
        let tickets = tables.tickets.count(|t| t.organization_id == Some(id));
        Ok((members + tickets) as u64)
    }
}

fn filter_matches(tables: &Tables, filter: &OrganizationFilter, org: &Organization) -> bool {
    filter.ids.as_ref().is_none_or(|ids| ids.contains(&org.id))
        && record_matches(
            tables,
            &filter.query,
            (ObjectKind::Organization, org.id, &org.meta),
            fields::ORGANIZATION_TEXT,
            |f, t| field_matches(org, f, t),
        )
}

fn field_matches(org: &Organization, field: &str, needle: &Text) -> bool {
    let value = match field {
        "name" => &org.name,
        "domain" => &org.domain,
        "note" => &org.note,
        _ => return false,
    };
    text_matches(value, needle)
}

/// Orders by the sort field in its direction, then by id ascending.
fn compare(a: &Organization, b: &Organization, sort: &Sort) -> Ordering {
    let by_field = match sort.field {
        "name" => a.name.cmp(&b.name),
        "created_at" => a.meta.created_at.cmp(&b.meta.created_at),
        "updated_at" => a.meta.updated_at.cmp(&b.meta.updated_at),
        _ => a.id.cmp(&b.id),
    };
    sort_order(by_field, sort.order, a.id, b.id)
}
