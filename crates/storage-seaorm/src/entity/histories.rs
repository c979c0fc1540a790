//! The `histories` table.

super::table! {
    /// One history entry row.
    "histories" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ticket_id: i64,
        pub history_type: String,
        pub history_object: String,
        pub o_id: i64,
        pub attribute: Option<String>,
        pub value_from: Option<String>,
        pub value_to: Option<String>,
        pub id_from: Option<i64>,
        pub id_to: Option<i64>,
        pub created_by_id: i64,
        pub created_at: i64,
    }
}
