//! Object-manager attributes and the custom values records carry.

use async_trait::async_trait;
use helpdesk_domain::{Id, ObjectAttribute, ObjectKind};
use helpdesk_storage::{AttributeRepo, CustomValueRepo, Error, Result};
use serde_json::{Map, Value};

use crate::transaction::MemoryTransaction;

/// Not implemented yet.
#[derive(Debug, thiserror::Error)]
#[error("not implemented yet")]
struct NotImplemented;

fn todo() -> Error {
    Error::backend(NotImplemented)
}

#[async_trait]
impl AttributeRepo for MemoryTransaction {
    async fn attributes(&mut self, _object: Option<ObjectKind>) -> Result<Vec<ObjectAttribute>> {
        Err(todo())
    }

    async fn attribute(&mut self, _id: Id) -> Result<Option<ObjectAttribute>> {
        Err(todo())
    }

    async fn insert_attribute(&mut self, _attribute: &ObjectAttribute) -> Result<ObjectAttribute> {
        Err(todo())
    }

    async fn update_attribute(&mut self, _attribute: &ObjectAttribute) -> Result<()> {
        Err(todo())
    }

    async fn delete_attribute(&mut self, _id: Id) -> Result<()> {
        Err(todo())
    }
}

#[async_trait]
impl CustomValueRepo for MemoryTransaction {
    async fn custom_values(
        &mut self,
        _object: ObjectKind,
        _ids: &[Id],
    ) -> Result<Vec<(Id, String, Value)>> {
        Err(todo())
    }

    async fn set_custom_values(
        &mut self,
        _object: ObjectKind,
        _id: Id,
        _values: &Map<String, Value>,
    ) -> Result<()> {
        Err(todo())
    }
}
