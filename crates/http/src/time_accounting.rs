//! Time accounting entries, as Zammad serves them twice: under their ticket
//! (`/tickets/{ticket_id}/time_accountings`) and on their own (`/time_accountings`, the ticket
//! named by `ticket_id`). Agents with `change` on the ticket read and book; changing and
//! removing an entry is admin.time_accounting's.

use helpdesk_domain::Id;
use helpdesk_service::{Helpdesk, TimeAccountingInput};
use poem_openapi::param::{Path, Query};
use poem_openapi::payload::Json;
use poem_openapi::types::MaybeUndefined;
use poem_openapi::{ApiResponse, Object, OpenApi, Tags};

use crate::answers::{Done, Record};
use crate::auth::Auth;
use crate::body::{JsonBody, patch};
use crate::error::{ApiError, ApiResult};
use crate::failures::{CREATE, DELETE, LIST, NOT_FOUND, Reply, SHOW, UPDATE};
use crate::list::ListResponse;
use crate::params::Paging;
use crate::time;

/// The document's tag of time accounting.
#[derive(Tags)]
pub enum Tag {
    /// Time booked on tickets.
    TimeAccountings,
}

/// A time accounting entry as answered.
#[derive(Debug, Clone, Object)]
pub struct TimeAccounting {
    /// Id.
    pub id: Id,
    /// The ticket the time is booked on.
    pub ticket_id: Id,
    /// The article of that ticket the time was spent on.
    #[oai(nullable)]
    pub ticket_article_id: Option<Id>,
    /// The time, as Zammad's decimal answers it: a numeric string (`"1.5"`, `"22.0"`).
    pub time_unit: String,
    /// The activity type.
    #[oai(nullable)]
    pub type_id: Option<Id>,
    /// The agent who booked it.
    pub created_by_id: Id,
    /// Creation time.
    pub created_at: String,
    /// Last change.
    pub updated_at: String,
}

impl From<helpdesk_domain::TimeAccounting> for TimeAccounting {
    fn from(e: helpdesk_domain::TimeAccounting) -> Self {
        Self {
            id: e.id,
            ticket_id: e.ticket_id,
            ticket_article_id: e.ticket_article_id,
            time_unit: decimal(e.time_unit),
            type_id: e.type_id,
            created_by_id: e.meta.created_by_id,
            created_at: time::format(&e.meta.created_at),
            updated_at: time::format(&e.meta.updated_at),
        }
    }
}

/// A number as Rails writes a decimal: at least one digit after the point.
fn decimal(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.1}")
    } else {
        value.to_string()
    }
}

/// The fields of a booking or a change; absent fields stay as they are.
#[derive(Debug, Clone, Default, Object)]
pub struct TimeAccountingRequest {
    /// The ticket (on `/time_accountings`; the path names it under a ticket).
    pub ticket_id: Option<Id>,
    /// The time: a number or a numeric string, not negative (required to book).
    pub time_unit: Option<serde_json::Value>,
    /// The article of the ticket the time was spent on (one entry per article).
    pub ticket_article_id: MaybeUndefined<Id>,
    /// The activity type (an active one).
    pub type_id: MaybeUndefined<Id>,
}

impl TimeAccountingRequest {
    /// The use-case input.
    fn into_input(self) -> ApiResult<TimeAccountingInput> {
        Ok(TimeAccountingInput {
            time_unit: time_unit(self.time_unit)?,
            ticket_article_id: patch(self.ticket_article_id),
            type_id: patch(self.type_id),
        })
    }
}

