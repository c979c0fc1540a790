//! `/users`: me, list, search, show, create (signup included), update, delete, password
//! change and unlock.

use std::collections::BTreeMap;

use helpdesk_domain::{GroupAccess, Id};
use helpdesk_service::{Actor, CustomValues, Helpdesk, UserFields, UserInput, UserView};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::answers::{Confirmed, Done, Record};
use crate::auth::Auth;
use crate::body::{JsonBody, patch};
use crate::custom::WithCustom;
use crate::error::{ApiError, ApiResult};
use crate::failures::{CREATE, DELETE, LIST, Reply, SEARCH, SHOW, SIGNED_IN, UPDATE};
use crate::list::{ListResponse, MaybeFull, SearchResponse, maybe_full, search_answer};
use crate::params::{Flag, Paging, Searching};
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Agents, customers and administrators.
    Users,
}

/// A user as answered. Never carries a password or its hash.
#[derive(Debug, Clone, Object)]
pub struct User {
    /// Id; 1 is the system user `-`.
    pub id: Id,
    /// Primary organization.
    #[oai(nullable)]
    pub organization_id: Option<Id>,
    /// Unique login (lower case).
    pub login: String,
    /// Given name.
    pub firstname: String,
    /// Family name.
    pub lastname: String,
    /// Email (lower case).
    pub email: String,
    /// Avatar reference.
    #[oai(nullable)]
    pub image: Option<String>,
    /// Avatar source URL.
    #[oai(nullable)]
    pub image_source: Option<String>,
    /// Web address.
    pub web: String,
    /// Phone.
    pub phone: String,
    /// Fax.
    pub fax: String,
    /// Mobile.
    pub mobile: String,
    /// Department.
    pub department: String,
    /// Street.
    pub street: String,
    /// Postal code.
    pub zip: String,
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// Full address.
    pub address: String,
    /// Very important person.
    pub vip: bool,
    /// Email verified.
    pub verified: bool,
    /// Inactive users cannot log in.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Last successful login.
    #[oai(nullable)]
    pub last_login: Option<String>,
    /// Where the user came from.
    #[oai(nullable)]
    pub source: Option<String>,
    /// Failed logins since the last success.
    pub login_failed: i32,
    /// Out of office.
    pub out_of_office: bool,
    /// Out of office from.
    #[oai(nullable)]
    pub out_of_office_start_at: Option<String>,
    /// Out of office until.
    #[oai(nullable)]
    pub out_of_office_end_at: Option<String>,
    /// Stand-in while out of office.
    #[oai(nullable)]
    pub out_of_office_replacement_id: Option<Id>,
    /// Free-form preferences.
    pub preferences: serde_json::Value,
    /// Roles held.
    pub role_ids: Vec<Id>,
    /// Secondary organizations.
    pub organization_ids: Vec<Id>,
    /// Authorizations from external sources (none yet).
    pub authorization_ids: Vec<Id>,
    /// Group access: group id → access names (`read`, `create`, `change`, `overview`, `full`).
    pub group_ids: BTreeMap<String, Vec<String>>,
    /// The organization's name (with `expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub organization: Option<String>,
    /// The roles' names (with `expand=true`).
    #[oai(skip_serializing_if_is_none)]
    pub roles: Option<Vec<String>>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl From<UserView> for User {
    fn from(v: UserView) -> Self {
        let u = v.user;
        Self {
            id: u.id,
            organization_id: u.organization_id,
            login: u.login,
            firstname: u.firstname,
            lastname: u.lastname,
            email: u.email,
            image: u.image,
            image_source: u.image_source,
            web: u.web,
            phone: u.phone,
            fax: u.fax,
            mobile: u.mobile,
            department: u.department,
            street: u.street,
            zip: u.zip,
            city: u.city,
            country: u.country,
            address: u.address,
            vip: u.vip,
            verified: u.verified,
            active: u.active,
            note: u.note,
            last_login: time::format_opt(&u.last_login),
            source: u.source,
            login_failed: u.login_failed,
            out_of_office: u.out_of_office,
            out_of_office_start_at: time::format_opt(&u.out_of_office_start_at),
            out_of_office_end_at: time::format_opt(&u.out_of_office_end_at),
            out_of_office_replacement_id: u.out_of_office_replacement_id,
            preferences: u.preferences,
            role_ids: u.role_ids,
            organization_ids: u.organization_ids,
            authorization_ids: Vec::new(),
            group_ids: u
                .group_ids
                .into_iter()
                .map(|(g, access)| {
                    (
                        g.to_string(),
                        access.iter().map(|a| a.as_str().to_string()).collect(),
                    )
                })
                .collect(),
            organization: v.organization,
            roles: v.roles,
            created_at: time::format(&u.meta.created_at),
            updated_at: time::format(&u.meta.updated_at),
            created_by_id: u.meta.created_by_id,
            updated_by_id: u.meta.updated_by_id,
        }
    }
}

impl From<UserView> for WithCustom<User> {
    fn from(mut v: UserView) -> Self {
        let custom = std::mem::take(&mut v.custom);
        let keys = user_keys(v.fields);
        Self(v.into(), custom, keys)
    }
}

/// The keys a user answer carries under a field scope (`None`: all).
fn user_keys(fields: UserFields) -> Option<&'static [&'static str]> {
    match fields {
        UserFields::Full => None,
        UserFields::Colleague => Some(&[
            "id",
            "firstname",
            "lastname",
            "image",
            "image_source",
            "active",
        ]),
    }
}

