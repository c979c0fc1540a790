//! The whole state of the store: one persistent map per table and the id counters.

use std::sync::Arc;

use helpdesk_domain::{
    AccessToken, Article, Attachment, Group, HistoryEntry, Id, ObjectAttribute, ObjectKind,
    OnlineNotification, Organization, PasswordReset, Priority, Role, State, Ticket, User,
};
use imbl::OrdMap;
use serde_json::Value;

/// Every table, keyed and ordered by id. Cloning is O(1).
#[derive(Clone, Default)]
pub(crate) struct Tables {
    pub users: OrdMap<Id, User>,
    pub roles: OrdMap<Id, Role>,
    pub groups: OrdMap<Id, Group>,
    pub organizations: OrdMap<Id, Organization>,
    pub states: OrdMap<Id, State>,
    pub priorities: OrdMap<Id, Priority>,
    pub tokens: OrdMap<Id, AccessToken>,
    pub password_resets: OrdMap<Id, PasswordReset>,
    /// Failed logins that named no account.
    pub unknown_login_failed: i64,
    pub tickets: OrdMap<Id, Ticket>,
    pub articles: OrdMap<Id, Article>,
    pub attachments: OrdMap<Id, Attachment>,
    /// The bytes of each attachment, by attachment id.
    pub attachment_data: OrdMap<Id, Arc<Vec<u8>>>,
    /// The tag list: names by tag item id.
    pub tag_items: OrdMap<Id, String>,
    /// The tag item ids of each ticket, in the order they were added.
    pub ticket_tags: OrdMap<Id, Vec<Id>>,
    pub notifications: OrdMap<Id, OnlineNotification>,
    pub history: OrdMap<Id, HistoryEntry>,
    pub attributes: OrdMap<Id, ObjectAttribute>,
    /// The custom values of each record that has any, by field name.
    pub custom_values: OrdMap<(ObjectKind, Id), OrdMap<String, Value>>,
    /// The last value handed out by the ticket counter.
    pub ticket_counter: i64,
    pub last_ids: LastIds,
}

/// The last id handed out per table; part of the state, so a rollback restores it, but ids
/// of committed rows are never handed out again because they stay counted.
#[derive(Clone, Default)]
pub(crate) struct LastIds {
    pub users: Id,
    pub roles: Id,
    pub groups: Id,
    pub organizations: Id,
    pub states: Id,
    pub priorities: Id,
    pub tokens: Id,
    pub password_resets: Id,
    pub tickets: Id,
    pub articles: Id,
    pub attachments: Id,
    pub tag_items: Id,
    pub notifications: Id,
    pub history: Id,
    pub attributes: Id,
}

/// Counts `last` up and answers the new id.
pub(crate) fn next_id(last: &mut Id) -> Id {
    *last += 1;
    *last
}

/// Removes every row `pick` chooses and answers their ids.
pub(crate) fn remove_where<V: Clone>(
    table: &mut OrdMap<Id, V>,
    pick: impl Fn(&V) -> bool,
) -> Vec<Id> {
    let ids: Vec<Id> = table
        .iter()
        .filter(|(_, row)| pick(row))
        .map(|(id, _)| *id)
        .collect();
    for id in &ids {
        table.remove(id);
    }
    ids
}

/// Whether two names are equal ignoring case.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The page `offset..offset + limit` of `items`.
pub(crate) fn window<T>(items: Vec<T>, offset: u64, limit: u64) -> Vec<T> {
    let offset = usize::try_from(offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    items.into_iter().skip(offset).take(limit).collect()
}
