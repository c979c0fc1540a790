//! `/object_manager_attributes` (admin.object): custom fields of tickets, users,
//! organizations and groups, with their pending changes, execute-migrations and discard.

use helpdesk_domain::{Id, ObjectAttribute};
use helpdesk_service::{AttributeInput, Helpdesk};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::failures::{CREATE, DELETE, LIST, Reply, SHOW, SIGNED_IN, UNPROCESSABLE, UPDATE};
use crate::list::ListResponse;
use crate::time;

#[derive(Tags)]
enum Tag {
    /// Object manager: custom fields of tickets, users, organizations and groups.
    ObjectManagerAttributes,
}

/// An object-manager attribute as show, create and update answer it (Zammad's record).
#[derive(Debug, Clone, Object)]
pub struct Attribute {
    /// The object: 1 User, 2 Ticket, 3 Organization, 4 Group.
    pub object_lookup_id: Id,
    /// Everything else.
    #[oai(flatten)]
    pub fields: AttributeFields,
}

/// An object-manager attribute as the list answers it (Zammad's `list_full`): the object by
/// name, and whether it may be deleted.
#[derive(Debug, Clone, Object)]
pub struct ListedAttribute {
    /// The object: Ticket, User, Organization or Group.
    pub object: String,
    /// Whether a delete is allowed: the attribute is editable (no trigger, overview or
    /// scheduler refers to attributes here).
    pub deletable: bool,
    /// Why it may not be deleted, when something refers to it (never, yet: absent).
    #[oai(skip_serializing_if_is_none)]
    pub not_deletable_reason: Option<String>,
    /// Everything else.
    #[oai(flatten)]
    pub fields: AttributeFields,
}

/// What every answer of an attribute carries.
#[derive(Debug, Clone, Object)]
pub struct AttributeFields {
    /// Id.
    pub id: Id,
    /// The field name (a top-level key of the object's records).
    pub name: String,
    /// The label.
    pub display: String,
    /// input, textarea, select, multiselect, tree_select, multi_tree_select, boolean,
    /// integer, date, datetime (built-in fields may have others).
    pub data_type: String,
    /// The type's options in force (options, default, null, maxlength, min, max, ...).
    pub data_option: serde_json::Value,
    /// A pending type, applied by execute-migrations.
    #[oai(skip_serializing_if_is_none)]
    pub data_type_new: Option<String>,
    /// Pending options, applied by execute-migrations (`{}` when none).
    pub data_option_new: serde_json::Value,
    /// False for the built-in fields, which refuse change and delete.
    pub editable: bool,
    /// Active.
    pub active: bool,
    /// Where user interfaces show the field.
    pub screens: serde_json::Value,
    /// Created, waiting for execute-migrations.
    pub to_create: bool,
    /// Changed, waiting for execute-migrations.
    pub to_migrate: bool,
    /// Deleted, waiting for execute-migrations.
    pub to_delete: bool,
    /// Configuration changed.
    pub to_config: bool,
    /// Sort position.
    pub position: i64,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

impl From<ObjectAttribute> for AttributeFields {
    fn from(a: ObjectAttribute) -> Self {
        Self {
            id: a.id,
            name: a.name,
            display: a.display,
            data_type: a.data_type,
            data_option: a.data_option,
            data_type_new: a.data_type_new,
            data_option_new: a.data_option_new,
            editable: a.editable,
            active: a.active,
            screens: a.screens,
            to_create: a.to_create,
            to_migrate: a.to_migrate,
            to_delete: a.to_delete,
            to_config: a.to_config,
            position: a.position,
            created_by_id: a.meta.created_by_id,
            updated_by_id: a.meta.updated_by_id,
            created_at: time::format(&a.meta.created_at),
            updated_at: time::format(&a.meta.updated_at),
        }
    }
}

impl From<ObjectAttribute> for Attribute {
    fn from(a: ObjectAttribute) -> Self {
        Self {
            object_lookup_id: a.object.id(),
            fields: a.into(),
        }
    }
}

impl From<ObjectAttribute> for ListedAttribute {
    fn from(a: ObjectAttribute) -> Self {
        Self {
            object: a.object.name().to_owned(),
            deletable: a.editable,
            not_deletable_reason: None,
            fields: a.into(),
        }
    }
}

/// The fields of an attribute create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct AttributeRequest {
    /// Field name: lowercase letters, digits and `_`, not ending in `_id`/`_ids`, no
    /// reserved word or built-in field (required on create; fixed once live).
    pub name: Option<String>,
    /// Ticket, User, Organization or Group (required on create; fixed).
    pub object: Option<String>,
    /// Label (default: the name).
    pub display: Option<String>,
    /// Active (default true).
    pub active: Option<bool>,
    /// The data type (required on create). A live attribute changes type only among input,
    /// select and tree_select, or among multiselect and multi_tree_select.
    pub data_type: Option<String>,
    /// The type's options.
    pub data_option: Option<serde_json::Value>,
    /// Where user interfaces show the field.
    pub screens: Option<serde_json::Value>,
    /// Sort position (default: after the object's last attribute).
    pub position: Option<i64>,
}

