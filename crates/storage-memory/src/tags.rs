//! Tags: the tag list (names unique ignoring case) and the tags of each ticket, in the order
//! they were added.

use async_trait::async_trait;
use helpdesk_domain::{Id, TagItem};
use helpdesk_storage::{Result, TagRepo};

use crate::state::Tables;
use crate::table::same_name;
use crate::transaction::MemoryTransaction;

#[async_trait]
impl TagRepo for MemoryTransaction {
    async fn tags_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<String>> {
        let tables = self.tables();
        let tags = tables.ticket_tags.get(&ticket_id).into_iter().flatten();
        Ok(tags
            .filter_map(|tag| tables.tag_items.get(tag).map(|item| item.name.clone()))
            .collect())
    }

    async fn add_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool> {
        let tables = self.tables_mut()?;
        let tag = match item_named(tables, name) {
            Some(id) => id,
            None => tables.tag_items.insert(&new_item(name))?.id,
        };
        let tags = tables.ticket_tags.entry(ticket_id).or_default();
        if tags.contains(&tag) {
            return Ok(false);
        }
        tags.push(tag);
        Ok(true)
    }

    async fn remove_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool> {
        let tables = self.tables_mut()?;
        let Some(tag) = item_named(tables, name) else {
            return Ok(false);
        };
        let Some(tags) = tables.ticket_tags.get_mut(&ticket_id) else {
            return Ok(false);
        };
        let before = tags.len();
        tags.retain(|t| *t != tag);
        Ok(tags.len() != before)
    }

    async fn tag_items(&mut self, term: Option<&str>, limit: u64) -> Result<Vec<TagItem>> {
        let tables = self.tables();
        let term = term.map(str::to_lowercase);
        let mut items: Vec<TagItem> = tables
            .tag_items
            .values()
            .filter(|item| {
                term.as_ref()
                    .is_none_or(|t| item.name.to_lowercase().contains(t.as_str()))
            })
            .map(|item| counted(tables, item))
            .collect();
        items.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(items)
    }

    async fn tag_item(&mut self, id: Id) -> Result<Option<TagItem>> {
        let tables = self.tables();
        Ok(tables.tag_items.get(&id).map(|item| counted(tables, item)))
    }

    async fn insert_tag_item(&mut self, name: &str) -> Result<TagItem> {
        self.tables_mut()?.tag_items.insert(&new_item(name))
    }

    async fn rename_tag_item(&mut self, id: Id, name: &str) -> Result<()> {
        self.tables_mut()?.tag_items.update(&TagItem {
            id,
            ..new_item(name)
        })
    }

    async fn delete_tag_item(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        tables.tag_items.remove(id)?;
        let tagged: Vec<Id> = tables
            .ticket_tags
            .iter()
            .filter(|(_, tags)| tags.contains(&id))
            .map(|(ticket, _)| *ticket)
            .collect();
        for ticket in tagged {
            if let Some(tags) = tables.ticket_tags.get_mut(&ticket) {
                tags.retain(|t| *t != id);
            }
        }
        Ok(())
    }
}

/// A tag item named `name`, before it is stored (counts are counted when read).
fn new_item(name: &str) -> TagItem {
    TagItem {
        id: 0,
        name: name.to_string(),
        count: 0,
    }
}

/// The id of the tag item named `name` ignoring case.
fn item_named(tables: &Tables, name: &str) -> Option<Id> {
    tables
        .tag_items
        .values()
        .find(|item| same_name(&item.name, name))
        .map(|item| item.id)
}

/// The tag item with the number of tickets carrying it.
fn counted(tables: &Tables, item: &TagItem) -> TagItem {
    let count = tables
        .ticket_tags
        .values()
        .filter(|tags| tags.contains(&item.id))
        .count() as u64;
    TagItem {
        count,
        ..item.clone()
    }
}
