//! The permission policy: who may do what, as pure functions of actor, action and resource.
//!
//! Architecture invariant: no I/O, no async, no HTTP types, and no error but a [`Denial`]: a
//! decision is a value ([`Decision`], or `Result<TicketRole, Denial>` where allowing also says
//! how the actor reaches a ticket). Callers load the records, ask here, and turn a denial into
//! their own error; they never decide access themselves. Lists ask for a
//! *scope* that storage turns into a filter, so nothing is loaded and then thrown away.
//!
//! ```
//! use helpdesk_domain::meta::Meta;
//! use helpdesk_domain::{PermissionSet, User};
//! use helpdesk_policy::{Action, Actor, Resource, authorize};
//!
//! let mut user = User::blank(Meta::new(1, Default::default()));
//! user.id = 7;
//! let agent = Actor::new(user, PermissionSet::new(["ticket.agent"]));
//! assert!(agent.can("ticket.agent"));
//! // Agents read ticket states, but only admin.object creates them.
//! assert!(authorize(&agent, Action::Read, Resource::State).is_allowed());
//! assert!(!authorize(&agent, Action::Create, Resource::State).is_allowed());
//! ```

#![warn(missing_docs)]

mod actor;
mod decision;
mod fields;
mod rules;
mod ticket_parts;
mod tickets;

pub use actor::Actor;
pub use decision::{Decision, Denial};
pub use fields::{OrganizationFields, UserFields, organization_fields, user_fields};
pub use rules::{
    Action, Resource, UserScope, UserWriteMode, authorize, authorize_health_check,
    impersonation_target, organization_list_scope, user_list_scope, user_write_mode,
};
pub use ticket_parts::{
    AttachmentFacts, TimeAccountingAction, authorize_article_read, authorize_article_update,
    authorize_attachment, authorize_notification, authorize_time_accounting, history_entry_visible,
};
pub use tickets::{
    CustomerScreen, TicketFacts, TicketRole, TicketVisibility, authorize_group_move,
    authorize_mention_removal, authorize_mentions, authorize_merged_ticket, authorize_tag_admin,
    authorize_tag_search, authorize_ticket_delete, authorize_ticket_linking,
    authorize_ticket_mention, authorize_ticket_merge, authorize_ticket_overview,
    authorize_ticket_tagging, customer_may_set_state, ticket_access, ticket_create_access,
    ticket_create_role, ticket_role, ticket_visibility,
};
