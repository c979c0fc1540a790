//! The `ticket_time_accountings` table.

super::table! {
    /// One time accounting entry row.
    "ticket_time_accountings", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ticket_id: i64,
        pub ticket_article_id: Option<i64>,
        pub time_unit: f64,
        pub type_id: Option<i64>,
    }
}
