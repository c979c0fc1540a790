//! The permission table: every role × action × relationship with the expected decision,
//! asserted here and rendered to `docs/permissions.md` so a policy change shows as a diff.
//! Refresh the document with `UPDATE_PERMISSIONS=1 cargo test -p helpdesk-policy`.

use std::collections::BTreeMap;

use helpdesk_domain::meta::from_millis;
use helpdesk_domain::{GroupAccess, Meta, Organization, PermissionSet, StateType, User};
use helpdesk_policy::{
    Action, Actor, CustomerScreen, Decision, OrganizationFields, Resource, TicketFacts, TicketRole,
    UserFields, UserWriteMode, authorize, authorize_article_read, authorize_article_update,
    authorize_group_move, authorize_health_check, authorize_mention_removal, authorize_mentions,
    authorize_merged_ticket, authorize_notification, authorize_ticket_linking,
    authorize_ticket_mention, authorize_ticket_merge, authorize_ticket_overview,
    authorize_ticket_tagging, customer_may_set_state, organization_fields, ticket_access,
    ticket_create_access, user_fields, user_write_mode,
};

const ADMIN: &[&str] = &["admin", "user_preferences", "report", "ticket.agent"];
const AGENT: &[&str] = &["ticket.agent", "user_preferences"];
const CUSTOMER: &[&str] = &["ticket.customer", "user_preferences"];

/// The actors' names in the table.
mod who {
    pub const ADMIN: &str = "admin";
    pub const AGENT: &str = "agent";
    pub const CUSTOMER: &str = "customer (org 10)";
    pub const TOKEN: &str = "admin via token limited to ticket.agent";
}

fn user(id: i64, org: Option<i64>) -> User {
    let mut u = User::blank(Meta::new(1, from_millis(0)));
    u.id = id;
    u.login = format!("user{id}");
    u.organization_id = org;
    u
}

fn actor(id: i64, org: Option<i64>, perms: &[&str]) -> Actor {
    let mut u = user(id, org);
    u.group_ids = BTreeMap::from([(1, vec![GroupAccess::Full])]);
    Actor::new(u, PermissionSet::new(perms.iter().copied()))
}

fn organization(id: i64) -> Organization {
    Organization {
        id,
        name: format!("Org {id}"),
        ..Organization::blank(Meta::new(1, from_millis(0)))
    }
}

struct Row {
    actor: &'static str,
    action: &'static str,
    resource: &'static str,
    expected: String,
}

/// Every actor of the table.
fn actors() -> Vec<(&'static str, Actor)> {
    let mut token_admin = actor(2, None, ADMIN);
    token_admin.token_permissions = Some(PermissionSet::new(["ticket.agent"]));
    vec![
        (who::ADMIN, actor(2, None, ADMIN)),
        (who::AGENT, actor(3, None, AGENT)),
        (who::CUSTOMER, actor(4, Some(10), CUSTOMER)),
        (who::TOKEN, token_admin),
    ]
}

fn decide(actor: &Actor, action: Action, resource: &str) -> String {
    let other_same_org = user(5, Some(10));
    let other_org = user(6, Some(20));
    let own_org = organization(10);
    let foreign_org = organization(20);
    let res = match resource {
        "own user" => Resource::User(&actor.user),
        "customer of the same organization" => Resource::User(&other_same_org),
        "customer of another organization" => Resource::User(&other_org),
        "own organization" => Resource::Organization(&own_org),
        "another organization" => Resource::Organization(&foreign_org),
        "group" => Resource::Group,
        "ticket state" => Resource::State,
        "ticket priority" => Resource::Priority,
        "role" => Resource::Role,
        "own access token" => Resource::AccessToken,
        "object attribute" => Resource::ObjectAttribute,
        "time accounting type" => Resource::TimeAccountingType,
        "version" => Resource::Version,
        other => panic!("unknown resource {other}"),
    };
    match authorize(actor, action, res) {
        helpdesk_policy::Decision::Allow => "allow".into(),
        helpdesk_policy::Decision::Deny(d) => format!("deny: {}", d.message),
    }
}

