//! The storage contract suite: one generic async test body per behaviour of the storage
//! ports, and [`storage_contract_tests!`] to stamp them out as named `#[test]`s for a backend.
//!
//! Architecture invariant: this crate knows only the `helpdesk_storage` traits and the domain
//! records; it names no backend, driver or SQL. Every body starts from a fresh empty store and
//! depends neither on the wall clock nor on hash-map iteration order.
//!
//! A backend proves itself with one macro call in a test file of its own (add this crate as
//! a dev-dependency); the factory answers a fresh empty store on every call:
//!
//! ```
//! use helpdesk_storage_memory::MemoryStore;
//!
//! async fn fresh() -> MemoryStore {
//!     MemoryStore::new()
//! }
//!
//! helpdesk_storage_contract::storage_contract_tests!(fresh);
//! # fn main() {}
//! ```

#![warn(missing_docs)]

pub mod articles;
pub mod attributes;
pub mod custom_search;
pub mod custom_values;
pub mod fixtures;
pub mod groups;
pub mod history;
pub mod links;
pub mod mentions;
pub mod notifications;
pub mod organizations;
pub mod password_resets;
pub mod priorities;
pub mod recent_views;
pub mod references;
pub mod roles;
pub mod states;
pub mod tags;
pub mod ticket_lists;
pub mod tickets;
pub mod time_accounting;
pub mod tokens;
pub mod transactions;
pub mod users;

/// Runs `f` to completion on a multi-thread tokio runtime with two workers.
pub fn run<F: std::future::Future<Output = ()>>(f: F) {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime")
        .block_on(f)
}

/// Stamps out every contract test for a backend.
///
/// - `storage_contract_tests!(factory)`: `factory` is an `async fn() -> S`, with
///   `S: helpdesk_storage::Store`, answering a fresh empty store on every call.
/// - `storage_contract_tests!(optional factory)`: `factory` is an `async fn() -> Option<S>`
///   that may decline, for a backend that needs a server: on `None` the test passes without
///   running (the factory says why; it panics instead when skipping is not allowed).
#[macro_export]
macro_rules! storage_contract_tests {
    (optional $factory:path) => {
        $crate::__contract_test_list!($factory().await);
    };
    ($factory:path) => {
        $crate::__contract_test_list!(Some($factory().await));
    };
}

