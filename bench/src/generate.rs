//! `helpdesk-bench generate`: the benchmark data set.
//!
//! Groups, organizations, agents and customers are created through the use cases of
//! [`Helpdesk`] (so they are exactly what the API would make); tickets and their articles are
//! written straight through the storage traits in large transactions, which keeps 100,000
//! tickets within a minute or two. The text is drawn from a fixed vocabulary with a skewed
//! distribution (seeded, so every run makes the same data), so free-text searches hit some
//! words often and others rarely.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::{Duration, Utc};
use helpdesk_domain::ticket::format_number;
use helpdesk_domain::{Article, ArticleType, GroupAccess, Id, Meta, Sender, Ticket, Timestamp};
use helpdesk_service::{
    Actor, AdminSeed, Config, Credentials, GroupInput, Helpdesk, OrganizationInput, TokenInput,
    UserInput,
};
use helpdesk_storage::{Mode, Store};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde::{Deserialize, Serialize};

/// The group names, in creation order.
const GROUP_NAMES: [&str; 10] = [
    "Sales", "Billing", "Support", "Returns", "Shipping", "Hardware", "Software", "Network",
    "Accounts", "Security",
];

/// Words of titles and bodies, most frequent first.
const WORDS: &[&str] = &[
    "the",
    "please",
    "help",
    "issue",
    "order",
    "account",
    "invoice",
    "again",
    "since",
    "today",
    "error",
    "login",
    "password",
    "delivery",
    "package",
    "refund",
    "payment",
    "update",
    "screen",
    "printer",
    "network",
    "email",
    "contract",
    "license",
    "server",
    "laptop",
    "monitor",
    "keyboard",
    "battery",
    "charger",
    "warranty",
    "shipment",
    "tracking",
    "address",
    "discount",
    "coupon",
    "subscription",
    "renewal",
    "cancellation",
    "upgrade",
    "downgrade",
    "backup",
    "restore",
    "firewall",
    "router",
    "switch",
    "cable",
    "adapter",
    "driver",
    "firmware",
    "installation",
    "configuration",
    "permission",
    "certificate",
    "timeout",
    "crash",
    "freeze",
    "slow",
    "broken",
    "missing",
    "damaged",
    "wrong",
    "duplicate",
    "urgent",
    "question",
    "complaint",
    "feedback",
    "request",
    "quote",
    "catalog",
    "voucher",
    "credit",
    "debit",
    "transfer",
    "statement",
    "receipt",
    "tax",
    "customs",
    "courier",
    "warehouse",
    "inventory",
    "scanner",
    "projector",
    "headset",
    "webcam",
    "microphone",
    "speaker",
    "tablet",
    "phone",
    "modem",
    "antenna",
    "storage",
    "memory",
    "processor",
    "motherboard",
    "fan",
    "overheating",
    "noise",
    "flicker",
    "pixel",
    "resolution",
    "calibration",
    "toner",
    "cartridge",
    "paper",
    "jam",
    "tray",
    "duplex",
    "staple",
    "fax",
    "voicemail",
    "extension",
    "conference",
    "meeting",
    "calendar",
    "reminder",
    "deadline",
    "escalation",
    "manager",
    "supervisor",
    "colleague",
    "department",
    "branch",
    "headquarters",
    "migration",
    "database",
    "spreadsheet",
    "report",
    "dashboard",
    "export",
    "import",
    "synchronization",
    "encryption",
    "phishing",
    "virus",
    "malware",
    "quarantine",
    "vpn",
    "proxy",
    "dns",
    "dhcp",
    "bandwidth",
    "latency",
    "outage",
    "maintenance",
    "zeppelin",
    "quasar",
    "walrus",
    "obsidian",
    "marmalade",
];

