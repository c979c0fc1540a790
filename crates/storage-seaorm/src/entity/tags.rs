//! The `tags` table.

super::table! {
    /// One tag on one ticket; ids give the order tags were added.
    "tags" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ticket_id: i64,
        pub tag_item_id: i64,
    }
}
