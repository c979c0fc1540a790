//! The `groups` table.

super::table! {
    /// One group row.
    "groups", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub name: String,
        /// Lower-case name, unique.
        pub name_key: String,
        pub signature_id: Option<i64>,
        pub email_address_id: Option<i64>,
        pub assignment_timeout: Option<i32>,
        /// The wire name of `FollowUpPossible`.
        pub follow_up_possible: String,
        pub follow_up_assignment: bool,
        pub active: bool,
        pub note: String,
    }
}
