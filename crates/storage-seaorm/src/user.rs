//! Users: `UserRepo` on the `users` table and its relation tables `user_roles`,
//! `user_groups` and `user_organizations`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::str::FromStr;

use async_trait::async_trait;
use helpdesk_domain::{GroupAccess, Id, Listing, ObjectKind, Page, Timestamp, User};
use helpdesk_storage::{Conflict, Result, Sort, UserFilter, UserRepo, fields};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};

use crate::columns::{meta_columns, millis, row_meta, timestamp};
use crate::custom_value::{custom_field_term, delete_record_values};
use crate::entity::users::{ActiveModel, Column, Entity, Model};
use crate::entity::{
    groups, mentions, organizations, recent_views, roles, ticket_articles, ticket_priorities,
    ticket_states, ticket_time_accounting_types, ticket_time_accountings, tickets,
    user_access_tokens, user_groups, user_organizations, user_roles,
};
use crate::error::{backend, corrupt};
use crate::handle::Handle;
use crate::listing::sorted_page;
use crate::reader::Reader;
use crate::rows::{self, RecordRow, id_field};
use crate::search::{condition, nothing};
use crate::ticket::count_tickets;
use crate::transaction::SeaOrmTransaction;

/// A user's relations, as loaded for a batch of users.
#[derive(Default)]
struct Relations {
    roles: HashMap<Id, Vec<Id>>,
    organizations: HashMap<Id, Vec<Id>>,
    groups: HashMap<Id, BTreeMap<Id, Vec<GroupAccess>>>,
}

impl RecordRow for User {
    type Entity = Entity;
    const KIND: &'static str = "user";
    id_field!();

