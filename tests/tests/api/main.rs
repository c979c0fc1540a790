//! Black-box tests of the REST API: each test starts a real server on 127.0.0.1 and drives
//! it over HTTP, once on the in-memory store and once on SQLite.

mod helpers;

mod articles;
mod attributes;
mod auth;
mod lookups;
mod organizations_groups;
mod tags_notifications;
mod tickets;
mod tokens;
mod transport;
mod users;
