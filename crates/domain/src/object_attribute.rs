//! Object-manager attributes: custom fields of tickets, users, organizations and groups,
//! their data types and options, the pending-change lifecycle, and the validation of values.

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::{Map, Value};

use crate::{Id, Meta, ObjectKind, Timestamp, ValidationError, validation};

/// The largest and smallest integer an `integer` attribute may hold.
pub const INTEGER_LIMIT: i64 = 2_147_483_647;

/// The data types an attribute may have.
pub const DATA_TYPES: &[&str] = &[
    "input",
    "textarea",
    "select",
    "multiselect",
    "tree_select",
    "multi_tree_select",
    "boolean",
    "integer",
    "date",
    "datetime",
];

/// Names an attribute may not take, whatever the object.
const RESERVED: &[&str] = &[
    "id",
    "type",
    "object",
    "action",
    "controller",
    "new",
    "edit",
    "destroy",
    "delete",
    "update",
    "create",
    "save",
    "attributes",
    "class",
    "created_at",
    "updated_at",
    "created_by",
    "updated_by",
    "created_by_id",
    "updated_by_id",
    "password",
    "preferences",
    "article",
    "tags",
    "expand",
];

/// The built-in fields of each object, listed by the object manager as not editable.
pub fn built_in_fields(
    object: ObjectKind,
) -> &'static [(&'static str, &'static str, &'static str)] {
    match object {
        ObjectKind::Ticket => &[
            ("number", "#", "input"),
            ("title", "Title", "input"),
            ("customer_id", "Customer", "user_autocompletion"),
            ("organization_id", "Organization", "autocompletion_ajax"),
            ("group_id", "Group", "select"),
            ("owner_id", "Owner", "select"),
            ("state_id", "State", "select"),
            ("pending_time", "Pending till", "datetime"),
            ("priority_id", "Priority", "select"),
            ("note", "Note", "textarea"),
        ],
        ObjectKind::User => &[
            ("login", "Login", "input"),
            ("firstname", "First name", "input"),
            ("lastname", "Last name", "input"),
            ("email", "Email", "input"),
            ("web", "Web", "input"),
            ("phone", "Phone", "input"),
            ("mobile", "Mobile", "input"),
            ("fax", "Fax", "input"),
            ("organization_id", "Organization", "autocompletion_ajax"),
            ("department", "Department", "input"),
            ("street", "Street", "input"),
            ("zip", "Zip", "input"),
            ("city", "City", "input"),
            ("country", "Country", "input"),
            ("address", "Address", "textarea"),
            ("vip", "VIP", "boolean"),
            ("note", "Note", "textarea"),
            ("role_ids", "Permissions", "user_permission"),
            ("active", "Active", "active"),
        ],
        ObjectKind::Organization => &[
            ("name", "Name", "input"),
            ("shared", "Shared organization", "boolean"),
            ("domain_assignment", "Domain based assignment", "boolean"),
            ("domain", "Domain", "input"),
            ("note", "Note", "textarea"),
            ("active", "Active", "active"),
        ],
        ObjectKind::Group => &[
            ("name", "Name", "input"),
            ("assignment_timeout", "Assignment timeout", "integer"),
            ("follow_up_possible", "Follow-up possible", "select"),
            ("follow_up_assignment", "Assign follow-ups", "select"),
            ("email_address_id", "Email", "select"),
            ("signature_id", "Signature", "select"),
            ("note", "Note", "textarea"),
            ("active", "Active", "active"),
        ],
    }
}

/// A custom (or built-in) attribute of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct ObjectAttribute {
    /// The attribute's id.
    pub id: Id,
    /// The object it belongs to.
    pub object: ObjectKind,
    /// The field name (top-level key of the records).
    pub name: String,
    /// The label.
    pub display: String,
    /// The live data type.
    pub data_type: String,
    /// The live, type-specific options.
    pub data_option: Value,
    /// A pending data type, applied by execute-migrations.
    pub data_type_new: Option<String>,
    /// Pending options, applied by execute-migrations (`{}` when none).
    pub data_option_new: Value,
    /// Built-in attributes are not editable.
    pub editable: bool,
    /// Inactive attributes are not offered.
    pub active: bool,
    /// Where user interfaces show it.
    pub screens: Value,
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
    /// Bookkeeping.
    pub meta: Meta,
}

impl ObjectAttribute {
    /// Whether records of the object accept and answer this field (created and migrated).
    pub fn is_live(&self) -> bool {
        self.editable && !self.to_create
    }

