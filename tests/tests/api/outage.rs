//! A database outage on PostgreSQL and MariaDB: the server talks to its database through a
//! TCP proxy this test controls. While the proxy is cut, every request answers 503 with
//! `Retry-After` and a JSON error within the acquire timeout (plus slack); once it is back,
//! requests succeed again without a restart. The health check, asked with the monitoring
//! token (which needs no database), answers 200 and unhealthy meanwhile.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use helpdesk_test_support::{Server, TestDatabase};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

use crate::helpers::{ADMIN, TestApp};

/// The acquire timeout the server gets here.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(1);

/// What a 503 may take beyond the acquire timeout.
const SLACK: Duration = Duration::from_secs(2);

/// How soon after the database is back a request must succeed.
const RECOVERY: Duration = Duration::from_secs(5);

/// Connections pass.
const UP: u8 = 0;
/// New connections are closed at once, as by a server that went away.
const REFUSE: u8 = 1;
/// New connections are accepted and never answered, as by a host that hangs.
const HANG: u8 = 2;

/// A TCP proxy to `target` that can be cut (every connection closed, new ones refused or
/// left hanging) and restored.
struct Proxy {
    addr: SocketAddr,
    mode: Arc<AtomicU8>,
    links: Arc<Mutex<Vec<JoinHandle<()>>>>,
    accept: JoinHandle<()>,
}

impl Proxy {
    async fn start(target: String) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a proxy port");
        let addr = listener.local_addr().expect("its address");
        let mode = Arc::new(AtomicU8::new(UP));
        let links: Arc<Mutex<Vec<JoinHandle<()>>>> = Arc::default();
        let accept = tokio::spawn({
            let (mode, links) = (Arc::clone(&mode), Arc::clone(&links));
            async move {
                while let Ok((mut client, _)) = listener.accept().await {
                    let link = match mode.load(Ordering::SeqCst) {
                        REFUSE => {
                            drop(client);
                            continue;
                        }
                        HANG => tokio::spawn(async move {
                            tokio::time::sleep(Duration::from_secs(3600)).await;
                            drop(client);
                        }),
                        _ => {
                            let target = target.clone();
                            tokio::spawn(async move {
                                if let Ok(mut server) = TcpStream::connect(&target).await {
                                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server)
                                        .await;
                                }
                            })
                        }
                    };
                    links.lock().expect("links").push(link);
                }
            }
        });
        Proxy {
            addr,
            mode,
            links,
            accept,
        }
    }

    /// Closes every connection; new ones get `mode` (`REFUSE` or `HANG`).
    fn cut(&self, mode: u8) {
        self.mode.store(mode, Ordering::SeqCst);
        self.close_all();
    }

    /// Lets connections through again (hanging ones are closed).
    fn restore(&self) {
        self.mode.store(UP, Ordering::SeqCst);
        self.close_all();
    }

    fn close_all(&self) {
        for link in self.links.lock().expect("links").drain(..) {
            link.abort();
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.cut(REFUSE);
        self.accept.abort();
    }
}

/// `url` with its `host:port` replaced by `addr`; and the `host:port` it named.
fn through(url: &str, addr: SocketAddr) -> (String, String) {
    let (scheme, rest) = url.split_once("://").expect("a URL");
    let (creds, rest) = rest.rsplit_once('@').map_or(("", rest), |(c, r)| (c, r));
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let at = if creds.is_empty() { "" } else { "@" };
    (
        format!("{scheme}://{creds}{at}{addr}/{path}"),
        host.to_string(),
    )
}

/// The monitoring token of the servers here.
const MONITORING_TOKEN: &str = "outage-monitoring-token";

/// The health check as the anonymous monitor with the token sees it (no database needed).
async fn health(app: &TestApp) -> serde_json::Value {
    app.get_ok(
        &format!("/monitoring/health_check?token={MONITORING_TOKEN}"),
        None,
    )
    .await
}

async fn outage_answers_503_quickly_and_recovers(server: Server) {
    let Some(database) = TestDatabase::create(server).await else {
        return;
    };
    let (_, target) = through(database.url(), "127.0.0.1:1".parse().expect("an address"));
    let proxy = Proxy::start(target).await;
    let (url, _) = through(database.url(), proxy.addr);
    let app = TestApp::spawn_on_database(database, url, |s| {
        s.database.acquire_timeout = ACQUIRE_TIMEOUT;
        s.config.monitoring_token = Some(MONITORING_TOKEN.into());
    })
    .await;
    app.get("/tickets", Some(ADMIN)).await.expect(200);
    assert_eq!(health(&app).await["healthy"], true);

    for (mode, n) in [(REFUSE, 0), (REFUSE, 1), (HANG, 2), (HANG, 3)] {
        proxy.cut(mode);
        let started = Instant::now();
        let answer = app.get("/tickets", Some(ADMIN)).await;
        let took = started.elapsed();
        println!("{server:?}: request {n} during the outage (mode {mode}) answered in {took:?}");
        let answer = answer.expect(503);
        assert!(took < ACQUIRE_TIMEOUT + SLACK, "the 503 took {took:?}");
        assert!(answer.header("Retry-After").is_some(), "no Retry-After");
        for field in ["error", "error_human"] {
            assert!(
                answer.body[field].as_str().is_some_and(|t| !t.is_empty()),
                "no {field}: {}",
                answer.text
            );
        }
        if n == 0 {
            let health = health(&app).await;
            assert_eq!(health["healthy"], false, "{health}");
            assert_eq!(
                health["issues"],
                serde_json::json!(["database not reachable"])
            );
        }
    }

    proxy.restore();
    let back = Instant::now();
    loop {
        let answer = app.get("/tickets", Some(ADMIN)).await;
        if answer.status == 200 {
            break;
        }
        assert!(
            back.elapsed() < RECOVERY,
            "still {} {} after the database came back",
            answer.status,
            answer.text
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    println!(
        "{server:?}: recovered {:?} after the database came back",
        back.elapsed()
    );
    let created = app
        .post(
            "/organizations",
            Some(ADMIN),
            serde_json::json!({ "name": crate::helpers::unique("After outage ") }),
        )
        .await;
    created.expect(200);
}

#[tokio::test]
async fn postgres_outage_answers_503_quickly_and_recovers() {
    outage_answers_503_quickly_and_recovers(Server::Postgres).await;
}

#[tokio::test]
async fn mysql_outage_answers_503_quickly_and_recovers() {
    outage_answers_503_quickly_and_recovers(Server::Mysql).await;
}
