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

/// A search answer: the records, and the `X-Total-Count` header.
#[derive(ApiResponse)]
pub enum SearchResponse<T: ToJSON + Type + Send + Sync> {
    /// A plain array of records, or with `with_total_count=true` an object
    /// `{"records": [...], "total_count": N}`.
    #[oai(status = 200)]
    Ok(
        Json<T>,
        /// How many records match in all.
        #[oai(header = "X-Total-Count")]
        u64,
    ),
}

/// Declares the search answer types of a record: `$page` is `{records, total_count}` and
/// `$answer` is either a plain array or `$page`.
macro_rules! search_answer {
    ($answer:ident, $page:ident, $record:ty) => {
        /// Search results with their total (`with_total_count=true`).
        #[derive(Debug, Clone, poem_openapi::Object)]
        pub struct $page {
            /// The records of the page.
            pub records: Vec<$record>,
            /// How many records match in all.
            pub total_count: u64,
        }

        /// A search answer: a plain array, or the records with their total. Its schema is
        /// `oneOf` the array and the page, with no `type` of its own (an answer is either).
        #[derive(Debug, Clone)]
        pub enum $answer {
            /// The records (the default).
            List(Vec<$record>),
            /// The records and their total (`with_total_count=true`).
            Counted($page),
        }

        impl poem_openapi::types::Type for $answer {
            $crate::custom::own_raw_value!();

            fn name() -> std::borrow::Cow<'static, str> {
                stringify!($answer).into()
            }

            fn schema_ref() -> poem_openapi::registry::MetaSchemaRef {
                poem_openapi::registry::MetaSchemaRef::Reference(Self::name().into_owned())
            }

            fn register(registry: &mut poem_openapi::registry::Registry) {
                registry.create_schema::<Self, _>(Self::name().into_owned(), |registry| {
                    <Vec<$record>>::register(registry);
                    <$page>::register(registry);
                    poem_openapi::registry::MetaSchema {
                        description: Some(
                            "A search answer: a plain array of records, or with \
                             `with_total_count=true` the records with their total.",
                        ),
                        one_of: vec![<Vec<$record>>::schema_ref(), <$page>::schema_ref()],
                        ..poem_openapi::registry::MetaSchema::ANY
                    }
                });
            }
        }

        impl poem_openapi::types::ToJSON for $answer {
            fn to_json(&self) -> Option<serde_json::Value> {
                match self {
                    Self::List(records) => records.to_json(),
                    Self::Counted(page) => page.to_json(),
                }
            }
        }

        impl $answer {
            /// The answer for a listing, counted when asked.
            pub fn respond<S>(
                listing: helpdesk_domain::Listing<S>,
                with_total_count: bool,
                f: impl FnMut(S) -> $record,
            ) -> $crate::list::SearchResponse<$answer> {
                let total = listing.total;
                let records: Vec<$record> = listing.items.into_iter().map(f).collect();
                let answer = if with_total_count {
                    $answer::Counted($page {
                        records,
                        total_count: total,
                    })
                } else {
                    $answer::List(records)
                };
                $crate::list::SearchResponse::Ok(poem_openapi::payload::Json(answer), total)
            }
        }
    };
}

pub(crate) use search_answer;
