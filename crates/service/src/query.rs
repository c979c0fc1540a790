//! List and search parameters shared by the list use cases.

use helpdesk_domain::search::Query;
use helpdesk_domain::{Listing, Page, SortOrder, Timestamp};
use helpdesk_storage::Sort;

use crate::{Error, Result};

/// `page` / `per_page` of a plain list.
#[derive(Debug, Clone, Copy, Default)]
pub struct ListQuery {
    /// Page, from 1.
    pub page: Option<u64>,
    /// Records per page.
    pub per_page: Option<u64>,
}

impl ListQuery {
    /// The default page size of lists other than tickets.
    pub const DEFAULT_PER_PAGE: u64 = 500;
    /// The largest page size of lists other than tickets.
    pub const MAX_PER_PAGE: u64 = 1000;

    /// The storage page for this request.
    pub fn page(&self) -> Page {
        Page::new(
            self.page,
            self.per_page,
            Self::DEFAULT_PER_PAGE,
            Self::MAX_PER_PAGE,
        )
    }

    /// This request's page of a short list loaded whole (states, priorities, roles).
    pub fn paginate<T>(&self, all: Vec<T>) -> Listing<T> {
        let page = self.page();
        let total = all.len() as u64;
        let items = all
            .into_iter()
            .skip(page.offset as usize)
            .take(page.limit as usize)
            .collect();
        Listing { items, total }
    }
}

/// The parameters of a `/…/search` request.
#[derive(Debug, Clone, Default)]
pub struct SearchQuery {
    /// The query text.
    pub query: Option<String>,
    /// At most this many results (default 10, at most 200) when no `per_page` is given.
    pub limit: Option<u64>,
    /// Page, from 1.
    pub page: Option<u64>,
    /// Records per page.
    pub per_page: Option<u64>,
    /// Field to sort by.
    pub sort_by: Option<String>,
    /// `asc` or `desc`.
    pub order_by: Option<String>,
}

impl SearchQuery {
    /// The default number of search results.
    pub const DEFAULT_LIMIT: u64 = 10;
    /// The largest number of search results per request.
    pub const MAX_LIMIT: u64 = 200;

    /// The parsed query, relative dates counted from `now`.
    pub fn parsed(&self, now: Timestamp) -> Result<Query> {
        Ok(Query::parse_at(self.query.as_deref().unwrap_or(""), now)?)
    }

    /// The storage page: `page`/`per_page` when given, else the first `limit` results.
    pub fn page(&self) -> Page {
        if self.per_page.is_some() || self.page.is_some() {
            Page::new(
                self.page,
                self.per_page.or(self.limit),
                Self::DEFAULT_LIMIT,
                Self::MAX_LIMIT,
            )
        } else {
            Page::new(None, self.limit, Self::DEFAULT_LIMIT, Self::MAX_LIMIT)
        }
    }

    /// The order, from `sort_by` (one of `allowed`) and `order_by`; default `updated_at desc`.
    pub fn sort(&self, allowed: &'static [&'static str]) -> Result<Sort> {
        let field = match self
            .sort_by
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => "updated_at",
            Some(name) => allowed
                .iter()
                .copied()
                .find(|f| *f == name)
                .ok_or_else(|| {
                    Error::invalid(format!(
                        "Invalid sort_by '{name}' (allowed: {})",
                        allowed.join(", ")
                    ))
                })?,
        };
        let order = match self
            .order_by
            .as_deref()
            .map(|s| s.trim().to_ascii_lowercase())
        {
            None => SortOrder::Desc,
            Some(o) if o.is_empty() || o == "desc" => SortOrder::Desc,
            Some(o) if o == "asc" => SortOrder::Asc,
            Some(o) => {
                return Err(Error::invalid(format!(
                    "Invalid order_by '{o}' (allowed: asc, desc)"
                )));
            }
        };
        Ok(Sort { field, order })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FIELDS: &[&str] = &["id", "updated_at", "login"];

    #[test]
    fn sort_is_allow_listed() {
        let q = SearchQuery {
            sort_by: Some("login".into()),
            order_by: Some("ASC".into()),
            ..Default::default()
        };
        assert_eq!(
            q.sort(FIELDS).unwrap(),
            Sort {
                field: "login",
                order: SortOrder::Asc
            }
        );
        let q = SearchQuery {
            sort_by: Some("password_hash".into()),
            ..Default::default()
        };
        assert!(matches!(q.sort(FIELDS), Err(Error::Invalid(_))));
        let q = SearchQuery {
            order_by: Some("sideways".into()),
            ..Default::default()
        };
        assert!(matches!(q.sort(FIELDS), Err(Error::Invalid(_))));
        let q = SearchQuery::default();
        assert_eq!(
            q.sort(FIELDS).unwrap(),
            Sort {
                field: "updated_at",
                order: SortOrder::Desc
            }
        );
    }

    #[test]
    fn limit_and_pages() {
        let q = SearchQuery {
            limit: Some(5000),
            ..Default::default()
        };
        assert_eq!(
            q.page(),
            Page {
                offset: 0,
                limit: 200
            }
        );
        let q = SearchQuery {
            page: Some(2),
            per_page: Some(3),
            ..Default::default()
        };
        assert_eq!(
            q.page(),
            Page {
                offset: 3,
                limit: 3
            }
        );
        assert_eq!(
            SearchQuery::default().page(),
            Page {
                offset: 0,
                limit: 10
            }
        );
    }
}
