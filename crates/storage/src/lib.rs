//! Storage ports: the repository traits every backend implements, the transaction handle, and
//! the one error type they all answer with.
//!
//! Architecture invariant: this crate names no driver, ORM or SQL; backends translate their
//! own failures into [`Error`]. Every use case runs in one [`Transaction`]: all its reads and
//! writes go through it, [`Transaction::commit`] makes them visible at once, and dropping the
//! handle without committing discards them.
//!
//! A backend implements [`Store`] and [`Transaction`] (with every repository trait) and proves
//! itself with the `helpdesk-storage-contract` suite. Code that uses a store sees only these
//! traits:
//!
//! ```
//! use helpdesk_domain::Id;
//! use helpdesk_storage::{Mode, Result, Store, UserRepo};
//!
//! /// The login of user `id`, read in one read transaction.
//! async fn login_of(store: &dyn Store, id: Id) -> Result<Option<String>> {
//!     let mut tx = store.begin(Mode::Read).await?;
//!     let user = tx.user(id).await?;
//!     tx.commit().await?;
//!     Ok(user.map(|user| user.login))
//! }
//! ```

#![warn(missing_docs)]

mod attribute_repos;
mod error;
mod filter;
mod repos;
mod ticket_repos;

pub use attribute_repos::{AttributeRepo, CustomValueRepo, value_keys};
pub use error::{Conflict, Error, Result};
pub use filter::{OrganizationFilter, Sort, TicketFilter, TicketScope, UserFilter, fields};
pub use repos::{
    AuthRepo, GroupRepo, OrganizationRepo, PriorityRepo, RoleRepo, StateRepo, TokenRepo, UserRepo,
};
pub use ticket_repos::{
    ArticleRepo, HistoryRepo, LinkRepo, MentionRepo, NotificationRepo, RecentViewRepo, TagRepo,
    TicketRepo, TimeAccountingRepo,
};

use async_trait::async_trait;
use helpdesk_domain::{Id, Ticket};

/// What a transaction will do: backends may run read-only work without taking write locks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Reads only; committing is allowed and changes nothing. A backend may give each
    /// statement of a read its own view of the latest commits instead of one snapshot.
    Read,
    /// Reads and writes.
    Write,
}

/// A storage backend: hands out transactions.
#[async_trait]
pub trait Store: Send + Sync + 'static {
    /// Opens a transaction. Write transactions of one store are isolated from each other: a
    /// backend MUST NOT let two of them interleave so that one's writes are lost.
    async fn begin(&self, mode: Mode) -> Result<Box<dyn Transaction>>;
}

/// One unit of work over every repository. Dropping it without [`commit`](Self::commit)
/// rolls back everything done through it.
#[async_trait]
pub trait Transaction:
    UserRepo
    + RoleRepo
    + GroupRepo
    + OrganizationRepo
    + StateRepo
    + PriorityRepo
    + TokenRepo
    + AuthRepo
    + TicketRepo
    + ArticleRepo
    + TagRepo
    + NotificationRepo
    + HistoryRepo
    + TimeAccountingRepo
    + LinkRepo
    + MentionRepo
    + RecentViewRepo
    + AttributeRepo
    + CustomValueRepo
    + Send
{
    /// Makes every change of this transaction durable and visible, all at once.
    async fn commit(self: Box<Self>) -> Result<()>;

    /// The ticket with the ids of its articles: what the answer for one ticket needs. The
    /// default reads the ticket, then the ids (all, then the public ones); a store may
    /// override it to read them together.
    async fn ticket_with_article_ids(&mut self, id: Id) -> Result<Option<TicketWithArticleIds>> {
        let Some(ticket) = self.ticket(id).await? else {
            return Ok(None);
        };
        Ok(Some(TicketWithArticleIds {
            ticket,
            article_ids: self.article_ids_of_ticket(id, true).await?,
            public_article_ids: self.article_ids_of_ticket(id, false).await?,
        }))
    }
}

/// A ticket with the ids of its articles, as [`Transaction::ticket_with_article_ids`] reads
/// them.
#[derive(Debug, Clone, PartialEq)]
pub struct TicketWithArticleIds {
    /// The ticket.
    pub ticket: Ticket,
    /// The ids of all its articles, ascending.
    pub article_ids: Vec<Id>,
    /// The ids of its public (not internal) articles, ascending.
    pub public_article_ids: Vec<Id>,
}
