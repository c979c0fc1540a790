//! The REST API v1 over HTTP: poem-openapi DTOs and handlers, authentication headers, error
//! mapping, the OpenAPI document and its browsable UI.
//!
//! Architecture invariant: this is the only library crate that knows poem. It holds no
//! business rules: handlers turn requests into use-case calls on [`helpdesk_service::Helpdesk`]
//! and their answers into JSON, and map [`helpdesk_service::Error`] to statuses in one place
//! ([`error`]). It knows no storage backend: it is handed a `Helpdesk`.
//!
//! # Entry points
//!
//! - [`app`]: the whole application (the API under `/api/v1`, its document at
//!   `/api/openapi.json`, the UI at `/api/docs`); [`serve`] runs it on a bound listener until
//!   shutdown; [`openapi_json`] prints the document.
//! - To embed the API in an application of your own: [`api`] (every endpoint, as one
//!   `OpenApi` to combine with yours), [`wrap`] (the request handling every answer gets),
//!   [`Auth`] (the authentication extractor, for your own handlers) and [`error::ApiError`]
//!   (the error answers). `docs/extending.md` walks through it.
//!
//! ```no_run
//! use std::sync::Arc;
//!
//! use helpdesk_http::ServeOptions;
//! use helpdesk_service::{AdminSeed, Config, Helpdesk};
//! use helpdesk_storage_memory::MemoryStore;
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
//! helpdesk
//!     .seed(AdminSeed { email: "admin@example.com".into(), password: Some("secret".into()) })
//!     .await?;
//! let listener = std::net::TcpListener::bind("127.0.0.1:3000")?;
//! helpdesk_http::serve(listener, helpdesk, ServeOptions::default(), std::future::pending()).await?;
//! # Ok(())
//! # }
//! ```

#![warn(missing_docs)]

mod answers;
mod articles;
mod assets;
mod attributes;
mod auth;
mod body;
#[cfg(feature = "ceiling")]
#[doc(hidden)]
pub mod ceiling;
mod choice;
mod connections;
mod custom;
pub mod error;
mod failures;
mod groups;
mod history;
mod links;
mod list;
mod lookups;
mod mentions;
mod merge;
mod middleware;
mod monitoring;
mod notifications;
mod organizations;
mod params;
mod password_reset;
mod recent_views;
mod roles;
mod server;
mod tags;
mod ticket_stats;
mod tickets;
mod time;
mod time_accounting;
mod tokens;
mod users;

pub use users::{Empty, Message};

pub use auth::Auth;
pub use server::{ServeOptions, api, app, openapi_json, serve, wrap};
