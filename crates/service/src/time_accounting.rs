//! Time accounting: agents book time on tickets (optionally for one of their articles and of
//! an activity type); `admin.time_accounting` changes and removes entries. A ticket's
//! `time_unit` is the sum of its entries, kept in the transaction that changes them, with the
//! ticket's history entry.

use helpdesk_domain::ticket::FieldChange;
use helpdesk_domain::{GroupAccess, Id, Listing, Meta, Page, Ticket, TimeAccounting};
use helpdesk_policy::{
    Actor, TicketRole, TimeAccountingAction, authorize_time_accounting, ticket_role,
};
use helpdesk_storage::{Mode, Transaction};

use crate::articles::{facts, load_ticket, shared_org};
use crate::error::OrNotFound;
use crate::ticket_effects::{Event, record};
use crate::{Error, Helpdesk, ListQuery, Result};

/// Zammad's model name, in "not found" texts.
const MODEL: &str = "Ticket::TimeAccounting";

/// The fields a booking or a change of an entry may set; `None` leaves a field as it is
/// (`Some(None)` clears the article or the type).
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct TimeAccountingInput {
    pub time_unit: Option<f64>,
    pub ticket_article_id: Option<Option<Id>>,
    pub type_id: Option<Option<Id>>,
}

impl Helpdesk {
    /// The entries of ticket `ticket_id`, or of every ticket when `None`.
    pub async fn list_time_accountings(
        &self,
        actor: &Actor,
        ticket_id: Option<Id>,
        q: ListQuery,
    ) -> Result<Listing<TimeAccounting>> {
        let mut tx = self.begin(Mode::Read).await?;
        allow(&mut tx, actor, ticket_id, TimeAccountingAction::Read).await?;
        Ok(tx.time_accountings(ticket_id, q.page()).await?)
    }

    /// One entry; with `ticket_id`, an entry of that ticket.
    pub async fn show_time_accounting(
        &self,
        actor: &Actor,
        ticket_id: Option<Id>,
        id: Id,
    ) -> Result<TimeAccounting> {
        let mut tx = self.begin(Mode::Read).await?;
        reach_entry(&mut tx, actor, ticket_id, id, TimeAccountingAction::Read).await
    }

    /// Books time on ticket `ticket_id`.
    pub async fn create_time_accounting(
        &self,
        actor: &Actor,
        ticket_id: Id,
        input: TimeAccountingInput,
    ) -> Result<TimeAccounting> {
        let mut tx = self.begin(Mode::Write).await?;
        allow(&mut tx, actor, Some(ticket_id), TimeAccountingAction::Book).await?;
        let Some(time_unit) = input.time_unit else {
            return Err(Error::invalid("Missing required attribute 'time_unit'"));
        };
        let mut entry = TimeAccounting {
            id: 0,
            ticket_id,
            ticket_article_id: None,
            time_unit,
            type_id: None,
            meta: Meta::new(actor.id(), self.now()),
        };
        apply(&mut tx, &mut entry, input).await?;
        let entry = tx.insert_time_accounting(&entry).await?;
        self.commit_with_sum(tx, actor, ticket_id).await?;
        Ok(entry)
    }

    /// Changes an entry (`admin.time_accounting`).
    pub async fn update_time_accounting(
        &self,
        actor: &Actor,
        ticket_id: Option<Id>,
        id: Id,
        input: TimeAccountingInput,
    ) -> Result<TimeAccounting> {
        let mut tx = self.begin(Mode::Write).await?;
        let change = TimeAccountingAction::Change;
        let mut entry = reach_entry(&mut tx, actor, ticket_id, id, change).await?;
        if let Some(time_unit) = input.time_unit {
            entry.time_unit = time_unit;
        }
        apply(&mut tx, &mut entry, input).await?;
        entry.meta.touch(actor.id(), self.now());
        tx.update_time_accounting(&entry).await?;
        self.commit_with_sum(tx, actor, entry.ticket_id).await?;
        Ok(entry)
    }

    /// Removes an entry (`admin.time_accounting`).
    pub async fn delete_time_accounting(
        &self,
        actor: &Actor,
        ticket_id: Option<Id>,
        id: Id,
    ) -> Result<()> {
        let mut tx = self.begin(Mode::Write).await?;
        let change = TimeAccountingAction::Change;
        let entry = reach_entry(&mut tx, actor, ticket_id, id, change).await?;
        tx.delete_time_accounting(id).await?;
        self.commit_with_sum(tx, actor, entry.ticket_id).await
    }

