//! The `custom_values` table: the custom field values of records.

use sea_orm::entity::prelude::*;

/// One value of one field of one record.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "custom_values")]
pub struct Model {
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

/// No navigable relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
