//! Embeds the helpdesk in an application of one's own: the helpdesk on the in-memory store,
//! its API and the extra `GET /api/v1/ticket_stats` under `/api/v1`, one OpenAPI document.
//!
//! ```sh
//! cargo run -p helpdesk-examples --example embed             # serves on 127.0.0.1:3000
//! cargo run -p helpdesk-examples --example embed -- openapi  # prints the document
//! curl -u admin@example.com:admin-password http://127.0.0.1:3000/api/v1/ticket_stats
//! ```
//!
//! `EMBED_BIND` chooses another address.

use std::sync::Arc;

use helpdesk_examples::embed;
use helpdesk_http::ServeOptions;
use helpdesk_service::{AdminSeed, Config, Helpdesk};
use helpdesk_storage_memory::MemoryStore;
use poem::Server;
use poem::listener::TcpListener;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
    if std::env::args().nth(1).as_deref() == Some("openapi") {
        println!("{}", embed::openapi_json(helpdesk));
        return Ok(());
    }
    helpdesk
        .seed(AdminSeed {
            email: "admin@example.com".into(),
            password: Some("admin-password".into()),
        })
        .await?;
    let bind = std::env::var("EMBED_BIND").unwrap_or_else(|_| "127.0.0.1:3000".into());
    let options = ServeOptions::default();
    println!("serving on http://{bind}/api/v1 (admin@example.com / admin-password)");
    println!("  GET /api/v1/ticket_stats, GET /api/openapi.json, UI at /api/docs");
    Server::new(TcpListener::bind(bind))
        .run_with_graceful_shutdown(
            embed::app(helpdesk, &options),
            async {
                let _ = tokio::signal::ctrl_c().await;
            },
            Some(options.shutdown_grace),
        )
        .await?;
    Ok(())
}
