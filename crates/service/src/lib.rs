//! The helpdesk's use cases: each one begins a transaction, loads what it needs, asks the
//! policy, changes records and commits. Authentication lives here too.
//!
//! Architecture invariant: no HTTP types and no storage backend: this crate sees storage only
//! through `helpdesk_storage` traits and answers with [`Error`], which the HTTP layer maps to
//! statuses in one place.
//!
//! [`Helpdesk`] is the entry point: built over any [`helpdesk_storage::Store`], it offers one
//! method per API operation, each taking the [`Actor`] that [`Helpdesk::authenticate`] answers
//! for the caller's [`Credentials`]. An application's own use cases call these methods, so they
//! obey the same permissions:
//!
//! ```
//! use std::sync::Arc;
//!
//! use helpdesk_service::{AdminSeed, Config, Credentials, Helpdesk, SearchQuery};
//! use helpdesk_storage_memory::MemoryStore;
//!
//! # tokio::runtime::Runtime::new().unwrap().block_on(async {
//! let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
//! let admin = AdminSeed { email: "admin@example.com".into(), password: Some("s3cret-Pass".into()) };
//! helpdesk.seed(admin).await?;
//!
//! let basic = Credentials::from_authorization(Some("Basic YWRtaW5AZXhhbXBsZS5jb206czNjcmV0LVBhc3M="));
//! let actor = helpdesk.authenticate(&basic, None).await?;
//! let open = SearchQuery { query: Some("state.name:open".into()), ..Default::default() };
//! assert_eq!(helpdesk.search_tickets(&actor, &open, false).await?.total, 0);
//! # Ok::<(), helpdesk_service::Error>(())
//! # }).unwrap();
//! ```

#![warn(missing_docs)]

mod articles;
mod assets;
mod attributes;
mod auth;
mod clock;
mod config;
mod custom_fields;
mod error;
mod groups;
mod history;
mod links;
mod lookups;
mod mentions;
mod merge;
mod monitoring;
mod notifications;
mod organizations;
mod password;
mod patch;
mod query;
mod recent_views;
mod roles;
mod seed;
mod tags;
#[cfg(test)]
mod testing;
mod ticket_effects;
mod ticket_lookups;
mod ticket_stats;
mod tickets;
mod time_accounting;
mod tokens;
mod users;

use std::sync::Arc;

pub use articles::{ArticleInput, ArticleUpdate, ArticleView, AttachmentInput};
pub use assets::Assets;
pub use attributes::AttributeInput;
pub use auth::{ACTOR_REUSE_TTL, AuthCache, Credentials, IssuedReset, ResetVerification};
pub use clock::{Clock, FixedClock, SystemClock};
pub use config::Config;
pub use custom_fields::CustomValues;
pub use error::{Error, Result};
pub use groups::{GroupInput, GroupView};
pub use helpdesk_policy::{Actor, OrganizationFields, TicketRole, UserFields};
pub use links::{LinkInput, LinkList, TicketKey};
pub use lookups::{
    DefaultFlag, LookupKind, Op, PriorityInput, StateInput, TimeAccountingTypeInput,
};
pub use mentions::MentionQuery;
pub use merge::{MergeOutcome, SOURCE_NOT_FOUND, TARGET_NOT_FOUND};
pub use monitoring::Health;
pub use notifications::NOTIFICATION_LIST_LIMIT;
pub use organizations::{OrganizationInput, OrganizationView};
pub use query::{ListQuery, SearchQuery};
pub use recent_views::RecentTickets;
pub use roles::RoleInput;
pub use seed::{AdminSeed, SeedReport};
pub use ticket_lookups::Ref;
pub use ticket_stats::{MonthVolume, RelatedTickets, TicketStat, TicketStats};
pub use tickets::{
    CustomerRef, TICKETS_PER_PAGE, TicketInput, TicketListing, TicketNames, TicketView,
};
pub use time_accounting::TimeAccountingInput;
pub use tokens::{NewToken, TokenInput, TokenList};
pub use users::{UserInput, UserView};

use helpdesk_storage::{Mode, Store, Transaction};

/// The helpdesk: every use case, over one store. Cheap to clone.
#[derive(Clone)]
pub struct Helpdesk {
    inner: Arc<Inner>,
}

struct Inner {
    store: Arc<dyn Store>,
    clock: Arc<dyn Clock>,
    config: Config,
    auth_cache: AuthCache,
    login_throttle: auth::LoginThrottle,
    hashing: tokio::sync::Semaphore,
}

impl Helpdesk {
    /// A helpdesk over `store` with the system clock.
    pub fn new(store: Arc<dyn Store>, config: Config) -> Self {
        Self::with_clock(store, config, Arc::new(SystemClock))
    }

    /// A helpdesk over `store` reading time from `clock`.
    pub fn with_clock(store: Arc<dyn Store>, config: Config, clock: Arc<dyn Clock>) -> Self {
        let permits = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2);
        Self {
            inner: Arc::new(Inner {
                auth_cache: AuthCache::new(config.auth_cache_ttl, config.auth_cache_capacity),
                login_throttle: auth::LoginThrottle::new(
                    config.login_throttle_failures,
                    config.login_throttle_window,
                    auth::THROTTLE_CAPACITY,
                ),
                store,
                clock,
                config,
                hashing: tokio::sync::Semaphore::new(permits),
            }),
        }
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>> {
        Ok(self.inner.store.begin(mode).await?)
    }

    fn now(&self) -> helpdesk_domain::Timestamp {
        helpdesk_domain::meta::truncate_to_millis(self.inner.clock.now())
    }
}
