//! What a team that extends the helpdesk writes, as a crate outside the helpdesk's own: the
//! code behind the `embed` and `custom-store` examples, and what `docs/extending.md` walks
//! through.
//!
//! - [`ticket_stats`]: a use case of the extender's own, built on the helpdesk's use cases (so
//!   it obeys their permissions) plus a permission rule of its own, and its endpoint.
//! - [`embed`]: the extender's poem application: the helpdesk's API and the extender's endpoint
//!   under `/api/v1`, described by one OpenAPI document.
//! - [`counting_store`]: a storage backend of the extender's own that wraps the in-memory store
//!   and counts the transactions it opens; `tests/custom_store.rs` proves it with the storage
//!   contract suite.
//!
//! Architecture invariant: it uses only what an extender may use: the public API of
//! `helpdesk-domain`, `helpdesk-policy`, `helpdesk-storage`, `helpdesk-storage-memory`,
//! `helpdesk-service` and `helpdesk-http` (and the contract suite in its tests). It never
//! reaches into the helpdesk's internals, and it is the only crate besides `helpdesk-http`
//! that knows poem: it is the extender's own application.

#![warn(missing_docs)]

pub mod counting_store;
pub mod embed;
pub mod ticket_stats;

use helpdesk_service::AdminSeed;

/// The administrator the examples seed: `admin@example.com`, password `admin-password`.
pub fn admin_seed() -> AdminSeed {
    AdminSeed {
        email: "admin@example.com".into(),
        password: Some("admin-password".into()),
    }
}
