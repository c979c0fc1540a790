//! The `custom_value_keys` table: the search keys of each custom value, for `field:value`
//! search terms.

super::table! {
    /// One search key of one custom value.
    "custom_value_keys" {
        /// The `ObjectKind` lookup id of the record.
        #[sea_orm(primary_key, auto_increment = false)]
        pub object_lookup_id: i64,
        /// The record's id.
        #[sea_orm(primary_key, auto_increment = false)]
        pub o_id: i64,
        /// The field name.
        #[sea_orm(primary_key, auto_increment = false)]
        pub name: String,
        /// A search key (see `helpdesk_storage::value_keys`), cut to the column's length.
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
    }
}