/// Lists every contract test by module. An implementation detail of
/// [`storage_contract_tests!`]: `$fresh` is an expression answering `Option<S>`.
#[doc(hidden)]
#[macro_export]
macro_rules! __contract_test_list {
    ($fresh:expr) => {
        $crate::__stamp_contract_tests!($fresh;
            users: [
                user_round_trip_keeps_every_field,
                user_round_trip_keeps_empty_fields,
                user_round_trip_keeps_relations,
                user_ids_increase_and_are_not_reused,
                user_update_replaces_fields_and_relations,
                user_update_and_delete_of_unknown_id_are_missing,
                user_delete_removes_only_that_user,
                duplicate_login_conflicts,
                duplicate_email_conflicts_but_empty_emails_do_not,
                update_to_taken_login_or_email_conflicts,
                user_by_login_finds_login_and_email,
                users_by_ids_in_id_order_skipping_unknown,
                list_users_pages,
                list_users_filters_by_ids_and_organization,
                list_users_query,
                list_users_sorts_by_every_field,
                increment_login_failed_is_atomic,
                record_login_resets_failures,
                user_reference_count_counts_other_rows,
                group_and_organization_members,
            ];
            roles: [
                role_round_trip_and_ids,
                duplicate_role_name_conflicts,
                role_update_replaces_every_field,
            ];
            groups: [
                group_round_trip,
                group_ids_are_not_reused,
                list_groups_pages,
                group_update_and_delete,
                duplicate_group_name_conflicts,
                group_reference_count_counts_members,
            ];
            organizations: [
                organization_round_trip,
                organization_ids_are_not_reused,
                organization_update_and_delete,
                duplicate_organization_name_conflicts,
                list_organizations_filters_and_pages,
                list_organizations_sorts_by_every_field,
                organization_reference_count_counts_members,
            ];
            states: [
                state_round_trip,
                state_ids_are_not_reused,
                state_update_and_delete,
                duplicate_state_name_conflicts,
                state_reference_count_counts_next_states,
            ];
            priorities: [
                priority_round_trip,
                priority_ids_are_not_reused,
                priority_update_delete_and_references,
                duplicate_priority_name_conflicts,
            ];
            tokens: [
                token_round_trip,
                tokens_of_user_by_id,
                token_touch_and_delete,
                tokens_go_with_their_user,
            ];
            password_resets: [
                password_reset_round_trip,
                password_resets_are_deleted_per_user_and_with_the_user,
                unknown_login_failed_counts_committed_failures,
            ];
            tickets: [
                ticket_round_trip_keeps_every_field,
                ticket_ids_are_not_reused,
                duplicate_ticket_number_conflicts,
                ticket_by_number_finds_exactly_that_ticket,
                ticket_update_replaces_every_field_but_number,
                ticket_counter_counts_up,
                ticket_counter_is_atomic,
                delete_ticket_removes_what_hangs_off_it,
                reference_counts_include_tickets_and_articles,
            ];
            references: [
                deleting_a_record_a_ticket_refers_to_is_in_use,
                ticket_naming_a_deleted_record_is_a_missing_reference,
            ];
            links: [
                links_read_from_both_ends_and_are_removed,
                duplicate_and_dangling_links_are_refused,
                deleting_a_ticket_removes_its_links,
            ];
            mentions: [
                mentions_round_trip_filtered_newest_first,
                duplicate_and_dangling_mentions_are_refused,
                mentions_go_with_their_ticket_and_hold_their_users,
            ];
            recent_views: [
                recent_views_move_to_the_front_and_are_limited,
                recent_views_name_what_exists_and_go_with_it,
            ];
            time_accounting: [
                time_accounting_type_round_trip_and_update,
                duplicate_time_accounting_type_name_conflicts,
                time_accounting_round_trip_and_pages,
                time_accounting_references_must_exist,
                time_accounting_type_in_use_is_kept,
                deleting_a_ticket_removes_its_time_accounting,
            ];
            ticket_lists: [
                list_tickets_scopes,
                list_tickets_free_text_matches_whole_words,
                list_tickets_free_text_skips_internal_articles,
                list_tickets_field_terms,
                list_tickets_time_ranges,
                list_tickets_sorts_by_every_field,
                list_tickets_pages,
            ];
            articles: [
                article_round_trip_keeps_every_field,
                articles_of_ticket_by_id_and_visibility,
                article_update_replaces_fields,
                attachments_round_trip_with_bytes,
            ];
            tags: [
                tags_keep_order_and_reuse_items_ignoring_case,
                remove_tag_answers_whether_it_was_there,
                tag_items_filter_sort_limit_and_count,
                tag_items_rename_and_conflicts,
                delete_tag_item_removes_it_from_tickets,
            ];
            notifications: [
                notification_round_trip,
                notifications_of_user_newest_first_and_limited,
                notification_update_and_delete,
                mark_notifications_seen_by_user_and_ticket,
                notifications_inserted_together,
            ];
            history: [
                history_round_trip_oldest_first,
                histories_inserted_together_keep_their_order,
            ];
            transactions: [
                dropping_a_transaction_rolls_back,
                committing_makes_every_write_visible,
                uncommitted_writes_are_invisible_to_others,
                read_transaction_survives_a_concurrent_commit,
                committing_a_read_transaction_changes_nothing,
                concurrent_writes_commit_or_roll_back_alone,
            ];
            attributes: [
                attribute_round_trip_keeps_every_field,
                attributes_order_by_position_then_id,
                duplicate_attribute_name_conflicts_per_object,
                attribute_update_replaces_every_field,
                delete_attribute_removes_its_values,
                rollback_discards_attribute_and_value_changes,
            ];
            custom_values: [
                custom_values_set_replace_and_remove,
                custom_values_batch_read_by_object_and_ids,
                custom_values_read_their_own_writes,
                deleting_a_record_removes_its_values,
            ];
            custom_search: [
                search_tickets_by_custom_field,
                search_users_by_custom_field,
                search_organizations_by_custom_field,
            ];
        );
    };
}

/// Expands to one `#[test]` per listed body. An implementation detail of
/// [`storage_contract_tests!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __stamp_contract_tests {
    ($fresh:expr; $($module:ident : [$($name:ident),* $(,)?];)*) => {
        $($(
            #[test]
            fn $name() {
                $crate::run(async {
                    if let Some(store) = $fresh {
                        $crate::$module::$name(&store).await
                    }
                })
            }
        )*)*
    };
}
