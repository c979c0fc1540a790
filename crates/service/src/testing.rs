//! Test support for the use cases' unit tests: a seeded helpdesk on the memory store.

use std::sync::Arc;

use helpdesk_domain::Ticket;
use helpdesk_policy::Actor;
use helpdesk_storage_memory::MemoryStore;

use crate::{AdminSeed, Config, Credentials, CustomerRef, Helpdesk, Ref, TicketInput};

/// A seeded helpdesk, its admin (an agent of every group) and three tickets of the admin's
/// (titled `one`, `two`, `three`, with the article-less create of group 1).
pub(crate) async fn desk() -> (Helpdesk, Actor, Vec<Ticket>) {
    let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
    let admin = AdminSeed {
        email: "admin@example.com".into(),
        password: Some("s3cret-Pass".into()),
    };
    helpdesk.seed(admin).await.unwrap();
    let basic =
        Credentials::from_authorization(Some("Basic YWRtaW5AZXhhbXBsZS5jb206czNjcmV0LVBhc3M="));
    let actor = helpdesk.authenticate(&basic, None).await.unwrap();
    let mut tickets = Vec::new();
    for title in ["one", "two", "three"] {
        let input = TicketInput {
            title: Some(title.into()),
            group: Some(Ref::Id(1)),
            customer: Some(CustomerRef::Existing(Ref::Id(actor.id()))),
            ..Default::default()
        };
        tickets.push(helpdesk.create_ticket(&actor, input).await.unwrap().ticket);
    }
    (helpdesk, actor, tickets)
}
