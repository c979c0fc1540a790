//! The `ticket_states` table.

super::table! {
    /// One ticket state row.
    "ticket_states", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub state_type_id: i64,
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
        pub next_state_id: Option<i64>,
        pub ignore_escalation: bool,
        pub default_create: bool,
        pub default_follow_up: bool,
        pub note: String,
        pub active: bool,
    }
}