search_answer!(UserSearchAnswer, UserSearchPage, WithCustom<User>);

/// The fields of a user create or update; absent fields stay as they are, unknown keys are
/// ignored.
#[derive(Debug, Clone, Default, Object)]
pub struct UserRequest {
    /// Login; defaults to the email.
    pub login: Option<String>,
    /// Given name.
    pub firstname: Option<String>,
    /// Family name.
    pub lastname: Option<String>,
    /// Email.
    pub email: Option<String>,
    /// Primary organization by id (`null` clears it).
    pub organization_id: MaybeUndefined<Id>,
    /// Primary organization by name.
    pub organization: Option<String>,
    /// Avatar source URL.
    pub image_source: MaybeUndefined<String>,
    /// Web address.
    pub web: Option<String>,
    /// Phone.
    pub phone: Option<String>,
    /// Fax.
    pub fax: Option<String>,
    /// Mobile.
    pub mobile: Option<String>,
    /// Department.
    pub department: Option<String>,
    /// Street.
    pub street: Option<String>,
    /// Postal code.
    pub zip: Option<String>,
    /// City.
    pub city: Option<String>,
    /// Country.
    pub country: Option<String>,
    /// Full address.
    pub address: Option<String>,
    /// Very important person.
    pub vip: Option<bool>,
    /// Email verified.
    pub verified: Option<bool>,
    /// Active.
    pub active: Option<bool>,
    /// Free text.
    pub note: Option<String>,
    /// Where the user came from.
    pub source: MaybeUndefined<String>,
    /// Out of office.
    pub out_of_office: Option<bool>,
    /// Out of office from (RFC 3339).
    pub out_of_office_start_at: MaybeUndefined<String>,
    /// Out of office until (RFC 3339).
    pub out_of_office_end_at: MaybeUndefined<String>,
    /// Stand-in while out of office.
    pub out_of_office_replacement_id: MaybeUndefined<Id>,
    /// Free-form preferences (an object).
    pub preferences: Option<serde_json::Value>,
    /// Password (admin.user and signup only; ignored for agents). Stored only as a hash.
    pub password: Option<String>,
    /// Role ids (admin.user only).
    pub role_ids: Option<Vec<Id>>,
    /// Role names, instead of `role_ids` (admin.user only).
    pub roles: Option<Vec<String>>,
    /// Secondary organizations.
    pub organization_ids: Option<Vec<Id>>,
    /// Group access (admin.user only): `{"<group id>": ["full"]}`; a single access name or a
    /// list of group ids (meaning `full`) is accepted too.
    pub group_ids: Option<serde_json::Value>,
}