impl From<AttributeRequest> for AttributeInput {
    fn from(r: AttributeRequest) -> Self {
        Self {
            name: r.name,
            object: r.object,
            display: r.display,
            active: r.active,
            data_type: r.data_type,
            data_option: r.data_option,
            screens: r.screens,
            position: r.position,
        }
    }
}

/// The object-manager endpoints.
pub struct AttributesApi {
    helpdesk: Helpdesk,
}

impl AttributesApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::ObjectManagerAttributes")]
impl AttributesApi {
    /// List attributes.
    ///
    /// admin.object. Every object's attributes, built-in ones included (`editable: false`),
    /// by position, then name, all of them (`page` and `per_page` are ignored, as Zammad
    /// does); `object` (Ticket, User, Organization, Group) narrows to one object.
    #[oai(path = "/object_manager_attributes", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        object: Query<Option<crate::choice::Choice<crate::choice::AttributeObject>>>,
    ) -> Reply<ListResponse<ListedAttribute>, { LIST | UNPROCESSABLE }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let attributes = self
            .helpdesk
            .list_attributes(&actor, crate::choice::word(object.0).as_deref())
            .await?;
        let total = attributes.len() as u64;
        Ok(ListResponse::Ok(
            Json(attributes.into_iter().map(ListedAttribute::from).collect()),
            total,
        ))
    }

    /// Show an attribute.
    ///
    /// admin.object.
    #[oai(path = "/object_manager_attributes/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<Attribute>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk.show_attribute(&actor, id.0).await?.into(),
        ))
    }

    /// Create an attribute.
    ///
    /// admin.object. The attribute is pending (`to_create: true`) until execute-migrations;
    /// only then do records accept the field.
    #[oai(path = "/object_manager_attributes", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<AttributeRequest>,
    ) -> Reply<Record<Attribute>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk
                .create_attribute(&actor, body.0.into())
                .await?
                .into(),
        ))
    }

    /// Update an attribute.
    ///
    /// admin.object; built-in attributes answer 422 `Attribute not editable!`. A live
    /// attribute keeps its type and options until execute-migrations (`to_migrate: true`,
    /// the new options in `data_option_new`); label, `active`, screens and position change
    /// at once.
    #[oai(path = "/object_manager_attributes/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<AttributeRequest>,
    ) -> Reply<Record<Attribute>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk
                .update_attribute(&actor, id.0, body.0.into())
                .await?
                .into(),
        ))
    }

    /// Delete an attribute.
    ///
    /// admin.object; built-in attributes answer 422 `Attribute not editable!`. A pending
    /// attribute goes at once; a live one is marked `to_delete` and goes, with the values
    /// records hold for it, at execute-migrations.
    #[oai(path = "/object_manager_attributes/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_attribute(&actor, id.0).await?;
        Ok(Done)
    }

    /// Execute migrations.
    ///
    /// admin.object. Applies every pending change: new attributes become live, changed ones
    /// take their new type and options, deleted ones go. Answers `{}`.
    #[oai(
        path = "/object_manager_attributes_execute_migrations",
        method = "post"
    )]
    async fn execute_migrations(&self, auth: Auth) -> Reply<Done, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.execute_migrations(&actor).await?;
        Ok(Done)
    }

    /// Discard pending changes.
    ///
    /// admin.object. Attributes not yet created go; the others keep the type and options
    /// in force. Answers `{}`.
    #[oai(path = "/object_manager_attributes_discard_changes", method = "post")]
    async fn discard_changes(&self, auth: Auth) -> Reply<Done, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.discard_attribute_changes(&actor).await?;
        Ok(Done)
    }
}
