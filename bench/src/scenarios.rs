//! `helpdesk-bench load`: the scenarios, their ceilings, and the run of them all.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use base64::Engine;
use bytes::Bytes;
use hyper::Method;
use hyper::header::HeaderValue;
use rand::Rng;
use rand::rngs::StdRng;
use serde_json::json;

use crate::ceiling::Ceiling;
use crate::client::{Connection, Request};
use crate::generate::DataSet;
use crate::load::{Maker, Plan, drive};
use crate::report::{self, Measured, Results};

/// What to drive and where.
#[derive(clap::Args)]
pub struct Args {
    /// The server's loopback port.
    #[arg(long)]
    port: u16,
    /// The server's process id, for its peak RSS.
    #[arg(long)]
    server_pid: u32,
    /// The data set description `generate` wrote.
    #[arg(long)]
    data: PathBuf,
    /// The store's name in the report (`sqlite`, `postgres`, ...).
    #[arg(long)]
    store: String,
    /// Concurrent connections of the throughput scenarios.
    #[arg(long, default_value_t = 32)]
    connections: usize,
    /// Concurrent connections of the search scenarios (latency under a light load).
    #[arg(long, default_value_t = 4)]
    search_connections: usize,
    /// Measured seconds per scenario (after a warm-up of a fifth of it).
    #[arg(long, default_value_t = 10.0)]
    seconds: f64,
    /// Where to write the results (JSON).
    #[arg(long)]
    out: PathBuf,
    /// Run only the scenarios whose name contains this text (for profiling one of them).
    #[arg(long)]
    only: Option<String>,
}

/// Who a scenario's requests authenticate as.
#[derive(Clone, Copy)]
enum As {
    AgentToken,
    AgentBasic,
    CustomerToken,
}

/// One scenario.
struct Scenario {
    /// What the table calls it.
    name: &'static str,
    /// Which ceiling it is compared with.
    ceiling: Option<&'static str>,
    /// Whether it is a search (driven with fewer connections).
    search: bool,
    make: Maker,
}

/// The ceiling of reads by id.
const CEILING_ONE: &str = "ceiling: one ticket";
/// The ceiling of list pages.
const CEILING_PAGE: &str = "ceiling: 100 tickets";

/// Free-text search words, frequent to rare.
const SEARCH_WORDS: [&str; 6] = [
    "printer", "warranty", "toner", "firewall", "outage", "walrus",
];
/// Group names the field search asks for (the generator's first groups).
const SEARCH_GROUPS: [&str; 3] = ["Sales", "Billing", "Support"];

/// Runs the ceilings, then every scenario, and reports.
pub async fn run(args: Args) -> Result<()> {
    let text =
        std::fs::read(&args.data).with_context(|| format!("reading {}", args.data.display()))?;
    let data: DataSet = serde_json::from_slice(&text)?;
    let server = SocketAddr::from((Ipv4Addr::LOCALHOST, args.port));
    let plan = Plan {
        connections: args.connections,
        warmup: Duration::from_secs_f64(args.seconds / 5.0),
        duration: Duration::from_secs_f64(args.seconds),
    };
    let auth = Auth::new(&data);

    let ceilings = run_ceilings(server, &data, &auth, &args, plan).await?;
    let mut measured = Vec::new();
    let wanted = |scenario: &Scenario| {
        args.only
            .as_deref()
            .is_none_or(|only| scenario.name.contains(only))
    };
    for scenario in scenarios(&data, &auth).into_iter().filter(wanted) {
        let plan = Plan {
            connections: if scenario.search {
                args.search_connections
            } else {
                plan.connections
            },
            ..plan
        };
        let outcome = drive(server, plan, scenario.make).await?;
        let ceiling = scenario
            .ceiling
            .and_then(|name| ceilings.iter().find(|c| c.name == name))
            .map(|c| c.rps);
        let row = Measured::new(scenario.name, plan, &outcome, ceiling);
        println!("{}", row.line());
        if let Some(error) = &outcome.first_error {
            bail!(
                "{}: {} of {} requests failed; the first: {error}",
                scenario.name,
                outcome.errors,
                outcome.requests
            );
        }
        measured.push(row);
    }
    let results = Results::new(
        &args.store,
        &data,
        plan,
        ceilings,
        measured,
        args.server_pid,
    )?;
    report::print(&results);
    std::fs::write(&args.out, serde_json::to_vec_pretty(&results)?)
        .with_context(|| format!("writing {}", args.out.display()))?;
    println!("results written to {}", args.out.display());
    Ok(())
}

