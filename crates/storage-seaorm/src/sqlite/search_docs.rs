//! SQLite-only: full-text documents of tickets in a contentless FTS5 table, and its `MATCH`
//! query.
//!
//! `ticket_search_docs` holds one document per ticket (row id = ticket id, `unicode61`
//! tokenizer without diacritics folding): the words of its public search rows in `public`,
//! those of its internal articles in `internal`, the texts separated by `|` (a token of its own
//! here, and never a searched word), so that a phrase still never matches across two texts.
//! Triggers on `ticket_search_rows` note a
//! changed ticket in `ticket_search_dirty`; [`flush`] rebuilds the noted documents. A
//! group-committed batch of writes runs it once before its `COMMIT` (`crate::sqlite::group_commit`:
//! one new FTS5 segment per batch, not per write), and a write that searches runs it first,
//! so no reader ever sees a stale document.
//! (`m0002_tickets` created a per-row FTS5 table, [`ROW_FTS_CREATE`]; `m0005_search_docs`
//! replaced it.)

use sea_orm::sea_query::{Expr, SimpleExpr};

use crate::search_index::Needle;

/// The per-row FTS5 table and its triggers, as `m0002_tickets` created them.
pub(crate) const ROW_FTS_CREATE: &[&str] = &[
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

/// Drops the per-row FTS5 table and its triggers.
pub(crate) const ROW_FTS_DROP: &[&str] = &[
    "DROP TRIGGER IF EXISTS ticket_search_rows_au",
    "DROP TRIGGER IF EXISTS ticket_search_rows_ad",
    "DROP TRIGGER IF EXISTS ticket_search_rows_ai",
    "DROP TABLE IF EXISTS ticket_search_fts",
];

/// Refills the per-row FTS5 table from `ticket_search_rows`.
pub(crate) const ROW_FTS_REBUILD: &str =
    "INSERT INTO ticket_search_fts(ticket_search_fts) VALUES ('rebuild')";

/// Creates the per-ticket documents, the table of changed tickets and the triggers that
/// fill it.
pub(crate) const DOCS_CREATE: &[&str] = &[
    "CREATE VIRTUAL TABLE ticket_search_docs USING fts5(public, internal, content='', \
     contentless_delete=1, tokenize=\"unicode61 remove_diacritics 0 tokenchars '|'\")",
    "CREATE TABLE ticket_search_dirty (ticket_id INTEGER PRIMARY KEY NOT NULL)",
    "CREATE TRIGGER ticket_search_rows_dirty_ai AFTER INSERT ON ticket_search_rows BEGIN \
     INSERT OR IGNORE INTO ticket_search_dirty(ticket_id) VALUES (new.ticket_id); END",
    "CREATE TRIGGER ticket_search_rows_dirty_ad AFTER DELETE ON ticket_search_rows BEGIN \
     INSERT OR IGNORE INTO ticket_search_dirty(ticket_id) VALUES (old.ticket_id); END",
    "CREATE TRIGGER ticket_search_rows_dirty_au AFTER UPDATE ON ticket_search_rows BEGIN \
     INSERT OR IGNORE INTO ticket_search_dirty(ticket_id) VALUES (old.ticket_id); \
     INSERT OR IGNORE INTO ticket_search_dirty(ticket_id) VALUES (new.ticket_id); END",
];

/// Drops what [`DOCS_CREATE`] creates.
pub(crate) const DOCS_DROP: &[&str] = &[
    "DROP TRIGGER IF EXISTS ticket_search_rows_dirty_au",
    "DROP TRIGGER IF EXISTS ticket_search_rows_dirty_ad",
    "DROP TRIGGER IF EXISTS ticket_search_rows_dirty_ai",
    "DROP TABLE IF EXISTS ticket_search_dirty",
    "DROP TABLE IF EXISTS ticket_search_docs",
];

/// The documents of tickets, made from their search rows.
const DOCS_OF_ROWS: &str = "SELECT ticket_id, \
     group_concat(CASE WHEN internal THEN NULL ELSE words END, '|'), \
     group_concat(CASE WHEN internal THEN words END, '|') \
     FROM ticket_search_rows";

/// Fills the documents of every ticket (the migration).
pub(crate) fn fill() -> String {
    format!(
        "INSERT INTO ticket_search_docs(rowid, public, internal) {DOCS_OF_ROWS} GROUP BY ticket_id"
    )
}

/// Rebuilds the documents of the tickets noted in `ticket_search_dirty`, then empties it:
/// one batch of statements, next to nothing when no ticket was noted.
pub(crate) fn flush() -> String {
    format!(
        "DELETE FROM ticket_search_docs WHERE rowid IN (SELECT ticket_id FROM ticket_search_dirty); \
         INSERT INTO ticket_search_docs(rowid, public, internal) {DOCS_OF_ROWS} \
         WHERE ticket_id IN (SELECT ticket_id FROM ticket_search_dirty) GROUP BY ticket_id; \
         DELETE FROM ticket_search_dirty;"
    )
}

/// The condition on `tickets` that its document matches the needle (`internal`: in any
/// column, else in `public` only). The `+` before the id keeps SQLite from looking up every
/// match by id and sorting them all: it walks the requested order (an index) and checks each
/// ticket against the match list, so a page of a frequent word stops early.
pub(crate) fn ticket_matches(needle: &Needle, internal: bool) -> SimpleExpr {
    Expr::cust_with_values(
        "+\"tickets\".\"id\" IN \
         (SELECT rowid FROM ticket_search_docs WHERE ticket_search_docs MATCH ?)",
        [match_expression(needle, internal)],
    )
}

/// The condition on `tickets` that every needle matches the ticket's document: one `MATCH`
/// of the needles' phrases joined with `AND`.
pub(crate) fn ticket_matches_all(needles: &[Needle], internal: bool) -> SimpleExpr {
    let phrases: Vec<String> = needles.iter().map(phrase).collect();
    let column = if internal { "" } else { "public : " };
    Expr::cust_with_values(
        "+\"tickets\".\"id\" IN \
         (SELECT rowid FROM ticket_search_docs WHERE ticket_search_docs MATCH ?)",
        [format!("{column}({})", phrases.join(" AND "))],
    )
}

/// The number of tickets whose document matches the needle, as a query.
pub(crate) fn count_matches(needle: &Needle, internal: bool) -> SimpleExpr {
    Expr::cust_with_values(
        "(SELECT COUNT(*) FROM ticket_search_docs WHERE ticket_search_docs MATCH ?)",
        [match_expression(needle, internal)],
    )
}

/// The FTS5 query: the words as one quoted phrase (`"a b"`), `*` after it for a prefix,
/// limited to the `public` column unless internal words may match. Words hold only letters
/// and digits, so they cannot contain a quote; the expression goes as a bound value.
fn match_expression(needle: &Needle, internal: bool) -> String {
    let column = if internal { "" } else { "public : " };
    format!("{column}{}", phrase(needle))
}

/// The needle as an FTS5 phrase: `"a b"`, with `*` after it for a prefix.
fn phrase(needle: &Needle) -> String {
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
        assert_eq!(match_expression(&needle, true), "\"paper ja\"*");
        assert_eq!(match_expression(&needle, false), "public : \"paper ja\"*");
    }
}
