//! `/tags` (tags of a ticket), `/tag_search` (suggestions) and `/tag_list` (admin.tag).

use helpdesk_domain::Id;
use helpdesk_service::Helpdesk;
use poem_openapi::param::{Path, Query};
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record, Records, answer};
use crate::auth::Auth;
use crate::body::JsonBody;
use crate::failures::{CREATE, LIST, NOT_FOUND, Reply, SHOW, SIGNED_IN, UNPROCESSABLE, UPDATE};

#[derive(Tags)]
enum Tag {
    /// Names attached to tickets, and the admin tag list.
    Tags,
}

/// The tags of one object: `{"tags": [...]}`.
#[derive(Debug, Clone, Object)]
pub struct TagNames {
    /// The tag names.
    pub tags: Vec<String>,
}

/// A tag to add to or remove from an object.
#[derive(Debug, Clone, Object)]
pub struct TagChange {
    /// The object type: `Ticket`.
    pub object: String,
    /// The object's id.
    pub o_id: Id,
    /// The tag name.
    pub item: String,
}

/// A tag suggestion.
#[derive(Debug, Clone, Object)]
pub struct TagSuggestion {
    /// The tag's id in the tag list.
    pub id: Id,
    /// The tag name.
    pub value: String,
}

/// A tag of the tag list.
#[derive(Debug, Clone, Object)]
pub struct TagListItem {
    /// Id.
    pub id: Id,
    /// The tag name, unique case-insensitively.
    pub name: String,
    /// How many tickets carry it.
    pub count: u64,
}

impl From<helpdesk_domain::TagItem> for TagListItem {
    fn from(t: helpdesk_domain::TagItem) -> Self {
        Self {
            id: t.id,
            name: t.name,
            count: t.count,
        }
    }
}

/// The name of a tag list entry to create or rename.
#[derive(Debug, Clone, Object)]
pub struct TagListRequest {
    /// The tag name.
    pub name: String,
}

answer!(ObjectTags(TagNames), "The names of the object's tags.");
answer!(
    Tagged(bool),
    "`true`: the object carries the tag now (add) or no longer (remove)."
);

/// The tag endpoints.
pub struct TagsApi {
    helpdesk: Helpdesk,
}

impl TagsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }

    /// Adds the tag `change` names to its object, or with `add` false removes it.
    async fn change(&self, auth: Auth, change: TagChange, add: bool) -> Reply<Tagged, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let TagChange { object, o_id, item } = change;
        if add {
            self.helpdesk.add_tag(&actor, &object, o_id, &item).await?;
        } else {
            self.helpdesk
                .remove_tag(&actor, &object, o_id, &item)
                .await?;
        }
        Ok(Tagged(true))
    }
}

#[OpenApi(tag = "Tag::Tags")]
impl TagsApi {
    /// The tags of an object.
    ///
    /// Whoever may read the object (`object` is `Ticket`).
    #[oai(path = "/tags", method = "get")]
    async fn of_object(
        &self,
        auth: Auth,
        object: Query<crate::choice::Choice<crate::choice::TaggedObject>>,
        o_id: Query<Id>,
    ) -> Reply<ObjectTags, { LIST | UNPROCESSABLE | NOT_FOUND }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let tags = self.helpdesk.tags_of(&actor, &object.0.0, o_id.0).await?;
        Ok(ObjectTags(TagNames { tags }))
    }

    /// Tag an object; tagging twice changes nothing. Answers `true`.
    ///
    /// ticket.agent with `change` on the ticket's group.
    #[oai(path = "/tags/add", method = "post")]
    async fn add(&self, auth: Auth, body: JsonBody<TagChange>) -> Reply<Tagged, UPDATE> {
        self.change(auth, body.0, true).await
    }

    /// Remove a tag from an object; the body is that of `/tags/add`. Answers `true`.
    ///
    /// ticket.agent with `change` on the ticket's group.
    #[oai(path = "/tags/remove", method = "delete")]
    async fn remove(&self, auth: Auth, body: JsonBody<TagChange>) -> Reply<Tagged, UPDATE> {
        self.change(auth, body.0, false).await
    }

    /// Tag names containing `term`, case-insensitively (`limit`: default 10, at most 200).
    ///
    /// ticket.agent or admin.tag.
    #[oai(path = "/tag_search", method = "get")]
    async fn search(
        &self,
        auth: Auth,
        term: Query<Option<String>>,
        #[oai(validator(minimum(value = "0"), maximum(value = "4294967295")))] limit: Query<
            Option<u64>,
        >,
    ) -> Reply<Records<TagSuggestion>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let term = term.0.unwrap_or_default();
        let items = self.helpdesk.search_tags(&actor, &term, limit.0).await?;
        Ok(Records(
            items
                .into_iter()
                .map(|t| TagSuggestion {
                    id: t.id,
                    value: t.name,
                })
                .collect(),
        ))
    }

    /// The tag list with how many tickets carry each tag.
    ///
    /// admin.tag.
    #[oai(path = "/tag_list", method = "get")]
    async fn list(&self, auth: Auth) -> Reply<Records<TagListItem>, SIGNED_IN> {
        let actor = auth.actor(&self.helpdesk).await?;
        let items = self.helpdesk.list_tag_items(&actor).await?;
        Ok(Records(items.into_iter().map(TagListItem::from).collect()))
    }

    /// Show a tag of the list.
    ///
    /// admin.tag.
    #[oai(path = "/tag_list/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<TagListItem>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk.show_tag_item(&actor, id.0).await?.into(),
        ))
    }

    /// Add a tag to the list.
    ///
    /// admin.tag.
    #[oai(path = "/tag_list", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<TagListRequest>,
    ) -> Reply<Record<TagListItem>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk
                .create_tag_item(&actor, &body.0.name)
                .await?
                .into(),
        ))
    }

    /// Rename a tag everywhere it is used.
    ///
    /// admin.tag.
    #[oai(path = "/tag_list/:id", method = "put")]
    async fn rename(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<TagListRequest>,
    ) -> Reply<Record<TagListItem>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk
                .rename_tag_item(&actor, id.0, &body.0.name)
                .await?
                .into(),
        ))
    }

    /// Delete a tag from the list and from every ticket that carries it.
    ///
    /// admin.tag.
    #[oai(path = "/tag_list/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_tag_item(&actor, id.0).await?;
        Ok(Done)
    }
}
