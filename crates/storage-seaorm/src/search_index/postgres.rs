//! PostgreSQL-only: a GIN index on `to_tsvector('simple', words)`. The `@@` match (every word
//! present, the last as a prefix for a prefix needle) narrows the rows through the index; the
//! exact word pattern then decides, so the results are exactly the whole-word matches. The
//! tsquery asks for the words with `&`, not in sequence with `<->`, because tsvector positions
//! stop counting at 16383 and a phrase deep in a long body would be missed.

use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};

use super::{Needle, words_like};

/// Creates the GIN index.
pub(super) const CREATE: &[&str] = &["CREATE INDEX idx_ticket_search_rows_tsv ON \
     ticket_search_rows USING gin (to_tsvector('simple', words))"];

/// Drops the GIN index.
pub(super) const DROP: &[&str] = &["DROP INDEX IF EXISTS idx_ticket_search_rows_tsv"];

/// The condition on `ticket_search_rows` that the needle puts.
pub(super) fn row_matches(needle: &Needle) -> SimpleExpr {
    Expr::cust_with_values(
        "to_tsvector('simple', \"ticket_search_rows\".\"words\") @@ to_tsquery('simple', $1)",
        [tsquery(needle)],
    )
    .and(words_like(needle))
}

/// The index condition a row matching any of `needles` meets: their tsqueries joined
/// with `|`, one bound value.
pub(super) fn rows_matching_any(needles: &[Needle]) -> SimpleExpr {
    let any: Vec<String> = needles
        .iter()
        .map(|n| format!("({})", tsquery(n)))
        .collect();
    Expr::cust_with_values(
        "to_tsvector('simple', \"ticket_search_rows\".\"words\") @@ to_tsquery('simple', $1)",
        [any.join(" | ")],
    )
}

/// `'a' & 'b'`, with `:*` on the last word of a prefix. Words hold only letters and
/// digits, so quoting them cannot break out of the tsquery syntax; the query goes as a bound
/// value.
fn tsquery(needle: &Needle) -> String {
    let last = needle.words.len() - 1;
    needle
        .words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let star = if needle.prefix && i == last { ":*" } else { "" };
            format!("'{w}'{star}")
        })
        .collect::<Vec<_>>()
        .join(" & ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tsqueries() {
        let needle = Needle {
            words: vec!["paper".into(), "ja".into()],
            prefix: true,
        };
        assert_eq!(tsquery(&needle), "'paper' & 'ja':*");
    }
}
