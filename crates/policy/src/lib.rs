//! The permission policy: who may do what, as pure functions of actor, action and resource.
//!
//! Architecture invariant: no I/O, no async, no `Result`, no HTTP types. Callers load the
//! records, ask here, and turn a [`Decision::Deny`] into their own error. Lists ask for a
//! *scope* that storage turns into a filter, so nothing is loaded and then thrown away.

mod actor;
mod decision;
mod rules;
mod tickets;

pub use actor::Actor;
pub use decision::{Decision, Denial};
pub use rules::{
    Action, Resource, UserScope, UserWriteMode, authorize, organization_list_scope,
    user_list_scope, user_write_mode,
};
pub use tickets::{
    TicketFacts, TicketRole, TicketVisibility, authorize_tag_admin, authorize_tag_search,
    authorize_ticket, authorize_ticket_delete, may_see_internal, ticket_create_role, ticket_role,
    ticket_visibility,
};
