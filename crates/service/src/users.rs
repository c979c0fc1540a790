//! Users: me, list, search, show, create (signup included), update, delete, password change
//! and unlock.

use std::collections::{BTreeMap, HashMap};

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::role::CUSTOMER_ROLE_ID;
use helpdesk_domain::{
    GroupAccess, Id, Listing, Meta, ObjectKind, Organization, Role, Timestamp, User,
};
use helpdesk_policy::{
    Action, Actor, Resource, UserFields, UserScope, UserWriteMode, authorize, user_fields,
    user_list_scope, user_write_mode,
};
use helpdesk_storage::{Mode, Sort, Transaction, UserFilter, fields};

use crate::auth::actor_from;
use crate::custom_fields::{self, CustomValues};
use crate::error::OrNotFound;
use crate::password::check_new_password;
use crate::patch::set_present;
use crate::{Error, Helpdesk, ListQuery, Result, SearchQuery};

/// A user as answered, with the names `expand=true` adds.
#[derive(Debug, Clone)]
pub struct UserView {
    /// The user.
    pub user: User,
    /// The name of the user's organization, when expanded.
    pub organization: Option<String>,
    /// The names of the user's roles, when expanded.
    pub roles: Option<Vec<String>>,
    /// Its custom field values.
    pub custom: CustomValues,
    /// The fields the caller may see (the policy's field scope); answers carry only those.
    pub fields: UserFields,
}

/// The fields a create or update may set; `None` leaves a field as it is. Nullable fields
/// are `Option<Option<_>>`: `Some(None)` clears them.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct UserInput {
    pub login: Option<String>,
    pub firstname: Option<String>,
    pub lastname: Option<String>,
    pub email: Option<String>,
    pub organization_id: Option<Option<Id>>,
    /// The organization by name, instead of `organization_id`.
    pub organization: Option<String>,
    pub image_source: Option<Option<String>>,
    pub web: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub mobile: Option<String>,
    pub department: Option<String>,
    pub street: Option<String>,
    pub zip: Option<String>,
    pub city: Option<String>,
    pub country: Option<String>,
    pub address: Option<String>,
    pub vip: Option<bool>,
    pub verified: Option<bool>,
    pub active: Option<bool>,
    pub note: Option<String>,
    pub source: Option<Option<String>>,
    pub out_of_office: Option<bool>,
    pub out_of_office_start_at: Option<Option<Timestamp>>,
    pub out_of_office_end_at: Option<Option<Timestamp>>,
    pub out_of_office_replacement_id: Option<Option<Id>>,
    pub preferences: Option<serde_json::Value>,
    /// A new password (admin.user and signup only; ignored otherwise).
    pub password: Option<String>,
    pub role_ids: Option<Vec<Id>>,
    /// Roles by name, instead of `role_ids`.
    pub roles: Option<Vec<String>>,
    pub organization_ids: Option<Vec<Id>>,
    /// Group access: group id → access names.
    pub group_ids: Option<BTreeMap<Id, Vec<GroupAccess>>>,
    /// Custom field values (keys that are no live attribute of users are ignored).
    pub custom: CustomValues,
}

impl Helpdesk {
    /// The caller's own user.
    pub async fn me(&self, actor: &Actor, expand: bool) -> Result<UserView> {
        let mut tx = self.begin(Mode::Read).await?;
        let user = tx
            .user(actor.id())
            .await?
            .or_not_found("User", actor.id())?;
        let mut views = expand_users(&mut tx, Some(actor), vec![user], expand).await?;
        Ok(views.remove(0))
    }

    /// A page of the users the caller may list.
    pub async fn list_users(
        &self,
        actor: &Actor,
        q: ListQuery,
        expand: bool,
    ) -> Result<Listing<UserView>> {
        self.find_users(actor, UserFilter::all(), Sort::by_id(), q.page(), expand)
            .await
    }

