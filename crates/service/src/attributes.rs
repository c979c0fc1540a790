//! Object-manager attributes (admin.object): list, show, create, update, delete, and the
//! pending changes that execute-migrations applies and discard drops. The built-in fields
//! of each object are listed as attributes that are not editable.

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::object_attribute::{
    built_in_fields, check_data_option, check_name, type_change_allowed,
};
use helpdesk_domain::{Id, Meta, ObjectAttribute, ObjectKind, Timestamp};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::{Mode, Transaction};
use serde_json::{Map, Value};

use crate::error::OrNotFound;
use crate::{Error, Helpdesk, Result};

/// The fields of an attribute create or update; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct AttributeInput {
    pub name: Option<String>,
    /// `Ticket`, `User`, `Organization` or `Group`.
    pub object: Option<String>,
    pub display: Option<String>,
    pub active: Option<bool>,
    pub data_type: Option<String>,
    pub data_option: Option<Value>,
    pub screens: Option<Value>,
    pub position: Option<i64>,
}

const NOT_EDITABLE: &str = "Attribute not editable!";

impl Helpdesk {
    /// The attributes of `object` (every object when `None`), by position, then name (as
    /// Zammad's `list_full`).
    pub async fn list_attributes(
        &self,
        actor: &Actor,
        object: Option<&str>,
    ) -> Result<Vec<ObjectAttribute>> {
        authorize(actor, Action::Read, Resource::ObjectAttribute).into_result()?;
        let object = object
            .map(str::trim)
            .filter(|o| !o.is_empty())
            .map(str::parse::<ObjectKind>)
            .transpose()?;
        let mut tx = self.begin(Mode::Read).await?;
        let mut attributes = tx.attributes(object).await?;
        attributes.sort_by(|a, b| (a.position, &a.name).cmp(&(b.position, &b.name)));
        Ok(attributes)
    }

    /// One attribute.
    pub async fn show_attribute(&self, actor: &Actor, id: Id) -> Result<ObjectAttribute> {
        authorize(actor, Action::Read, Resource::ObjectAttribute).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        load(&mut tx, id).await
    }

