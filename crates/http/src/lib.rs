//! The REST API v1 over HTTP: poem-openapi DTOs and handlers, authentication headers, error
//! mapping, the OpenAPI document and its browsable UI.
//!
//! Architecture invariant: this is the only crate that knows poem. It holds no business
//! rules: handlers turn requests into use-case calls on [`helpdesk_service::Helpdesk`] and
//! their answers into JSON, and map [`helpdesk_service::Error`] to statuses in one place
//! ([`error`]).

mod articles;
mod attributes;
mod auth;
mod body;
pub mod ceiling;
mod custom;
pub mod error;
mod groups;
mod history;
mod list;
mod lookups;
mod middleware;
mod notifications;
mod organizations;
mod roles;
mod server;
mod tags;
mod tickets;
mod time;
mod tokens;
mod users;

pub use users::{Empty, Message};

pub use server::{ServeOptions, app, openapi_json, serve};
