//! List answers: a JSON array and the `X-Total-Count` header.

use helpdesk_domain::Listing;
use poem_openapi::ApiResponse;
use poem_openapi::payload::Json;
use poem_openapi::types::{ToJSON, Type};

/// A page of records.
#[derive(ApiResponse)]
pub enum ListResponse<T: ToJSON + Type + Send + Sync> {
    /// The records of the page, ordered as requested.
    #[oai(status = 200)]
    Ok(
        Json<Vec<T>>,
        /// How many records the whole list holds.
        #[oai(header = "X-Total-Count")]
        u64,
    ),
}

impl<T: ToJSON + Type + Send + Sync> ListResponse<T> {
    /// Converts a listing's records with `f`.
    pub fn from_listing<S>(listing: Listing<S>, f: impl FnMut(S) -> T) -> Self {
        Self::Ok(
            Json(listing.items.into_iter().map(f).collect()),
            listing.total,
        )
    }
}
