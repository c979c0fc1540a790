//! The storage contract suite against the extender's own backend, stamped out with one macro
//! call, and a check that the backend counts what the use cases ask of it.

use std::sync::Arc;

use helpdesk_examples::counting_store::CountingStore;
use helpdesk_service::{Config, Helpdesk};

async fn fresh() -> CountingStore {
    CountingStore::new()
}

helpdesk_storage_contract::storage_contract_tests!(fresh);

#[tokio::test]
async fn the_store_counts_transactions_by_mode() {
    let store = CountingStore::new();
    let helpdesk = Helpdesk::new(Arc::new(store.clone()), Config::default());
    helpdesk
        .seed(helpdesk_examples::admin_seed())
        .await
        .expect("seeding an empty store");
    // One read finds the store empty (the administrator's password is hashed before the
    // write begins), one write seeds it.
    assert_eq!((store.reads(), store.writes()), (1, 1));
}