/// Reads Zammad's `group_ids` in its accepted forms.
fn parse_group_ids(value: serde_json::Value) -> ApiResult<BTreeMap<Id, Vec<GroupAccess>>> {
    let invalid = || {
        ApiError::unprocessable(
            "Invalid value for 'group_ids': expected {\"<group id>\": [\"full\", ...]}",
        )
    };
    let access_list = |v: &serde_json::Value| -> ApiResult<Vec<GroupAccess>> {
        match v {
            serde_json::Value::String(s) => Ok(vec![s.parse().map_err(|_| invalid())?]),
            serde_json::Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .ok_or_else(invalid)?
                        .parse()
                        .map_err(|_| invalid())
                })
                .collect(),
            _ => Err(invalid()),
        }
    };
    match value {
        serde_json::Value::Null => Ok(BTreeMap::new()),
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(k, v)| {
                Ok((
                    k.trim().parse::<Id>().map_err(|_| invalid())?,
                    access_list(v)?,
                ))
            })
            .collect(),
        serde_json::Value::Array(ids) => ids
            .iter()
            .map(|i| Ok((i.as_i64().ok_or_else(invalid)?, vec![GroupAccess::Full])))
            .collect(),
        _ => Err(invalid()),
    }
}

impl UserRequest {
    fn into_input(self, custom: CustomValues) -> ApiResult<UserInput> {
        if self.preferences.as_ref().is_some_and(|p| !p.is_object()) {
            return Err(ApiError::unprocessable(
                "Invalid value for 'preferences': expected an object",
            ));
        }
        Ok(UserInput {
            out_of_office_start_at: time::parse_patch(
                "out_of_office_start_at",
                self.out_of_office_start_at,
            )?,
            out_of_office_end_at: time::parse_patch(
                "out_of_office_end_at",
                self.out_of_office_end_at,
            )?,
            group_ids: self.group_ids.map(parse_group_ids).transpose()?,
            login: self.login,
            firstname: self.firstname,
            lastname: self.lastname,
            email: self.email,
            organization_id: patch(self.organization_id),
            organization: self.organization.filter(|o| !o.trim().is_empty()),
            image_source: patch(self.image_source),
            web: self.web,
            phone: self.phone,
            fax: self.fax,
            mobile: self.mobile,
            department: self.department,
            street: self.street,
            zip: self.zip,
            city: self.city,
            country: self.country,
            address: self.address,
            vip: self.vip,
            verified: self.verified,
            active: self.active,
            note: self.note,
            source: patch(self.source),
            out_of_office: self.out_of_office,
            out_of_office_replacement_id: patch(self.out_of_office_replacement_id),
            preferences: self.preferences,
            password: self.password,
            role_ids: self.role_ids,
            roles: self.roles,
            organization_ids: self.organization_ids,
            custom,
        })
    }
}

/// `POST /users/password_change`.
#[derive(Debug, Clone, Object)]
pub struct PasswordChange {
    /// The current password.
    pub password_old: String,
    /// The new password.
    pub password_new: String,
}

/// `{"message": "ok"}`.
#[derive(Debug, Clone, Object)]
pub struct Message {
    /// `ok`.
    pub message: String,
}

impl Message {
    /// `{"message": "ok"}`.
    pub fn ok() -> Self {
        Self {
            message: "ok".into(),
        }
    }
}

/// What `POST /users` answers.
#[derive(ApiResponse)]
pub enum CreateAnswer {
    /// Staff created the user.
    #[oai(status = 200)]
    Created(Json<Box<WithCustom<User>>>),
    /// A signup was accepted (`{"message": "ok"}`), whether or not its address was taken.
    #[oai(status = 201)]
    SignedUp(Json<Message>),
}

/// The empty object `{}` that a DELETE answers.
#[derive(Debug, Clone, Default, Object)]
pub struct Empty {}

/// The users endpoints.
pub struct UsersApi {
    helpdesk: Helpdesk,
}

impl UsersApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }

    /// A user's answer: as is, or with `full` its id and the assets (the user with its
    /// organizations, as the caller may read them).
    async fn shaped(
        &self,
        actor: &Actor,
        view: UserView,
        full: bool,
    ) -> ApiResult<MaybeFull<WithCustom<User>>> {
        let id = view.user.id;
        let assets = async |ids: Vec<Id>| Ok(self.helpdesk.user_assets(actor, &ids).await?.into());
        maybe_full(view.into(), id, full, assets).await
    }
}