    /// Whether the field may be left empty (`null`, default true).
    pub fn nullable(&self) -> bool {
        self.data_option
            .get("null")
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// The default value for new records, when the options name one.
    pub fn default_value(&self) -> Option<Value> {
        match self.data_option.get("default") {
            None | Some(Value::Null) => None,
            Some(Value::String(s)) if s.is_empty() => None,
            Some(v) => Some(v.clone()),
        }
    }

    /// Whether it waits for execute-migrations: to be created, migrated, deleted or
    /// reconfigured.
    pub fn has_pending_change(&self) -> bool {
        self.to_create || self.to_migrate || self.to_delete || self.to_config
    }

    /// Applies the pending change (execute-migrations): new type and options become live.
    pub fn apply_pending(&mut self) {
        if let Some(kind) = self.data_type_new.take() {
            self.data_type = kind;
        }
        if self
            .data_option_new
            .as_object()
            .is_some_and(|o| !o.is_empty())
        {
            self.data_option =
                std::mem::replace(&mut self.data_option_new, Value::Object(Map::new()));
        }
        self.to_create = false;
        self.to_migrate = false;
        self.to_config = false;
    }

    /// Drops the pending change (discard).
    pub fn discard_pending(&mut self) {
        self.data_type_new = None;
        self.data_option_new = Value::Object(Map::new());
        self.to_migrate = false;
        self.to_delete = false;
        self.to_config = false;
    }

    /// Checks `value` against the live type and options and answers it normalized
    /// (`null` when empty). The error names the field.
    pub fn validate_value(&self, value: &Value) -> Result<Value, ValidationError> {
        let name = &self.name;
        let invalid =
            |why: String| ValidationError::new(format!("Invalid value for '{name}': {why}"));
        let empty = match value {
            Value::Null => true,
            Value::String(s) => s.is_empty(),
            Value::Array(a) => a.is_empty(),
            _ => false,
        };
        if empty {
            return if self.nullable() {
                Ok(Value::Null)
            } else {
                Err(ValidationError::new(format!(
                    "Missing required attribute '{name}'"
                )))
            };
        }
        let opt = &self.data_option;
        match self.data_type.as_str() {
            "input" | "textarea" => {
                let s = value
                    .as_str()
                    .ok_or_else(|| invalid("expected a string".into()))?;
                let max = opt.get("maxlength").and_then(Value::as_u64).unwrap_or(255);
                if s.chars().count() as u64 > max {
                    return Err(invalid(format!("longer than {max} characters")));
                }
                match opt.get("type").and_then(Value::as_str) {
                    Some("email") if !validation::is_plausible_email(s) => {
                        Err(invalid("not an email address".into()))
                    }
                    Some("url") if !(s.starts_with("http://") || s.starts_with("https://")) => {
                        Err(invalid("not a URL".into()))
                    }
                    _ => Ok(value.clone()),
                }
            }
            "integer" => {
                let n = value
                    .as_i64()
                    .or_else(|| value.as_str().and_then(|s| s.trim().parse().ok()))
                    .ok_or_else(|| invalid("expected an integer".into()))?;
                let min = opt
                    .get("min")
                    .and_then(Value::as_i64)
                    .unwrap_or(-INTEGER_LIMIT);
                let max = opt
                    .get("max")
                    .and_then(Value::as_i64)
                    .unwrap_or(INTEGER_LIMIT);
                if n < min || n > max {
                    return Err(invalid(format!("{n} is outside {min}..{max}")));
                }
                Ok(Value::from(n))
            }
            "boolean" => value
                .as_bool()
                .map(Value::Bool)
                .ok_or_else(|| invalid("expected true or false".into())),
            "select" | "tree_select" => {
                let key = value
                    .as_str()
                    .ok_or_else(|| invalid("expected one of the options".into()))?;
                if option_keys(opt).iter().any(|k| k == key) {
                    Ok(value.clone())
                } else {
                    Err(invalid(format!("{key:?} is not one of the options")))
                }
            }
            "multiselect" | "multi_tree_select" => {
                let items = value
                    .as_array()
                    .ok_or_else(|| invalid("expected a list of options".into()))?;
                let keys = option_keys(opt);
                for item in items {
                    let key = item
                        .as_str()
                        .ok_or_else(|| invalid("expected a list of options".into()))?;
                    if !keys.iter().any(|k| k == key) {
                        return Err(invalid(format!("{key:?} is not one of the options")));
                    }
                }
                Ok(value.clone())
            }
            "date" => {
                let s = value
                    .as_str()
                    .ok_or_else(|| invalid("expected a date (YYYY-MM-DD)".into()))?;
                NaiveDate::parse_from_str(s, "%Y-%m-%d")
                    .map_err(|_| invalid("expected a date (YYYY-MM-DD)".into()))?;
                Ok(value.clone())
            }
            "datetime" => {
                let s = value
                    .as_str()
                    .ok_or_else(|| invalid("expected an RFC 3339 time".into()))?;
                let t: Timestamp = DateTime::parse_from_rfc3339(s)
                    .map(|t| t.with_timezone(&Utc))
                    .map_err(|_| invalid("expected an RFC 3339 time".into()))?;
                Ok(Value::String(
                    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
                ))
            }
            other => Err(invalid(format!("unsupported data type {other}"))),
        }
    }
}

/// The option keys of a select-like `data_option` (an object map, or a tree of
/// `{value, children}` whose paths join with `::`).
fn option_keys(opt: &Value) -> Vec<String> {
    fn walk(items: &[Value], prefix: &str, out: &mut Vec<String>) {
        for item in items {
            let Some(value) = item.get("value").and_then(Value::as_str) else {
                continue;
            };
            let path = if prefix.is_empty() {
                value.to_string()
            } else {
                format!("{prefix}::{value}")
            };
            out.push(path.clone());
            if let Some(children) = item.get("children").and_then(Value::as_array) {
                walk(children, &path, out);
            }
        }
    }
    match opt.get("options") {
        Some(Value::Object(map)) => map.keys().cloned().collect(),
        Some(Value::Array(items)) => {
            let mut out = Vec::new();
            walk(items, "", &mut out);
            out
        }
        _ => Vec::new(),
    }
}

/// Checks a new attribute's name for `object`.
pub fn check_name(object: ObjectKind, name: &str) -> Result<(), ValidationError> {
    let bad = |why: &str| ValidationError::new(format!("Invalid attribute name '{name}': {why}"));
    if name.is_empty() {
        return Err(ValidationError::new("Missing required attribute 'name'"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    {
        return Err(bad("only lowercase letters, digits and '_' are allowed"));
    }
    if !name.chars().any(|c| c.is_ascii_lowercase()) {
        return Err(bad("it needs at least one letter"));
    }
    if name.ends_with("_id") || name.ends_with("_ids") {
        return Err(bad("it may not end with '_id' or '_ids'"));
    }
    if name.chars().count() > 60 {
        return Err(bad("at most 60 characters"));
    }
    if RESERVED.contains(&name) {
        return Err(bad("it is a reserved word"));
    }
    if built_in_fields(object).iter().any(|(n, _, _)| *n == name) {
        return Err(bad("it is an existing field"));
    }
    Ok(())
}

/// Checks `data_option` for `data_type` and fills in the defaults (`null` true; `maxlength`
/// 255 for text and select types). Answers the completed options.
pub fn check_data_option(data_type: &str, data_option: &Value) -> Result<Value, ValidationError> {
    let bad = |why: String| {
        ValidationError::new(format!(
            "Invalid data_option for data_type '{data_type}': {why}"
        ))
    };
    if !DATA_TYPES.contains(&data_type) {
        return Err(ValidationError::new(format!(
            "Invalid data_type '{data_type}' (allowed: {})",
            DATA_TYPES.join(", ")
        )));
    }
    let mut opt = match data_option {
        Value::Null => Map::new(),
        Value::Object(map) => map.clone(),
        _ => return Err(bad("expected an object".into())),
    };
    match opt.get("null") {
        None => {
            opt.insert("null".into(), Value::Bool(true));
        }
        Some(Value::Bool(_)) => {}
        Some(_) => return Err(bad("'null' must be true or false".into())),
    }
    let positive = |opt: &Map<String, Value>, key: &str| -> Result<(), ValidationError> {
        match opt.get(key) {
            Some(v) if v.as_u64().is_some_and(|n| n > 0) => Ok(()),
            Some(_) => Err(bad(format!("'{key}' must be a positive integer"))),
            None => Ok(()),
        }
    };
    match data_type {
        "input" => {
            let kind = opt
                .get("type")
                .cloned()
                .unwrap_or(Value::String("text".into()));
            let allowed = ["text", "password", "tel", "fax", "email", "url"];
            if !kind.as_str().is_some_and(|k| allowed.contains(&k)) {
                return Err(bad(format!("'type' must be one of {}", allowed.join(", "))));
            }
            opt.insert("type".into(), kind);
            positive(&opt, "maxlength")?;
            opt.entry("maxlength").or_insert(Value::from(255));
        }
        "textarea" => {
            positive(&opt, "maxlength")?;
            opt.entry("maxlength").or_insert(Value::from(255));
        }
        "integer" => {
            let bound = |key: &str| -> Result<i64, ValidationError> {
                let v = opt
                    .get(key)
                    .and_then(Value::as_i64)
                    .ok_or_else(|| bad(format!("'{key}' must be an integer")))?;
                if v.abs() > INTEGER_LIMIT {
                    return Err(bad(format!("'{key}' must be within ±{INTEGER_LIMIT}")));
                }
                Ok(v)
            };
            let (min, max) = (bound("min")?, bound("max")?);
            if min > max {
                return Err(bad("'min' must not be greater than 'max'".into()));
            }
        }
        "boolean" => {
            if let Some(options) = opt.get("options") {
                if !options.is_object() {
                    return Err(bad("'options' must be an object".into()));
                }
            } else {
                opt.insert(
                    "options".into(),
                    serde_json::json!({ "true": "yes", "false": "no" }),
                );
            }
            if opt
                .get("default")
                .is_some_and(|d| !d.is_boolean() && !d.is_null())
            {
                return Err(bad("'default' must be true or false".into()));
            }
        }
        "select" | "multiselect" | "tree_select" | "multi_tree_select" => {
            let tree = data_type.ends_with("tree_select");
            let options_ok = match opt.get("options") {
                Some(Value::Object(map)) => !tree && !map.is_empty(),
                Some(Value::Array(items)) => tree && !items.is_empty(),
                _ => false,
            };
            if !options_ok {
                return Err(bad(if tree {
                    "'options' must be a non-empty list of {name, value, children}".into()
                } else {
                    "'options' must be a non-empty object of value: label".into()
                }));
            }
            positive(&opt, "maxlength")?;
            opt.entry("maxlength").or_insert(Value::from(255));
            opt.entry("nulloption").or_insert(Value::Bool(true));
            if let Some(default) = opt
                .get("default")
                .filter(|d| !d.is_null() && d.as_str() != Some(""))
            {
                let keys = option_keys(&Value::Object(opt.clone()));
                let valid = match default {
                    Value::String(s) => keys.contains(s),
                    Value::Array(items) => {
                        data_type.starts_with("multi")
                            && items
                                .iter()
                                .all(|i| i.as_str().is_some_and(|s| keys.iter().any(|k| k == s)))
                    }
                    _ => false,
                };
                if !valid {
                    return Err(bad("'default' must be one of the options".into()));
                }
            }
        }
        "date" if opt.get("diff").is_some_and(|d| !d.is_i64() && !d.is_null()) => {
            return Err(bad("'diff' must be an integer (hours)".into()));
        }
        "datetime" => {
            for key in ["future", "past"] {
                match opt.get(key) {
                    None => {
                        opt.insert(key.into(), Value::Bool(true));
                    }
                    Some(Value::Bool(_)) => {}
                    Some(_) => return Err(bad(format!("'{key}' must be true or false"))),
                }
            }
            if opt.get("diff").is_some_and(|d| !d.is_i64() && !d.is_null()) {
                return Err(bad("'diff' must be an integer (hours)".into()));
            }
        }
        _ => {}
    }
    Ok(Value::Object(opt))
}

/// Whether an attribute's type may change from `from` to `to`: only among input, select and
/// tree_select, or among their multi forms.
pub fn type_change_allowed(from: &str, to: &str) -> bool {
    const SINGLE: &[&str] = &["input", "select", "tree_select"];
    const MULTI: &[&str] = &["multiselect", "multi_tree_select"];
    from == to
        || (SINGLE.contains(&from) && SINGLE.contains(&to))
        || (MULTI.contains(&from) && MULTI.contains(&to))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::meta::from_millis;

    fn attribute(data_type: &str, data_option: Value) -> ObjectAttribute {
        ObjectAttribute {
            id: 1,
            object: ObjectKind::Ticket,
            name: "product".into(),
            display: "Product".into(),
            data_type: data_type.into(),
            data_option: check_data_option(data_type, &data_option).unwrap(),
            data_type_new: None,
            data_option_new: json!({}),
            editable: true,
            active: true,
            screens: json!({}),
            to_create: false,
            to_migrate: false,
            to_delete: false,
            to_config: false,
            position: 1550,
            meta: Meta::new(1, from_millis(0)),
        }
    }

    #[test]
    fn names() {
        assert!(check_name(ObjectKind::Ticket, "product").is_ok());
        assert!(check_name(ObjectKind::Ticket, "region_2").is_ok());
        for bad in [
            "",
            "Product",
            "2_3",
            "customer_id",
            "tag_ids",
            "id",
            "type",
            "title",
            "a-b",
        ] {
            assert!(check_name(ObjectKind::Ticket, bad).is_err(), "{bad}");
        }
        assert!(check_name(ObjectKind::User, "title").is_ok());
        assert!(check_name(ObjectKind::User, "email").is_err());
    }

    #[test]
    fn data_options() {
        let select =
            check_data_option("select", &json!({"options": {"wert1": "a", "wert2": "b"}})).unwrap();
        assert_eq!(select["null"], true);
        assert_eq!(select["maxlength"], 255);
        assert!(check_data_option("select", &json!({"options": {}})).is_err());
        assert!(
            check_data_option("select", &json!({"options": {"a": "A"}, "default": "b"})).is_err()
        );
        assert!(check_data_option("integer", &json!({"min": 5, "max": 1})).is_err());
        assert!(check_data_option("integer", &json!({"min": 0, "max": 3_000_000_000i64})).is_err());
        assert!(check_data_option("integer", &json!({"min": 0, "max": 10})).is_ok());
        assert!(check_data_option("input", &json!({"type": "color"})).is_err());
        assert_eq!(
            check_data_option("input", &json!({})).unwrap()["type"],
            "text"
        );
        assert!(check_data_option("datetime", &json!({"future": "yes"})).is_err());
        assert!(check_data_option("nope", &json!({})).is_err());
        assert!(
            check_data_option(
                "tree_select",
                &json!({"options": [{"name": "A", "value": "a"}]})
            )
            .is_ok()
        );
        assert!(check_data_option("tree_select", &json!({"options": {"a": "A"}})).is_err());
    }

    #[test]
    fn values() {
        let select = attribute("select", json!({"options": {"wert1": "a", "wert2": "b"}}));
        assert_eq!(
            select.validate_value(&json!("wert1")).unwrap(),
            json!("wert1")
        );
        let err = select.validate_value(&json!("nope")).unwrap_err();
        assert!(err.message.contains("'product'"), "{}", err.message);
        assert_eq!(select.validate_value(&Value::Null).unwrap(), Value::Null);
        let required = attribute("select", json!({"options": {"a": "A"}, "null": false}));
        assert!(required.validate_value(&Value::Null).is_err());
        let number = attribute("integer", json!({"min": 1, "max": 10}));
        assert_eq!(number.validate_value(&json!("7")).unwrap(), json!(7));
        assert!(number.validate_value(&json!(11)).is_err());
        let text = attribute("input", json!({"maxlength": 3}));
        assert!(text.validate_value(&json!("abcd")).is_err());
        let tree = attribute(
            "tree_select",
            json!({"options": [{"name": "A", "value": "a", "children": [{"name": "B", "value": "b"}]}]}),
        );
        assert!(tree.validate_value(&json!("a::b")).is_ok());
        assert!(tree.validate_value(&json!("b")).is_err());
        let flag = attribute("boolean", json!({}));
        assert!(flag.validate_value(&json!("yes")).is_err());
    }

    #[test]
    fn type_changes() {
        assert!(type_change_allowed("input", "select"));
        assert!(type_change_allowed("multiselect", "multi_tree_select"));
        assert!(!type_change_allowed("input", "integer"));
        assert!(!type_change_allowed("select", "multiselect"));
    }

    #[test]
    fn pending_changes() {
        let mut a = attribute("input", json!({}));
        a.data_type_new = Some("select".into());
        a.data_option_new = json!({"options": {"x": "X"}});
        a.to_migrate = true;
        a.apply_pending();
        assert_eq!(a.data_type, "select");
        assert_eq!(a.data_option["options"]["x"], "X");
        assert_eq!(a.data_option_new, json!({}));
        assert!(!a.to_migrate);
    }
}
