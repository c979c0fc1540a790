//! Repository traits, one per record type. Every method runs inside the transaction that
//! implements it. `insert_*` ignores the given `id` and answers the record with the id the
//! store assigned (increasing, never reused); `update_*` replaces every field of the record
//! with that id, relations included. A refused write answers [`Conflict`](crate::Conflict),
//! whose kind and text are the same on every backend.

use async_trait::async_trait;
use helpdesk_domain::{
    AccessToken, Group, Id, Listing, Organization, Page, PasswordReset, Priority, Role, State,
    Timestamp, User,
};

use crate::{OrganizationFilter, Result, Sort, UserFilter};

/// Users, with their roles, secondary organizations and group access.
#[async_trait]
pub trait UserRepo {
    /// The user with this id.
    async fn user(&mut self, id: Id) -> Result<Option<User>>;
    /// The user whose login or email equals `login` (already lower case).
    async fn user_by_login(&mut self, login: &str) -> Result<Option<User>>;
    /// The users with these ids, in id order; unknown ids are skipped.
    async fn users_by_ids(&mut self, ids: &[Id]) -> Result<Vec<User>>;
    /// Stores a new user. MUST answer `Conflict::Unique` on `login` or `email` when the
    /// login or a non-empty email is already taken.
    async fn insert_user(&mut self, user: &User) -> Result<User>;
    /// Replaces the user. Same uniqueness rules as insert.
    async fn update_user(&mut self, user: &User) -> Result<()>;
    /// Removes the user and its relations (roles, group access, tokens). MUST answer
    /// `Conflict::InUse` while it is a ticket's customer or owner.
    async fn delete_user(&mut self, id: Id) -> Result<()>;
    /// A page of the users that match `filter`, in `sort` order, and their total.
    async fn list_users(
        &mut self,
        filter: &UserFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<User>>;
    /// Adds one to the user's `login_failed` in place (atomic against concurrent logins) and
    /// answers the new count.
    async fn increment_login_failed(&mut self, id: Id) -> Result<i32>;
    /// Records a successful login: `login_failed` back to 0, `last_login` set.
    async fn record_login(&mut self, id: Id, at: Timestamp) -> Result<()>;
    /// How many other records refer to the user: rows of users (not itself), groups,
    /// organizations, states, priorities, roles, tickets, articles, activity types and time
    /// accounting entries it created or last changed, users it stands in for, and tickets whose customer or owner it is.
    async fn user_reference_count(&mut self, id: Id) -> Result<u64>;
    /// `(group_id, user_id)` for every user with access to one of `group_ids`.
    async fn group_members(&mut self, group_ids: &[Id]) -> Result<Vec<(Id, Id)>>;
    /// `(organization_id, user_id)` for every user whose organization is one of `org_ids`.
    async fn organization_members(&mut self, org_ids: &[Id]) -> Result<Vec<(Id, Id)>>;
}

/// Roles (seeded, and written by admin.role through the API).
#[async_trait]
pub trait RoleRepo {
    /// Every role, by id.
    async fn roles(&mut self) -> Result<Vec<Role>>;
    /// Stores a new role. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_role(&mut self, role: &Role) -> Result<Role>;
    /// Replaces the role with `role.id`. MUST answer `Conflict::Unique` on a duplicate name
    /// (in any letter case) and `Missing` when no such role exists.
    async fn update_role(&mut self, role: &Role) -> Result<()>;
}

/// Groups.
#[async_trait]
pub trait GroupRepo {
    /// The group with this id.
    async fn group(&mut self, id: Id) -> Result<Option<Group>>;
    /// The group with this name, compared case-insensitively.
    async fn group_by_name(&mut self, name: &str) -> Result<Option<Group>>;
    /// A page of groups by id, and their total.
    async fn list_groups(&mut self, page: Page) -> Result<Listing<Group>>;
    /// Stores a new group. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_group(&mut self, group: &Group) -> Result<Group>;
    /// Replaces the group. MUST answer `Conflict::Unique` on a duplicate name.
    async fn update_group(&mut self, group: &Group) -> Result<()>;
    /// Removes the group. MUST answer `Conflict::InUse` while a ticket is in it.
    async fn delete_group(&mut self, id: Id) -> Result<()>;
    /// How many records refer to the group: users with access to it and tickets in it.
    async fn group_reference_count(&mut self, id: Id) -> Result<u64>;
}

/// Organizations.
#[async_trait]
pub trait OrganizationRepo {
    /// The organization with this id.
    async fn organization(&mut self, id: Id) -> Result<Option<Organization>>;
    /// The organization with this name, compared case-insensitively.
    async fn organization_by_name(&mut self, name: &str) -> Result<Option<Organization>>;
    /// A page of the organizations that match `filter`, in `sort` order, and their total.
    async fn list_organizations(
        &mut self,
        filter: &OrganizationFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Organization>>;
    /// Stores a new organization. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_organization(&mut self, org: &Organization) -> Result<Organization>;
    /// Replaces the organization. MUST answer `Conflict::Unique` on a duplicate name.
    async fn update_organization(&mut self, org: &Organization) -> Result<()>;
    /// Removes the organization. MUST answer `Conflict::InUse` while a ticket is of it.
    async fn delete_organization(&mut self, id: Id) -> Result<()>;
    /// How many records refer to the organization: members (primary or secondary) and
    /// tickets of it.
    async fn organization_reference_count(&mut self, id: Id) -> Result<u64>;
}

/// Ticket states.
#[async_trait]
pub trait StateRepo {
    /// Every state, by id (a short list).
    async fn states(&mut self) -> Result<Vec<State>>;
    /// Stores a new state. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_state(&mut self, state: &State) -> Result<State>;
    /// Replaces the state. MUST answer `Conflict::Unique` on a duplicate name.
    async fn update_state(&mut self, state: &State) -> Result<()>;
    /// Removes the state. MUST answer `Conflict::InUse` while a ticket is in it.
    async fn delete_state(&mut self, id: Id) -> Result<()>;
    /// How many records refer to the state: tickets in it and other states whose
    /// `next_state_id` it is.
    async fn state_reference_count(&mut self, id: Id) -> Result<u64>;
}

/// Ticket priorities.
#[async_trait]
pub trait PriorityRepo {
    /// Every priority, by id (a short list).
    async fn priorities(&mut self) -> Result<Vec<Priority>>;
    /// Stores a new priority. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_priority(&mut self, priority: &Priority) -> Result<Priority>;
    /// Replaces the priority. MUST answer `Conflict::Unique` on a duplicate name.
    async fn update_priority(&mut self, priority: &Priority) -> Result<()>;
    /// Removes the priority. MUST answer `Conflict::InUse` while a ticket has it.
    async fn delete_priority(&mut self, id: Id) -> Result<()>;
    /// How many records refer to the priority: tickets with it.
    async fn priority_reference_count(&mut self, id: Id) -> Result<u64>;
}

/// User access tokens.
#[async_trait]
pub trait TokenRepo {
    /// The token with this id.
    async fn token(&mut self, id: Id) -> Result<Option<AccessToken>>;
    /// The token whose secret hashes to `token_hash`.
    async fn token_by_hash(&mut self, token_hash: &str) -> Result<Option<AccessToken>>;
    /// The user's tokens, by id.
    async fn tokens_of_user(&mut self, user_id: Id) -> Result<Vec<AccessToken>>;
    /// Stores a new token.
    async fn insert_token(&mut self, token: &AccessToken) -> Result<AccessToken>;
    /// Sets `last_used_at`.
    async fn touch_token(&mut self, id: Id, at: Timestamp) -> Result<()>;
    /// Removes the token.
    async fn delete_token(&mut self, id: Id) -> Result<()>;
}

/// Authentication bookkeeping beside the users: password-reset tokens, and the count of
/// failed logins that named no account.
#[async_trait]
pub trait AuthRepo {
    /// Stores a new reset token and answers it with its id.
    async fn insert_password_reset(&mut self, reset: &PasswordReset) -> Result<PasswordReset>;
    /// The reset token whose secret hashes to `token_hash`, expired or not.
    async fn password_reset_by_hash(&mut self, token_hash: &str) -> Result<Option<PasswordReset>>;
    /// Removes every reset token of `user_id` and answers how many there were. Deleting a
    /// user MUST remove its reset tokens too.
    async fn delete_password_resets_of_user(&mut self, user_id: Id) -> Result<u64>;
    /// Adds one to the count of failed logins for unknown logins, in place (atomic against
    /// concurrent logins), and answers the new count. It is the write a failed login for an
    /// unknown account does, so that it costs what one for a known account does (which
    /// raises that user's `login_failed`).
    async fn increment_unknown_login_failed(&mut self) -> Result<i64>;
}