/// A `time_unit` as clients send it: a number, or a numeric string (`"12"`); null or empty
/// is none.
pub(crate) fn time_unit(value: Option<serde_json::Value>) -> ApiResult<Option<f64>> {
    let bad = || ApiError::unprocessable("Invalid value for 'time_unit': expected a number");
    match value {
        None | Some(serde_json::Value::Null) => Ok(None),
        Some(serde_json::Value::Number(n)) => Ok(Some(n.as_f64().ok_or_else(bad)?)),
        Some(serde_json::Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(serde_json::Value::String(s)) => Ok(Some(s.trim().parse().map_err(|_| bad())?)),
        Some(_) => Err(bad()),
    }
}

/// A booking's answer: 201 with the entry, as Zammad answers it.
#[derive(ApiResponse)]
pub enum Booked {
    /// The entry, as stored.
    #[oai(status = 201)]
    Created(Json<TimeAccounting>),
}

/// The time accounting endpoints.
pub struct TimeAccountingApi {
    helpdesk: Helpdesk,
}

impl TimeAccountingApi {
    /// The endpoints over `helpdesk`.
    pub fn new(helpdesk: Helpdesk) -> Self {
        Self { helpdesk }
    }

    async fn list(&self, auth: Auth, ticket: Option<Id>, paging: Paging) -> ApiListing {
        let actor = auth.actor(&self.helpdesk).await?;
        let listing = self
            .helpdesk
            .list_time_accountings(&actor, ticket, paging.0)
            .await?;
        Ok(ListResponse::from_listing(listing, TimeAccounting::from))
    }

    async fn show(
        &self,
        auth: Auth,
        ticket: Option<Id>,
        id: Id,
    ) -> Reply<Record<TimeAccounting>, SHOW> {
        let actor = auth.actor(&self.helpdesk).await?;
        let entry = self
            .helpdesk
            .show_time_accounting(&actor, ticket, id)
            .await?;
        Ok(Record(entry.into()))
    }

    async fn book(
        &self,
        auth: Auth,
        ticket: Option<Id>,
        body: TimeAccountingRequest,
    ) -> Reply<Booked, { CREATE | NOT_FOUND }> {
        let actor = auth.actor(&self.helpdesk).await?;
        let ticket_id = ticket
            .or(body.ticket_id)
            .ok_or_else(|| ApiError::unprocessable("Missing required attribute 'ticket_id'"))?;
        let input = body.into_input()?;
        let entry = self
            .helpdesk
            .create_time_accounting(&actor, ticket_id, input)
            .await?;
        Ok(Booked::Created(Json(entry.into())))
    }

    async fn change(
        &self,
        auth: Auth,
        ticket: Option<Id>,
        id: Id,
        body: TimeAccountingRequest,
    ) -> Reply<Record<TimeAccounting>, UPDATE> {
        let actor = auth.actor(&self.helpdesk).await?;
        let input = body.into_input()?;
        let entry = self
            .helpdesk
            .update_time_accounting(&actor, ticket, id, input)
            .await?;
        Ok(Record(entry.into()))
    }

    async fn remove(&self, auth: Auth, ticket: Option<Id>, id: Id) -> Reply<Done, DELETE> {
        let actor = auth.actor(&self.helpdesk).await?;
        self.helpdesk
            .delete_time_accounting(&actor, ticket, id)
            .await?;
        Ok(Done)
    }
}

/// A page of entries, or the failure (404 for a ticket that does not exist).
type ApiListing = Reply<ListResponse<TimeAccounting>, { LIST | NOT_FOUND }>;

#[OpenApi(tag = "Tag::TimeAccountings")]
impl TimeAccountingApi {
    /// The time booked on a ticket.
    ///
    /// Agents with `change` on the ticket; admin.time_accounting.
    #[oai(path = "/tickets/:ticket_id/time_accountings", method = "get")]
    async fn list_of_ticket(&self, auth: Auth, ticket_id: Path<Id>, paging: Paging) -> ApiListing {
        self.list(auth, Some(ticket_id.0), paging).await
    }

    /// One entry of a ticket.
    ///
    /// Agents with `change` on the ticket; admin.time_accounting.
    #[oai(path = "/tickets/:ticket_id/time_accountings/:id", method = "get")]
    async fn show_of_ticket(
        &self,
        auth: Auth,
        ticket_id: Path<Id>,
        id: Path<Id>,
    ) -> Reply<Record<TimeAccounting>, SHOW> {
        self.show(auth, Some(ticket_id.0), id.0).await
    }

    /// Book time on a ticket.
    ///
    /// Agents with `change` on the ticket; admin.time_accounting. The ticket's `time_unit`
    /// becomes the sum of its entries.
    #[oai(path = "/tickets/:ticket_id/time_accountings", method = "post")]
    async fn book_on_ticket(
        &self,
        auth: Auth,
        ticket_id: Path<Id>,
        body: JsonBody<TimeAccountingRequest>,
    ) -> Reply<Booked, { CREATE | NOT_FOUND }> {
        self.book(auth, Some(ticket_id.0), body.0).await
    }

    /// Change an entry of a ticket.
    ///
    /// admin.time_accounting.
    #[oai(path = "/tickets/:ticket_id/time_accountings/:id", method = "put")]
    async fn change_of_ticket(
        &self,
        auth: Auth,
        ticket_id: Path<Id>,
        id: Path<Id>,
        body: JsonBody<TimeAccountingRequest>,
    ) -> Reply<Record<TimeAccounting>, UPDATE> {
        self.change(auth, Some(ticket_id.0), id.0, body.0).await
    }

    /// Remove an entry of a ticket.
    ///
    /// admin.time_accounting.
    #[oai(path = "/tickets/:ticket_id/time_accountings/:id", method = "delete")]
    async fn remove_of_ticket(
        &self,
        auth: Auth,
        ticket_id: Path<Id>,
        id: Path<Id>,
    ) -> Reply<Done, DELETE> {
        self.remove(auth, Some(ticket_id.0), id.0).await
    }

    /// Entries: of the ticket `ticket_id`, or of every ticket.
    ///
    /// admin.time_accounting; agents with `change` on the ticket `ticket_id` names.
    #[oai(path = "/time_accountings", method = "get")]
    async fn list_all(
        &self,
        auth: Auth,
        ticket_id: Query<Option<Id>>,
        paging: Paging,
    ) -> ApiListing {
        self.list(auth, ticket_id.0, paging).await
    }

    /// One entry.
    ///
    /// admin.time_accounting; agents with `change` on its ticket.
    #[oai(path = "/time_accountings/:id", method = "get")]
    async fn show_one(&self, auth: Auth, id: Path<Id>) -> Reply<Record<TimeAccounting>, SHOW> {
        self.show(auth, None, id.0).await
    }

    /// Book time on the ticket `ticket_id`.
    ///
    /// admin.time_accounting; agents with `change` on the ticket.
    #[oai(path = "/time_accountings", method = "post")]
    async fn book_one(
        &self,
        auth: Auth,
        body: JsonBody<TimeAccountingRequest>,
    ) -> Reply<Booked, { CREATE | NOT_FOUND }> {
        self.book(auth, None, body.0).await
    }

    /// Change an entry.
    ///
    /// admin.time_accounting.
    #[oai(path = "/time_accountings/:id", method = "put")]
    async fn change_one(
        &self,
        auth: Auth,
        id: Path<Id>,
        body: JsonBody<TimeAccountingRequest>,
    ) -> Reply<Record<TimeAccounting>, UPDATE> {
        self.change(auth, None, id.0, body.0).await
    }

    /// Remove an entry.
    ///
    /// admin.time_accounting.
    #[oai(path = "/time_accountings/:id", method = "delete")]
    async fn remove_one(&self, auth: Auth, id: Path<Id>) -> Reply<Done, DELETE> {
        self.remove(auth, None, id.0).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_read_as_rails_writes_them() {
        assert_eq!(decimal(22.0), "22.0");
        assert_eq!(decimal(1.5), "1.5");
        assert_eq!(decimal(0.25), "0.25");
    }

    #[test]
    fn time_units_are_numbers_or_numeric_strings() {
        use serde_json::json;
        assert_eq!(time_unit(Some(json!(12))).unwrap(), Some(12.0));
        assert_eq!(time_unit(Some(json!("1.5"))).unwrap(), Some(1.5));
        assert_eq!(time_unit(Some(json!(""))).unwrap(), None);
        assert_eq!(time_unit(None).unwrap(), None);
        assert!(time_unit(Some(json!("soon"))).is_err());
        assert!(time_unit(Some(json!([1]))).is_err());
    }
}
