//! Tickets: list, search, show, create (with a first article, tags and a guessed customer),
//! update (with an article), delete. Zammad's lifecycle rules come from the domain; this
//! module loads, asks the policy, applies them and records history and notifications.

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::permission::names::TICKET_AGENT;
use helpdesk_domain::role::CUSTOMER_ROLE_ID;
use helpdesk_domain::search::{Query, Term};
use helpdesk_domain::tag::split_tags;
use helpdesk_domain::ticket::format_number;
use helpdesk_domain::validation;
use helpdesk_domain::{
    GroupAccess, Id, Listing, Meta, NotificationType, ObjectKind, Page, Priority, StateType,
    Ticket, Timestamp, User,
};
use helpdesk_policy::{
    Actor, CustomerScreen, TicketRole, TicketVisibility, authorize_group_move,
    authorize_ticket_delete, authorize_ticket_tagging, customer_may_set_state,
    ticket_create_access, ticket_visibility,
};
use helpdesk_storage::{Mode, Sort, TicketFilter, TicketScope, Transaction, fields};

use crate::articles::{
    ArticleInput, add_article, check_follow_up, load_ticket, prepare_article, reach_ticket,
    role_for, shared_org, store_article,
};
use crate::auth::actor_from;
use crate::custom_fields::{self, CustomValues};
use crate::error::OrNotFound;
use crate::links::{parse_new_ticket_links, reach_linked, store_new_links};
use crate::mentions::{mentionable_users, store_new_mentions};
use crate::patch::check_preferences;
use crate::ticket_effects::{
    ChangeContext, Event, Recipients, entry, notify_users, recipients, recipients_with,
    store_ticket_change, tag_entry,
};
use crate::ticket_lookups::{self as lookup, Ref, no_lookup};
use crate::users::visible_login;
use crate::{Error, Helpdesk, Result, SearchQuery};

/// The ticket list's default and largest page.
pub const TICKETS_PER_PAGE: u64 = 100;

/// How a request names the customer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CustomerRef {
    /// An existing user, by id or by login or email.
    Existing(Ref),
    /// `guess:<email>`: that user, created as a Customer when absent.
    Guess(String),
}

/// The fields of a ticket create or update; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct TicketInput {
    pub title: Option<String>,
    pub group: Option<Ref>,
    pub customer: Option<CustomerRef>,
    pub state: Option<Ref>,
    pub priority: Option<Ref>,
    pub owner: Option<Ref>,
    pub note: Option<Option<String>>,
    pub pending_time: Option<Option<Timestamp>>,
    pub ticket_type: Option<Option<String>>,
    pub preferences: Option<serde_json::Value>,
    /// Tags to add, as Zammad's comma-separated list.
    pub tags: Option<String>,
    /// Links of a new ticket (Zammad's `{"Ticket": {"parent": [ids], ...}}`: what the new
    /// ticket is of each); ignored on update, as Zammad does.
    pub links: Option<serde_json::Value>,
    /// Agents to mention on a new ticket (by id); ignored on update, as Zammad does.
    pub mentions: Option<Vec<Id>>,
    /// An article to add.
    pub article: Option<ArticleInput>,
    /// Custom field values (keys that are no live attribute of tickets are ignored).
    pub custom: CustomValues,
}

/// The names `expand=true` adds to a ticket.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct TicketNames {
    pub group: Option<String>,
    pub state: Option<String>,
    pub priority: Option<String>,
    pub owner: Option<String>,
    pub customer: Option<String>,
    pub organization: Option<String>,
}

/// A ticket as answered.
#[derive(Debug, Clone)]
pub struct TicketView {
    /// The ticket.
    pub ticket: Ticket,
    /// How the caller reaches it: customers do not see `time_unit`.
    pub role: TicketRole,
    /// The article ids the caller may see (show, create and update answers).
    pub article_ids: Option<Vec<Id>>,
    /// The ids of its time accounting entries, for agents, where `article_ids` are answered.
    pub time_accounting_ids: Option<Vec<Id>>,
    /// Names behind the ids, with `expand=true`.
    pub names: Option<TicketNames>,
    /// Its custom field values.
    pub custom: CustomValues,
}

