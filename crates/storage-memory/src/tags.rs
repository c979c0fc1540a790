//! Tags: the tag list (names unique ignoring case) and the tags of each ticket, in the order
//! they were added.

use async_trait::async_trait;
use helpdesk_domain::{Id, TagItem};
use helpdesk_storage::{Conflict, Error, Result, TagRepo};

use crate::state::{Tables, next_id, same_name};
use crate::transaction::MemoryTransaction;

#[async_trait]
impl TagRepo for MemoryTransaction {
    async fn tags_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<String>> {
        let tables = self.tables();
        let tags = tables.ticket_tags.get(&ticket_id).into_iter().flatten();
        Ok(tags
            .filter_map(|tag| tables.tag_items.get(tag).cloned())
            .collect())
    }

    async fn add_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool> {
        let tables = self.tables_mut()?;
        let tag = match item_named(tables, name, None) {
            Some(id) => id,
            None => {
                let id = next_id(&mut tables.last_ids.tag_items);
                tables.tag_items.insert(id, name.to_string());
                id
            }
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
        let Some(tag) = item_named(tables, name, None) else {
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
            .iter()
            .filter(|(_, name)| {
                term.as_ref()
                    .is_none_or(|t| name.to_lowercase().contains(t.as_str()))
            })
            .map(|(id, name)| item(tables, *id, name))
            .collect();
        items.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        items.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
        Ok(items)
    }

    async fn tag_item(&mut self, id: Id) -> Result<Option<TagItem>> {
        let tables = self.tables();
        Ok(tables.tag_items.get(&id).map(|name| item(tables, id, name)))
    }

    async fn insert_tag_item(&mut self, name: &str) -> Result<TagItem> {
        let tables = self.tables_mut()?;
        check_unique(tables, name, None)?;
        let id = next_id(&mut tables.last_ids.tag_items);
        tables.tag_items.insert(id, name.to_string());
        Ok(TagItem {
            id,
            name: name.to_string(),
            count: 0,
        })
    }

    async fn rename_tag_item(&mut self, id: Id, name: &str) -> Result<()> {
        let tables = self.tables_mut()?;
        if !tables.tag_items.contains_key(&id) {
            return Err(missing(id));
        }
        check_unique(tables, name, Some(id))?;
        tables.tag_items.insert(id, name.to_string());
        Ok(())
    }

    async fn delete_tag_item(&mut self, id: Id) -> Result<()> {
        let tables = self.tables_mut()?;
        tables.tag_items.remove(&id).ok_or_else(|| missing(id))?;
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

fn missing(id: Id) -> Error {
    Error::Missing(format!("tag item {id}"))
}

/// The id of the tag item named `name` ignoring case, other than `except`.
fn item_named(tables: &Tables, name: &str, except: Option<Id>) -> Option<Id> {
    tables
        .tag_items
        .iter()
        .find(|(id, n)| Some(**id) != except && same_name(n, name))
        .map(|(id, _)| *id)
}

fn check_unique(tables: &Tables, name: &str, except: Option<Id>) -> Result<()> {
    match item_named(tables, name, except) {
        Some(_) => Err(Conflict::unique("name", name).into()),
        None => Ok(()),
    }
}

/// The tag item with the number of tickets carrying it.
fn item(tables: &Tables, id: Id, name: &str) -> TagItem {
    let count = tables
        .ticket_tags
        .values()
        .filter(|tags| tags.contains(&id))
        .count() as u64;
    TagItem {
        id,
        name: name.to_string(),
        count,
    }
}
