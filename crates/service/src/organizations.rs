//! Organizations: everyone may see their own, agents all; admin.organization changes them.

use std::collections::HashMap;

use helpdesk_domain::{Id, Listing, Meta, ObjectKind, Organization, Page, validation};
use helpdesk_policy::{
    Action, Actor, OrganizationFields, Resource, UserScope, authorize, organization_fields,
};
use helpdesk_storage::{Mode, OrganizationFilter, Sort, Transaction, fields};

use crate::custom_fields::{self, CustomValues};
use crate::error::OrNotFound;
use crate::patch::{check_name_free, set_name, set_present};
use crate::users::check_fields;
use crate::{Error, Helpdesk, ListQuery, Result, SearchQuery};

/// The fields an organization create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct OrganizationInput {
    pub name: Option<String>,
    pub shared: Option<bool>,
    pub domain: Option<String>,
    pub domain_assignment: Option<bool>,
    pub active: Option<bool>,
    pub note: Option<String>,
    /// The full member list: listed users join, unlisted members leave.
    pub member_ids: Option<Vec<Id>>,
    /// Custom field values (keys that are no live attribute of organizations are ignored).
    pub custom: CustomValues,
}

/// An organization as answered, with its members and the names `expand=true` adds.
#[derive(Debug, Clone)]
pub struct OrganizationView {
    /// The organization.
    pub organization: Organization,
    /// The ids of its members, ascending.
    pub member_ids: Vec<Id>,
    /// The members' logins, in `member_ids` order, when expanded.
    pub members: Option<Vec<String>>,
    /// Its custom field values.
    pub custom: CustomValues,
    /// The fields the caller may see (the policy's field scope); answers carry only those.
    pub fields: OrganizationFields,
}

impl Helpdesk {
    /// A page of the organizations the caller may see.
    pub async fn list_organizations(
        &self,
        actor: &Actor,
        q: ListQuery,
        expand: bool,
    ) -> Result<Listing<OrganizationView>> {
        let filter = OrganizationFilter::all();
        self.find_organizations(actor, filter, Sort::by_id(), q.page(), expand)
            .await
    }

    /// Organizations matching a search, among those the caller may see.
    pub async fn search_organizations(
        &self,
        actor: &Actor,
        q: &SearchQuery,
        expand: bool,
    ) -> Result<Listing<OrganizationView>> {
        let query = q.parsed(self.now())?;
        let filter = OrganizationFilter { ids: None, query };
        let sort = q.sort(fields::ORGANIZATION_SORT)?;
        self.find_organizations(actor, filter, sort, q.page(), expand)
            .await
    }

    async fn find_organizations(
        &self,
        actor: &Actor,
        mut filter: OrganizationFilter,
        sort: Sort,
        page: Page,
        expand: bool,
    ) -> Result<Listing<OrganizationView>> {
        if let UserScope::Only(ids) = helpdesk_policy::organization_list_scope(actor) {
            filter.ids = Some(ids);
        }
        let mut tx = self.begin(Mode::Read).await?;
        let custom = custom_fields::live_names(&mut tx, ObjectKind::Organization).await?;
        check_fields(&filter.query, fields::ORGANIZATION_TEXT, &custom)?;
        let Listing { items, total } = tx.list_organizations(&filter, &sort, page).await?;
        let items = with_members(&mut tx, actor, items, expand).await?;
        Ok(Listing { items, total })
    }

    /// One organization, when the caller may see it.
    pub async fn show_organization(
        &self,
        actor: &Actor,
        id: Id,
        expand: bool,
    ) -> Result<OrganizationView> {
        let mut tx = self.begin(Mode::Read).await?;
        let org = tx
            .organization(id)
            .await?
            .or_not_found("Organization", id)?;
        authorize(actor, Action::Read, Resource::Organization(&org)).into_result()?;
        Ok(with_members(&mut tx, actor, vec![org], expand)
            .await?
            .remove(0))
    }

    /// Creates an organization.
    pub async fn create_organization(
        &self,
        actor: &Actor,
        input: OrganizationInput,
    ) -> Result<OrganizationView> {
        let org = Organization::blank(Meta::new(actor.id(), self.now()));
        authorize(actor, Action::Create, Resource::Organization(&org)).into_result()?;
        let tx = self.begin(Mode::Write).await?;
        self.store_organization(tx, actor, org, input).await
    }

    /// Changes an organization.
    pub async fn update_organization(
        &self,
        actor: &Actor,
        id: Id,
        input: OrganizationInput,
    ) -> Result<OrganizationView> {
        let mut tx = self.begin(Mode::Write).await?;
        let mut org = tx
            .organization(id)
            .await?
            .or_not_found("Organization", id)?;
        authorize(actor, Action::Update, Resource::Organization(&org)).into_result()?;
        org.meta.touch(actor.id(), self.now());
        self.store_organization(tx, actor, org, input).await
    }

