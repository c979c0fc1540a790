//! `/groups` (admin.group): list, show, create, update, delete.

use helpdesk_domain::Id;
use helpdesk_service::{GroupInput, GroupView, Helpdesk};
use poem_openapi::param::Path;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::auth::Auth;
use crate::body::{JsonBody, patch};
use crate::custom::WithCustom;
use crate::failures::{CREATE, DELETE, LIST, Reply, SHOW, UPDATE};
use crate::list::ListResponse;
use crate::params::Paging;
use crate::time;

#[derive(Tags)]
enum Tag {
    /// The queues tickets live in.
    Groups,
}

/// A group as answered.
#[derive(Debug, Clone, Object)]
pub struct Group {
    /// Id; 1 is `Users`.
    pub id: Id,
    /// Signature used in replies.
    #[oai(nullable)]
    pub signature_id: Option<Id>,
    /// Sender address used in replies.
    #[oai(nullable)]
    pub email_address_id: Option<Id>,
    /// Unique name.
    pub name: String,
    /// Minutes until an unanswered assignment is dropped.
    #[oai(nullable)]
    pub assignment_timeout: Option<i32>,
    /// `yes` or `new_ticket`: whether a customer's follow-up reopens a closed ticket.
    pub follow_up_possible: String,
    /// Whether a follow-up goes back to the last owner.
    pub follow_up_assignment: bool,
    /// Active.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Users with access to the group.
    pub user_ids: Vec<Id>,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
    /// Creator.
    pub created_by_id: Id,
    /// Last changer.
    pub updated_by_id: Id,
}

impl From<GroupView> for WithCustom<Group> {
    fn from(view: GroupView) -> Self {
        let GroupView {
            group: g,
            user_ids,
            custom,
        } = view;
        let record = Group {
            id: g.id,
            signature_id: g.signature_id,
            email_address_id: g.email_address_id,
            name: g.name,
            assignment_timeout: g.assignment_timeout,
            follow_up_possible: g.follow_up_possible.as_str().into(),
            follow_up_assignment: g.follow_up_assignment,
            active: g.active,
            note: g.note,
            user_ids,
            created_at: time::format(&g.meta.created_at),
            updated_at: time::format(&g.meta.updated_at),
            created_by_id: g.meta.created_by_id,
            updated_by_id: g.meta.updated_by_id,
        };
        WithCustom::full(record, custom)
    }
}

/// The fields of a group create or update; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct GroupRequest {
    /// Unique name (required on create).
    pub name: Option<String>,
    /// Signature used in replies.
    pub signature_id: MaybeUndefined<Id>,
    /// Sender address used in replies.
    pub email_address_id: MaybeUndefined<Id>,
    /// Minutes until an unanswered assignment is dropped.
    pub assignment_timeout: MaybeUndefined<i32>,
    /// `yes` or `new_ticket`.
    pub follow_up_possible: Option<String>,
    /// Whether a follow-up goes back to the last owner.
    pub follow_up_assignment: Option<bool>,
    /// Active.
    pub active: Option<bool>,
    /// Free text.
    pub note: Option<String>,
}

impl From<GroupRequest> for GroupInput {
    fn from(r: GroupRequest) -> Self {
        Self {
            name: r.name,
            signature_id: patch(r.signature_id),
            email_address_id: patch(r.email_address_id),
            assignment_timeout: patch(r.assignment_timeout),
            follow_up_possible: r.follow_up_possible,
            follow_up_assignment: r.follow_up_assignment,
            active: r.active,
            note: r.note,
            custom: Default::default(),
        }
    }
}

/// The input of a request: its declared fields and its custom field values.
fn with_custom(body: JsonBody<GroupRequest>) -> GroupInput {
    let JsonBody(request, custom) = body;
    GroupInput {
        custom,
        ..request.into()
    }
}

/// The groups endpoints.
pub struct GroupsApi {
    helpdesk: Helpdesk,
}

impl GroupsApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }
}

#[OpenApi(tag = "Tag::Groups")]
impl GroupsApi {
    /// List groups.
    ///
    /// admin.group.
    #[oai(path = "/groups", method = "get")]
    async fn list(
        &self,
        auth: Auth,
        paging: Paging,
    ) -> Reply<ListResponse<WithCustom<Group>>, LIST> {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self.helpdesk.list_groups(&actor, paging.0).await?;
        Ok(ListResponse::from_listing(listing, WithCustom::from))
    }

    /// Show a group.
    ///
    /// admin.group.
    #[oai(path = "/groups/:id", method = "get")]
    async fn show(&self, auth: Auth, id: Path<Id>) -> Reply<Record<WithCustom<Group>>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(self.helpdesk.show_group(&actor, id.0).await?.into()))
    }

    /// Create a group.
    ///
    /// admin.group.
    #[oai(path = "/groups", method = "post")]
    async fn create(
        &self,
        auth: Auth,
        body: JsonBody<GroupRequest>,
    ) -> Reply<Record<WithCustom<Group>>, CREATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk
                .create_group(&actor, with_custom(body))
                .await?
                .into(),
        ))
    }

    /// Update a group.
    ///
    /// admin.group.
    #[oai(path = "/groups/:id", method = "put")]
    async fn update(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<GroupRequest>,
    ) -> Reply<Record<WithCustom<Group>>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        Ok(Record(
            self.helpdesk
                .update_group(&actor, id.0, with_custom(body))
                .await?
                .into(),
        ))
    }

    /// Delete a group.
    ///
    /// admin.group, only when nothing refers to it (no user has access, no ticket is in it).
    #[oai(path = "/groups/:id", method = "delete")]
    async fn delete(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk.delete_group(&actor, id.0).await?;
        Ok(Done)
    }
}