    /// The user without its relations (see [`with_relations`]).
    fn from_row(row: Model) -> Result<Self> {
        Ok(User {
            id: row.id,
            organization_id: row.organization_id,
            login: row.login,
            firstname: row.firstname,
            lastname: row.lastname,
            email: row.email.unwrap_or_default(),
            image: row.image,
            image_source: row.image_source,
            web: row.web,
            phone: row.phone,
            fax: row.fax,
            mobile: row.mobile,
            department: row.department,
            street: row.street,
            zip: row.zip,
            city: row.city,
            country: row.country,
            address: row.address,
            vip: row.vip,
            verified: row.verified,
            active: row.active,
            note: row.note,
            last_login: row.last_login.map(timestamp),
            source: row.source,
            login_failed: row.login_failed,
            out_of_office: row.out_of_office,
            out_of_office_start_at: row.out_of_office_start_at.map(timestamp),
            out_of_office_end_at: row.out_of_office_end_at.map(timestamp),
            out_of_office_replacement_id: row.out_of_office_replacement_id,
            preferences: serde_json::from_str(&row.preferences).map_err(corrupt)?,
            password_hash: row.password_hash,
            role_ids: Vec::new(),
            organization_ids: Vec::new(),
            group_ids: BTreeMap::new(),
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            organization_id: Set(self.organization_id),
            login: Set(self.login.clone()),
            firstname: Set(self.firstname.clone()),
            lastname: Set(self.lastname.clone()),
            email: Set((!self.email.is_empty()).then(|| self.email.clone())),
            image: Set(self.image.clone()),
            image_source: Set(self.image_source.clone()),
            web: Set(self.web.clone()),
            phone: Set(self.phone.clone()),
            fax: Set(self.fax.clone()),
            mobile: Set(self.mobile.clone()),
            department: Set(self.department.clone()),
            street: Set(self.street.clone()),
            zip: Set(self.zip.clone()),
            city: Set(self.city.clone()),
            country: Set(self.country.clone()),
            address: Set(self.address.clone()),
            vip: Set(self.vip),
            verified: Set(self.verified),
            active: Set(self.active),
            note: Set(self.note.clone()),
            last_login: Set(self.last_login.map(millis)),
            source: Set(self.source.clone()),
            login_failed: Set(self.login_failed),
            out_of_office: Set(self.out_of_office),
            out_of_office_start_at: Set(self.out_of_office_start_at.map(millis)),
            out_of_office_end_at: Set(self.out_of_office_end_at.map(millis)),
            out_of_office_replacement_id: Set(self.out_of_office_replacement_id),
            preferences: Set(self.preferences.to_string()),
            password_hash: Set(self.password_hash.clone()),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    fn unique_conflict(&self, message: &str) -> Option<Conflict> {
        Some(if message.contains("email") {
            Conflict::unique("email", &self.email)
        } else {
            Conflict::unique("login", &self.login)
        })
    }
}

/// Loads the relations of `user_ids` with one query per relation table.
async fn load_relations(reader: &Reader<'_>, user_ids: &[Id]) -> Result<Relations> {
    let mut relations = Relations::default();
    if user_ids.is_empty() {
        return Ok(relations);
    }
    let roles: Vec<(Id, Id)> = reader
        .tuples(
            &user_roles::Entity::find()
                .select_only()
                .columns([user_roles::Column::UserId, user_roles::Column::RoleId])
                .filter(user_roles::Column::UserId.is_in(user_ids.iter().copied()))
                .order_by_asc(user_roles::Column::RoleId)
                .into_query(),
        )
        .await?;
    for (user_id, role_id) in roles {
        relations.roles.entry(user_id).or_default().push(role_id);
    }
    let organizations: Vec<(Id, Id)> = reader
        .tuples(
            &user_organizations::Entity::find()
                .select_only()
                .columns([
                    user_organizations::Column::UserId,
                    user_organizations::Column::OrganizationId,
                ])
                .filter(user_organizations::Column::UserId.is_in(user_ids.iter().copied()))
                .order_by_asc(user_organizations::Column::OrganizationId)
                .into_query(),
        )
        .await?;
    for (user_id, organization_id) in organizations {
        relations
            .organizations
            .entry(user_id)
            .or_default()
            .push(organization_id);
    }
    let groups: Vec<(Id, Id, String)> = reader
        .tuples(
            &user_groups::Entity::find()
                .select_only()
                .columns([
                    user_groups::Column::UserId,
                    user_groups::Column::GroupId,
                    user_groups::Column::Access,
                ])
                .filter(user_groups::Column::UserId.is_in(user_ids.iter().copied()))
                .into_query(),
        )
        .await?;
    for (user_id, group_id, access) in groups {
        let access = GroupAccess::from_str(&access).map_err(corrupt)?;
        let held = relations
            .groups
            .entry(user_id)
            .or_default()
            .entry(group_id)
            .or_default();
        held.push(access);
        held.sort_unstable();
    }
    Ok(relations)
}

/// Replaces the relations of `user` with the ones it holds.
async fn write_relations(tx: &Handle, user_id: Id, user: &User) -> Result<()> {
    delete_relations(tx, user_id).await?;
    let roles: Vec<_> = user
        .role_ids
        .iter()
        .map(|&role_id| user_roles::ActiveModel {
            user_id: Set(user_id),
            role_id: Set(role_id),
        })
        .collect();
    insert_rows::<user_roles::Entity>(tx, roles).await?;
    let organizations: Vec<_> = user
        .organization_ids
        .iter()
        .map(|&organization_id| user_organizations::ActiveModel {
            user_id: Set(user_id),
            organization_id: Set(organization_id),
        })
        .collect();
    insert_rows::<user_organizations::Entity>(tx, organizations).await?;
    let groups: Vec<_> = user
        .group_ids
        .iter()
        .flat_map(|(&group_id, access)| {
            access.iter().map(move |a| user_groups::ActiveModel {
                user_id: Set(user_id),
                group_id: Set(group_id),
                access: Set(a.as_str().to_string()),
            })
        })
        .collect();
    insert_rows::<user_groups::Entity>(tx, groups).await?;
    Ok(())
}

/// Inserts `rows` into `E` in one statement; none when there are none.
async fn insert_rows<E: EntityTrait>(tx: &Handle, rows: Vec<E::ActiveModel>) -> Result<()> {
    if !rows.is_empty() {
        E::insert_many(rows).exec(tx).await.map_err(backend)?;
    }
    Ok(())
}

/// Removes every relation row of the user.
async fn delete_relations(tx: &Handle, user_id: Id) -> Result<()> {
    rows::delete_where::<user_roles::Entity>(tx, user_roles::Column::UserId.eq(user_id)).await?;
    rows::delete_where::<user_organizations::Entity>(
        tx,
        user_organizations::Column::UserId.eq(user_id),
    )
    .await?;
    rows::delete_where::<user_groups::Entity>(tx, user_groups::Column::UserId.eq(user_id)).await?;
    Ok(())
}

/// Turns rows into users, loading their relations in one batch.
async fn with_relations(reader: &Reader<'_>, rows: Vec<Model>) -> Result<Vec<User>> {
    let ids: Vec<Id> = rows.iter().map(|row| row.id).collect();
    let mut relations = load_relations(reader, &ids).await?;
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            Ok(User {
                role_ids: relations.roles.remove(&id).unwrap_or_default(),
                organization_ids: relations.organizations.remove(&id).unwrap_or_default(),
                group_ids: relations.groups.remove(&id).unwrap_or_default(),
                ..User::from_row(row)?
            })
        })
        .collect()
}

/// The condition of a user filter.
fn filter_condition(filter: &UserFilter) -> Condition {
    let mut all = Condition::all();
    if let Some(ids) = &filter.ids {
        all = all.add(if ids.is_empty() {
            nothing()
        } else {
            Column::Id.is_in(ids.clone())
        });
    }
    if let Some(organization_id) = filter.organization_id {
        all = all.add(Column::OrganizationId.eq(organization_id));
    }
    all.add(condition::<Column>(
        &filter.query,
        fields::USER_TEXT,
        &|field, value| custom_field_term(ObjectKind::User, Column::Id, field, value),
    ))
}

/// How many rows of a table with bookkeeping name `id` as creator or updater.
async fn created_or_updated_by<E>(
    tx: &Handle,
    created_by: E::Column,
    updated_by: E::Column,
    id: Id,
) -> Result<u64>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let by_user = Condition::any()
        .add(created_by.eq(id))
        .add(updated_by.eq(id));
    rows::count_where::<E>(tx, by_user).await
}

