//! What the SQL store's foreign keys refuse, checked by hand: deleting a record that a ticket
//! refers to, and a ticket naming a record that does not exist.

use helpdesk_domain::{Id, Ticket};
use helpdesk_storage::{Conflict, Result};

use crate::state::Tables;
use crate::table::{Record, Table};

/// Removes the record `id` of the table `table` picks and answers it: `Missing` when there
/// is none, [`Conflict::InUse`] while a ticket `refers` to it.
pub(crate) fn remove_unreferenced<R: Record>(
    tables: &mut Tables,
    table: fn(&mut Tables) -> &mut Table<R>,
    id: Id,
    refers: impl Fn(&Ticket) -> bool,
) -> Result<R> {
    table(tables).existing(id)?;
    if tables.tickets.values().any(refers) {
        return Err(Conflict::InUse {
            record: R::KIND,
            id,
        }
        .into());
    }
    table(tables).remove(id)
}

/// Refuses `ticket` with [`Conflict::MissingReference`] unless its group, state, priority,
/// customer, owner and organization (when it has one) exist.
pub(crate) fn check_ticket_references(tables: &Tables, ticket: &Ticket) -> Result<()> {
    let exists = tables.groups.contains_key(&ticket.group_id)
        && tables.states.contains_key(&ticket.state_id)
        && tables.priorities.contains_key(&ticket.priority_id)
        && tables.users.contains_key(&ticket.customer_id)
        && tables.users.contains_key(&ticket.owner_id)
        && ticket
            .organization_id
            .is_none_or(|id| tables.organizations.contains_key(&id));
    if !exists {
        return Err(Conflict::MissingReference { record: "ticket" }.into());
    }
    Ok(())
}