/// A page of tickets.
pub type TicketListing = Listing<TicketView>;

/// The store's scope of what `visibility` lets a caller see, and whether it is an agent's.
pub(crate) fn scope_of(visibility: TicketVisibility) -> (TicketScope, bool) {
    match visibility {
        TicketVisibility::Groups(ids) => (TicketScope::Groups(ids), true),
        TicketVisibility::Customer {
            customer_id,
            organization_id,
        } => (
            TicketScope::Customer {
                customer_id,
                organization_id,
            },
            false,
        ),
        TicketVisibility::Nothing => (TicketScope::Groups(Vec::new()), false),
    }
}

/// Search fields that match users' logins and emails: not for customers, whose field scope
/// hides them (a prefix term would spell out a colleague's address letter by letter).
const LOGIN_FIELDS: &[&str] = &["customer.email", "customer.login", "owner.login"];

/// Refuses search fields tickets do not have (the names of live custom attributes are
/// fields of tickets), and for customers (`agent` unset) the login and email fields.
fn check_ticket_fields(query: &Query, custom: &[String], agent: bool) -> Result<()> {
    match query {
        Query::All | Query::Term(Term::Text(_)) => Ok(()),
        Query::Term(Term::Field { field, .. })
            if !agent && LOGIN_FIELDS.contains(&field.as_str()) =>
        {
            Err(Error::invalid(format!(
                "Search field '{field}' is not available to customers"
            )))
        }
        Query::Term(Term::Field { field, .. }) => {
            let known = fields::TICKET_SUBSTRING.contains(&field.as_str())
                || fields::TICKET_EQUALITY.contains(&field.as_str())
                || fields::TICKET_IDS.contains(&field.as_str())
                || custom.contains(field);
            if known {
                Ok(())
            } else {
                Err(Error::invalid(format!("Unknown search field '{field}'")))
            }
        }
        Query::Term(Term::Range { field, .. }) => {
            if fields::TICKET_TIMES.contains(&field.as_str()) {
                Ok(())
            } else {
                Err(Error::invalid(format!(
                    "'{field}' is not a time field and takes no range"
                )))
            }
        }
        Query::And(parts) | Query::Or(parts) => parts
            .iter()
            .try_for_each(|q| check_ticket_fields(q, custom, agent)),
    }
}

impl Helpdesk {
    /// A page of the tickets the caller may see, by id (`per_page` up to 100).
    pub async fn list_tickets(
        &self,
        actor: &Actor,
        page: Option<u64>,
        per_page: Option<u64>,
        expand: bool,
    ) -> Result<TicketListing> {
        let page = Page::new(page, per_page, TICKETS_PER_PAGE, TICKETS_PER_PAGE);
        self.find_tickets(actor, Query::All, Sort::by_id(), page, expand)
            .await
    }

    /// Tickets matching a search, among those the caller may see (filtered before the limit).
    pub async fn search_tickets(
        &self,
        actor: &Actor,
        q: &SearchQuery,
        expand: bool,
    ) -> Result<TicketListing> {
        let query = q.parsed(self.now())?;
        let sort = q.sort(fields::TICKET_SORT)?;
        self.find_tickets(actor, query, sort, q.page(), expand)
            .await
    }

    async fn find_tickets(
        &self,
        actor: &Actor,
        query: Query,
        sort: Sort,
        page: Page,
        expand: bool,
    ) -> Result<TicketListing> {
        let mut tx = self.begin(Mode::Read).await?;
        let custom = custom_fields::live_names(&mut tx, ObjectKind::Ticket).await?;
        let shared = shared_org(&mut tx, actor).await?;
        let (scope, agent) = scope_of(ticket_visibility(actor, shared));
        check_ticket_fields(&query, &custom, agent)?;
        let filter = TicketFilter {
            scope,
            query,
            internal_articles: agent,
        };
        let Listing { items, total } = tx.list_tickets(&filter, &sort, page).await?;
        let role = if agent {
            TicketRole::Agent
        } else {
            TicketRole::Customer
        };
        let ids: Vec<Id> = items.iter().map(|t| t.id).collect();
        let mut custom = custom_fields::values_of(&mut tx, ObjectKind::Ticket, &ids).await?;
        let mut items: Vec<TicketView> = items
            .into_iter()
            .map(|ticket| TicketView {
                custom: custom.remove(&ticket.id).unwrap_or_default(),
                ticket,
                role,
                article_ids: None,
                time_accounting_ids: None,
                names: None,
            })
            .collect();
        count_for_customers(&mut tx, &mut items).await?;
        if expand {
            expand_names(&mut tx, actor, &mut items).await?;
        }
        Ok(Listing { items, total })
    }

