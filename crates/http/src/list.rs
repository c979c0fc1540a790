//! List answers: a JSON array and the `X-Total-Count` header, and the other shapes Zammad's
//! search parameters ask for (`with_total_count`, `only_total_count`, `full`).

use helpdesk_domain::{Id, Listing};
use poem_openapi::payload::Json;
use poem_openapi::types::{ToJSON, Type};
use poem_openapi::{ApiResponse, Object};

use crate::assets::Assets;

/// The shape of a search answer, from its boolean parameters in Zammad's precedence:
/// `only_total_count`, then `expand` (a plain array with names), `full`, `with_total_count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// A plain array (the default).
    Plain,
    /// `{records, total_count}`.
    Counted,
    /// `{total_count}`.
    TotalOnly,
    /// `{record_ids, assets, total_count}`.
    Full,
}

impl Form {
    /// The form the flags ask for.
    pub fn from_flags(only_total_count: bool, expand: bool, full: bool, counted: bool) -> Self {
        if only_total_count {
            Self::TotalOnly
        } else if expand {
            if counted { Self::Counted } else { Self::Plain }
        } else if full {
            Self::Full
        } else if counted {
            Self::Counted
        } else {
            Self::Plain
        }
    }
}

/// How many records match (`only_total_count=true`).
#[derive(Debug, Clone, Object)]
pub struct TotalCount {
    /// How many records match in all.
    pub total_count: u64,
}

/// The ids of the records of the page with the records keyed by model and id (`full=true`).
#[derive(Debug, Clone, Object)]
pub struct FullPage {
    /// The page's record ids, in order.
    pub record_ids: Vec<Id>,
    /// The records and what they refer to.
    pub assets: Assets,
    /// How many records match in all.
    pub total_count: u64,
}

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
            /// The total only (`only_total_count=true`).
            Total($crate::list::TotalCount),
            /// The ids with the records as assets (`full=true`).
            Full($crate::list::FullPage),
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
                    <$crate::list::TotalCount>::register(registry);
                    <$crate::list::FullPage>::register(registry);
                    poem_openapi::registry::MetaSchema {
                        description: Some(
                            "A search answer: a plain array of records; with \
                             `with_total_count=true` the records with their total; with \
                             `only_total_count=true` the total; with `full=true` the ids \
                             with the records as assets.",
                        ),
                        one_of: vec![
                            <Vec<$record>>::schema_ref(),
                            <$page>::schema_ref(),
                            <$crate::list::TotalCount>::schema_ref(),
                            <$crate::list::FullPage>::schema_ref(),
                        ],
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
                    Self::Total(total) => total.to_json(),
                    Self::Full(full) => full.to_json(),
                }
            }
        }

        impl $answer {
            /// The answer for a listing in `form`; `Full` needs the assets of the page,
            /// which `assets` builds from the page's ids.
            pub async fn respond<S, A>(
                listing: helpdesk_domain::Listing<S>,
                form: $crate::list::Form,
                id: impl Fn(&S) -> helpdesk_domain::Id,
                f: impl FnMut(S) -> $record,
                assets: A,
            ) -> $crate::error::ApiResult<$crate::list::SearchResponse<$answer>>
            where
                A: AsyncFnOnce(
                    Vec<helpdesk_domain::Id>,
                ) -> $crate::error::ApiResult<$crate::assets::Assets>,
            {
                use $crate::list::{Form, FullPage, TotalCount};
                let total = listing.total;
                let answer = match form {
                    Form::TotalOnly => $answer::Total(TotalCount { total_count: total }),
                    Form::Full => {
                        let record_ids: Vec<helpdesk_domain::Id> =
                            listing.items.iter().map(id).collect();
                        let assets = assets(record_ids.clone()).await?;
                        $answer::Full(FullPage {
                            record_ids,
                            assets,
                            total_count: total,
                        })
                    }
                    Form::Counted => $answer::Counted($page {
                        records: listing.items.into_iter().map(f).collect(),
                        total_count: total,
                    }),
                    Form::Plain => $answer::List(listing.items.into_iter().map(f).collect()),
                };
                Ok($crate::list::SearchResponse::Ok(
                    poem_openapi::payload::Json(answer),
                    total,
                ))
            }
        }
    };
}

pub(crate) use search_answer;

/// A record's id with the records it refers to (`full=true` on show, create and update).
#[derive(Debug, Clone, Object)]
pub struct FullRecord {
    /// The record's id.
    pub id: Id,
    /// The record and what it refers to, keyed by model and id.
    pub assets: Assets,
}

/// A record as answered alone, or with `full=true` its id and assets.
#[derive(Debug, Clone)]
pub enum MaybeFull<T> {
    /// The record (the default).
    Plain(T),
    /// Its id and the assets (`full=true`).
    Full(FullRecord),
}

impl<T: Type> Type for MaybeFull<T> {
    crate::custom::own_raw_value!();

    fn name() -> std::borrow::Cow<'static, str> {
        format!("{}_or_full", T::name()).into()
    }

    fn schema_ref() -> poem_openapi::registry::MetaSchemaRef {
        poem_openapi::registry::MetaSchemaRef::Reference(Self::name().into_owned())
    }

    fn register(registry: &mut poem_openapi::registry::Registry) {
        registry.create_schema::<Self, _>(Self::name().into_owned(), |registry| {
            T::register(registry);
            FullRecord::register(registry);
            poem_openapi::registry::MetaSchema {
                description: Some("The record, or with `full=true` its id and assets."),
                one_of: vec![T::schema_ref(), FullRecord::schema_ref()],
                ..poem_openapi::registry::MetaSchema::ANY
            }
        });
    }
}

impl<T: ToJSON> ToJSON for MaybeFull<T> {
    fn to_json(&self) -> Option<serde_json::Value> {
        match self {
            Self::Plain(record) => record.to_json(),
            Self::Full(full) => full.to_json(),
        }
    }
}

/// `record` (whose id is `id`) as is, or with `full` its id and the assets `assets` builds
/// for that id.
pub(crate) async fn maybe_full<T, A>(
    record: T,
    id: Id,
    full: bool,
    assets: A,
) -> crate::error::ApiResult<MaybeFull<T>>
where
    A: AsyncFnOnce(Vec<Id>) -> crate::error::ApiResult<Assets>,
{
    if !full {
        return Ok(MaybeFull::Plain(record));
    }
    let assets = assets(vec![id]).await?;
    Ok(MaybeFull::Full(FullRecord { id, assets }))
}