#[async_trait]
impl UserRepo for SeaOrmTransaction {
    async fn user(&mut self, id: Id) -> Result<Option<User>> {
        let reader = self.reader();
        let rows = reader.models(Entity::find_by_id(id)).await?;
        Ok(with_relations(&reader, rows).await?.pop())
    }

    async fn user_by_login(&mut self, login: &str) -> Result<Option<User>> {
        let reader = self.reader();
        let mut row = reader
            .first(Entity::find().filter(Column::Login.eq(login)))
            .await?;
        if row.is_none() && !login.is_empty() {
            row = reader
                .first(Entity::find().filter(Column::Email.eq(login)))
                .await?;
        }
        Ok(with_relations(&reader, row.into_iter().collect())
            .await?
            .pop())
    }

    async fn users_by_ids(&mut self, ids: &[Id]) -> Result<Vec<User>> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let select = Entity::find()
            .filter(Column::Id.is_in(ids.iter().copied()))
            .order_by_asc(Column::Id);
        let reader = self.reader();
        let rows = reader.models(select).await?;
        with_relations(&reader, rows).await
    }

    async fn insert_user(&mut self, user: &User) -> Result<User> {
        let stored = rows::insert(&self.tx, user).await?;
        write_relations(&self.tx, stored.id, user).await?;
        Ok(stored)
    }

    async fn update_user(&mut self, user: &User) -> Result<()> {
        rows::update(&self.tx, user).await?;
        write_relations(&self.tx, user.id, user).await
    }

    async fn delete_user(&mut self, id: Id) -> Result<()> {
        delete_relations(&self.tx, id).await?;
        rows::delete_where::<user_access_tokens::Entity>(
            &self.tx,
            user_access_tokens::Column::UserId.eq(id),
        )
        .await?;
        rows::delete_where::<crate::entity::password_resets::Entity>(
            &self.tx,
            crate::entity::password_resets::Column::UserId.eq(id),
        )
        .await?;
        rows::delete_where::<recent_views::Entity>(&self.tx, recent_views::Column::UserId.eq(id))
            .await?;
        rows::delete::<User>(&self.tx, id).await?;
        delete_record_values(&self.tx, ObjectKind::User, id).await
    }

    async fn list_users(
        &mut self,
        filter: &UserFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<User>> {
        let condition = filter_condition(filter);
        let allowed = fields::USER_SORT;
        let rows =
            sorted_page::<Entity>(&self.tx, condition, allowed, Column::Id, sort, page).await?;
        Ok(Listing {
            items: with_relations(&self.reader(), rows.items).await?,
            total: rows.total,
        })
    }

    async fn increment_login_failed(&mut self, id: Id) -> Result<i32> {
        let user = ("user", Column::Id, id);
        rows::increment::<Entity, i32>(&self.tx, user, Column::LoginFailed).await
    }

    async fn record_login(&mut self, id: Id, at: Timestamp) -> Result<()> {
        let login = [
            (Column::LoginFailed, Expr::value(0)),
            (Column::LastLogin, Expr::value(millis(at))),
        ];
        rows::set_columns::<Entity>(&self.tx, ("user", Column::Id, id), login).await
    }

    async fn user_reference_count(&mut self, id: Id) -> Result<u64> {
        let tx = &self.tx;
        let by_user = Condition::any()
            .add(Column::CreatedById.eq(id))
            .add(Column::UpdatedById.eq(id));
        let others = Condition::all().add(Column::Id.ne(id)).add(by_user);
        let other_users = rows::count_where::<Entity>(tx, others).await?;
        let replacing = Column::OutOfOfficeReplacementId.eq(id);
        let replaced = rows::count_where::<Entity>(tx, replacing).await?;
        // Each table's rows created or last updated by the user.
        macro_rules! by_user {
            ($($table:ident),*) => {
                0 $(+ created_or_updated_by::<$table::Entity>(
                    tx,
                    $table::Column::CreatedById,
                    $table::Column::UpdatedById,
                    id,
                )
                .await?)*
            };
        }
        let bookkeeping = by_user!(
            groups,
            organizations,
            ticket_states,
            ticket_priorities,
            roles,
            ticket_articles,
            ticket_time_accounting_types,
            ticket_time_accountings,
            mentions
        );
        let mentioned =
            rows::count_where::<mentions::Entity>(tx, mentions::Column::UserId.eq(id)).await?;
        let tickets = count_tickets(
            tx,
            Condition::any()
                .add(tickets::Column::CustomerId.eq(id))
                .add(tickets::Column::OwnerId.eq(id))
                .add(tickets::Column::CreatedById.eq(id))
                .add(tickets::Column::UpdatedById.eq(id)),
        )
        .await?;
        Ok(other_users + replaced + bookkeeping + mentioned + tickets)
    }

    async fn group_members(&mut self, group_ids: &[Id]) -> Result<Vec<(Id, Id)>> {
        if group_ids.is_empty() {
            return Ok(Vec::new());
        }
        self.reader()
            .tuples(
                &user_groups::Entity::find()
                    .select_only()
                    .columns([user_groups::Column::GroupId, user_groups::Column::UserId])
                    .distinct()
                    .filter(user_groups::Column::GroupId.is_in(group_ids.iter().copied()))
                    .order_by_asc(user_groups::Column::GroupId)
                    .order_by_asc(user_groups::Column::UserId)
                    .into_query(),
            )
            .await
    }

    async fn organization_members(&mut self, org_ids: &[Id]) -> Result<Vec<(Id, Id)>> {
        if org_ids.is_empty() {
            return Ok(Vec::new());
        }
        let reader = self.reader();
        let primary: Vec<(Option<Id>, Id)> = reader
            .tuples(
                &Entity::find()
                    .select_only()
                    .columns([Column::OrganizationId, Column::Id])
                    .filter(Column::OrganizationId.is_in(org_ids.iter().copied()))
                    .into_query(),
            )
            .await?;
        let secondary: Vec<(Id, Id)> = reader
            .tuples(
                &user_organizations::Entity::find()
                    .select_only()
                    .columns([
                        user_organizations::Column::OrganizationId,
                        user_organizations::Column::UserId,
                    ])
                    .filter(
                        user_organizations::Column::OrganizationId.is_in(org_ids.iter().copied()),
                    )
                    .into_query(),
            )
            .await?;
        let members: BTreeSet<(Id, Id)> = primary
            .into_iter()
            .filter_map(|(org, user)| Some((org?, user)))
            .chain(secondary)
            .collect();
        Ok(members.into_iter().collect())
    }
}