/// Fetches the sample objects from the server, starts the ceiling server over them and drives
/// both ceilings.
async fn run_ceilings(
    server: SocketAddr,
    data: &DataSet,
    auth: &Auth,
    args: &Args,
    plan: Plan,
) -> Result<Vec<Measured>> {
    let middle = (data.first_ticket_id + data.last_ticket_id) / 2;
    let dir = args.out.parent().unwrap_or(std::path::Path::new("."));
    let ticket_file = dir.join("sample-ticket.json");
    let page_file = dir.join("sample-page.json");
    let mut connection = Connection::open(server).await?;
    for (path, file) in [
        (format!("/api/v1/tickets/{middle}"), &ticket_file),
        (
            "/api/v1/tickets?page=50&per_page=100".to_owned(),
            &page_file,
        ),
    ] {
        let request = get(path, auth.of(As::AgentToken));
        let answer = connection.send(&request).await?;
        if answer.status != 200 {
            bail!("{} answered {}", request.path, answer.status);
        }
        std::fs::write(file, &answer.body)?;
    }
    let ceiling = Ceiling::start(&ticket_file, &page_file).await?;
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, ceiling.port));
    let mut results = Vec::new();
    for (name, path) in [
        (CEILING_ONE, "/ceiling/ticket"),
        (CEILING_PAGE, "/ceiling/tickets"),
    ] {
        let auth = auth.of(As::AgentToken);
        let make: Maker = Arc::new(move |_| get(path.to_owned(), auth.clone()));
        let outcome = drive(addr, plan, make).await?;
        let row = Measured::new(name, plan, &outcome, None);
        println!("{}", row.line());
        results.push(row);
    }
    println!(
        "ceiling server peak RSS: {:.1} MiB",
        report::peak_rss_mib(ceiling.pid).unwrap_or(0.0)
    );
    Ok(results)
}

/// The `Authorization` headers of the scenario users.
struct Auth {
    agent_token: HeaderValue,
    agent_basic: HeaderValue,
    customer_token: HeaderValue,
}

impl Auth {
    fn new(data: &DataSet) -> Self {
        let token = |secret: &str| header(format!("Token token={secret}"));
        let basic = base64::engine::general_purpose::STANDARD
            .encode(format!("{}:{}", data.agent.login, data.agent.password));
        Self {
            agent_token: token(&data.agent.token),
            agent_basic: header(format!("Basic {basic}")),
            customer_token: token(&data.customer.token),
        }
    }

    fn of(&self, who: As) -> HeaderValue {
        match who {
            As::AgentToken => self.agent_token.clone(),
            As::AgentBasic => self.agent_basic.clone(),
            As::CustomerToken => self.customer_token.clone(),
        }
    }
}

/// A header value from text the harness made itself.
fn header(value: String) -> HeaderValue {
    HeaderValue::try_from(value).expect("credentials are printable ASCII")
}

/// A GET request.
fn get(path: String, auth: HeaderValue) -> Request {
    Request {
        method: Method::GET,
        path,
        auth,
        body: None,
    }
}

/// A request with a JSON body.
fn with_body(method: Method, path: String, auth: HeaderValue, body: serde_json::Value) -> Request {
    Request {
        method,
        path,
        auth,
        body: Some(Bytes::from(body.to_string())),
    }
}

/// One of `items`, chosen by `rng`.
fn pick<T: Copy>(rng: &mut StdRng, items: &[T]) -> T {
    items[rng.gen_range(0..items.len())]
}