    /// Creates an attribute, pending (`to_create`) until execute-migrations.
    pub async fn create_attribute(
        &self,
        actor: &Actor,
        input: AttributeInput,
    ) -> Result<ObjectAttribute> {
        authorize(actor, Action::Create, Resource::ObjectAttribute).into_result()?;
        let object: ObjectKind = input
            .object
            .as_deref()
            .ok_or_else(|| Error::invalid("Missing required attribute 'object'"))?
            .parse()?;
        let name = input.name.as_deref().unwrap_or("").trim().to_string();
        check_name(object, &name)?;
        let data_type = input
            .data_type
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| Error::invalid("Missing required attribute 'data_type'"))?
            .to_string();
        let data_option = check_data_option(
            &data_type,
            input.data_option.as_ref().unwrap_or(&Value::Null),
        )?;
        let screens = screens(input.screens)?;
        let mut tx = self.begin(Mode::Write).await?;
        let siblings = tx.attributes(Some(object)).await?;
        check_unique(&siblings, object, &name, 0)?;
        let position = match input.position {
            Some(p) => p,
            None => siblings.iter().map(|a| a.position).max().unwrap_or(0) + 10,
        };
        let attribute = ObjectAttribute {
            id: 0,
            object,
            display: input
                .display
                .filter(|d| !d.trim().is_empty())
                .unwrap_or_else(|| name.clone()),
            name,
            data_type,
            data_option,
            data_type_new: None,
            data_option_new: Value::Object(Map::new()),
            editable: true,
            active: input.active.unwrap_or(true),
            screens,
            to_create: true,
            to_migrate: true,
            to_delete: false,
            to_config: false,
            position,
            meta: Meta::new(actor.id(), self.now()),
        };
        let attribute = tx.insert_attribute(&attribute).await?;
        tx.commit().await?;
        Ok(attribute)
    }

    /// Changes an attribute. A pending one changes in place; a live one keeps its type and
    /// options until execute-migrations (`to_migrate`, with `data_option_new`). Label,
    /// `active`, screens and position change at once. Built-in attributes refuse.
    pub async fn update_attribute(
        &self,
        actor: &Actor,
        id: Id,
        input: AttributeInput,
    ) -> Result<ObjectAttribute> {
        authorize(actor, Action::Update, Resource::ObjectAttribute).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut attribute = load(&mut tx, id).await?;
        if !attribute.editable {
            return Err(Error::invalid(NOT_EDITABLE));
        }
        if let Some(object) = input.object.as_deref()
            && object.parse::<ObjectKind>()? != attribute.object
        {
            return Err(Error::invalid(
                "Invalid value for 'object': an attribute cannot move to another object",
            ));
        }
        if let Some(name) = input.name.as_deref().map(str::trim)
            && name != attribute.name
        {
            if !attribute.to_create {
                return Err(Error::invalid(
                    "Invalid value for 'name': the name of an attribute in use cannot change",
                ));
            }
            check_name(attribute.object, name)?;
            let siblings = tx.attributes(Some(attribute.object)).await?;
            check_unique(&siblings, attribute.object, name, attribute.id)?;
            attribute.name = name.to_string();
        }
        if input.data_type.is_some() || input.data_option.is_some() {
            change_type(&mut attribute, input.data_type, input.data_option)?;
        }
        if let Some(display) = input.display.filter(|d| !d.trim().is_empty()) {
            attribute.display = display;
        }
        if let Some(active) = input.active {
            attribute.active = active;
        }
        if input.screens.is_some() {
            attribute.screens = screens(input.screens)?;
        }
        if let Some(position) = input.position {
            attribute.position = position;
        }
        attribute.meta.touch(actor.id(), self.now());
        tx.update_attribute(&attribute).await?;
        tx.commit().await?;
        Ok(attribute)
    }

    /// Deletes an attribute: a pending one at once, a live one at execute-migrations
    /// (`to_delete`). Built-in attributes refuse.
    pub async fn delete_attribute(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, Resource::ObjectAttribute).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut attribute = load(&mut tx, id).await?;
        if !attribute.editable {
            return Err(Error::invalid(NOT_EDITABLE));
        }
        if attribute.to_create {
            tx.delete_attribute(id).await?;
        } else {
            attribute.to_delete = true;
            attribute.meta.touch(actor.id(), self.now());
            tx.update_attribute(&attribute).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Applies every pending change: new attributes become live, changed ones take their
    /// new type and options, deleted ones go with their values.
    pub async fn execute_migrations(&self, actor: &Actor) -> Result<()> {
        self.settle_pending(actor, |a| a.to_delete, ObjectAttribute::apply_pending)
            .await
    }

    /// Drops every pending change: attributes not yet created go, the others keep their
    /// live type and options.
    pub async fn discard_attribute_changes(&self, actor: &Actor) -> Result<()> {
        self.settle_pending(actor, |a| a.to_create, ObjectAttribute::discard_pending)
            .await
    }

    /// The step execute and discard share: every attribute with a pending change either
    /// `goes` (is deleted) or is `settle`d and written.
    async fn settle_pending(
        &self,
        actor: &Actor,
        goes: fn(&ObjectAttribute) -> bool,
        settle: fn(&mut ObjectAttribute),
    ) -> Result<()> {
        authorize(actor, Action::Update, Resource::ObjectAttribute).into_result()?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        for mut attribute in tx.attributes(None).await? {
            if goes(&attribute) {
                tx.delete_attribute(attribute.id).await?;
            } else if attribute.has_pending_change() {
                settle(&mut attribute);
                attribute.meta.touch(actor.id(), now);
                tx.update_attribute(&attribute).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// Stores the built-in fields of every object as attributes that are not editable, at
/// positions 100, 200, ... of each object.
pub(crate) async fn seed_built_in(tx: &mut Box<dyn Transaction>, now: Timestamp) -> Result<()> {
    for object in ObjectKind::ALL {
        for (position, (name, display, data_type)) in
            (100..).step_by(100).zip(built_in_fields(object))
        {
            let attribute = ObjectAttribute {
                id: 0,
                object,
                name: (*name).into(),
                display: (*display).into(),
                data_type: (*data_type).into(),
                data_option: Value::Object(Map::new()),
                data_type_new: None,
                data_option_new: Value::Object(Map::new()),
                editable: false,
                active: true,
                screens: Value::Object(Map::new()),
                to_create: false,
                to_migrate: false,
                to_delete: false,
                to_config: false,
                position,
                meta: Meta::new(SYSTEM_USER_ID, now),
            };
            tx.insert_attribute(&attribute).await?;
        }
    }
    Ok(())
}

async fn load(tx: &mut Box<dyn Transaction>, id: Id) -> Result<ObjectAttribute> {
    tx.attribute(id)
        .await?
        .or_not_found("ObjectManager::Attribute", id)
}

fn check_unique(
    siblings: &[ObjectAttribute],
    object: ObjectKind,
    name: &str,
    id: Id,
) -> Result<()> {
    if siblings.iter().any(|a| a.name == name && a.id != id) {
        return Err(Error::invalid(format!(
            "Name '{name}' is already used for another attribute of {object}."
        )));
    }
    Ok(())
}

fn screens(screens: Option<Value>) -> Result<Value> {
    match screens {
        None | Some(Value::Null) => Ok(Value::Object(Map::new())),
        Some(v @ Value::Object(_)) => Ok(v),
        Some(_) => Err(Error::invalid(
            "Invalid value for 'screens': expected an object",
        )),
    }
}

/// Changes the type and options: in place while the attribute is pending, else as a
/// pending change (only among the types [`type_change_allowed`] permits). Options equal to
/// the live ones leave nothing pending.
fn change_type(
    attribute: &mut ObjectAttribute,
    data_type: Option<String>,
    data_option: Option<Value>,
) -> Result<()> {
    let pending_type = attribute
        .data_type_new
        .clone()
        .unwrap_or_else(|| attribute.data_type.clone());
    let new_type = data_type
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .unwrap_or(pending_type);
    if !attribute.to_create && !type_change_allowed(&attribute.data_type, &new_type) {
        return Err(Error::invalid(format!(
            "Invalid data_type change from '{}' to '{new_type}': only among input, select and \
             tree_select, or among multiselect and multi_tree_select",
            attribute.data_type
        )));
    }
    let pending_option = attribute
        .data_option_new
        .as_object()
        .filter(|o| !o.is_empty())
        .map(|o| Value::Object(o.clone()));
    let option = match data_option {
        Some(v) => v,
        None => pending_option.unwrap_or_else(|| attribute.data_option.clone()),
    };
    let option = check_data_option(&new_type, &option)?;
    if attribute.to_create {
        attribute.data_type = new_type;
        attribute.data_option = option;
    } else if new_type == attribute.data_type && option == attribute.data_option {
        attribute.data_type_new = None;
        attribute.data_option_new = Value::Object(Map::new());
        attribute.to_migrate = false;
    } else {
        attribute.data_type_new = (new_type != attribute.data_type).then_some(new_type);
        attribute.data_option_new = option;
        attribute.to_migrate = true;
    }
    Ok(())
}
