//! Tags: on tickets (read with the ticket, changed by agents with `change`), tag
//! suggestions, and the admin tag list.

use helpdesk_domain::{GroupAccess, Id, TagItem};
use helpdesk_policy::{Actor, authorize_tag_admin, authorize_tag_search, authorize_ticket_tagging};
use helpdesk_storage::Mode;

use crate::articles::reach_ticket;
use crate::error::OrNotFound;
use crate::ticket_effects::tag_entry;
use crate::{Error, Helpdesk, Result};

/// The only object type that carries tags.
const TICKET: &str = "Ticket";

fn check_object(object: &str) -> Result<()> {
    if object == TICKET {
        Ok(())
    } else {
        Err(Error::invalid(format!(
            "Invalid value for 'object': {object:?} (allowed: Ticket)"
        )))
    }
}

fn tag_name(item: &str) -> Result<String> {
    let name = item.trim();
    if name.is_empty() {
        return Err(Error::invalid("Missing required attribute 'item'"));
    }
    if name.chars().count() > 255 {
        return Err(Error::invalid(
            "Invalid value for 'item': at most 255 characters",
        ));
    }
    Ok(name.to_string())
}

impl Helpdesk {
    /// The tags of a ticket the caller may read.
    pub async fn tags_of(&self, actor: &Actor, object: &str, o_id: Id) -> Result<Vec<String>> {
        check_object(object)?;
        let mut tx = self.begin(Mode::Read).await?;
        reach_ticket(&mut tx, actor, o_id, GroupAccess::Read).await?;
        Ok(tx.tags_of_ticket(o_id).await?)
    }

    /// Tags a ticket (agents with `change`); tagging twice changes nothing.
    pub async fn add_tag(&self, actor: &Actor, object: &str, o_id: Id, item: &str) -> Result<()> {
        self.change_tag(actor, object, o_id, item, true).await
    }

    /// Removes a tag from a ticket (agents with `change`).
    pub async fn remove_tag(
        &self,
        actor: &Actor,
        object: &str,
        o_id: Id,
        item: &str,
    ) -> Result<()> {
        self.change_tag(actor, object, o_id, item, false).await
    }

    async fn change_tag(
        &self,
        actor: &Actor,
        object: &str,
        o_id: Id,
        item: &str,
        add: bool,
    ) -> Result<()> {
        check_object(object)?;
        let name = tag_name(item)?;
        let now = self.now();
        let mut tx = self.begin(Mode::Write).await?;
        let (_, role) = reach_ticket(&mut tx, actor, o_id, GroupAccess::Change).await?;
        authorize_ticket_tagging(role).into_result()?;
        let changed = if add {
            tx.add_tag(o_id, &name).await?
        } else {
            tx.remove_tag(o_id, &name).await?
        };
        if changed {
            tx.insert_history(&tag_entry(o_id, &name, add, actor.id(), now))
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Tag names containing `term`, for suggestions (agents and tag admins).
    pub async fn search_tags(
        &self,
        actor: &Actor,
        term: &str,
        limit: Option<u64>,
    ) -> Result<Vec<TagItem>> {
        authorize_tag_search(actor).into_result()?;
        let limit = limit.filter(|l| *l > 0).unwrap_or(10).min(200);
        let mut tx = self.begin(Mode::Read).await?;
        Ok(tx.tag_items(Some(term.trim()), limit).await?)
    }

    /// The tag list with usage counts (admin.tag).
    pub async fn list_tag_items(&self, actor: &Actor) -> Result<Vec<TagItem>> {
        authorize_tag_admin(actor).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        Ok(tx.tag_items(None, 10_000).await?)
    }

    /// One tag of the list (admin.tag).
    pub async fn show_tag_item(&self, actor: &Actor, id: Id) -> Result<TagItem> {
        authorize_tag_admin(actor).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        tx.tag_item(id).await?.or_not_found("Tag::Item", id)
    }

    /// Adds a tag to the list (admin.tag).
    pub async fn create_tag_item(&self, actor: &Actor, name: &str) -> Result<TagItem> {
        authorize_tag_admin(actor).into_result()?;
        let name = tag_name(name)?;
        let mut tx = self.begin(Mode::Write).await?;
        let item = tx.insert_tag_item(&name).await?;
        tx.commit().await?;
        Ok(item)
    }

    /// Renames a tag everywhere (admin.tag).
    pub async fn rename_tag_item(&self, actor: &Actor, id: Id, name: &str) -> Result<TagItem> {
        authorize_tag_admin(actor).into_result()?;
        let name = tag_name(name)?;
        let mut tx = self.begin(Mode::Write).await?;
        tx.tag_item(id).await?.or_not_found("Tag::Item", id)?;
        tx.rename_tag_item(id, &name).await?;
        let item = tx.tag_item(id).await?.or_not_found("Tag::Item", id)?;
        tx.commit().await?;
        Ok(item)
    }

    /// Removes a tag from the list and from every ticket (admin.tag).
    pub async fn delete_tag_item(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize_tag_admin(actor).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        tx.tag_item(id).await?.or_not_found("Tag::Item", id)?;
        tx.delete_tag_item(id).await?;
        tx.commit().await?;
        Ok(())
    }
}