/// Every scenario, in the order they run: reads, searches, then writes.
fn scenarios(data: &DataSet, auth: &Auth) -> Vec<Scenario> {
    let (first, last) = (data.first_ticket_id, data.last_ticket_id);
    let token = auth.of(As::AgentToken);
    let basic = auth.of(As::AgentBasic);
    let customer = auth.of(As::CustomerToken);
    let groups = Arc::new(data.group_ids.clone());
    let customers = Arc::new(data.customer_ids.clone());
    let read = |auth: HeaderValue| -> Maker {
        Arc::new(move |rng: &mut StdRng| {
            let id = rng.gen_range(first..=last);
            get(format!("/api/v1/tickets/{id}"), auth.clone())
        })
    };
    let fixed = |path: &'static str, auth: HeaderValue| -> Maker {
        Arc::new(move |_: &mut StdRng| get(path.to_owned(), auth.clone()))
    };
    let search = |query: fn(&mut StdRng) -> String| -> Maker {
        let auth = token.clone();
        Arc::new(move |rng: &mut StdRng| {
            let path = format!("/api/v1/tickets/search?query={}&limit=10", query(rng));
            get(path, auth.clone())
        })
    };
    vec![
        Scenario {
            name: "GET /tickets/{id} (token)",
            ceiling: Some(CEILING_ONE),
            search: false,
            make: read(token.clone()),
        },
        Scenario {
            name: "GET /tickets/{id} (Basic)",
            ceiling: Some(CEILING_ONE),
            search: false,
            make: read(basic),
        },
        Scenario {
            name: "GET /tickets?page=50&per_page=100 (agent)",
            ceiling: Some(CEILING_PAGE),
            search: false,
            make: fixed("/api/v1/tickets?page=50&per_page=100", token.clone()),
        },
        Scenario {
            name: "GET /tickets (customer)",
            ceiling: Some(CEILING_PAGE),
            search: false,
            make: fixed("/api/v1/tickets", customer),
        },
        Scenario {
            name: "GET /tickets/search free text",
            ceiling: None,
            search: true,
            make: search(|rng| pick(rng, &SEARCH_WORDS).to_string()),
        },
        Scenario {
            name: "GET /tickets/search field:value",
            ceiling: None,
            search: true,
            make: search(|rng| {
                let group = pick(rng, &SEARCH_GROUPS);
                let state = pick(rng, &["open", "new"]);
                format!("group.name:{group}%20AND%20state.name:{state}")
            }),
        },
        Scenario {
            name: "POST /tickets with an article",
            ceiling: None,
            search: false,
            make: {
                let auth = token.clone();
                let (groups, customers) = (Arc::clone(&groups), Arc::clone(&customers));
                Arc::new(move |rng: &mut StdRng| {
                    let n: u32 = rng.r#gen();
                    let body = json!({
                        "title": format!("Bench printer {n}"),
                        "group_id": pick(rng, &groups),
                        "customer_id": pick(rng, &customers),
                        "article": {
                            "subject": "Bench",
                            "body": format!("the printer in room {n} jams again since today"),
                            "type": "note",
                            "internal": false
                        }
                    });
                    with_body(Method::POST, "/api/v1/tickets".into(), auth.clone(), body)
                })
            },
        },
        Scenario {
            name: "POST /ticket_articles",
            ceiling: None,
            search: false,
            make: {
                let auth = token.clone();
                Arc::new(move |rng: &mut StdRng| {
                    let body = json!({
                        "ticket_id": rng.gen_range(first..=last),
                        "body": "we replaced the toner, please check again",
                        "type": "note",
                        "internal": false
                    });
                    with_body(
                        Method::POST,
                        "/api/v1/ticket_articles".into(),
                        auth.clone(),
                        body,
                    )
                })
            },
        },
        Scenario {
            name: "PUT /tickets/{id} state",
            ceiling: None,
            search: false,
            make: Arc::new(move |rng: &mut StdRng| {
                let id = rng.gen_range(first..=last);
                let state = pick(rng, &["open", "closed"]);
                with_body(
                    Method::PUT,
                    format!("/api/v1/tickets/{id}"),
                    token.clone(),
                    json!({ "state": state }),
                )
            }),
        },
    ]
}
