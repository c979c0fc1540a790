//! Zammad's `assets`: the records an answer refers to, keyed by model (`Ticket`, `User`,
//! `Organization`, `Group`) and then by id, each as its own endpoint answers it for the
//! caller (field scopes kept, secrets never included).

use std::collections::BTreeMap;

use poem_openapi::Object;

use crate::custom::WithCustom;
use crate::groups::Group;
use crate::organizations::Organization;
use crate::tickets::Ticket;
use crate::users::User;

/// Records keyed by model, then by id (as a string, as JSON object keys are); a model with
/// no records is left out, as Zammad leaves it out.
#[derive(Debug, Clone, Default, Object)]
pub struct Assets {
    /// Tickets by id.
    #[oai(rename = "Ticket", skip_serializing_if_is_empty, default)]
    pub tickets: BTreeMap<String, WithCustom<Ticket>>,
    /// Users by id.
    #[oai(rename = "User", skip_serializing_if_is_empty, default)]
    pub users: BTreeMap<String, WithCustom<User>>,
    /// Organizations by id.
    #[oai(rename = "Organization", skip_serializing_if_is_empty, default)]
    pub organizations: BTreeMap<String, WithCustom<Organization>>,
    /// Groups by id.
    #[oai(rename = "Group", skip_serializing_if_is_empty, default)]
    pub groups: BTreeMap<String, WithCustom<Group>>,
}

impl From<helpdesk_service::Assets> for Assets {
    fn from(a: helpdesk_service::Assets) -> Self {
        Self {
            tickets: keyed(a.tickets, |v| v.ticket.id, Into::into),
            users: keyed(a.users, |v| v.user.id, Into::into),
            organizations: keyed(
                a.organizations,
                |v| v.organization.id,
                Organization::from_view,
            ),
            groups: keyed(a.groups, |v| v.group.id, Into::into),
        }
    }
}

/// `views` keyed by their ids as text.
fn keyed<V, T>(
    views: Vec<V>,
    id: impl Fn(&V) -> helpdesk_domain::Id,
    answer: impl Fn(V) -> T,
) -> BTreeMap<String, T> {
    views
        .into_iter()
        .map(|v| (id(&v).to_string(), answer(v)))
        .collect()
}
