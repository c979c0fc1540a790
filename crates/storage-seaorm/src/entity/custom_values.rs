//! The `custom_values` table: the custom field values of records.

super::table! {
    /// One value of one field of one record.
    "custom_values" {
        /// The `ObjectKind` lookup id of the record.
        #[sea_orm(primary_key, auto_increment = false)]
        pub object_lookup_id: i64,
        /// The record's id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub o_id: i64,
        /// The field name.
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        /// The value as JSON text.
        pub value: String,
    }
}
