//! The helpdesk's domain model: records ([`Ticket`], [`User`], [`Group`], ...), value types
//! ([`PermissionSet`], [`Page`], the search [`search::Query`]) and lifecycle rules, with
//! [`ValidationError`] for a rule a request breaks.
//!
//! Architecture invariant: this crate does no I/O and knows no transport or storage. It is
//! synchronous; it knows nothing of HTTP, JSON field renames for the API, SQL or async runtimes.
//!
//! ```
//! use helpdesk_domain::search::Query;
//! use helpdesk_domain::{Page, PermissionSet};
//!
//! // `admin` grants every `admin.*` permission.
//! let rights = PermissionSet::new(["admin", "ticket.agent"]);
//! assert!(rights.grants("admin.user") && !rights.grants("ticket.customer"));
//!
//! // Page 3 of 20 records skips 40.
//! assert_eq!(Page::new(Some(3), Some(20), 100, 100).offset, 40);
//!
//! // The search language of `/…/search?query=`.
//! let query = Query::parse("state.name:open AND printer").unwrap();
//! assert_eq!(query.fields(), ["state.name"]);
//! ```

#![warn(missing_docs)]

pub mod access;
pub mod article;
pub mod condition;
pub mod group;
pub mod history;
pub mod html;
pub mod link;
pub mod mention;
pub mod meta;
pub mod notification;
pub mod object_attribute;
pub mod object_kind;
pub mod organization;
pub mod page;
pub mod permission;
pub mod priority;
pub mod recent_view;
pub mod role;
pub mod search;
pub mod state;
pub mod tag;
pub mod ticket;
pub mod time_accounting;
pub mod token;
pub mod user;
pub mod validation;

pub use access::GroupAccess;
pub use article::{Article, ArticleType, Attachment, Sender};
pub use group::{FollowUpPossible, Group};
pub use history::HistoryEntry;
pub use link::{Link, LinkType};
pub use mention::Mention;
pub use meta::{Id, Meta, Timestamp};
pub use notification::{NotificationType, OnlineNotification};
pub use object_attribute::ObjectAttribute;
pub use object_kind::ObjectKind;
pub use organization::Organization;
pub use page::{Listing, Page, SortOrder};
pub use permission::PermissionSet;
pub use priority::Priority;
pub use recent_view::RecentView;
pub use role::Role;
pub use state::{State, StateType};
pub use tag::TagItem;
pub use ticket::Ticket;
pub use time_accounting::{TimeAccounting, TimeAccountingType};
pub use token::{AccessToken, PasswordReset};
pub use user::User;
pub use validation::ValidationError;