    /// One ticket with the ids of the articles the caller may see.
    pub async fn show_ticket(&self, actor: &Actor, id: Id, expand: bool) -> Result<TicketView> {
        let mut tx = self.begin(Mode::Read).await?;
        let found = tx
            .ticket_with_article_ids(id)
            .await?
            .or_not_found("Ticket", id)?;
        let role = role_for(&mut tx, actor, &found.ticket, GroupAccess::Read).await?;
        let article_ids = if role == TicketRole::Agent {
            found.article_ids
        } else {
            found.public_article_ids
        };
        view(&mut tx, actor, found.ticket, role, article_ids, expand).await
    }

    /// Opens a ticket, with its first article, tags and notifications, in one transaction.
    pub async fn create_ticket(&self, actor: &Actor, mut input: TicketInput) -> Result<TicketView> {
        let now = self.now();
        // Everything up to the counter only reads, in a read transaction, so the write
        // transaction (one at a time) stays short; guessing a customer may create one.
        let guess = matches!(input.customer, Some(CustomerRef::Guess(_)));
        let mut tx = self
            .begin(if guess { Mode::Write } else { Mode::Read })
            .await?;
        let title = input
            .title
            .take()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty());
        let title = title.ok_or_else(|| Error::invalid("Missing required attribute 'title'"))?;
        let group_ref = input
            .group
            .take()
            .ok_or_else(|| Error::invalid("Missing required attribute 'group_id'"))?;
        let group = lookup::group(&mut tx, &group_ref).await?;
        let role = ticket_create_access(actor, group.id)?;
        if role == TicketRole::Customer {
            // Customers neither choose these nor tag or link tickets (both are agents').
            input.customer = None;
            input.owner = None;
            input.preferences = None;
            input.tags = None;
            input.links = None;
            input.mentions = None;
            // Zammad's customer screens offer no priority.
            input.priority = None;
        }
        let linked = match input.links.take() {
            Some(links) => reach_linked(&mut tx, actor, parse_new_ticket_links(&links)?).await?,
            None => Vec::new(),
        };
        let states = tx.states().await?;
        let priorities = tx.priorities().await?;
        let roles = tx.roles().await?;
        let customer = match input.customer.take() {
            _ if role == TicketRole::Customer => actor.user.clone(),
            Some(r) => self.resolve_customer(&mut tx, actor, r, now).await?,
            None => return Err(Error::invalid("Missing required attribute 'customer_id'")),
        };
        let explicit_state = input.state.is_some();
        let state = match input.state.take() {
            Some(r) => lookup::named(&states, &r)?.clone(),
            None => lookup::default_state(&states)?.clone(),
        };
        if role == TicketRole::Customer && explicit_state {
            check_customer_state(&state, CustomerScreen::Create)?;
        }
        let priority = match input.priority.take() {
            Some(r) => lookup::named(&priorities, &r)?.clone(),
            None => lookup::default_priority(&priorities)?.clone(),
        };
        let mut ticket = Ticket {
            title,
            group_id: group.id,
            priority_id: priority.id,
            state_id: state.id,
            organization_id: customer.organization_id,
            owner_id: SYSTEM_USER_ID,
            customer_id: customer.id,
            ..Ticket::blank(Meta::new(actor.id(), now))
        };
        if let Some(owner) = input.owner.take() {
            let owner = self
                .resolve_owner(&mut tx, &owner, group.id, &roles)
                .await?;
            ticket.owner_id = owner;
        }
        ticket.enter_state(&state, now);
        apply_plain_fields(&mut ticket, &mut input)?;
        let (custom, live) =
            custom_fields::check_values_named(&mut tx, ObjectKind::Ticket, &input.custom, true)
                .await?;
        // The article's effects go into the ticket before it is stored (one write, no update).
        let article = match input.article.take() {
            Some(article) => {
                let max = self.config().max_attachment_bytes;
                let new = prepare_article(actor, role, &ticket, article, now, max)?;
                let wants_open = ticket.record_article(&new.article, now);
                if wants_open && !explicit_state && state.default_create {
                    ticket.enter_state(lookup::follow_up_state(&states)?, now);
                }
                Some(new)
            }
            None => None,
        };
        let mentioned = match input.mentions.take() {
            Some(ids) => mentionable_users(&mut tx, &ticket, &ids).await?,
            None => Vec::new(),
        };
        // Owner, group and mentions are final: who is notified is known.
        let notified = recipients_with(&mut tx, &ticket, &roles, actor.id(), &mentioned).await?;
        if !guess {
            tx.commit().await?;
            tx = self.begin(Mode::Write).await?;
        }
        let counter = tx.next_ticket_counter().await?;
        ticket.number = format_number(&self.inner.config.ticket_system_id, counter);
        let ticket = tx.insert_ticket(&ticket).await?;
        custom_fields::store_values(&mut tx, ObjectKind::Ticket, ticket.id, &custom).await?;
        let created = Event {
            kind: "created",
            object: "Ticket",
            o_id: ticket.id,
        };
        let mut history = vec![entry(ticket.id, created, None, actor.id(), now)];
        let mut article_ids = Vec::new();
        if let Some(new) = article {
            let (article, _) =
                store_article(&mut tx, actor.id(), ticket.id, new, now, &mut history).await?;
            if role == TicketRole::Agent || !article.internal {
                article_ids.push(article.id);
            }
        }
        store_new_links(&mut tx, &ticket, &linked, (actor.id(), now), &mut history).await?;
        store_new_mentions(
            &mut tx,
            &ticket,
            &mentioned,
            (actor.id(), now),
            &mut history,
        )
        .await?;
        tx.insert_histories(&history).await?;
        if let Some(tags) = input.tags.take() {
            for name in split_tags(&tags) {
                tx.add_tag(ticket.id, &name).await?;
            }
        }
        notify_users(
            &mut tx,
            &ticket,
            NotificationType::Create,
            &notified,
            actor.id(),
            now,
        )
        .await?;
        let time_accounting_ids = time_accounting_ids(&mut tx, &ticket, role).await?;
        tx.commit().await?;
        // What was just written is the answer: the one article, the values just stored.
        Ok(TicketView {
            ticket,
            role,
            article_ids: Some(article_ids),
            time_accounting_ids: Some(time_accounting_ids),
            names: None,
            custom: custom_fields::complete(&live, &custom),
        })
    }

    /// Changes a ticket and optionally adds an article, in one transaction. Customers cannot
    /// set owner, customer or preferences, and reopen closed tickets only where the group
    /// allows follow-ups.
    pub async fn update_ticket(
        &self,
        actor: &Actor,
        id: Id,
        mut input: TicketInput,
    ) -> Result<TicketView> {
        let now = self.now();
        let cx = self.change_context(id, actor.id(), now).await?;
        let mut tx = self.begin(Mode::Write).await?;
        let (mut ticket, role) = reach_ticket(&mut tx, actor, id, GroupAccess::Change).await?;
        if role == TicketRole::Customer {
            input.owner = None;
            input.customer = None;
            input.preferences = None;
            input.group = None;
            // Zammad's customer screens offer no priority.
            input.priority = None;
        }
        let before = ticket.clone();
        let explicit_state = input.state.is_some();

        if role == TicketRole::Customer && (input.article.is_some() || explicit_state) {
            let reopen = check_follow_up(&mut tx, &ticket, &cx.states).await?;
            if reopen && !explicit_state {
                ticket.enter_state(lookup::follow_up_state(&cx.states)?, now);
            }
        }
        if let Some(title) = input.title.take() {
            let title = title.trim().to_string();
            if title.is_empty() {
                return Err(Error::invalid("Missing required attribute 'title'"));
            }
            ticket.title = title;
        }
        if let Some(r) = input.group.take() {
            let group = lookup::group(&mut tx, &r).await?;
            authorize_group_move(actor, ticket.group_id, group.id).into_result()?;
            ticket.group_id = group.id;
        }
        if let Some(r) = input.customer.take() {
            let customer = self.resolve_customer(&mut tx, actor, r, now).await?;
            ticket.customer_id = customer.id;
            ticket.organization_id = customer.organization_id;
        }
        if let Some(r) = input.state.take() {
            let state = lookup::named(&cx.states, &r)?.clone();
            if role == TicketRole::Customer && state.id != before.state_id {
                check_customer_state(&state, CustomerScreen::Edit)?;
            }
            ticket.enter_state(&state, now);
        }
        if let Some(r) = input.priority.take() {
            ticket.priority_id = lookup::named(&cx.priorities, &r)?.id;
        }
        if let Some(r) = input.owner.take() {
            let owner = self
                .resolve_owner(&mut tx, &r, ticket.group_id, &cx.roles)
                .await?;
            ticket.assign_owner(owner, now);
        }
        apply_plain_fields(&mut ticket, &mut input)?;
        let (custom, live) =
            custom_fields::check_values_named(&mut tx, ObjectKind::Ticket, &input.custom, false)
                .await?;
        custom_fields::store_values(&mut tx, ObjectKind::Ticket, ticket.id, &custom).await?;
        let mut history = Vec::new();
        if let Some(article) = input.article.take() {
            let (_, _, wants_open) = add_article(
                &mut tx,
                actor,
                role,
                &mut ticket,
                article,
                now,
                self.config().max_attachment_bytes,
                &mut history,
            )
            .await?;
            let in_create_state = cx
                .states
                .iter()
                .any(|s| s.id == ticket.state_id && s.default_create);
            if wants_open && !explicit_state && in_create_state {
                ticket.enter_state(lookup::follow_up_state(&cx.states)?, now);
            }
        }
        if let Some(tags) = input.tags.take() {
            authorize_ticket_tagging(role).into_result()?;
            for name in split_tags(&tags) {
                if tx.add_tag(ticket.id, &name).await? {
                    history.push(tag_entry(ticket.id, &name, true, actor.id(), now));
                }
            }
        }
        store_ticket_change(&mut tx, &before, &mut ticket, &cx, history).await?;
        let answer = changed_view(&mut tx, ticket, role, &live).await?;
        tx.commit().await?;
        Ok(answer)
    }

    /// Deletes a ticket with everything that hangs off it (admins only).
    pub async fn delete_ticket(&self, actor: &Actor, id: Id) -> Result<()> {
        let mut tx = self.begin(Mode::Write).await?;
        load_ticket(&mut tx, id).await?;
        authorize_ticket_delete(actor).into_result()?;
        tx.delete_ticket(id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The context of `actor`'s change of ticket `id` at `now`: the states, priorities and
    /// roles, and who the change would notify as the ticket stands, read before a write transaction begins so that it stays short (they change
    /// only by an admin's hand; a ticket that names a state or priority removed since is
    /// refused by the database; the write re-reads the ticket and works out the recipients
    /// again when its owner or group is no longer theirs).
    pub(crate) async fn change_context(
        &self,
        id: Id,
        actor: Id,
        now: Timestamp,
    ) -> Result<ChangeContext> {
        let mut tx = self.begin(Mode::Read).await?;
        let states = tx.states().await?;
        let priorities = tx.priorities().await?;
        let roles = tx.roles().await?;
        let known = match tx.ticket(id).await? {
            Some(ticket) => Some(Recipients {
                owner_id: ticket.owner_id,
                group_id: ticket.group_id,
                users: recipients(&mut tx, &ticket, &roles, actor).await?,
            }),
            None => None,
        };
        tx.commit().await?;
        Ok(ChangeContext {
            states,
            priorities,
            roles,
            known,
            actor,
            now,
        })
    }

    async fn resolve_customer(
        &self,
        tx: &mut Box<dyn Transaction>,
        actor: &Actor,
        r: CustomerRef,
        now: Timestamp,
    ) -> Result<User> {
        match r {
            CustomerRef::Existing(r) => lookup::user(tx, &r, "customer_id").await,
            CustomerRef::Guess(email) => {
                let email = email.trim().to_lowercase();
                if let Some(user) = tx.user_by_login(&email).await? {
                    return Ok(user);
                }
                let mut user = User::blank(Meta::new(actor.id(), now));
                user.email = email.clone();
                user.role_ids = vec![CUSTOMER_ROLE_ID];
                user.normalize_and_validate()
                    .map_err(|_| no_lookup("customer_id", format!("guess:{email}")))?;
                Ok(tx.insert_user(&user).await?)
            }
        }
    }

    /// The owner `r` names: nobody (1), or an active agent with access to the group.
    async fn resolve_owner(
        &self,
        tx: &mut Box<dyn Transaction>,
        r: &Ref,
        group_id: Id,
        roles: &[helpdesk_domain::Role],
    ) -> Result<Id> {
        let user = lookup::user(tx, r, "owner_id").await?;
        if user.id == SYSTEM_USER_ID {
            return Ok(SYSTEM_USER_ID);
        }
        let owner = actor_from(user, roles);
        if !owner.user.active
            || !owner.can(TICKET_AGENT)
            || !owner.user.has_group_access(group_id, GroupAccess::Read)
        {
            return Err(Error::invalid(format!(
                "Invalid value for 'owner_id': user {} is no agent of this ticket's group",
                owner.id()
            )));
        }
        Ok(owner.id())
    }
}

/// Applies the fields that need no lookup: note, type, pending time and preferences.
fn apply_plain_fields(ticket: &mut Ticket, input: &mut TicketInput) -> Result<()> {
    if let Some(note) = input.note.take() {
        ticket.note = note;
    }
    if let Some(kind) = input.ticket_type.take() {
        ticket.ticket_type = kind;
    }
    if let Some(pending) = input.pending_time.take() {
        ticket.pending_time = pending;
    }
    if let Some(preferences) = input.preferences.take() {
        ticket.preferences = check_preferences(preferences)?;
    }
    validation::check_lengths(&[
        ("title", &ticket.title, validation::MAX_SHORT),
        (
            "note",
            ticket.note.as_deref().unwrap_or(""),
            validation::MAX_TEXT,
        ),
        (
            "type",
            ticket.ticket_type.as_deref().unwrap_or(""),
            validation::MAX_SHORT,
        ),
        (
            "preferences",
            &ticket.preferences.to_string(),
            validation::MAX_TEXT,
        ),
    ])?;
    Ok(())
}

/// Refuses a state a customer may not choose on `screen` (the policy's rule).
fn check_customer_state(state: &helpdesk_domain::State, screen: CustomerScreen) -> Result<()> {
    let allowed =
        StateType::from_id(state.state_type_id).is_some_and(|t| customer_may_set_state(screen, t));
    if allowed {
        return Ok(());
    }
    let choices = match screen {
        CustomerScreen::Create => "new or closed",
        CustomerScreen::Edit => "open or closed",
    };
    Err(Error::invalid(format!(
        "Invalid value for 'state_id': {:?} (a customer may set only a state of type {choices})",
        state.name
    )))
}

/// The answer for a ticket, given the ids of the articles the caller may see.
pub(crate) async fn view(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    ticket: Ticket,
    role: TicketRole,
    article_ids: Vec<Id>,
    expand: bool,
) -> Result<TicketView> {
    let custom = custom_fields::values_of(tx, ObjectKind::Ticket, &[ticket.id])
        .await?
        .remove(&ticket.id)
        .unwrap_or_default();
    let mut view = counted_view(tx, ticket, role, article_ids, custom).await?;
    if expand {
        expand_names(tx, actor, std::slice::from_mut(&mut view)).await?;
    }
    Ok(view)
}

/// The answer for a ticket without names, its article count as the caller may see it.
async fn counted_view(
    tx: &mut Box<dyn Transaction>,
    ticket: Ticket,
    role: TicketRole,
    article_ids: Vec<Id>,
    custom: CustomValues,
) -> Result<TicketView> {
    let time_accounting_ids = time_accounting_ids(tx, &ticket, role).await?;
    let mut views = [TicketView {
        ticket,
        role,
        article_ids: Some(article_ids),
        time_accounting_ids: Some(time_accounting_ids),
        names: None,
        custom,
    }];
    count_for_customers(tx, &mut views).await?;
    let [view] = views;
    Ok(view)
}

/// The ids of the ticket's time accounting entries for an agent (none for a customer). A
/// ticket without `time_unit` has none (its `time_unit` is their sum): no query then.
async fn time_accounting_ids(
    tx: &mut Box<dyn Transaction>,
    ticket: &Ticket,
    role: TicketRole,
) -> Result<Vec<Id>> {
    if role != TicketRole::Agent || ticket.time_unit.is_none() {
        return Ok(Vec::new());
    }
    let entries = tx.time_accountings(Some(ticket.id), Page::all()).await?;
    Ok(entries.items.iter().map(|e| e.id).collect())
}

/// Makes the `article_count` a customer is answered count only the articles it sees (no
/// internal ones), with one query for the page.
async fn count_for_customers(
    tx: &mut Box<dyn Transaction>,
    views: &mut [TicketView],
) -> Result<()> {
    let ids: Vec<Id> = views
        .iter()
        .filter(|v| v.role == TicketRole::Customer)
        .map(|v| v.ticket.id)
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let counts = tx.customer_article_counts(&ids).await?;
    for v in views.iter_mut().filter(|v| v.role == TicketRole::Customer) {
        let count = counts
            .iter()
            .find(|(id, _)| *id == v.ticket.id)
            .map_or(0, |(_, n)| *n);
        v.ticket.article_count = i32::try_from(count).unwrap_or(i32::MAX);
    }
    Ok(())
}

/// The answer for a ticket just changed, without names; `live` are the names of the live
/// custom attributes (read already by the change).
async fn changed_view(
    tx: &mut Box<dyn Transaction>,
    ticket: Ticket,
    role: TicketRole,
    live: &[String],
) -> Result<TicketView> {
    let article_ids = tx
        .article_ids_of_ticket(ticket.id, role == TicketRole::Agent)
        .await?;
    let custom = custom_fields::values_named(tx, ObjectKind::Ticket, live, &[ticket.id])
        .await?
        .remove(&ticket.id)
        .unwrap_or_default();
    counted_view(tx, ticket, role, article_ids, custom).await
}

/// Adds the names behind the ids, with a bounded number of queries per page. A user's login
/// is named only to those who may see the user's full record (a customer sees its own, not
/// its colleague's nor the agent's: the policy's field scope).
async fn expand_names(
    tx: &mut Box<dyn Transaction>,
    actor: &Actor,
    views: &mut [TicketView],
) -> Result<()> {
    let states = tx.states().await?;
    let priorities: Vec<Priority> = tx.priorities().await?;
    let mut user_ids: Vec<Id> = views
        .iter()
        .flat_map(|v| [v.ticket.owner_id, v.ticket.customer_id])
        .collect();
    user_ids.sort_unstable();
    user_ids.dedup();
    let users = tx.users_by_ids(&user_ids).await?;
    let mut groups: Vec<(Id, String)> = Vec::new();
    let mut orgs: Vec<(Id, String)> = Vec::new();
    for v in views.iter() {
        if !groups.iter().any(|(id, _)| *id == v.ticket.group_id)
            && let Some(g) = tx.group(v.ticket.group_id).await?
        {
            groups.push((g.id, g.name));
        }
        if let Some(org_id) = v.ticket.organization_id
            && !orgs.iter().any(|(id, _)| *id == org_id)
            && let Some(o) = tx.organization(org_id).await?
        {
            orgs.push((o.id, o.name));
        }
    }
    let login = |id: Id| visible_login(actor, &users, id);
    for v in views.iter_mut() {
        let t = &v.ticket;
        v.names = Some(TicketNames {
            group: groups
                .iter()
                .find(|(id, _)| *id == t.group_id)
                .map(|(_, n)| n.clone()),
            state: states
                .iter()
                .find(|s| s.id == t.state_id)
                .map(|s| s.name.clone()),
            priority: priorities
                .iter()
                .find(|p| p.id == t.priority_id)
                .map(|p| p.name.clone()),
            owner: login(t.owner_id),
            customer: login(t.customer_id),
            organization: t
                .organization_id
                .and_then(|o| orgs.iter().find(|(id, _)| *id == o).map(|(_, n)| n.clone())),
        });
    }
    Ok(())
}