/// What to generate.
#[derive(clap::Args)]
pub struct Args {
    /// The empty database to fill (`sqlite://…`, `postgres://…`, `mysql://…`).
    #[arg(long)]
    database_url: String,
    /// Tickets, each with three articles.
    #[arg(long, default_value_t = 100_000)]
    tickets: u64,
    /// Customers.
    #[arg(long, default_value_t = 1_000)]
    customers: u64,
    /// Organizations the customers belong to (every third one shared).
    #[arg(long, default_value_t = 50)]
    organizations: u64,
    /// Groups (at most 10).
    #[arg(long, default_value_t = 10)]
    groups: usize,
    /// Agents.
    #[arg(long, default_value_t = 20)]
    agents: u64,
    /// The administrator's email.
    #[arg(long, default_value = "admin@example.com")]
    admin_email: String,
    /// The administrator's password.
    #[arg(long)]
    admin_password: String,
    /// Where to write the data set description (JSON).
    #[arg(long)]
    out: PathBuf,
}

/// A user the scenarios act as.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Login {
    /// Login for Basic auth.
    pub login: String,
    /// Password for Basic auth.
    pub password: String,
    /// Access token secret.
    pub token: String,
}

/// What the scenarios need to know about the generated data.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DataSet {
    /// How many tickets were generated.
    pub tickets: u64,
    /// The lowest generated ticket id.
    pub first_ticket_id: Id,
    /// The highest generated ticket id.
    pub last_ticket_id: Id,
    /// Group ids tickets are spread over.
    pub group_ids: Vec<Id>,
    /// Customer ids.
    pub customer_ids: Vec<Id>,
    /// An agent with full access to every group.
    pub agent: Login,
    /// A customer in a shared organization.
    pub customer: Login,
}

/// Tickets per write transaction.
const BATCH: u64 = 2_000;

/// Generates the data set and writes its description to `args.out`.
pub async fn run(args: Args) -> Result<()> {
    let started = Instant::now();
    let store = helpdesk_server::open_store(&args.database_url, &Default::default()).await?;
    let helpdesk = Helpdesk::new(store.clone(), Config::default());
    helpdesk
        .seed(AdminSeed {
            email: args.admin_email.clone(),
            password: Some(args.admin_password.clone()),
        })
        .await?;
    let admin = login(&helpdesk, &args.admin_email, &args.admin_password).await?;
    let mut rng = StdRng::seed_from_u64(42);

    let mut group_ids = Vec::new();
    for name in GROUP_NAMES
        .iter()
        .take(args.groups.clamp(1, GROUP_NAMES.len()))
    {
        let input = GroupInput {
            name: Some((*name).to_owned()),
            ..GroupInput::default()
        };
        group_ids.push(helpdesk.create_group(&admin, input).await?.group.id);
    }
    let mut org_ids = Vec::new();
    for i in 0..args.organizations.max(1) {
        let input = OrganizationInput {
            name: Some(format!("Organization {i}")),
            shared: Some(i % 3 == 0),
            ..OrganizationInput::default()
        };
        org_ids.push(
            helpdesk
                .create_organization(&admin, input)
                .await?
                .organization
                .id,
        );
    }

    let password = "bench-password-1";
    let mut agents_of_group: BTreeMap<Id, Vec<Id>> = BTreeMap::new();
    for i in 0..args.agents.max(1) {
        let access: BTreeMap<Id, Vec<GroupAccess>> = if i == 0 {
            group_ids
                .iter()
                .map(|g| (*g, vec![GroupAccess::Full]))
                .collect()
        } else {
            group_ids
                .iter()
                .filter(|_| rng.gen_bool(0.4))
                .map(|g| (*g, vec![GroupAccess::Full]))
                .collect()
        };
        let input = UserInput {
            login: Some(format!("agent{i}@bench.example")),
            email: Some(format!("agent{i}@bench.example")),
            firstname: Some("Agent".into()),
            lastname: Some(format!("Number {i}")),
            password: (i == 0).then(|| password.to_owned()),
            roles: Some(vec!["Agent".into()]),
            group_ids: Some(access.clone()),
            ..UserInput::default()
        };
        let id = helpdesk.create_user(&admin, input).await?.user.id;
        for group in access.keys() {
            agents_of_group.entry(*group).or_default().push(id);
        }
    }
    let mut customers = Vec::new();
    for i in 0..args.customers.max(1) {
        // One customer in ten has no organization; customer 0 is in organization 0 (shared).
        let org = (i == 0 || i % 10 != 0).then(|| org_ids[i as usize % org_ids.len()]);
        let input = UserInput {
            login: Some(format!("customer{i}@bench.example")),
            email: Some(format!("customer{i}@bench.example")),
            firstname: Some("Customer".into()),
            lastname: Some(format!("Number {i}")),
            organization_id: Some(org),
            password: (i == 0).then(|| password.to_owned()),
            roles: Some(vec!["Customer".into()]),
            ..UserInput::default()
        };
        let user = helpdesk.create_user(&admin, input).await?.user;
        customers.push((user.id, user.organization_id));
    }
    println!(
        "generate: {} groups, {} organizations, {} agents, {} customers in {:.1?}",
        group_ids.len(),
        org_ids.len(),
        args.agents,
        customers.len(),
        started.elapsed()
    );

    let agent = credentials(&helpdesk, "agent0@bench.example", password, "ticket.agent").await?;
    let customer = credentials(
        &helpdesk,
        "customer0@bench.example",
        password,
        "ticket.customer",
    )
    .await?;

    let world = World {
        group_ids: group_ids.clone(),
        agents_of_group,
        customers: customers.clone(),
        system_id: helpdesk.config().ticket_system_id.clone(),
        admin_id: admin.id(),
        now: Utc::now(),
        total: args.tickets,
    };
    let (first_ticket_id, last_ticket_id) = tickets(store.as_ref(), &world, &mut rng).await?;
    let data = DataSet {
        tickets: args.tickets,
        first_ticket_id,
        last_ticket_id,
        group_ids,
        customer_ids: customers.iter().map(|(id, _)| *id).collect(),
        agent,
        customer,
    };
    std::fs::write(&args.out, serde_json::to_vec_pretty(&data)?)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!(
        "generate: {} tickets with 3 articles each, done in {:.1?}",
        args.tickets,
        started.elapsed()
    );
    Ok(())
}

