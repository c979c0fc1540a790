//! Resolving the names and ids a ticket request may carry (`group` or `group_id`, `state`
//! or `state_id`, ...) into records, with Zammad's 422 texts for unknown values.

use helpdesk_domain::{Group, Id, Priority, State, User};
use helpdesk_storage::Transaction;

use crate::lookups::LookupKind;
use crate::{Error, Result};

/// A reference to a record by id or by name, as ticket requests allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// By id.
    Id(Id),
    /// By name (or login/email for users).
    Name(String),
}

/// The 422 for an unknown lookup value.
pub(crate) fn no_lookup(field: &str, value: impl std::fmt::Display) -> Error {
    Error::invalid(format!("No lookup value found for '{field}': \"{value}\""))
}

/// The group `r` names.
pub(crate) async fn group(tx: &mut Box<dyn Transaction>, r: &Ref) -> Result<Group> {
    match r {
        Ref::Id(id) => tx
            .group(*id)
            .await?
            .ok_or_else(|| no_lookup("group_id", id)),
        Ref::Name(name) => tx
            .group_by_name(name)
            .await?
            .ok_or_else(|| no_lookup("group", name)),
    }
}

/// The state or priority `r` names, among `all` (names match regardless of case).
pub(crate) fn named<'a, L: LookupKind>(all: &'a [L], r: &Ref) -> Result<&'a L> {
    match r {
        Ref::Id(id) => all
            .iter()
            .find(|l| l.id() == *id)
            .ok_or_else(|| no_lookup(&format!("{}_id", L::NOUN), id)),
        Ref::Name(name) => all
            .iter()
            .find(|l| l.name().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| no_lookup(L::NOUN, name)),
    }
}

/// The user `r` names (by id, or by login or email), reported as `field`.
pub(crate) async fn user(tx: &mut Box<dyn Transaction>, r: &Ref, field: &str) -> Result<User> {
    match r {
        Ref::Id(id) => tx.user(*id).await?.ok_or_else(|| no_lookup(field, id)),
        Ref::Name(name) => tx
            .user_by_login(&name.trim().to_lowercase())
            .await?
            .ok_or_else(|| no_lookup(field, name)),
    }
}

/// The default of a kind: the state or priority flagged `default_create`.
pub(crate) fn default_state(states: &[State]) -> Result<&State> {
    states
        .iter()
        .find(|s| s.default_create)
        .ok_or_else(|| Error::Internal("no ticket state has default_create".into()))
}

/// The state a follow-up moves a ticket to.
pub(crate) fn follow_up_state(states: &[State]) -> Result<&State> {
    states
        .iter()
        .find(|s| s.default_follow_up)
        .ok_or_else(|| Error::Internal("no ticket state has default_follow_up".into()))
}

/// The priority flagged `default_create`.
pub(crate) fn default_priority(priorities: &[Priority]) -> Result<&Priority> {
    priorities
        .iter()
        .find(|p| p.default_create)
        .ok_or_else(|| Error::Internal("no ticket priority has default_create".into()))
}