fn write_mode(actor: Option<&Actor>, target: Option<&[&str]>) -> String {
    let target_user = user(9, None);
    let perms = target.map(|p| PermissionSet::new(p.iter().copied()));
    let target = perms.as_ref().map(|p| (&target_user, p));
    match user_write_mode(actor, target, true) {
        UserWriteMode::Full => "full".into(),
        UserWriteMode::Limited => "limited: roles, groups and password dropped".into(),
        UserWriteMode::Signup => "signup: Customer role only".into(),
        UserWriteMode::Denied(d) => format!("deny: {}", d.message),
    }
}

const ACTIONS: [(&str, Action); 4] = [
    ("read", Action::Read),
    ("create", Action::Create),
    ("update", Action::Update),
    ("delete", Action::Delete),
];

const RESOURCES: [&str; 14] = [
    "own user",
    "customer of the same organization",
    "customer of another organization",
    "own organization",
    "another organization",
    "group",
    "ticket state",
    "ticket priority",
    "role",
    "own access token",
    "object attribute",
    "time accounting type",
    "version",
    "",
];

/// The expected decisions: (actor, resource) → one entry per action in `ACTIONS` order.
fn expected() -> Vec<(&'static str, &'static str, [&'static str; 4])> {
    const A: &str = "allow";
    const U: &str = "deny: Not authorized (user)!";
    const T: &str = "deny: Not authorized (token)!";
    const N: &str = "deny: Not authorized";
    let (admin, agent, customer, token) = (who::ADMIN, who::AGENT, who::CUSTOMER, who::TOKEN);
    vec![
        (admin, "own user", [A, A, A, A]),
        (admin, "customer of another organization", [A, A, A, A]),
        (admin, "own organization", [A, A, A, A]),
        (admin, "group", [A, A, A, A]),
        (admin, "ticket state", [A, A, A, A]),
        (admin, "role", [A, A, A, A]),
        (admin, "own access token", [A, A, A, A]),
        (admin, "object attribute", [A, A, A, A]),
        (admin, "time accounting type", [A, A, A, A]),
        (admin, "version", [A, A, A, A]),
        (agent, "own user", [A, A, A, U]),
        (agent, "customer of another organization", [A, A, A, U]),
        (agent, "another organization", [A, U, U, U]),
        (agent, "group", [U, U, U, U]),
        (agent, "ticket state", [A, U, U, U]),
        (agent, "ticket priority", [A, U, U, U]),
        (agent, "role", [U, U, U, U]),
        (agent, "own access token", [A, A, A, A]),
        (agent, "object attribute", [U, U, U, U]),
        (agent, "time accounting type", [U, U, U, U]),
        (agent, "version", [U, U, U, U]),
        (customer, "own user", [A, U, U, U]),
        (customer, "customer of the same organization", [A, U, U, U]),
        (customer, "customer of another organization", [N, U, U, U]),
        (customer, "own organization", [A, U, U, U]),
        (customer, "another organization", [N, U, U, U]),
        (customer, "group", [U, U, U, U]),
        (customer, "ticket state", [A, U, U, U]),
        (customer, "role", [U, U, U, U]),
        (customer, "own access token", [A, A, A, A]),
        (customer, "object attribute", [U, U, U, U]),
        (customer, "time accounting type", [U, U, U, U]),
        (customer, "version", [U, U, U, U]),
        (token, "role", [T, T, T, T]),
        (token, "version", [T, T, T, T]),
        (token, "customer of another organization", [A, A, A, T]),
        (token, "group", [T, T, T, T]),
        (token, "ticket state", [A, T, T, T]),
        (token, "own access token", [T, T, T, T]),
    ]
}

fn render() -> (String, Vec<Row>) {
    let mut rows = Vec::new();
    let mut md = String::from(
        "# Permissions\n\nGenerated by `crates/policy/tests/permission_table.rs` from the policy itself; \
         refresh with `UPDATE_PERMISSIONS=1 cargo test -p helpdesk-policy`. A denial answers 403 with the \
         text shown (also in `X-Failure`); an unauthenticated request answers 401 before the policy is asked.\n\n\
         Actors: **admin** holds roles Admin and Agent (`admin`, `ticket.agent`, `user_preferences`, `report`); \
         **agent** holds `ticket.agent`, `user_preferences`; **customer** holds `ticket.customer`, \
         `user_preferences` and belongs to organization 10. A token's rights are its permissions met with its \
         owner's.\n\n## Records\n\n| actor | resource | read | create | update | delete |\n|---|---|---|---|---|---|\n",
    );
    for (name, actor) in actors() {
        for resource in RESOURCES.iter().filter(|r| !r.is_empty()) {
            let cells: Vec<String> = ACTIONS
                .iter()
                .map(|(_, a)| decide(&actor, *a, resource))
                .collect();
            md.push_str(&format!(
                "| {name} | {resource} | {} |\n",
                cells.join(" | ")
            ));
            for ((action, _), cell) in ACTIONS.iter().zip(&cells) {
                rows.push(Row {
                    actor: name,
                    action,
                    resource,
                    expected: cell.clone(),
                });
            }
        }
    }
    md.push_str("\n## Creating and updating users\n\n| actor | create a user | update a customer | update an agent |\n|---|---|---|---|\n");
    let anonymous = format!(
        "| anonymous (signup on) | {} | {} | {} |\n",
        write_mode(None, None),
        write_mode(None, Some(CUSTOMER)),
        write_mode(None, Some(AGENT))
    );
    md.push_str(&anonymous);
    for (name, actor) in actors() {
        md.push_str(&format!(
            "| {name} | {} | {} | {} |\n",
            write_mode(Some(&actor), None),
            write_mode(Some(&actor), Some(CUSTOMER)),
            write_mode(Some(&actor), Some(AGENT))
        ));
    }
    md.push_str(
        "\n## Field scopes\n\nWhat an answer carries of a user or organization the actor may read (show, list, \
         search, `expand`, the logins a ticket's `owner`/`customer`, an article's `created_by`/`updated_by` and \
         the history's owner and customer changes name): **full** is every field; **colleague** is only `id`, `firstname`, `lastname`, `image`, \
         `image_source`, `active` (and no login is named); **member** is only `id`, `name`, `active` (no note, \
         domain or members). Zammad's `UserPolicy` / `OrganizationPolicy` field scopes. So that a \
         search cannot spell out what the scope hides, customers may not search tickets by \
         `customer.email`, `customer.login` or `owner.login` (422).\n\n\
         | actor | own user | a customer of the same organization | an agent | own organization |\n|---|---|---|---|---|\n",
    );
    for (name, actor) in actors() {
        let org = actor.user.organization_id.unwrap_or(10);
        md.push_str(&format!(
            "| {name} | {} | {} | {} | {} |\n",
            user_scope(&actor, &actor.user.clone()),
            user_scope(&actor, &user(5, Some(org))),
            user_scope(&actor, &user(3, None)),
            organization_scope(&actor, &organization(org)),
        ));
    }
    md.push_str(
        "\n## The health check\n\n`GET /monitoring/health_check?token=`: a signed-in caller by \
         `admin.monitoring` alone (403 otherwise), an anonymous one by the configured token (401 \
         otherwise), as Zammad's `MonitoringControllerPolicy`.\n\n| caller | right token | wrong token |\n|---|---|---|\n",
    );
    let health = |actor: Option<&Actor>| {
        [true, false].map(|matches| match authorize_health_check(actor, matches) {
            Decision::Allow => "allow".to_string(),
            Decision::Deny(d) => format!("deny: {}", d.message),
        })
    };
    let [right, wrong] = health(None);
    md.push_str(&format!("| anonymous | {right} | {wrong} |\n"));
    for (name, actor) in actors() {
        let [right, wrong] = health(Some(&actor));
        md.push_str(&format!("| {name} | {right} | {wrong} |\n"));
    }
    md.push_str(
        "\n## Customers' ticket states and priorities\n\nThe state types a customer may choose (Zammad's \
         `viewable_customer_new` / `viewable_customer_edit` categories, the filter of its customer screens); \
         another answers 422 and writes nothing, and keeping a ticket's current state is no change. A \
         customer's priority is ignored (Zammad's customer screens offer none); agents set any state and \
         priority their group access allows.\n\n| screen | state types |\n|---|---|\n",
    );
    for (name, screen) in [
        ("create", CustomerScreen::Create),
        ("edit", CustomerScreen::Edit),
    ] {
        let types: Vec<&str> = StateType::ALL
            .into_iter()
            .filter(|t| customer_may_set_state(screen, *t))
            .map(|t| t.name())
            .collect();
        md.push_str(&format!("| {name} | {} |\n", types.join(", ")));
    }
    md.push_str(
        "\n## Tickets and what hangs on them\n\nOn a ticket of group 1 (where admin and agent have \
         `full` access) whose customer is the customer actor. Agents reach a ticket through their group \
         access, customers as its customer or through a shared organization; a customer sees the public \
         articles and none of the history of internal ones or of time accounting. Links, merges and mentions are \
         agents' (a mention is removed by the user mentioned only) (a merge needs `ticket.agent` before either ticket is looked up, then `change` on \
         both). Deleting a ticket is admin's.\n\n| actor | ",
    );
    md.push_str(&TICKET_COLUMNS.join(" | "));
    md.push_str(" |\n|---|");
    md.push_str(&"---|".repeat(TICKET_COLUMNS.len()));
    md.push('\n');
    for (name, actor) in actors() {
        md.push_str(&format!(
            "| {name} | {} |\n",
            ticket_cells(&actor).join(" | ")
        ));
    }
    (md, rows)
}

/// The columns of the ticket section.
const TICKET_COLUMNS: [&str; 13] = [
    "read the ticket",
    "change it",
    "open one in its group",
    "move it to a group without access",
    "change its tags",
    "link it to another",
    "merge it into another",
    "mention oneself on it",
    "remove another user's mention",
    "ticket stats, related and recent",
    "read an internal article",
    "change an article",
    "another user's notification",
];

/// One actor's ticket decisions, in [`TICKET_COLUMNS`] order, on a ticket of group 1 whose
/// customer is the customer actor (user 4, organization 10, shared).
fn ticket_cells(actor: &Actor) -> Vec<String> {
    let ticket = TicketFacts {
        group_id: 1,
        customer_id: 4,
        organization_id: Some(10),
    };
    let role = |need| ticket_access(actor, &ticket, need, true);
    let show_role = |r: Result<TicketRole, helpdesk_policy::Denial>| match r {
        Ok(TicketRole::Agent) => "allow (as agent)".to_string(),
        Ok(TicketRole::Customer) => "allow (as customer)".to_string(),
        Err(d) => format!("deny: {}", d.message),
    };
    let then = |r: Result<TicketRole, helpdesk_policy::Denial>,
                f: &dyn Fn(TicketRole) -> Decision| {
        show(r.map_or_else(Decision::Deny, f))
    };
    vec![
        show_role(role(GroupAccess::Read)),
        show_role(role(GroupAccess::Change)),
        show_role(ticket_create_access(actor, 1)),
        show(authorize_group_move(actor, 1, 2)),
        then(role(GroupAccess::Change), &authorize_ticket_tagging),
        then(role(GroupAccess::Change), &authorize_ticket_linking),
        match authorize_ticket_merge(actor) {
            Decision::Allow => then(role(GroupAccess::Change), &authorize_merged_ticket),
            denied => show(denied),
        },
        match authorize_mentions(actor) {
            Decision::Allow => show(authorize_ticket_mention(role(GroupAccess::Read).ok())),
            denied => show(denied),
        },
        show(authorize_mention_removal(actor, Some(99))),
        show(authorize_ticket_overview(actor)),
        then(role(GroupAccess::Read), &|r| {
            authorize_article_read(r, true)
        }),
        then(role(GroupAccess::Change), &authorize_article_update),
        show(authorize_notification(actor, 99)),
    ]
}

fn show(decision: Decision) -> String {
    match decision {
        Decision::Allow => "allow".into(),
        Decision::Deny(d) => format!("deny: {}", d.message),
    }
}

fn user_scope(actor: &Actor, target: &User) -> &'static str {
    match user_fields(actor, target) {
        UserFields::Full => "full",
        UserFields::Colleague => "colleague",
    }
}

