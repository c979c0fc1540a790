//! The ticket search index: whole-word free text over a ticket's title, number and articles.
//!
//! The portable part is the `ticket_search_rows` table: one row per searchable text (the
//! title, the number, each article's subject and body), holding its words as
//! `helpdesk_domain::search::words` splits them, lower case, each between single spaces
//! (`" paper jam in tray 2 "`), with the article's `internal` flag. The repositories keep it in
//! step in the same transaction as the records. Because every text is its own row, a phrase
//! never matches across two texts, just as `word_match` applies to each text alone.
//!
//! Matching a term is per database, one module each:
//! - [`crate::sqlite::search_docs`]: an FTS5 document per ticket made from its rows
//!   (SQLite-only, with the rest of the SQLite machinery);
//! - [`postgres`]: a GIN index on `to_tsvector('simple', words)` narrows the rows, the exact
//!   word pattern decides (PostgreSQL-only);
//! - [`mysql`]: a `FULLTEXT` index narrows the rows for the needle's words it holds (it drops
//!   short words and stop words, so it cannot answer whole-word matches alone), the exact word
//!   pattern decides (MariaDB/MySQL-only).
//!
//! The exact word pattern: a word is `LIKE '% word %'`, a phrase `'% a b %'`, a prefix
//! `'% pre%'`. Words hold only letters and digits, so they need no LIKE escaping.

pub(crate) mod mysql;
mod postgres;

use std::sync::Arc;

use helpdesk_domain::search::{Text, words};
use sea_orm::ColumnTrait;
use sea_orm::DbBackend;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SimpleExpr};

use crate::entity::{ticket_search_rows, tickets};
use crate::search::nothing;
use crate::sqlite::search_docs as sqlite;

/// How the database matches free text: each transaction gets its store's.
#[derive(Debug, Clone)]
pub(crate) enum Dialect {
    /// FTS5.
    Sqlite,
    /// A GIN tsvector index.
    Postgres,
    /// A `FULLTEXT` pre-filter with the server's rules, or the exact pattern alone when they
    /// could not be read.
    MySql(Option<Arc<mysql::Fulltext>>),
}

/// The statements that create the database's full-text part of the index, after the
/// `ticket_search_rows` table exists.
pub(crate) fn create_statements(backend: DbBackend) -> &'static [&'static str] {
    match backend {
        DbBackend::Sqlite => sqlite::ROW_FTS_CREATE,
        DbBackend::Postgres => postgres::CREATE,
        _ => &[],
    }
}

/// The statements that drop the database's full-text part of the index.
pub(crate) fn drop_statements(backend: DbBackend) -> &'static [&'static str] {
    match backend {
        DbBackend::Sqlite => sqlite::ROW_FTS_DROP,
        DbBackend::Postgres => postgres::DROP,
        _ => &[],
    }
}

/// A text as stored in `ticket_search_rows.words`: its words between single spaces, or
/// `None` when it has no words.
pub(crate) fn stored_words(text: &str) -> Option<String> {
    let words = words(text);
    (!words.is_empty()).then(|| format!(" {} ", words.join(" ")))
}

/// The words of a free-text needle, and whether the last one is a prefix.
pub(crate) struct Needle {
    pub(crate) words: Vec<String>,
    pub(crate) prefix: bool,
}

impl Needle {
    fn of(text: &Text) -> Option<Self> {
        let words = words(text.needle());
        let prefix = matches!(text, Text::Prefix(_));
        (!words.is_empty()).then_some(Self { words, prefix })
    }

    /// The exact LIKE pattern over stored words.
    fn like_pattern(&self) -> String {
        let end = if self.prefix { "%" } else { " %" };
        format!("% {}{end}", self.words.join(" "))
    }
}