/// Authenticates with Basic credentials.
async fn login(helpdesk: &Helpdesk, login: &str, password: &str) -> Result<Actor> {
    let credentials = Credentials::Basic {
        login: login.to_owned(),
        password: password.to_owned(),
    };
    Ok(helpdesk.authenticate(&credentials, None).await?)
}

/// Logs a generated user in and gives it an access token with `permission`.
async fn credentials(
    helpdesk: &Helpdesk,
    user: &str,
    password: &str,
    permission: &str,
) -> Result<Login> {
    let actor = login(helpdesk, user, password).await?;
    let input = TokenInput {
        label: "bench".into(),
        permissions: vec![permission.to_owned()],
        expires_at: None,
    };
    let token = helpdesk.create_token(&actor, input).await?;
    Ok(Login {
        login: user.to_owned(),
        password: password.to_owned(),
        token: token.secret,
    })
}

/// Everything a ticket is drawn from.
struct World {
    group_ids: Vec<Id>,
    agents_of_group: BTreeMap<Id, Vec<Id>>,
    /// Customer ids with their organizations.
    customers: Vec<(Id, Option<Id>)>,
    system_id: String,
    admin_id: Id,
    now: Timestamp,
    total: u64,
}

/// Seeded state ids, in seed order: new, open, pending reminder, closed.
const STATES: [(Id, u32); 4] = [(1, 15), (2, 35), (3, 5), (4, 45)];
/// Seeded priority ids with their weights in percent: low, normal, high.
const PRIORITIES: [(Id, u32); 3] = [(1, 20), (2, 65), (3, 15)];