fn organization_scope(actor: &Actor, org: &Organization) -> &'static str {
    match organization_fields(actor, org) {
        OrganizationFields::Full => "full",
        OrganizationFields::Member => "member",
    }
}

#[test]
fn ticket_decisions() {
    const AGENT_ROLE: &str = "allow (as agent)";
    const CUSTOMER_ROLE: &str = "allow (as customer)";
    const A: &str = "allow";
    const N: &str = "deny: Not authorized";
    let all = actors();
    let staff = [
        AGENT_ROLE, AGENT_ROLE, AGENT_ROLE, N, A, A, A, A, N, A, A, A, N,
    ];
    assert_eq!(ticket_cells(&all[0].1), staff, "admin");
    assert_eq!(ticket_cells(&all[1].1), staff, "agent");
    assert_eq!(
        ticket_cells(&all[2].1),
        [
            CUSTOMER_ROLE,
            CUSTOMER_ROLE,
            CUSTOMER_ROLE,
            N,
            N,
            N,
            "deny: Not authorized (user)!",
            "deny: Not authorized (user)!",
            N,
            "deny: Not authorized (user)!",
            N,
            N,
            N
        ],
        "customer"
    );
}

#[test]
fn field_scopes() {
    let all = actors();
    let customer = &all[2].1;
    assert_eq!(user_scope(customer, &customer.user.clone()), "full");
    assert_eq!(user_scope(customer, &user(5, Some(10))), "colleague");
    assert_eq!(user_scope(customer, &user(3, None)), "colleague");
    assert_eq!(organization_scope(customer, &organization(10)), "member");
    for (_, staff) in &all[..2] {
        assert_eq!(user_scope(staff, &user(5, Some(10))), "full");
        assert_eq!(organization_scope(staff, &organization(10)), "full");
    }
}

