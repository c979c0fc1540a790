//! Users: lookups, uniqueness, filtered and sorted lists, login counters and references.

use std::cmp::Ordering;

use async_trait::async_trait;
use helpdesk_domain::search::{Text, text_matches};
use helpdesk_domain::{Id, Listing, ObjectKind, Page, Ticket, Timestamp, User};
use helpdesk_storage::{Result, Sort, UserFilter, UserRepo, fields};

use crate::attributes::{record_matches, remove_custom_values};
use crate::references::remove_unreferenced;
use crate::state::Tables;
use crate::table::sort_order;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl UserRepo for MemoryTransaction {
    async fn user(&mut self, id: Id) -> Result<Option<User>> {
        Ok(self.tables().users.record(id))
    }

    async fn user_by_login(&mut self, login: &str) -> Result<Option<User>> {
        let users = &self.tables().users;
        let by_login = users.values().find(|u| u.login == login);
        let by_email = || {
            users
                .values()
                .find(|u| !u.email.is_empty() && u.email == login)
        };
        Ok(by_login.or_else(by_email).cloned())
    }

    async fn users_by_ids(&mut self, ids: &[Id]) -> Result<Vec<User>> {
        Ok(self.tables().users.select(|u| ids.contains(&u.id)))
    }

    async fn insert_user(&mut self, user: &User) -> Result<User> {
        self.tables_mut()?.users.insert(user)
    }

    async fn update_user(&mut self, user: &User) -> Result<()> {
        self.tables_mut()?.users.update(user)
    }

    async fn delete_user(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        let refers = |t: &Ticket| t.customer_id == id || t.owner_id == id;
        remove_unreferenced(tables, |t| &mut t.users, id, refers)?;
        remove_custom_values(tables, ObjectKind::User, id);
        tables.tokens.remove_where(|t| t.user_id == id);
        tables.password_resets.remove_where(|r| r.user_id == id);
        tables.recent_views.remove_where(|v| v.user_id == id);
        Ok(())
    }

    async fn list_users(
        &mut self,
        filter: &UserFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<User>> {
        let tables = self.tables();
        let matches = |u: &User| filter_matches(tables, filter, u);
        Ok(tables
            .users
            .sorted_page(matches, |a, b| compare(a, b, sort), page))
    }

    async fn increment_login_failed(&mut self, id: Id) -> Result<i32> {
        let user = self.tables_mut()?.users.existing_mut(id)?;
        user.login_failed += 1;
        Ok(user.login_failed)
    }

    async fn record_login(&mut self, id: Id, at: Timestamp) -> Result<()> {
        let user = self.tables_mut()?.users.existing_mut(id)?;
        user.login_failed = 0;
        user.last_login = Some(at);
        Ok(())
    }

    async fn user_reference_count(&mut self, id: Id) -> Result<u64> {
        Ok(reference_count(self.tables(), id))
    }

    async fn group_members(&mut self, group_ids: &[Id]) -> Result<Vec<(Id, Id)>> {
        let mut members: Vec<(Id, Id)> = self
            .tables()
            .users
            .values()
            .flat_map(|u| u.group_ids.keys().map(move |g| (*g, u.id)))
            .filter(|(g, _)| group_ids.contains(g))
            .collect();
        members.sort_unstable();
        Ok(members)
    }

    async fn organization_members(&mut self, org_ids: &[Id]) -> Result<Vec<(Id, Id)>> {
        let mut members: Vec<(Id, Id)> = self
            .tables()
            .users
            .values()
            .flat_map(|u| {
                u.organization_id
                    .iter()
                    .chain(&u.organization_ids)
                    .map(|o| (*o, u.id))
            })
            .filter(|(o, _)| org_ids.contains(o))
            .collect();
        members.sort_unstable();
        members.dedup();
        Ok(members)
    }
}

/// Rows of other tables whose bookkeeping or out-of-office replacement names the user, and
/// tickets it is the customer or owner of.
fn reference_count(tables: &Tables, id: Id) -> u64 {
    let by = |created: Id, updated: Id| created == id || updated == id;
    let users = tables.users.values().filter(|u| u.id != id).filter(|u| {
        by(u.meta.created_by_id, u.meta.updated_by_id) || u.out_of_office_replacement_id == Some(id)
    });
    let metas = tables
        .groups
        .values()
        .map(|g| &g.meta)
        .chain(tables.organizations.values().map(|o| &o.meta))
        .chain(tables.states.values().map(|s| &s.meta))
        .chain(tables.priorities.values().map(|p| &p.meta))
        .chain(tables.roles.values().map(|r| &r.meta))
        .chain(tables.articles.values().map(|a| &a.meta))
        .chain(tables.time_accounting_types.values().map(|t| &t.meta))
        .chain(tables.time_accountings.values().map(|e| &e.meta))
        .chain(tables.mentions.values().map(|m| &m.meta));
    let others = metas.filter(|m| by(m.created_by_id, m.updated_by_id));
    let mentioned = tables.mentions.values().filter(|m| m.user_id == id);
    let tickets = tables.tickets.values().filter(|t| {
        t.customer_id == id || t.owner_id == id || by(t.meta.created_by_id, t.meta.updated_by_id)
    });
    (users.count() + others.count() + mentioned.count() + tickets.count()) as u64
}

fn filter_matches(tables: &Tables, filter: &UserFilter, user: &User) -> bool {
    filter.ids.as_ref().is_none_or(|ids| ids.contains(&user.id))
        && filter
            .organization_id
            .is_none_or(|o| user.organization_id == Some(o))
        && record_matches(
            tables,
            &filter.query,
            (ObjectKind::User, user.id, &user.meta),
            fields::USER_TEXT,
            |f, t| field_matches(user, f, t),
        )
}

fn field_matches(user: &User, field: &str, needle: &Text) -> bool {
    text_field(user, field).is_some_and(|value| text_matches(value, needle))
}

/// The value of one of [`fields::USER_TEXT`].
fn text_field<'a>(user: &'a User, field: &str) -> Option<&'a str> {
    Some(match field {
        "login" => &user.login,
        "firstname" => &user.firstname,
        "lastname" => &user.lastname,
        "email" => &user.email,
        "phone" => &user.phone,
        "mobile" => &user.mobile,
        "department" => &user.department,
        "city" => &user.city,
        "note" => &user.note,
        _ => return None,
    })
}

/// Orders by the sort field in its direction, then by id ascending.
fn compare(a: &User, b: &User, sort: &Sort) -> Ordering {
    let by_field = match sort.field {
        "login" => a.login.cmp(&b.login),
        "firstname" => a.firstname.cmp(&b.firstname),
        "lastname" => a.lastname.cmp(&b.lastname),
        "email" => a.email.cmp(&b.email),
        "created_at" => a.meta.created_at.cmp(&b.meta.created_at),
        "updated_at" => a.meta.updated_at.cmp(&b.meta.updated_at),
        _ => a.id.cmp(&b.id),
    };
    sort_order(by_field, sort.order, a.id, b.id)
}