/// Writes the tickets in transactions of [`BATCH`]; answers the first and last id.
async fn tickets(store: &dyn Store, world: &World, rng: &mut StdRng) -> Result<(Id, Id)> {
    let started = Instant::now();
    let (mut first, mut last) = (0, 0);
    let mut made = 0;
    while made < world.total {
        let batch = BATCH.min(world.total - made);
        let mut tx = store.begin(Mode::Write).await?;
        for _ in 0..batch {
            let created = world.now - Duration::minutes(((world.total - made) * 5) as i64);
            let counter = tx.next_ticket_counter().await?;
            let ticket = tx
                .insert_ticket(&ticket(world, counter, created, rng))
                .await?;
            for article in articles(&ticket, created, rng) {
                tx.insert_article(&article).await?;
            }
            if first == 0 {
                first = ticket.id;
            }
            last = ticket.id;
            made += 1;
        }
        tx.commit().await?;
        if made % 20_000 == 0 || made == world.total {
            println!("generate: {made} tickets in {:.1?}", started.elapsed());
        }
    }
    Ok((first, last))
}

/// Picks from `(value, weight)` pairs whose weights add up to 100.
fn weighted(choices: &[(Id, u32)], rng: &mut StdRng) -> Id {
    let mut roll = rng.gen_range(0..100);
    for (value, weight) in choices {
        if roll < *weight {
            return *value;
        }
        roll -= weight;
    }
    choices[0].0
}

/// `count` words drawn with a skew towards the front of [`WORDS`].
fn text(count: usize, rng: &mut StdRng) -> String {
    (0..count)
        .map(|_| {
            let x: f64 = rng.r#gen();
            WORDS[((x * x) * WORDS.len() as f64) as usize % WORDS.len()]
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// One ticket, created at `created` and last changed an hour later.
fn ticket(world: &World, counter: i64, created: Timestamp, rng: &mut StdRng) -> Ticket {
    let group_id = world.group_ids[rng.gen_range(0..world.group_ids.len())];
    let (customer_id, organization_id) = world.customers[rng.gen_range(0..world.customers.len())];
    let owner_id = match world.agents_of_group.get(&group_id) {
        Some(agents) if rng.gen_bool(0.7) => agents[rng.gen_range(0..agents.len())],
        _ => 1,
    };
    let state_id = weighted(&STATES, rng);
    let updated = created + Duration::hours(1);
    let mut meta = Meta::new(customer_id, created);
    meta.touch(owner_id.max(world.admin_id), updated);
    let title_words = rng.gen_range(3..8);
    Ticket {
        number: format_number(&world.system_id, counter),
        title: text(title_words, rng),
        group_id,
        priority_id: weighted(&PRIORITIES, rng),
        state_id,
        organization_id,
        owner_id,
        customer_id,
        first_response_at: Some(created + Duration::minutes(30)),
        close_at: (state_id == 4).then_some(updated),
        last_contact_at: Some(created + Duration::minutes(30)),
        last_contact_agent_at: Some(created + Duration::minutes(30)),
        last_contact_customer_at: Some(created),
        create_article_type_id: ArticleType::from_name("email").map(|t| t.id),
        create_article_sender_id: Some(Sender::Customer.id()),
        article_count: 3,
        pending_time: (state_id == 3).then_some(updated + Duration::days(2)),
        ..Ticket::blank(meta)
    }
}

/// The customer's email, the agent's answer and an internal note.
fn articles(ticket: &Ticket, created: Timestamp, rng: &mut StdRng) -> Vec<Article> {
    let email = ArticleType::from_name("email").map_or(1, |t| t.id);
    let note = ArticleType::NOTE.id;
    let agent = ticket.owner_id.max(1);
    [
        (email, Sender::Customer, ticket.customer_id, false, 0),
        (email, Sender::Agent, agent, false, 30),
        (note, Sender::Agent, agent, true, 60),
    ]
    .into_iter()
    .map(|(type_id, sender, by, internal, minutes)| {
        let at = created + Duration::minutes(minutes);
        let words = rng.gen_range(20..60);
        Article {
            id: 0,
            ticket_id: ticket.id,
            type_id,
            sender_id: sender.id(),
            from: None,
            to: None,
            cc: None,
            subject: Some(ticket.title.clone()),
            reply_to: None,
            message_id: None,
            message_id_md5: None,
            in_reply_to: None,
            content_type: "text/plain".into(),
            references: None,
            body: text(words, rng),
            internal,
            preferences: serde_json::json!({}),
            origin_by_id: None,
            time_unit: None,
            meta: Meta::new(by, at),
        }
    })
    .collect()
}