    /// Users matching a search, among those the caller may list.
    pub async fn search_users(
        &self,
        actor: &Actor,
        q: &SearchQuery,
        expand: bool,
    ) -> Result<Listing<UserView>> {
        let filter = UserFilter {
            ids: None,
            organization_id: None,
            query: q.parsed(self.now())?,
        };
        self.find_users(actor, filter, q.sort(fields::USER_SORT)?, q.page(), expand)
            .await
    }

    async fn find_users(
        &self,
        actor: &Actor,
        mut filter: UserFilter,
        sort: Sort,
        page: helpdesk_domain::Page,
        expand: bool,
    ) -> Result<Listing<UserView>> {
        if let UserScope::Only(ids) = user_list_scope(actor) {
            filter.ids = Some(ids);
        }
        let mut tx = self.begin(Mode::Read).await?;
        let custom = custom_fields::live_names(&mut tx, ObjectKind::User).await?;
        check_fields(&filter.query, fields::USER_TEXT, &custom)?;
        let Listing { items, total } = tx.list_users(&filter, &sort, page).await?;
        let items = expand_users(&mut tx, Some(actor), items, expand).await?;
        Ok(Listing { items, total })
    }

    /// One user, when the caller may see it.
    pub async fn show_user(&self, actor: &Actor, id: Id, expand: bool) -> Result<UserView> {
        let mut tx = self.begin(Mode::Read).await?;
        let user = tx.user(id).await?.or_not_found("User", id)?;
        authorize(actor, Action::Read, Resource::User(&user)).into_result()?;
        let mut views = expand_users(&mut tx, Some(actor), vec![user], expand).await?;
        Ok(views.remove(0))
    }

    /// Creates a user as staff: anything for admin.user, plain fields for agents (the user
    /// gets the signup role). Anonymous signup is [`Helpdesk::signup`].
    pub async fn create_user(&self, actor: &Actor, mut input: UserInput) -> Result<UserView> {
        let mode = user_write_mode(Some(actor), None, self.inner.config.user_create_account);
        restrict_input(mode, &mut input)?;
        let password = self.new_password(input.password.take()).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let roles = tx.roles().await?;
        let mut user = User::blank(Meta::new(actor.id(), self.now()));
        let custom =
            custom_fields::check_values(&mut tx, ObjectKind::User, &input.custom, true).await?;
        apply_input(&mut tx, &mut user, input, &roles).await?;
        if user.role_ids.is_empty() {
            user.role_ids = signup_roles(&roles);
        }
        user.password_hash = password.into_hash()?;
        user.normalize_and_validate()?;
        check_unique(&mut tx, &user).await?;
        let user = tx.insert_user(&user).await?;
        custom_fields::store_values(&mut tx, ObjectKind::User, user.id, &custom).await?;
        let mut views = expand_users(&mut tx, Some(actor), vec![user], false).await?;
        tx.commit().await?;
        Ok(views.remove(0))
    }

