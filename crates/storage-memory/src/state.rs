//! The whole state of the store: one [`Table`] per kind of record, and what is not a record.

use std::sync::Arc;

use helpdesk_domain::{
    AccessToken, Article, Attachment, Group, HistoryEntry, Id, Link, Mention, ObjectAttribute,
    ObjectKind, OnlineNotification, Organization, PasswordReset, Priority, RecentView, Role, State,
    TagItem, Ticket, TimeAccounting, TimeAccountingType, User,
};
use imbl::OrdMap;
use serde_json::Value;

use crate::table::Table;

/// Every table, keyed and ordered by id. Cloning is O(1).
#[derive(Clone, Default)]
pub(crate) struct Tables {
    pub users: Table<User>,
    pub roles: Table<Role>,
    pub groups: Table<Group>,
    pub organizations: Table<Organization>,
    pub states: Table<State>,
    pub priorities: Table<Priority>,
    pub tokens: Table<AccessToken>,
    pub password_resets: Table<PasswordReset>,
    /// Failed logins that named no account.
    pub unknown_login_failed: i64,
    pub tickets: Table<Ticket>,
    pub articles: Table<Article>,
    pub attachments: Table<Attachment>,
    /// The bytes of each attachment, by attachment id.
    pub attachment_data: OrdMap<Id, Arc<Vec<u8>>>,
    /// The tag list (each item's `count` is left 0: it is counted when read).
    pub tag_items: Table<TagItem>,
    /// The tag item ids of each ticket, in the order they were added.
    pub ticket_tags: OrdMap<Id, Vec<Id>>,
    pub notifications: Table<OnlineNotification>,
    pub history: Table<HistoryEntry>,
    pub time_accounting_types: Table<TimeAccountingType>,
    pub time_accountings: Table<TimeAccounting>,
    pub links: Table<Link>,
    pub mentions: Table<Mention>,
    pub recent_views: Table<RecentView>,
    pub attributes: Table<ObjectAttribute>,
    /// The custom values of each record that has any, by field name.
    pub custom_values: OrdMap<(ObjectKind, Id), OrdMap<String, Value>>,
    /// The last value handed out by the ticket counter.
    pub ticket_counter: i64,
}
