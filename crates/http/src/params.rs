//! The query parameters that lists and searches share, each group as one extractor:
//! [`Paging`] (`page`, `per_page`) and [`Searching`] (`query`, `limit`, `page`, `per_page`,
//! `sort_by`, `order_by`, `expand`, `with_total_count`); and [`Flag`], every boolean query
//! parameter, cast from its word as Rails casts it.
//!
//! poem-openapi documents an extractor as one parameter; these document themselves as one
//! query parameter whose schema is an object, in the form style and exploded, which in
//! OpenAPI means one query parameter per property, and [`Exploded`] writes them out as those
//! parameters. Each value is parsed and checked as a `Query` parameter with a validator is,
//! so a bad one answers the same 400.

use crate::list::Form;
use helpdesk_service::{ListQuery, SearchQuery};
use std::collections::HashMap;

use poem::http::Method;
use poem::{Request, RequestBody};
use poem_openapi::error::ParseParamError;
use poem_openapi::param::Query;
use poem_openapi::registry::{
    MetaApi, MetaOperationParam, MetaParamIn, MetaSchema, MetaSchemaRef, Registry,
};
use poem_openapi::types::{ParseFromParameter, ParseResult, Type};
use poem_openapi::validation::{Maximum, Validator};
use poem_openapi::{ApiExtractor, ApiExtractorType, ExtractParamOptions, OpenApi};

/// A boolean query parameter (`expand`, `with_total_count`, ...), false when absent.
///
/// `true`, `t`, `1`, `on` and `yes` are true, in any case; every other word, the empty one
/// included, is false, so a boolean never answers 400. Of repeated values the last counts, as
/// in Rails.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flag(pub bool);

impl Flag {
    /// The words that are true.
    const TRUE: [&'static str; 5] = ["true", "t", "1", "on", "yes"];
}

impl Type for Flag {
    const IS_REQUIRED: bool = false;
    type RawValueType = bool;
    type RawElementValueType = bool;

    fn name() -> std::borrow::Cow<'static, str> {
        "string".into()
    }

    /// Documented as the word it is read from: any word is accepted.
    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            description: Some(
                "A boolean as Rails casts it: `true`, `t`, `1`, `on` or `yes` (any case) is true, \
                 any other word false.",
            ),
            ..MetaSchema::new("string")
        }))
    }

    fn as_raw_value(&self) -> Option<&bool> {
        Some(&self.0)
    }

    fn raw_element_iter<'a>(&'a self) -> Box<dyn Iterator<Item = &'a bool> + 'a> {
        Box::new(std::iter::once(&self.0))
    }
}

impl ParseFromParameter for Flag {
    fn parse_from_parameter(value: &str) -> ParseResult<Self> {
        Ok(Flag(
            Self::TRUE
                .iter()
                .any(|word| value.eq_ignore_ascii_case(word)),
        ))
    }

    fn parse_from_parameters<I: IntoIterator<Item = A>, A: AsRef<str>>(
        iter: I,
    ) -> ParseResult<Self> {
        iter.into_iter().last().map_or(Ok(Flag(false)), |value| {
            Self::parse_from_parameter(value.as_ref())
        })
    }
}

/// The largest count a parameter accepts (400 above it).
const MAX_COUNT: f64 = 4_294_967_295.0;

/// The optional query parameter `name` of type `T`, parsed as poem-openapi's `Query` parses it.
async fn optional<T: ParseFromParameter>(
    request: &Request,
    body: &mut RequestBody,
    name: &'static str,
) -> poem::Result<Option<T>> {
    let options = ExtractParamOptions {
        name,
        explode: true,
        ..ExtractParamOptions::default()
    };
    Ok(Query::<Option<T>>::from_request(request, body, options)
        .await?
        .0)
}

/// The optional count parameter `name` (`0` to `4294967295`).
async fn count(
    request: &Request,
    body: &mut RequestBody,
    name: &'static str,
) -> poem::Result<Option<u64>> {
    let value = optional::<u64>(request, body, name).await?;
    let maximum = Maximum::new(MAX_COUNT, false);
    if let Some(value) = value
        && !maximum.check(&value)
    {
        return Err(ParseParamError {
            name,
            reason: format!("verification failed. {maximum}"),
        }
        .into());
    }
    Ok(value)
}

/// The schema of a count parameter.
fn count_schema() -> MetaSchemaRef {
    let MetaSchemaRef::Inline(schema) = u64::schema_ref() else {
        unreachable!("a u64's schema is inline");
    };
    MetaSchemaRef::Inline(Box::new(MetaSchema {
        minimum: Some(0.0),
        maximum: Some(MAX_COUNT),
        ..*schema
    }))
}

