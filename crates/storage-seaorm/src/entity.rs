//! The tables as SeaORM entities, one module per table. Rows hold what the columns hold
//! (timestamps as epoch milliseconds, JSON as text); the repository modules convert them to
//! and from domain records.

/// A table's entity module body: the row `Model` of table `$table` with the given columns and
/// the doc comment before the name, no navigable relations and the default active-model
/// behaviour. `, meta` appends the four bookkeeping columns (`created_at`, `updated_at`,
/// `created_by_id`, `updated_by_id`, epoch milliseconds and user ids).
macro_rules! table {
    ($(#[$doc:meta])* $table:literal, meta { $($column:tt)* }) => {
        $crate::entity::table! {
            $(#[$doc])* $table {
                $($column)*
                pub created_at: i64,
                pub updated_at: i64,
                pub created_by_id: i64,
                pub updated_by_id: i64,
            }
        }
    };
    ($(#[$doc:meta])* $table:literal { $($column:tt)* }) => {
        use sea_orm::entity::prelude::*;

        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
        #[sea_orm(table_name = $table)]
        pub struct Model {
            $($column)*
        }

        /// No navigable relations.
        #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
        pub enum Relation {}

        impl ActiveModelBehavior for ActiveModel {}
    };
}
use table;

pub(crate) mod custom_value_keys;
pub(crate) mod custom_values;
pub(crate) mod groups;
pub(crate) mod histories;
pub(crate) mod links;
pub(crate) mod login_counters;
pub(crate) mod mentions;
pub(crate) mod object_manager_attributes;
pub(crate) mod online_notifications;
pub(crate) mod organizations;
pub(crate) mod password_resets;
pub(crate) mod recent_views;
pub(crate) mod roles;
pub(crate) mod tag_items;
pub(crate) mod tags;
pub(crate) mod ticket_articles;
pub(crate) mod ticket_attachments;
pub(crate) mod ticket_priorities;
pub(crate) mod ticket_search_rows;
pub(crate) mod ticket_states;
pub(crate) mod ticket_time_accounting_types;
pub(crate) mod ticket_time_accountings;
pub(crate) mod tickets;
pub(crate) mod user_access_tokens;
pub(crate) mod user_groups;
pub(crate) mod user_organizations;
pub(crate) mod user_roles;
pub(crate) mod users;
