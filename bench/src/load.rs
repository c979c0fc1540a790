//! Drives one scenario: a fixed number of connections, each sending its next request as soon
//! as the previous one is answered, for a warm-up and then a measured, fixed duration.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use hdrhistogram::Histogram;
use rand::SeedableRng;
use rand::rngs::StdRng;

use crate::client::{Connection, Request};

/// Makes the next request of a scenario.
pub type Maker = Arc<dyn Fn(&mut StdRng) -> Request + Send + Sync>;

/// How hard and how long to drive.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    /// Concurrent connections.
    pub connections: usize,
    /// Unmeasured time first.
    pub warmup: Duration,
    /// Measured time.
    pub duration: Duration,
}

/// What one scenario measured.
pub struct Outcome {
    /// Requests answered within the measured time.
    pub requests: u64,
    /// Of those, answers that were not 2xx (or failed).
    pub errors: u64,
    /// The first failure, for the report.
    pub first_error: Option<String>,
    /// Latencies in microseconds.
    pub latency: Histogram<u64>,
    /// The measured time.
    pub elapsed: Duration,
}

impl Outcome {
    /// Requests per second over the measured time.
    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// A latency quantile in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        self.latency.value_at_quantile(q) as f64 / 1000.0
    }
}

/// One worker's share of an [`Outcome`].
struct Share {
    requests: u64,
    errors: u64,
    first_error: Option<String>,
    latency: Histogram<u64>,
}

/// Runs `make`'s requests against `addr` as `plan` says.
pub async fn drive(addr: SocketAddr, plan: Plan, make: Maker) -> Result<Outcome> {
    let start = Instant::now() + Duration::from_millis(50);
    let measure_from = start + plan.warmup;
    let until = measure_from + plan.duration;
    let mut workers = Vec::new();
    for worker in 0..plan.connections {
        let make = Arc::clone(&make);
        let mut connection = Connection::open(addr).await?;
        workers.push(tokio::spawn(async move {
            let mut rng = StdRng::seed_from_u64(worker as u64 * 7919 + 1);
            let mut share = Share {
                requests: 0,
                errors: 0,
                first_error: None,
                latency: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid bounds"),
            };
            tokio::time::sleep_until(start.into()).await;
            loop {
                let request = make(&mut rng);
                let sent = Instant::now();
                if sent >= until {
                    break;
                }
                let answer = connection.send(&request).await;
                let done = Instant::now();
                if sent < measure_from {
                    continue;
                }
                share.requests += 1;
                let _ = share
                    .latency
                    .record((done - sent).as_micros().max(1) as u64);
                let failure = match answer {
                    Ok(a) if (200..300).contains(&a.status) => None,
                    Ok(a) => Some(format!(
                        "{} {} answered {}: {}",
                        request.method,
                        request.path,
                        a.status,
                        String::from_utf8_lossy(&a.body[..a.body.len().min(300)])
                    )),
                    Err(e) => Some(format!("{} {}: {e:#}", request.method, request.path)),
                };
                if let Some(failure) = failure {
                    share.errors += 1;
                    share.first_error.get_or_insert(failure);
                }
            }
            share
        }));
    }
    let mut outcome = Outcome {
        requests: 0,
        errors: 0,
        first_error: None,
        latency: Histogram::new_with_bounds(1, 60_000_000, 3)?,
        elapsed: plan.duration,
    };
    for worker in workers {
        let share = worker.await?;
        outcome.requests += share.requests;
        outcome.errors += share.errors;
        outcome.latency.add(&share.latency)?;
        if outcome.first_error.is_none() {
            outcome.first_error = share.first_error;
        }
    }
    // The last requests may end a little after `until`: measure to the end of the slowest.
    outcome.elapsed = Instant::now()
        .saturating_duration_since(measure_from)
        .max(plan.duration);
    if outcome.requests == 0 {
        bail!("no request was answered within {:?}", plan.duration);
    }
    Ok(outcome)
}