/// The schema of an exploded group of optional query parameters.
fn group_schema(properties: Vec<(&'static str, MetaSchemaRef)>) -> MetaSchemaRef {
    MetaSchemaRef::Inline(Box::new(MetaSchema {
        properties,
        ..MetaSchema::new("object")
    }))
}

/// Implements [`ApiExtractor`] for a group of query parameters: `$schema` documents it and
/// the function `$parse` reads it from the request.
macro_rules! query_group {
    ($ty:ty, $schema:expr, $parse:path) => {
        impl<'a> ApiExtractor<'a> for $ty {
            const TYPES: &'static [ApiExtractorType] = &[ApiExtractorType::Parameter];
            type ParamType = ();
            type ParamRawType = ();

            fn param_in() -> Option<MetaParamIn> {
                Some(MetaParamIn::Query)
            }

            fn param_schema_ref() -> Option<MetaSchemaRef> {
                Some($schema)
            }

            async fn from_request(
                request: &'a Request,
                body: &mut RequestBody,
                _options: ExtractParamOptions<()>,
            ) -> poem::Result<Self> {
                $parse(request, body).await
            }
        }
    };
}

/// `page` and `per_page` of a plain list.
pub struct Paging(pub ListQuery);

query_group!(
    Paging,
    group_schema(vec![("page", count_schema()), ("per_page", count_schema())]),
    paging
);

/// Reads [`Paging`].
async fn paging(request: &Request, body: &mut RequestBody) -> poem::Result<Paging> {
    Ok(Paging(ListQuery {
        page: count(request, body, "page").await?,
        per_page: count(request, body, "per_page").await?,
    }))
}

/// The parameters of a search.
pub struct Searching {
    /// `query`, `limit`, `page`, `per_page`, `sort_by` and `order_by`.
    pub query: SearchQuery,
    /// `expand`: answer the names of referenced records too.
    pub expand: bool,
    /// The answer's shape, from `only_total_count`, `full` and `with_total_count`.
    pub form: Form,
}

query_group!(
    Searching,
    group_schema(vec![
        ("query", String::schema_ref()),
        ("limit", count_schema()),
        ("page", count_schema()),
        ("per_page", count_schema()),
        ("sort_by", String::schema_ref()),
        ("order_by", String::schema_ref()),
        ("expand", Flag::schema_ref()),
        ("with_total_count", Flag::schema_ref()),
        ("full", Flag::schema_ref()),
        ("only_total_count", Flag::schema_ref()),
    ]),
    searching
);

/// Reads [`Searching`].
async fn searching(request: &Request, body: &mut RequestBody) -> poem::Result<Searching> {
    let query = SearchQuery {
        query: optional(request, body, "query").await?,
        limit: count(request, body, "limit").await?,
        page: count(request, body, "page").await?,
        per_page: count(request, body, "per_page").await?,
        sort_by: optional(request, body, "sort_by").await?,
        order_by: optional(request, body, "order_by").await?,
    };
    let mut flag = async |name: &'static str| -> poem::Result<bool> {
        let value: Option<Flag> = optional(request, body, name).await?;
        Ok(value.unwrap_or_default().0)
    };
    let expand = flag("expand").await?;
    let form = Form::from_flags(
        flag("only_total_count").await?,
        expand,
        flag("full").await?,
        flag("with_total_count").await?,
    );
    Ok(Searching {
        query,
        expand,
        form,
    })
}

/// The operations of `T`, each exploded object query parameter (a group above) documented as
/// the one optional query parameter per property that it means.
pub struct Exploded<T>(pub T);

impl<T: OpenApi> OpenApi for Exploded<T> {
    fn meta() -> Vec<MetaApi> {
        let mut apis = T::meta();
        let operations = apis
            .iter_mut()
            .flat_map(|api| api.paths.iter_mut())
            .flat_map(|path| path.operations.iter_mut());
        for operation in operations {
            operation.params = std::mem::take(&mut operation.params)
                .into_iter()
                .flat_map(explode)
                .collect();
        }
        apis
    }

    fn register(registry: &mut Registry) {
        T::register(registry);
    }

    fn add_routes(
        self,
        route_table: &mut HashMap<String, HashMap<Method, poem::endpoint::BoxEndpoint<'static>>>,
    ) {
        self.0.add_routes(route_table);
    }
}

/// `param` itself, or, when it is an exploded object in the query, its properties.
fn explode(param: MetaOperationParam) -> Vec<MetaOperationParam> {
    let is_group = matches!(param.in_type, MetaParamIn::Query) && param.explode;
    match param.schema {
        MetaSchemaRef::Inline(schema) if is_group && schema.ty == "object" => schema
            .properties
            .into_iter()
            .map(|(name, schema)| MetaOperationParam {
                name: name.to_string(),
                schema,
                in_type: MetaParamIn::Query,
                description: None,
                required: false,
                deprecated: false,
                explode: true,
                style: None,
            })
            .collect(),
        schema => vec![MetaOperationParam { schema, ..param }],
    }
}
