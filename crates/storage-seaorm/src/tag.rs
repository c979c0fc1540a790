//! TagRepo on the SQL store (skeleton).

use async_trait::async_trait;
use helpdesk_domain::{Id, TagItem};
use helpdesk_storage::{Result, TagRepo};

use crate::error::not_yet;
use crate::transaction::SeaOrmTransaction;

#[async_trait]
impl TagRepo for SeaOrmTransaction {
    async fn tags_of_ticket(&mut self, _ticket_id: Id) -> Result<Vec<String>> {
        Err(not_yet())
    }

    async fn add_tag(&mut self, _ticket_id: Id, _name: &str) -> Result<bool> {
        Err(not_yet())
    }

    async fn remove_tag(&mut self, _ticket_id: Id, _name: &str) -> Result<bool> {
        Err(not_yet())
    }

    async fn tag_items(&mut self, _term: Option<&str>, _limit: u64) -> Result<Vec<TagItem>> {
        Err(not_yet())
    }

    async fn tag_item(&mut self, _id: Id) -> Result<Option<TagItem>> {
        Err(not_yet())
    }

    async fn insert_tag_item(&mut self, _name: &str) -> Result<TagItem> {
        Err(not_yet())
    }

    async fn rename_tag_item(&mut self, _id: Id, _name: &str) -> Result<()> {
        Err(not_yet())
    }

    async fn delete_tag_item(&mut self, _id: Id) -> Result<()> {
        Err(not_yet())
    }
}