/// The condition on `tickets` that one free-text term puts: some searchable text of the
/// ticket matches it whole-word; internal articles count only when `internal` is set.
pub(crate) fn ticket_matches(dialect: &Dialect, text: &Text, internal: bool) -> SimpleExpr {
    let Some(needle) = Needle::of(text) else {
        return nothing();
    };
    let matched = match dialect {
        Dialect::Sqlite => return sqlite::ticket_matches(&needle, internal),
        Dialect::Postgres => postgres::row_matches(&needle),
        Dialect::MySql(fulltext) => mysql::row_matches(fulltext.as_deref(), &needle),
    };
    let mut rows = Query::select();
    rows.column(ticket_search_rows::Column::TicketId)
        .from(ticket_search_rows::Entity)
        .and_where(matched);
    if !internal {
        rows.and_where(ticket_search_rows::Column::Internal.eq(false));
    }
    Expr::col((tickets::Entity, tickets::Column::Id)).in_subquery(rows.to_owned())
}

/// The condition on `tickets` that several free-text terms put together (a query's words
/// joined by AND): every one matches some searchable text of the ticket, as
/// [`ticket_matches`] each would, but in one sub-query with one parameter per term. (One
/// sub-query per word made PostgreSQL's planner take seconds for 40 words.) On SQLite it is
/// one FTS5 `MATCH` of the terms' phrases; on PostgreSQL and MariaDB the ticket's rows that
/// match any term (through the index) are grouped, and each term must match one of them.
pub(crate) fn ticket_matches_all(dialect: &Dialect, texts: &[&Text], internal: bool) -> SimpleExpr {
    let needles: Vec<Needle> = texts.iter().filter_map(|t| Needle::of(t)).collect();
    if needles.len() < texts.len() {
        return nothing();
    }
    let prefilter = match dialect {
        Dialect::Sqlite => return sqlite::ticket_matches_all(&needles, internal),
        Dialect::Postgres => Some(postgres::rows_matching_any(&needles)),
        Dialect::MySql(fulltext) => mysql::rows_matching_any(fulltext.as_deref(), &needles),
    };
    let mut rows = Query::select();
    rows.column(ticket_search_rows::Column::TicketId)
        .from(ticket_search_rows::Entity);
    if let Some(prefilter) = prefilter {
        rows.and_where(prefilter);
    }
    if !internal {
        rows.and_where(ticket_search_rows::Column::Internal.eq(false));
    }
    rows.group_by_col(ticket_search_rows::Column::TicketId);
    for needle in &needles {
        let matched = Expr::case(words_like(needle), 1).finally(0);
        rows.and_having(Expr::expr(matched).max().eq(1));
    }
    Expr::col((tickets::Entity, tickets::Column::Id)).in_subquery(rows.to_owned())
}

/// The number of all tickets matching `text`, as a scalar query, where the database can
/// count the matches without visiting the tickets (SQLite's per-ticket documents); `None`
/// elsewhere.
pub(crate) fn count_all_matches(
    dialect: &Dialect,
    text: &Text,
    internal: bool,
) -> Option<SimpleExpr> {
    match dialect {
        Dialect::Sqlite => Some(match Needle::of(text) {
            Some(needle) => sqlite::count_matches(&needle, internal),
            None => Expr::val(0i64),
        }),
        Dialect::Postgres | Dialect::MySql(_) => None,
    }
}

/// The exact word pattern on `ticket_search_rows.words`.
fn words_like(needle: &Needle) -> SimpleExpr {
    Expr::col((
        ticket_search_rows::Entity,
        ticket_search_rows::Column::Words,
    ))
    .like(needle.like_pattern())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_stored_between_spaces() {
        assert_eq!(
            stored_words("Paper-jam, tray 2!").as_deref(),
            Some(" paper jam tray 2 ")
        );
        assert_eq!(stored_words(" -- "), None);
    }

    #[test]
    fn like_patterns() {
        let n = Needle::of(&Text::Word("Bob@Example.com".into())).unwrap();
        assert_eq!(n.like_pattern(), "% bob example com %");
        let n = Needle::of(&Text::Prefix("prin".into())).unwrap();
        assert_eq!(n.like_pattern(), "% prin%");
        assert!(Needle::of(&Text::Phrase("--".into())).is_none());
    }
}
