//! The helpdesk's domain model: records, value types and lifecycle rules.
//!
//! Architecture invariant: this crate does no I/O and knows no transport or storage. It is
//! synchronous; it knows nothing of HTTP, JSON field renames for the API, SQL or async runtimes.

pub mod access;
pub mod article;
pub mod group;
pub mod history;
pub mod meta;
pub mod notification;
pub mod object_attribute;
pub mod object_kind;
pub mod organization;
pub mod page;
pub mod permission;
pub mod priority;
pub mod role;
pub mod search;
pub mod state;
pub mod tag;
pub mod ticket;
pub mod token;
pub mod user;
pub mod validation;

pub use access::GroupAccess;
pub use article::{Article, ArticleType, Attachment, Sender};
pub use group::{FollowUpPossible, Group};
pub use history::HistoryEntry;
pub use meta::{Id, Meta, Timestamp};
pub use notification::{NotificationType, OnlineNotification};
pub use object_attribute::ObjectAttribute;
pub use object_kind::ObjectKind;
pub use organization::Organization;
pub use page::{Listing, Page, SortOrder};
pub use permission::PermissionSet;
pub use priority::Priority;
pub use role::Role;
pub use state::{State, StateType};
pub use tag::TagItem;
pub use ticket::Ticket;
pub use token::AccessToken;
pub use user::User;
pub use validation::ValidationError;
