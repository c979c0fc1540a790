//! The tables as SeaORM entities, one module per table. Rows hold what the columns hold
//! (timestamps as epoch milliseconds, JSON as text); the repository modules convert them to
//! and from domain records.

pub(crate) mod custom_value_keys;
pub(crate) mod custom_values;
pub(crate) mod groups;
pub(crate) mod histories;
pub(crate) mod login_counters;
pub(crate) mod object_manager_attributes;
pub(crate) mod online_notifications;
pub(crate) mod organizations;
pub(crate) mod password_resets;
pub(crate) mod roles;
pub(crate) mod tag_items;
pub(crate) mod tags;
pub(crate) mod ticket_articles;
pub(crate) mod ticket_attachments;
pub(crate) mod ticket_priorities;
pub(crate) mod ticket_search_rows;
pub(crate) mod ticket_states;
pub(crate) mod tickets;
pub(crate) mod user_access_tokens;
pub(crate) mod user_groups;
pub(crate) mod user_organizations;
pub(crate) mod user_roles;
pub(crate) mod users;