    /// Sets the ticket's `time_unit` to the sum of its entries, with its history entry, when
    /// it changed, and commits.
    async fn commit_with_sum(
        &self,
        mut tx: Box<dyn Transaction>,
        actor: &Actor,
        ticket_id: Id,
    ) -> Result<()> {
        let entries = all_entries_of(&mut tx, ticket_id).await?;
        let ticket = load_ticket(&mut tx, ticket_id).await?;
        let total = TimeAccounting::total(&entries);
        if ticket.time_unit == total {
            return Ok(tx.commit().await?);
        }
        let now = self.now();
        let mut after = Ticket {
            time_unit: total,
            ..ticket.clone()
        };
        after.meta.touch(actor.id(), now);
        tx.update_ticket(&after).await?;
        let event = Event {
            kind: "updated",
            object: "Ticket",
            o_id: ticket_id,
        };
        let change = FieldChange::text(
            "time_unit",
            ticket.time_unit.map(|t| t.to_string()),
            total.map(|t| t.to_string()),
        );
        record(&mut tx, ticket_id, event, Some(change), actor.id(), now).await?;
        Ok(tx.commit().await?)
    }
}

/// Refuses what the policy refuses: on ticket `ticket_id` (404 when it does not exist), as the
/// actor reaches it with `change`.
async fn allow(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ticket_id: Option<Id>,
    action: TimeAccountingAction,
) -> Result<()> {
    let role: Option<TicketRole> = match ticket_id {
        Some(id) => {
            let ticket = load_ticket(tx, id).await?;
            let shared = shared_org(tx, actor).await?;
            ticket_role(actor, &facts(&ticket), GroupAccess::Change, shared)
        }
        None => None,
    };
    Ok(authorize_time_accounting(actor, role, action).into_result()?)
}

/// Entry `id` (with `ticket_id`, only an entry of that ticket: 404 otherwise), when the
/// policy allows `action` on it.
async fn reach_entry(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ticket_id: Option<Id>,
    id: Id,
    action: TimeAccountingAction,
) -> Result<TimeAccounting> {
    let entry = tx
        .time_accounting(id)
        .await?
        .filter(|e| ticket_id.is_none_or(|t| t == e.ticket_id))
        .or_not_found(MODEL, id)?;
    allow(tx, actor, Some(entry.ticket_id), action).await?;
    Ok(entry)
}

/// Every entry of the ticket.
async fn all_entries_of(
    tx: &mut Box<dyn Transaction>,
    ticket_id: Id,
) -> Result<Vec<TimeAccounting>> {
    Ok(tx
        .time_accountings(Some(ticket_id), Page::all())
        .await?
        .items)
}

/// Applies `input`'s article and type to `entry` and checks what it sets: a time that is not
/// negative, an article of the entry's ticket with no other entry, an existing active type.
async fn apply(
    tx: &mut Box<dyn Transaction>,
    entry: &mut TimeAccounting,
    input: TimeAccountingInput,
) -> Result<()> {
    TimeAccounting::check_time_unit(entry.time_unit)?;
    if let Some(article) = input.ticket_article_id {
        entry.ticket_article_id = article;
    }
    if let Some(article_id) = input.ticket_article_id.flatten() {
        let of_ticket = tx
            .article(article_id)
            .await?
            .is_some_and(|a| a.ticket_id == entry.ticket_id);
        if !of_ticket {
            return Err(Error::invalid(format!(
                "Invalid value for 'ticket_article_id': {article_id} is no article of ticket {}",
                entry.ticket_id
            )));
        }
        let booked = all_entries_of(tx, entry.ticket_id)
            .await?
            .iter()
            .any(|e| e.ticket_article_id == Some(article_id) && e.id != entry.id);
        if booked {
            return Err(Error::invalid(format!(
                "Invalid value for 'ticket_article_id': time is already booked for article {article_id}"
            )));
        }
    }
    if let Some(kind) = input.type_id {
        entry.type_id = kind;
    }
    if let Some(type_id) = input.type_id.flatten() {
        let active = tx
            .time_accounting_types()
            .await?
            .iter()
            .any(|t| t.id == type_id && t.active);
        if !active {
            return Err(Error::invalid(format!(
                "Invalid value for 'type_id': no active activity type has id {type_id}"
            )));
        }
    }
    Ok(())
}
