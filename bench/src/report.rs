//! The results: one row per scenario, the machine, the server's peak RSS; printed as a table
//! and written as JSON.

use anyhow::{Context, Result};
use serde::Serialize;

use crate::generate::DataSet;
use crate::load::{Outcome, Plan};

/// One measured scenario or ceiling.
#[derive(Debug, Clone, Serialize)]
pub struct Measured {
    /// The scenario.
    pub name: String,
    /// Concurrent connections.
    pub connections: usize,
    /// Requests answered in the measured time.
    pub requests: u64,
    /// Of those, failures.
    pub errors: u64,
    /// Requests per second.
    pub rps: f64,
    /// Median latency, ms.
    pub p50_ms: f64,
    /// 99th percentile latency, ms.
    pub p99_ms: f64,
    /// The ceiling's requests per second, when the scenario has one.
    pub ceiling_rps: Option<f64>,
    /// `rps / ceiling_rps`.
    pub ratio_to_ceiling: Option<f64>,
}

impl Measured {
    /// The row of `outcome`, compared with `ceiling` requests per second.
    pub fn new(name: &str, plan: Plan, outcome: &Outcome, ceiling: Option<f64>) -> Self {
        let rps = outcome.rps();
        Self {
            name: name.to_owned(),
            connections: plan.connections,
            requests: outcome.requests,
            errors: outcome.errors,
            rps,
            p50_ms: outcome.quantile_ms(0.5),
            p99_ms: outcome.quantile_ms(0.99),
            ceiling_rps: ceiling,
            ratio_to_ceiling: ceiling.map(|c| rps / c),
        }
    }

    /// The row as a Markdown table line.
    pub fn line(&self) -> String {
        let ratio = self
            .ratio_to_ceiling
            .map_or_else(|| "–".to_owned(), |r| format!("{:.0} %", r * 100.0));
        format!(
            "| {} | {} | {:.0} | {:.2} | {:.2} | {} | {} |",
            self.name, self.connections, self.rps, self.p50_ms, self.p99_ms, ratio, self.errors
        )
    }
}

/// The machine the run measured.
#[derive(Debug, Clone, Serialize)]
pub struct Machine {
    /// Cores available.
    pub cores: usize,
    /// The CPU model from `/proc/cpuinfo`.
    pub cpu: String,
    /// Total memory, MiB.
    pub memory_mib: u64,
}

impl Machine {
    fn detect() -> Self {
        let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
        let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
        Self {
            cores: std::thread::available_parallelism().map_or(0, |n| n.get()),
            cpu: field(&cpuinfo, "model name").unwrap_or_default(),
            memory_mib: field(&meminfo, "MemTotal")
                .and_then(|v| v.trim_end_matches("kB").trim().parse::<u64>().ok())
                .map_or(0, |kib| kib / 1024),
        }
    }
}

/// The data set a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct DataSize {
    /// Tickets generated (three articles each).
    pub tickets: u64,
    /// Customers.
    pub customers: usize,
    /// Groups.
    pub groups: usize,
}

/// A whole run.
#[derive(Debug, Clone, Serialize)]
pub struct Results {
    /// The store's name.
    pub store: String,
    /// The machine.
    pub machine: Machine,
    /// The data set.
    pub data: DataSize,
    /// Measured seconds per scenario.
    pub seconds_per_scenario: f64,
    /// The ceilings.
    pub ceilings: Vec<Measured>,
    /// The scenarios.
    pub scenarios: Vec<Measured>,
    /// The server's peak resident set (VmHWM) after the whole run, MiB.
    pub server_peak_rss_mib: f64,
}

impl Results {
    /// Assembles a run's results, reading the server's peak RSS now.
    pub fn new(
        store: &str,
        data: &DataSet,
        plan: Plan,
        ceilings: Vec<Measured>,
        scenarios: Vec<Measured>,
        server_pid: u32,
    ) -> Result<Self> {
        Ok(Self {
            store: store.to_owned(),
            machine: Machine::detect(),
            data: DataSize {
                tickets: data.tickets,
                customers: data.customer_ids.len(),
                groups: data.group_ids.len(),
            },
            seconds_per_scenario: plan.duration.as_secs_f64(),
            ceilings,
            scenarios,
            server_peak_rss_mib: peak_rss_mib(server_pid)?,
        })
    }
}

/// The value of the first `name: value` line of a `/proc` file.
fn field(text: &str, name: &str) -> Option<String> {
    text.lines()
        .find(|line| line.starts_with(name))
        .and_then(|line| line.split_once(':'))
        .map(|(_, value)| value.trim().to_owned())
}

/// The peak resident set (VmHWM) of process `pid`, MiB.
pub fn peak_rss_mib(pid: u32) -> Result<f64> {
    let path = format!("/proc/{pid}/status");
    let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
    let kib: f64 = field(&status, "VmHWM")
        .and_then(|v| v.trim_end_matches("kB").trim().parse().ok())
        .with_context(|| format!("no VmHWM in {path}"))?;
    Ok(kib / 1024.0)
}

/// Prints the whole table.
pub fn print(results: &Results) {
    let m = &results.machine;
    println!(
        "\n{} — {} tickets; {} cores ({}), {} MiB; {} s per scenario",
        results.store,
        results.data.tickets,
        m.cores,
        m.cpu,
        m.memory_mib,
        results.seconds_per_scenario
    );
    println!("| scenario | conns | req/s | p50 ms | p99 ms | of ceiling | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for row in results.ceilings.iter().chain(&results.scenarios) {
        println!("{}", row.line());
    }
    println!(
        "server peak RSS (VmHWM): {:.1} MiB",
        results.server_peak_rss_mib
    );
}