#[OpenApi(tag = "Tag::Users")]
impl UsersApi {
    /// The current user.
    ///
    /// Any authenticated user.
    #[oai(path = "/users/me", method = "get")]
    async fn me(
        &self,
        auth: Auth,
        expand: Query<Flag>,
    ) -> Reply<Record<WithCustom<User>>, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(self.helpdesk.me(&actor, expand.0.0).await?.into()))
    }

    /// List users.
    ///
    /// ticket.agent or admin.user: all users; anyone else: only themselves.
    #[oai(path = "/users", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        paging: Paging,
        expand: Query<Flag>,
    ) -> Reply<ListResponse<WithCustom<User>>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_users(&actor, paging.0, expand.0.0)
            .await?;
        Ok(ListResponse::from_listing(listing, WithCustom::from))
    }

    /// Search users.
    ///
    /// `query` is free text over login, names, email, phone, ... plus `field:value` terms,
    /// AND/OR and quoted phrases. Sorted by `sort_by` (id, login, firstname, lastname, email,
    /// created_at, updated_at) and `order_by` (asc/desc; default updated_at desc).
    #[oai(path = "/users/search", method = "get")]
    async fn search(
        &self,
        auth: Auth,
        search: Searching,
    ) -> Reply<SearchResponse<UserSearchAnswer>, SEARCH> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .search_users(&actor, &search.query, search.expand)
            .await?;
        let (helpdesk, caller) = (&self.helpdesk, &actor);
        let assets = async |ids: Vec<Id>| Ok(helpdesk.user_assets(caller, &ids).await?.into());
        let id = |u: &UserView| u.user.id;
        Ok(UserSearchAnswer::respond(listing, search.form, id, WithCustom::from, assets).await?)
    }

    /// Show a user.
    ///
    /// ticket.agent or admin.user: any user; a customer: itself and members of its organization.
    #[oai(path = "/users/:id", method = "get")]
    async fn show(
        &self,
        auth: Auth,
        id: Path<Id>,
        expand: Query<Flag>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<User>>>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let view = self.helpdesk.show_user(&actor, id.0, expand.0.0).await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Create a user.
    ///
    /// admin.user: anything. ticket.agent: plain fields (roles, groups and password are
    /// dropped; the user gets the signup role); both answer 200 with the user. Without
    /// credentials, while signup is enabled: a Customer with the given password, answered
    /// `201 {"message": "ok"}` whether or not the login or email was taken (then nothing is
    /// created), as Zammad since 3.4.1, so signup does not tell which addresses exist.
    #[oai(path = "/users", method = "post")]
    async fn create(&self, auth: Auth, body: JsonBody<UserRequest>) -> Reply<CreateAnswer, CREATE> {
        let actor = auth.optional_actor(&self.helpdesk).await?;
        let input = body.0.into_input(body.1)?;
        Ok(match actor {
            Some(actor) => {
                let user: WithCustom<User> = self.helpdesk.create_user(&actor, input).await?.into();
                CreateAnswer::Created(Json(Box::new(user)))
            }
            None => {
                self.helpdesk.signup(input).await?;
                CreateAnswer::SignedUp(Json(Message::ok()))
            }
        })
    }

    /// Update a user.
    ///
    /// admin.user: anything; ticket.agent: plain fields of customers.
    #[oai(path = "/users/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<UserRequest>,
        full: Query<Flag>,
    ) -> Reply<Record<MaybeFull<WithCustom<User>>>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let input = body.0.into_input(body.1)?;
        let view = self.helpdesk.update_user(&actor, id.0, input).await?;
        Ok(Record(self.shaped(&actor, view, full.0.0).await?))
    }

    /// Delete a user.
    ///
    /// admin.user, only when nothing refers to the user.
    #[oai(path = "/users/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_user(&actor, id.0).await?;
        Ok(Done)
    }

    /// Change the current user's password.
    #[oai(path = "/users/password_change", method = "post")]
    async fn password_change(
        &self,
        auth: Auth,
        body: JsonBody<PasswordChange>,
    ) -> Reply<Confirmed, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk
            .change_password(&actor, &body.0.password_old, &body.0.password_new)
            .await?;
        Ok(Confirmed)
    }

    /// Unlock a user locked by failed logins.
    ///
    /// admin.user.
    #[oai(path = "/users/unlock/:id", method = "put")]
    async fn unlock(&self, auth: Auth, id: Path<Id>) -> Reply<Confirmed, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.unlock_user(&actor, id.0).await?;
        Ok(Confirmed)
    }
}