#[test]
fn decisions_match_the_expected_table() {
    let (_, rows) = render();
    for (actor, resource, cells) in expected() {
        for ((action, _), want) in ACTIONS.iter().zip(cells) {
            let got = rows
                .iter()
                .find(|r| r.actor == actor && r.resource == resource && r.action == *action)
                .unwrap_or_else(|| panic!("no row for {actor} / {resource} / {action}"));
            assert_eq!(got.expected, want, "{actor} may {action} {resource}?");
        }
    }
}

#[test]
fn the_health_check_takes_the_token_from_anonymous_callers_only() {
    let all = actors();
    assert!(authorize_health_check(None, true).is_allowed());
    assert_eq!(
        authorize_health_check(None, false),
        Decision::deny("Not authorized")
    );
    assert!(authorize_health_check(Some(&all[0].1), false).is_allowed());
    for (_, caller) in &all[1..] {
        assert!(!authorize_health_check(Some(caller), true).is_allowed());
    }
}

#[test]
fn user_write_modes() {
    let all = actors();
    let agent = &all[1].1;
    let customer = &all[2].1;
    assert_eq!(write_mode(None, None), "signup: Customer role only");
    assert_eq!(write_mode(Some(&all[0].1), Some(AGENT)), "full");
    assert_eq!(
        write_mode(Some(agent), Some(CUSTOMER)),
        "limited: roles, groups and password dropped"
    );
    assert_eq!(write_mode(Some(agent), Some(AGENT)), "deny: Not authorized");
    assert_eq!(
        write_mode(Some(customer), Some(CUSTOMER)),
        "deny: Not authorized (user)!"
    );
    assert!(write_mode(None, Some(CUSTOMER)).starts_with("deny"));
}

#[test]
fn docs_permissions_md_is_current() {
    let (md, _) = render();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/permissions.md");
    if std::env::var_os("UPDATE_PERMISSIONS").is_some() {
        std::fs::write(&path, &md).expect("write docs/permissions.md");
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == md,
        "docs/permissions.md is stale: run `UPDATE_PERMISSIONS=1 cargo test -p helpdesk-policy`"
    );
}
