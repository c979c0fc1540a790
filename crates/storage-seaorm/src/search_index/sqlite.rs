//! SQLite-only: an FTS5 table over `ticket_search_rows` (external content, `unicode61`
//! tokenizer without diacritics folding), kept in step by triggers, and its `MATCH` query.

use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SimpleExpr};

use super::Needle;
use crate::entity::ticket_search_rows;

/// Creates the FTS5 table and the triggers that mirror `ticket_search_rows` into it.
pub(super) const CREATE: &[&str] = &[
    "CREATE VIRTUAL TABLE ticket_search_fts USING fts5(words, content='ticket_search_rows', \
     content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER ticket_search_rows_ai AFTER INSERT ON ticket_search_rows BEGIN \
     INSERT INTO ticket_search_fts(rowid, words) VALUES (new.id, new.words); END",
    "CREATE TRIGGER ticket_search_rows_ad AFTER DELETE ON ticket_search_rows BEGIN \
     INSERT INTO ticket_search_fts(ticket_search_fts, rowid, words) \
     VALUES ('delete', old.id, old.words); END",
    "CREATE TRIGGER ticket_search_rows_au AFTER UPDATE ON ticket_search_rows BEGIN \
     INSERT INTO ticket_search_fts(ticket_search_fts, rowid, words) \
     VALUES ('delete', old.id, old.words); \
     INSERT INTO ticket_search_fts(rowid, words) VALUES (new.id, new.words); END",
];

/// Drops the triggers and the FTS5 table.
pub(super) const DROP: &[&str] = &[
    "DROP TRIGGER IF EXISTS ticket_search_rows_au",
    "DROP TRIGGER IF EXISTS ticket_search_rows_ad",
    "DROP TRIGGER IF EXISTS ticket_search_rows_ai",
    "DROP TABLE IF EXISTS ticket_search_fts",
];

/// The condition on `ticket_search_rows` that the needle puts: its row id is among the FTS5
/// matches.
pub(super) fn row_matches(needle: &Needle) -> SimpleExpr {
    let fts = Query::select()
        .expr(Expr::cust("rowid"))
        .from(Alias::new("ticket_search_fts"))
        .and_where(Expr::cust_with_values(
            "ticket_search_fts MATCH ?",
            [match_expression(needle)],
        ))
        .to_owned();
    Expr::col((ticket_search_rows::Entity, ticket_search_rows::Column::Id)).in_subquery(fts)
}

/// The FTS5 query: the words as one quoted phrase (`"a b"`), `*` after it for a prefix.
/// Words hold only letters and digits, so they cannot contain a quote; the expression goes
/// as a bound value.
fn match_expression(needle: &Needle) -> String {
    let star = if needle.prefix { "*" } else { "" };
    format!("\"{}\"{star}", needle.words.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn match_expressions() {
        let needle = Needle {
            words: vec!["paper".into(), "ja".into()],
            prefix: true,
        };
        assert_eq!(match_expression(&needle), "\"paper ja\"*");
    }
}
