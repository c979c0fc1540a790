//! Roles: listed and shown by admin.role, created and changed by it as Zammad's
//! `RolesController`.

use helpdesk_domain::permission::names::ADMIN_USER;
use helpdesk_domain::{Id, Listing, Meta, Page, PermissionSet, Role};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::{Mode, Sort, Transaction, UserFilter};

use crate::error::OrNotFound;
use crate::patch::{check_name_free, set_present};
use crate::{Error, Helpdesk, ListQuery, Result};

/// How many users the last-admin check reads at a time.
const USERS_PER_READ: u64 = 500;

/// The fields of a role create or update; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RoleInput {
    /// Unique name (required on create).
    pub name: Option<String>,
    /// Permission names the role grants (replacing the ones it had).
    pub permissions: Option<Vec<String>>,
    /// Whether signups get the role.
    pub default_at_signup: Option<bool>,
    /// Inactive roles grant nothing.
    pub active: Option<bool>,
    /// Free text.
    pub note: Option<String>,
}

impl Helpdesk {
    /// A page of roles.
    pub async fn list_roles(&self, actor: &Actor, q: ListQuery) -> Result<Listing<Role>> {
        authorize(actor, Action::Read, Resource::Role).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        Ok(q.paginate(tx.roles().await?))
    }

    /// One role.
    pub async fn show_role(&self, actor: &Actor, id: Id) -> Result<Role> {
        authorize(actor, Action::Read, Resource::Role).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        role(&mut tx, id).await
    }

    /// Creates a role.
    pub async fn create_role(&self, actor: &Actor, input: RoleInput) -> Result<Role> {
        authorize(actor, Action::Create, Resource::Role).into_result()?;
        let tx = self.begin(Mode::Write).await?;
        store_role(tx, Role::blank(Meta::new(actor.id(), self.now())), input).await
    }

    /// Changes a role.
    pub async fn update_role(&self, actor: &Actor, id: Id, input: RoleInput) -> Result<Role> {
        authorize(actor, Action::Update, Resource::Role).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut stored = role(&mut tx, id).await?;
        stored.meta.touch(actor.id(), self.now());
        store_role(tx, stored, input).await
    }
}

/// The role `id`, or 404.
async fn role(tx: &mut Box<dyn Transaction>, id: Id) -> Result<Role> {
    tx.roles()
        .await?
        .into_iter()
        .find(|r| r.id == id)
        .or_not_found("Role", id)
}

/// The step create and update share: applies `input` to `role` (new when its id is 0),
/// checks it, writes it and commits.
async fn store_role(
    mut tx: Box<dyn Transaction>,
    mut role: Role,
    input: RoleInput,
) -> Result<Role> {
    if let Some(name) = input.name {
        role.name = name.trim().to_string();
    }
    if let Some(mut permissions) = input.permissions {
        let mut seen = std::collections::BTreeSet::new();
        permissions.retain(|p| seen.insert(p.clone()));
        role.permissions = permissions;
    }
    set_present!(role, input: default_at_signup, active, note);
    role.validate()?;
    let mut others = tx.roles().await?;
    let before = others
        .iter()
        .position(|r| r.id == role.id)
        .map(|i| others.remove(i));
    if before.is_some_and(|b| administers(&b) && !administers(&role)) {
        check_an_admin_remains(&mut tx, &others).await?;
    }
    let holder = others
        .into_iter()
        .find(|r| r.name.to_lowercase() == role.name.to_lowercase())
        .map(|r| r.id);
    check_name_free(holder, role.id, &role.name, "role")?;
    if role.id == 0 {
        role = tx.insert_role(&role).await?;
    } else {
        tx.update_role(&role).await?;
    }
    tx.commit().await?;
    Ok(role)
}

/// Whether `role` makes its users administrators of users (`admin` or `admin.user`).
fn administers(role: &Role) -> bool {
    role.active && PermissionSet::new(role.permissions.iter().cloned()).grants(ADMIN_USER)
}

/// Zammad's guard when a role stops administering: some active user must still hold one of
/// the `others` roles that administer, else 422.
async fn check_an_admin_remains(tx: &mut Box<dyn Transaction>, others: &[Role]) -> Result<()> {
    let admin_roles: Vec<Id> = others
        .iter()
        .filter(|r| administers(r))
        .map(|r| r.id)
        .collect();
    let mut offset = 0;
    loop {
        let page = Page {
            offset,
            limit: USERS_PER_READ,
        };
        let users = tx
            .list_users(&UserFilter::all(), &Sort::by_id(), page)
            .await?
            .items;
        let admin = |u: &helpdesk_domain::User| {
            u.active && u.role_ids.iter().any(|id| admin_roles.contains(id))
        };
        if users.iter().any(admin) {
            return Ok(());
        }
        if (users.len() as u64) < USERS_PER_READ {
            return Err(Error::invalid(
                "Minimum one user needs to have admin permissions.",
            ));
        }
        offset += USERS_PER_READ;
    }
}