    /// The step create and update share: applies `input` to `org` (new when its id is 0)
    /// with its custom values and members, writes it and commits.
    async fn store_organization(
        &self,
        mut tx: Box<dyn Transaction>,
        actor: &Actor,
        mut org: Organization,
        input: OrganizationInput,
    ) -> Result<OrganizationView> {
        let creating = org.id == 0;
        let members = input.member_ids.clone();
        let object = ObjectKind::Organization;
        let custom = custom_fields::check_values(&mut tx, object, &input.custom, creating).await?;
        apply(&mut org, input)?;
        let holder = tx.organization_by_name(&org.name).await?.map(|o| o.id);
        check_name_free(holder, org.id, &org.name, "organization")?;
        if creating {
            org = tx.insert_organization(&org).await?;
        } else {
            tx.update_organization(&org).await?;
        }
        custom_fields::store_values(&mut tx, object, org.id, &custom).await?;
        if let Some(ids) = members {
            self.set_members(&mut tx, actor, org.id, &ids).await?;
        }
        let view = with_members(&mut tx, actor, vec![org], false)
            .await?
            .remove(0);
        tx.commit().await?;
        Ok(view)
    }

    /// Deletes an organization nothing refers to.
    pub async fn delete_organization(&self, actor: &Actor, id: Id) -> Result<()> {
        let mut tx = self.begin(Mode::Write).await?;
        let org = tx
            .organization(id)
            .await?
            .or_not_found("Organization", id)?;
        authorize(actor, Action::Delete, Resource::Organization(&org)).into_result()?;
        if tx.organization_reference_count(id).await? > 0 {
            return Err(Error::referenced());
        }
        tx.delete_organization(id).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn set_members(
        &self,
        tx: &mut Box<dyn Transaction>,
        actor: &Actor,
        org_id: Id,
        ids: &[Id],
    ) -> Result<()> {
        let now = self.now();
        let mut wanted = tx.users_by_ids(ids).await?;
        if let Some(missing) = ids.iter().find(|id| !wanted.iter().any(|u| u.id == **id)) {
            return Err(Error::invalid(format!(
                "No lookup value found for 'member_ids': \"{missing}\""
            )));
        }
        let current: Vec<Id> = tx
            .organization_members(&[org_id])
            .await?
            .into_iter()
            .map(|(_, u)| u)
            .collect();
        for mut user in tx.users_by_ids(&current).await? {
            if !ids.contains(&user.id) && user.organization_id == Some(org_id) {
                user.organization_id = None;
                user.meta.touch(actor.id(), now);
                tx.update_user(&user).await?;
                self.inner.auth_cache.forget_user(user.id);
            }
        }
        for user in wanted
            .iter_mut()
            .filter(|u| u.organization_id != Some(org_id))
        {
            user.organization_id = Some(org_id);
            user.meta.touch(actor.id(), now);
            tx.update_user(user).await?;
            self.inner.auth_cache.forget_user(user.id);
        }
        Ok(())
    }
}

fn apply(org: &mut Organization, input: OrganizationInput) -> Result<()> {
    set_name(&mut org.name, input.name)?;
    if let Some(v) = input.domain {
        org.domain = v.trim().to_lowercase();
    }
    set_present!(org, input: shared, domain_assignment, active, note);
    validation::check_lengths(&[
        ("name", &org.name, validation::MAX_SHORT),
        ("domain", &org.domain, validation::MAX_SHORT),
        ("note", &org.note, validation::MAX_TEXT),
    ])?;
    Ok(())
}

/// Wraps organizations as views with the fields `actor` may see: for the full scope their
/// member ids and, when `expand` is set, the members' logins (one user lookup for the whole
/// page); a member's narrow scope carries no members at all.
pub(crate) async fn with_members(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    orgs: Vec<Organization>,
    expand: bool,
) -> Result<Vec<OrganizationView>> {
    let scoped: Vec<(Organization, OrganizationFields)> = orgs
        .into_iter()
        .map(|o| {
            let fields = organization_fields(actor, &o);
            (o, fields)
        })
        .collect();
    let ids: Vec<Id> = scoped.iter().map(|(o, _)| o.id).collect();
    let full_ids: Vec<Id> = scoped
        .iter()
        .filter(|(_, f)| *f == OrganizationFields::Full)
        .map(|(o, _)| o.id)
        .collect();
    let members = if full_ids.is_empty() {
        Vec::new()
    } else {
        tx.organization_members(&full_ids).await?
    };
    let mut custom = custom_fields::values_of(tx, ObjectKind::Organization, &ids).await?;
    let logins: HashMap<Id, String> = if expand && !members.is_empty() {
        let user_ids: Vec<Id> = members.iter().map(|(_, u)| *u).collect();
        tx.users_by_ids(&user_ids)
            .await?
            .into_iter()
            .map(|u| (u.id, u.login))
            .collect()
    } else {
        HashMap::new()
    };
    Ok(scoped
        .into_iter()
        .map(|(organization, fields)| {
            let mut member_ids: Vec<Id> = members
                .iter()
                .filter(|(oid, _)| *oid == organization.id)
                .map(|(_, u)| *u)
                .collect();
            member_ids.sort_unstable();
            member_ids.dedup();
            let members = (expand && fields == OrganizationFields::Full).then(|| {
                member_ids
                    .iter()
                    .filter_map(|id| logins.get(id).cloned())
                    .collect()
            });
            OrganizationView {
                custom: custom.remove(&organization.id).unwrap_or_default(),
                organization,
                member_ids,
                members,
                fields,
            }
        })
        .collect())
}