    /// Self-service signup without credentials, while `user_create_account` is on: a user
    /// with the signup role and the given password. As Zammad since 3.4.1 (CVE-2020-26034),
    /// a login or email that is already taken answers the same success and creates nothing,
    /// at the same cost (the password is hashed either way), so signup does not tell which
    /// addresses exist. Invalid input is still refused.
    pub async fn signup(&self, mut input: UserInput) -> Result<()> {
        if let UserWriteMode::Denied(d) =
            user_write_mode(None, None, self.inner.config.user_create_account)
        {
            return Err(Error::Unauthenticated(d.message));
        }
        input.role_ids = None;
        input.roles = None;
        input.group_ids = None;
        input.organization_id = None;
        input.organization = None;
        input.organization_ids = None;
        input.active = None;
        input.verified = None;
        if input.email.as_deref().is_none_or(|e| e.trim().is_empty()) {
            return Err(Error::invalid("Missing required attribute 'email'"));
        }
        let password = self.new_password(input.password.take()).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let roles = tx.roles().await?;
        let mut user = User::blank(Meta::new(SYSTEM_USER_ID, self.now()));
        let custom =
            custom_fields::check_values(&mut tx, ObjectKind::User, &input.custom, true).await?;
        apply_input(&mut tx, &mut user, input, &roles).await?;
        user.role_ids = signup_roles(&roles);
        user.password_hash = password.into_hash()?;
        user.normalize_and_validate()?;
        if uniqueness_conflict(&mut tx, &user).await?.is_some() {
            // Dropping the transaction writes nothing.
            return Ok(());
        }
        let user = tx.insert_user(&user).await?;
        custom_fields::store_values(&mut tx, ObjectKind::User, user.id, &custom).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Changes a user: admin.user anything, agents plain fields of customers.
    pub async fn update_user(
        &self,
        actor: &Actor,
        id: Id,
        mut input: UserInput,
    ) -> Result<UserView> {
        // Only a full write sets passwords, and it is full whatever the target: hash first.
        let given = match user_write_mode(Some(actor), None, false) {
            UserWriteMode::Full => input.password.take(),
            _ => None,
        };
        let password = self.new_password(given).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let roles = tx.roles().await?;
        let mut user = tx.user(id).await?.or_not_found("User", id)?;
        let target_permissions = actor_from(user.clone(), &roles).user_permissions;
        let mode = user_write_mode(
            Some(actor),
            Some((&user, &target_permissions)),
            self.inner.config.user_create_account,
        );
        restrict_input(mode, &mut input)?;
        let custom =
            custom_fields::check_values(&mut tx, ObjectKind::User, &input.custom, false).await?;
        apply_input(&mut tx, &mut user, input, &roles).await?;
        if let Some(hash) = password.into_hash()? {
            user.password_hash = Some(hash);
        }
        user.normalize_and_validate()?;
        check_unique(&mut tx, &user).await?;
        user.meta.touch(actor.id(), self.now());
        tx.update_user(&user).await?;
        custom_fields::store_values(&mut tx, ObjectKind::User, user.id, &custom).await?;
        let mut views = expand_users(&mut tx, Some(actor), vec![user], false).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(id);
        Ok(views.remove(0))
    }

    /// Deletes a user nothing refers to (admin.user).
    pub async fn delete_user(&self, actor: &Actor, id: Id) -> Result<()> {
        let mut tx = self.begin(Mode::Write).await?;
        let user = tx.user(id).await?.or_not_found("User", id)?;
        authorize(actor, Action::Delete, Resource::User(&user)).into_result()?;
        if id == SYSTEM_USER_ID || id == actor.id() || tx.user_reference_count(id).await? > 0 {
            return Err(Error::referenced());
        }
        tx.delete_user(id).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(id);
        Ok(())
    }

    /// Changes the caller's own password after checking the current one. Both hashings run
    /// before the write transaction; the write stores the new hash only if the password it
    /// verified is still the user's (a change in between answers that the current one is wrong).
    pub async fn change_password(&self, actor: &Actor, old: &str, new: &str) -> Result<()> {
        let missing = || Error::not_found("User", actor.id());
        let verified = self
            .begin(Mode::Read)
            .await?
            .user(actor.id())
            .await?
            .ok_or_else(missing)?
            .password_hash;
        let wrong = || Error::invalid("Current password is wrong!");
        if old.is_empty() || !self.verify_password(old, verified.as_deref()).await? {
            return Err(wrong());
        }
        check_new_password(new)?;
        let new_hash = self.hash_password(new).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut user = tx.user(actor.id()).await?.ok_or_else(missing)?;
        if user.password_hash != verified {
            return Err(wrong());
        }
        user.password_hash = Some(new_hash);
        user.meta.touch(actor.id(), self.now());
        tx.update_user(&user).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(user.id);
        Ok(())
    }

    /// Resets a locked user's failed-login count (admin.user).
    pub async fn unlock_user(&self, actor: &Actor, id: Id) -> Result<UserView> {
        authorize(actor, Action::Unlock, Resource::User(&actor.user)).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut user = tx.user(id).await?.or_not_found("User", id)?;
        user.login_failed = 0;
        user.meta.touch(actor.id(), self.now());
        tx.update_user(&user).await?;
        let mut views = expand_users(&mut tx, Some(actor), vec![user], false).await?;
        tx.commit().await?;
        self.inner.auth_cache.forget_user(id);
        Ok(views.remove(0))
    }
}

/// The ids of the roles new signups get.
fn signup_roles(roles: &[Role]) -> Vec<Id> {
    let ids: Vec<Id> = roles
        .iter()
        .filter(|r| r.default_at_signup && r.active)
        .map(|r| r.id)
        .collect();
    if ids.is_empty() {
        vec![CUSTOMER_ROLE_ID]
    } else {
        ids
    }
}

/// Refuses field terms other than `allowed` and the names of live custom attributes
/// (custom attributes take no ranges).
pub(crate) fn check_fields(
    query: &helpdesk_domain::search::Query,
    allowed: &[&str],
    custom: &[String],
) -> Result<()> {
    use helpdesk_domain::search::{Query, Term};
    let unknown = |f: &str| {
        Err(Error::invalid(format!(
            "Unknown search field '{f}' (allowed: {})",
            allowed.join(", ")
        )))
    };
    match query {
        Query::All | Query::Term(Term::Text(_)) => Ok(()),
        Query::Term(Term::Field { field, .. })
            if !allowed.contains(&field.as_str()) && !custom.contains(field) =>
        {
            unknown(field)
        }
        Query::Term(Term::Range { field, .. })
            if !fields::RECORD_TIMES.contains(&field.as_str()) =>
        {
            Err(Error::invalid(format!(
                "'{field}' is not a time field and takes no range (allowed: {})",
                fields::RECORD_TIMES.join(", ")
            )))
        }
        Query::Term(_) => Ok(()),
        Query::And(parts) | Query::Or(parts) => parts
            .iter()
            .try_for_each(|p| check_fields(p, allowed, custom)),
    }
}

/// Refuses a user whose login or email another user holds.
async fn check_unique(tx: &mut Box<dyn Transaction>, user: &User) -> Result<()> {
    match uniqueness_conflict(tx, user).await? {
        Some(message) => Err(Error::invalid(message)),
        None => Ok(()),
    }
}

/// Zammad's text when another user holds `user`'s login or email, else `None`.
async fn uniqueness_conflict(tx: &mut Box<dyn Transaction>, user: &User) -> Result<Option<String>> {
    if let Some(other) = tx
        .user_by_login(&user.login)
        .await?
        .filter(|o| o.id != user.id)
        && other.login == user.login
    {
        return Ok(Some(format!(
            "Login '{}' is already used for another user.",
            user.login
        )));
    }
    if !user.email.is_empty()
        && let Some(other) = tx
            .user_by_login(&user.email)
            .await?
            .filter(|o| o.id != user.id)
        && other.email == user.email
    {
        return Ok(Some(format!(
            "Email address '{}' is already used for another user.",
            user.email
        )));
    }
    Ok(None)
}

/// Holds `input` to the policy's write `mode`: refused, whole, or without roles, groups and
/// password.
fn restrict_input(mode: UserWriteMode, input: &mut UserInput) -> Result<()> {
    match mode {
        UserWriteMode::Denied(d) => return Err(d.into()),
        UserWriteMode::Full => {}
        UserWriteMode::Limited | UserWriteMode::Signup => {
            input.role_ids = None;
            input.roles = None;
            input.group_ids = None;
            input.password = None;
        }
    }
    Ok(())
}

async fn apply_input(
    tx: &mut Box<dyn Transaction>,
    user: &mut User,
    input: UserInput,
    roles: &[Role],
) -> Result<()> {
    set_present!(user, input:
        login, firstname, lastname, email, web, phone, fax, mobile, department, street, zip, city,
        country, address, vip, verified, active, note, out_of_office, preferences, image_source,
        source, out_of_office_start_at, out_of_office_end_at
    );
    if let Some(name) = input.organization {
        let org = tx.organization_by_name(&name).await?.ok_or_else(|| {
            Error::invalid(format!(
                "No lookup value found for 'organization': {name:?}"
            ))
        })?;
        user.organization_id = Some(org.id);
    } else if let Some(org_id) = input.organization_id {
        if let Some(id) = org_id {
            existing_organization(tx, id, "organization_id").await?;
        }
        user.organization_id = org_id;
    }
    if let Some(ids) = input.organization_ids {
        for id in &ids {
            existing_organization(tx, *id, "organization_ids").await?;
        }
        user.organization_ids = ids;
    }
    if let Some(replacement) = input.out_of_office_replacement_id {
        if let Some(id) = replacement {
            tx.user(id).await?.ok_or_else(|| {
                Error::invalid(format!(
                    "No lookup value found for 'out_of_office_replacement_id': \"{id}\""
                ))
            })?;
        }
        user.out_of_office_replacement_id = replacement;
    }
    if let Some(names) = input.roles {
        user.role_ids = names
            .iter()
            .map(|n| {
                roles
                    .iter()
                    .find(|r| r.name.eq_ignore_ascii_case(n))
                    .map(|r| r.id)
                    .ok_or_else(|| {
                        Error::invalid(format!("No lookup value found for 'roles': {n:?}"))
                    })
            })
            .collect::<Result<_>>()?;
    } else if let Some(ids) = input.role_ids {
        if let Some(bad) = ids.iter().find(|id| !roles.iter().any(|r| r.id == **id)) {
            return Err(Error::invalid(format!(
                "No lookup value found for 'role_ids': \"{bad}\""
            )));
        }
        user.role_ids = ids;
    }
    if let Some(groups) = input.group_ids {
        for id in groups.keys() {
            tx.group(*id).await?.ok_or_else(|| {
                Error::invalid(format!("No lookup value found for 'group_ids': \"{id}\""))
            })?;
        }
        user.group_ids = groups;
    }
    Ok(())
}

async fn existing_organization(
    tx: &mut Box<dyn Transaction>,
    id: Id,
    field: &str,
) -> Result<Organization> {
    tx.organization(id)
        .await?
        .ok_or_else(|| Error::invalid(format!("No lookup value found for '{field}': \"{id}\"")))
}

/// Wraps users as views with the fields `actor` may see of each (all for an anonymous
/// signup's own record), adding organization and role names when `expand` is set, with one
/// lookup per distinct organization of the page.
pub(crate) async fn expand_users(
    tx: &mut Box<dyn Transaction>,
    actor: Option<&Actor>,
    users: Vec<User>,
    expand: bool,
) -> Result<Vec<UserView>> {
    let fields = |user: &User| actor.map_or(UserFields::Full, |a| user_fields(a, user));
    let ids: Vec<Id> = users.iter().map(|u| u.id).collect();
    let mut custom = custom_fields::values_of(tx, ObjectKind::User, &ids).await?;
    if !expand {
        return Ok(users
            .into_iter()
            .map(|user| UserView {
                custom: custom.remove(&user.id).unwrap_or_default(),
                fields: fields(&user),
                user,
                organization: None,
                roles: None,
            })
            .collect());
    }
    let roles = tx.roles().await?;
    let mut org_names: HashMap<Id, String> = HashMap::new();
    for id in users.iter().filter_map(|u| u.organization_id) {
        if let std::collections::hash_map::Entry::Vacant(e) = org_names.entry(id)
            && let Some(org) = tx.organization(id).await?
        {
            e.insert(org.name);
        }
    }
    Ok(users
        .into_iter()
        .map(|user| {
            let role_names = roles
                .iter()
                .filter(|r| user.role_ids.contains(&r.id))
                .map(|r| r.name.clone())
                .collect();
            UserView {
                custom: custom.remove(&user.id).unwrap_or_default(),
                fields: fields(&user),
                organization: user
                    .organization_id
                    .and_then(|id| org_names.get(&id).cloned()),
                roles: Some(role_names),
                user,
            }
        })
        .collect())
}

/// The login of the user `id` among `users`, when `actor` may see it (a colleague's login
/// is outside the colleague field scope); `None` for an unknown id.
pub(crate) fn visible_login(actor: &Actor, users: &[User], id: Id) -> Option<String> {
    users
        .iter()
        .find(|u| u.id == id)
        .filter(|u| user_fields(actor, u) == UserFields::Full)
        .map(|u| u.login.clone())
}
