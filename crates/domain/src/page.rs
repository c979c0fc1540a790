//! Pagination and ordering of lists.

/// A window of a list ordered by id: `page` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    /// How many records to skip.
    pub offset: u64,
    /// How many records at most.
    pub limit: u64,
}

impl Page {
    /// The window for `page` (from 1) of `per_page` records, `per_page` capped at `max`.
    /// Missing or zero values fall back to page 1 and `default_per_page`.
    pub fn new(page: Option<u64>, per_page: Option<u64>, default_per_page: u64, max: u64) -> Self {
        let per_page = per_page
            .filter(|n| *n > 0)
            .unwrap_or(default_per_page)
            .min(max);
        let page = page.filter(|n| *n > 0).unwrap_or(1);
        Self {
            offset: (page - 1).saturating_mul(per_page),
            limit: per_page,
        }
    }

    /// Everything.
    pub fn all() -> Self {
        Self {
            offset: 0,
            limit: u64::MAX / 2,
        }
    }
}

/// One page of a list and the number of records in the whole list.
#[derive(Debug, Clone, PartialEq)]
pub struct Listing<T> {
    /// The records of the page.
    pub items: Vec<T>,
    /// How many records the whole list holds.
    pub total: u64,
}

/// Ascending or descending.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    /// Smallest first.
    Asc,
    /// Largest first.
    #[default]
    Desc,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_are_capped_and_default() {
        assert_eq!(
            Page::new(None, None, 500, 1000),
            Page {
                offset: 0,
                limit: 500
            }
        );
        assert_eq!(
            Page::new(Some(3), Some(10), 500, 1000),
            Page {
                offset: 20,
                limit: 10
            }
        );
        assert_eq!(
            Page::new(Some(1), Some(5000), 500, 1000),
            Page {
                offset: 0,
                limit: 1000
            }
        );
        assert_eq!(
            Page::new(Some(0), Some(0), 100, 100),
            Page {
                offset: 0,
                limit: 100
            }
        );
    }
}
