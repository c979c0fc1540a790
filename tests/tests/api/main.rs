//! Black-box tests of the REST API: each test starts a real server on 127.0.0.1 and drives
//! it over HTTP, on the in-memory store, SQLite, PostgreSQL and MariaDB (the last two when
//! their URLs are set, see `helpers::on_every_backend!`).

mod helpers;

mod articles;
mod attributes;
mod auth;
mod field_scopes;
mod full_answers;
mod hostile;
mod limits;
mod links;
mod lookups;
mod matrix;
mod mentions;
mod merge;
mod monitoring;
mod organizations_groups;
mod outage;
mod password_reset;
mod query_language;
mod recent_views;
mod roles;
mod search_load;
mod shapes;
mod storage_faults;
mod tags_notifications;
mod ticket_stats;
mod tickets;
mod time_accounting;
mod tokens;
mod transport;
mod users;
