//! The storage contract suite against the in-memory store.

use helpdesk_storage_memory::MemoryStore;

async fn fresh() -> MemoryStore {
    MemoryStore::new()
}

helpdesk_storage_contract::storage_contract_tests!(fresh);
