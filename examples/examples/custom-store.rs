//! Runs the helpdesk on a storage backend of one's own (`CountingStore`: the in-memory store,
//! counting transactions) and prints what the use cases asked of it.
//!
//! ```sh
//! cargo run -p helpdesk-examples --example custom-store
//! cargo test -p helpdesk-examples --test custom_store   # the storage contract suite against it
//! ```

use std::sync::Arc;

use helpdesk_examples::counting_store::CountingStore;
use helpdesk_service::{Config, Credentials, Helpdesk};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let store = CountingStore::new();
    let helpdesk = Helpdesk::new(Arc::new(store.clone()), Config::default());
    helpdesk.seed(helpdesk_examples::admin_seed()).await?;
    let credentials =
        Credentials::from_authorization(Some("Basic YWRtaW5AZXhhbXBsZS5jb206YWRtaW4tcGFzc3dvcmQ="));
    let admin = helpdesk.authenticate(&credentials, None).await?;
    let tickets = helpdesk.list_tickets(&admin, None, None, false).await?;
    println!(
        "seeded, authenticated {} and listed {} tickets: {} read and {} write transactions",
        admin.user.login,
        tickets.total,
        store.reads(),
        store.writes()
    );
    Ok(())
}
