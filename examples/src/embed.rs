//! The extender's own poem application: the helpdesk's API and [`TicketStatsApi`] under
//! `/api/v1`, one OpenAPI document for both at `/api/openapi.json`, its UI at `/api/docs`, all
//! wrapped in the helpdesk's request handling so every answer (errors included) looks alike.

use helpdesk_http::ServeOptions;
use helpdesk_service::Helpdesk;
use poem::{Endpoint, Route};
use poem_openapi::{OpenApi, OpenApiService};

use crate::ticket_stats::TicketStatsApi;

/// The extender's document: the helpdesk's endpoints and the extender's, under `/api/v1`.
fn service(helpdesk: Helpdesk) -> OpenApiService<impl OpenApi + use<>, ()> {
    let apis = (
        helpdesk_http::api(helpdesk.clone()),
        TicketStatsApi::new(helpdesk),
    );
    OpenApiService::new(apis, "Acme Helpdesk", "1.0")
        .description("The helpdesk's REST API v1 with Acme's reports beside it.")
        .server("/api/v1")
}

/// The whole application, ready to serve.
pub fn app(helpdesk: Helpdesk, options: &ServeOptions) -> impl Endpoint + use<> {
    let api = service(helpdesk);
    let document = api.spec_endpoint();
    let ui = api.swagger_ui();
    let route = Route::new()
        .nest("/api/v1", api)
        .at("/api/openapi.json", document)
        .nest("/api/docs", ui);
    helpdesk_http::wrap(route, options)
}

/// The OpenAPI document of [`app`], as pretty JSON.
pub fn openapi_json(helpdesk: Helpdesk) -> String {
    service(helpdesk).spec()
}
