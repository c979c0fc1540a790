//! Schema migrations. Each file under `migration/` is one step; later issues add steps at the
//! end of [`Migrator::migrations`] and never edit a released one.

mod m0001_initial;
mod m0002_tickets;
mod m0003_write_locks;
mod m0004_custom_fields;
mod m0005_search_docs;
mod m0006_article_visibility_index;
mod m0007_password_resets;
mod m0008_time_accounting;
mod m0009_links;
mod m0010_mentions;
mod m0011_recent_views;
mod schema;

use sea_orm_migration::{MigrationTrait, MigratorTrait, async_trait};

/// Every schema migration of the SQL store, in order. [`crate::SeaOrmStore::connect`] runs the
/// pending ones; a server may also run them itself with [`MigratorTrait::up`].
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_initial::Migration),
            Box::new(m0002_tickets::Migration),
            Box::new(m0003_write_locks::Migration),
            Box::new(m0004_custom_fields::Migration),
            Box::new(m0005_search_docs::Migration),
            Box::new(m0006_article_visibility_index::Migration),
            Box::new(m0007_password_resets::Migration),
            Box::new(m0008_time_accounting::Migration),
            Box::new(m0009_links::Migration),
            Box::new(m0010_mentions::Migration),
            Box::new(m0011_recent_views::Migration),
        ]
    }
}
