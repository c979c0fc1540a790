//! The benchmark's ceiling: a bare poem-openapi handler that answers, from memory, the same
//! ticket objects a scenario answers — no authentication, no storage, no middleware — so
//! `helpdesk-bench` can tell how much of a request's cost is the helpdesk's own work.
//!
//! No part of the API: compiled only with the `ceiling` feature, which `helpdesk-bench`
//! alone enables, and hidden from the documentation. It lives here because it serializes
//! this crate's private DTOs and only this crate may depend on poem.
//!
//! It serializes the same DTO (the tickets endpoints' `Ticket`) with the same code as the real
//! endpoints:
//! `GET /ceiling/ticket` answers one ticket (as `GET /tickets/{id}` does) and
//! `GET /ceiling/tickets` a page of them with `X-Total-Count` (as `GET /tickets` does).

use poem::listener::TcpAcceptor;
use poem::{Route, Server};
use poem_openapi::payload::Json;
use poem_openapi::types::ParseFromJSON;
use poem_openapi::{OpenApi, OpenApiService};

use crate::list::ListResponse;
use crate::tickets::Ticket;

/// The two ceiling endpoints over the sample objects.
struct CeilingApi {
    ticket: Ticket,
    page: Vec<Ticket>,
}

#[OpenApi]
impl CeilingApi {
    /// One ticket, cloned and serialized per request.
    #[oai(path = "/ticket", method = "get")]
    async fn ticket(&self) -> Json<Ticket> {
        Json(self.ticket.clone())
    }

    /// A page of tickets, cloned and serialized per request.
    #[oai(path = "/tickets", method = "get")]
    async fn tickets(&self) -> ListResponse<Ticket> {
        ListResponse::Ok(Json(self.page.clone()), self.page.len() as u64)
    }
}

/// Serves the ceiling endpoints under `/ceiling` on a bound `listener` until the process
/// ends. `ticket` is one ticket as `GET /tickets/{id}` answered it, `page` an array of them
/// as `GET /tickets` answered it; either failing to parse as tickets is an `InvalidData` error.
pub async fn serve(
    listener: std::net::TcpListener,
    ticket: serde_json::Value,
    page: serde_json::Value,
) -> std::io::Result<()> {
    let invalid = |what: &str, message: String| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("the ceiling's {what} is not a ticket: {message}"),
        )
    };
    let api = CeilingApi {
        ticket: Ticket::parse_from_json(Some(ticket))
            .map_err(|e| invalid("ticket", e.into_message()))?,
        page: Vec::<Ticket>::parse_from_json(Some(page))
            .map_err(|e| invalid("page", e.into_message()))?,
    };
    listener.set_nonblocking(true)?;
    let acceptor = TcpAcceptor::from_std(listener)?;
    let app = Route::new().nest("/ceiling", OpenApiService::new(api, "ceiling", "1"));
    Server::new_with_acceptor(acceptor).run(app).await
}
