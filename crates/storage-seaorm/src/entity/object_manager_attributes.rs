//! The `object_manager_attributes` table.

super::table! {
    /// One attribute of an object; JSON values are stored as text.
    "object_manager_attributes", meta {
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The `ObjectKind` lookup id; unique together with `name`.
        pub object_lookup_id: i64,
        pub name: String,
        pub display: String,
        pub data_type: String,
        pub data_option: String,
        pub data_type_new: Option<String>,
        pub data_option_new: String,
        pub editable: bool,
        pub active: bool,
        pub screens: String,
        pub to_create: bool,
        pub to_migrate: bool,
        pub to_delete: bool,
        pub to_config: bool,
        pub position: i64,
    }
}
