//! Free-text matching by the exact word pattern alone (MariaDB/MySQL): correct whole-word
//! results, found by scanning `ticket_search_rows` (the `words` column is binary-collated, so
//! the comparison is exact).

use sea_orm::sea_query::SimpleExpr;

use super::{Needle, words_like};

/// The condition on `ticket_search_rows` that the needle puts.
pub(super) fn row_matches(needle: &Needle) -> SimpleExpr {
    words_like(needle)
}
