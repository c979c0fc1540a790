//! MariaDB/MySQL-only: a `FULLTEXT` index on `ticket_search_rows.words`, used as an
//! index-backed pre-filter (`MATCH … AGAINST (… IN BOOLEAN MODE)`), with the exact word
//! pattern deciding, so the results are exactly the whole-word matches.
//!
//! InnoDB's full-text parser leaves words out of the index: shorter than
//! `innodb_ft_min_token_size` (default 3) or longer than `innodb_ft_max_token_size` (84), and
//! stop words (`information_schema.INNODB_FT_DEFAULT_STOPWORD`, or the server's own table). A
//! `+word` for such a word would find nothing, so only the needle's words the index certainly
//! holds go into the `MATCH`: ASCII letters and digits (tokenized the same by InnoDB and by
//! `helpdesk_domain::search::words`), of an indexed length, not a stop word, and not the
//! prefix of a prefix needle (a stored word longer than the maximum would start with it but
//! is not indexed). A needle with no such word is matched by the exact pattern alone, a scan.
//!
//! The rules are read from the server when the store connects ([`Fulltext::load`]); when
//! they cannot be read (the stop-word table needs the `PROCESS` privilege), searching falls
//! back to the exact pattern alone. The index is built with the rules in force when it was
//! created: after changing them, rebuild it (`OPTIMIZE TABLE` with
//! `innodb_optimize_fulltext_only`, or drop and re-create the index).

use std::collections::HashSet;

use sea_orm::sea_query::{Expr, ExprTrait, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

use super::{Needle, words_like};

/// Creates the `FULLTEXT` index.
pub(crate) const CREATE: &[&str] =
    &["CREATE FULLTEXT INDEX idx_ticket_search_rows_ft ON ticket_search_rows (words)"];

/// Drops the `FULLTEXT` index.
pub(crate) const DROP: &[&str] = &["DROP INDEX idx_ticket_search_rows_ft ON ticket_search_rows"];

/// Which words the server's `FULLTEXT` index holds.
#[derive(Debug)]
pub(crate) struct Fulltext {
    min_len: usize,
    max_len: usize,
    stopwords: HashSet<String>,
}

impl Fulltext {
    /// Reads the token sizes and the stop words in force on the server.
    pub(crate) async fn load(db: &DatabaseConnection) -> Result<Fulltext, DbErr> {
        let backend = db.get_database_backend();
        let settings = db
            .query_one_raw(Statement::from_string(
                backend,
                "SELECT CAST(@@innodb_ft_min_token_size AS SIGNED) AS min_len, \
                 CAST(@@innodb_ft_max_token_size AS SIGNED) AS max_len, \
                 CAST(@@innodb_ft_enable_stopword AS SIGNED) AS stop, \
                 CAST(@@innodb_ft_server_stopword_table AS CHAR) AS stop_table",
            ))
            .await?
            .ok_or_else(|| DbErr::Custom("no full-text settings".into()))?;
        let min_len: i64 = settings.try_get("", "min_len")?;
        let max_len: i64 = settings.try_get("", "max_len")?;
        let enabled: i64 = settings.try_get("", "stop")?;
        let table: Option<String> = settings.try_get("", "stop_table")?;
        let stopwords = if enabled == 0 {
            HashSet::new()
        } else {
            let source = match table {
                // `db/table`, as the server names it; only letters, digits and `_` are valid.
                Some(t)
                    if t.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "_/".contains(c)) =>
                {
                    format!("`{}`", t.replace('/', "`.`"))
                }
                Some(t) => return Err(DbErr::Custom(format!("unusual stop-word table {t}"))),
                None => "information_schema.INNODB_FT_DEFAULT_STOPWORD".to_owned(),
            };
            let sql = format!("SELECT CAST(value AS CHAR) AS value FROM {source}");
            let rows = db
                .query_all_raw(Statement::from_string(backend, sql))
                .await?;
            rows.iter()
                .map(|row| row.try_get::<String>("", "value").map(|w| w.to_lowercase()))
                .collect::<Result<_, _>>()?
        };
        Ok(Fulltext {
            min_len: usize::try_from(min_len).unwrap_or(usize::MAX),
            max_len: usize::try_from(max_len).unwrap_or(0),
            stopwords,
        })
    }

    /// Whether the index holds every stored occurrence of `word`, so `+word` finds it.
    fn indexes(&self, word: &str) -> bool {
        word.bytes().all(|b| b.is_ascii_alphanumeric())
            && (self.min_len..=self.max_len).contains(&word.len())
            && !self.stopwords.contains(word)
    }

    /// The boolean-mode query `+a +b` of the needle's words the index holds, or `None`.
    fn against(&self, needle: &Needle) -> Option<String> {
        let whole = needle.words.len() - usize::from(needle.prefix);
        let words: Vec<String> = needle.words[..whole]
            .iter()
            .filter(|w| self.indexes(w))
            .map(|w| format!("+{w}"))
            .collect();
        (!words.is_empty()).then(|| words.join(" "))
    }
}

/// The condition on `ticket_search_rows` that the needle puts: the `MATCH` pre-filter when
/// `fulltext` is known and some word qualifies, and the exact word pattern always.
pub(super) fn row_matches(fulltext: Option<&Fulltext>, needle: &Needle) -> SimpleExpr {
    match fulltext.and_then(|f| f.against(needle)) {
        Some(against) => Expr::cust_with_values(
            "MATCH (`ticket_search_rows`.`words`) AGAINST (? IN BOOLEAN MODE)",
            [against],
        )
        .and(words_like(needle)),
        None => words_like(needle),
    }
}

/// The `MATCH` pre-filter a row matching any of `needles` meets, when `fulltext` is known
/// and every needle has a word the index holds: `(+a +b) (+c)`; else `None`.
pub(super) fn rows_matching_any(
    fulltext: Option<&Fulltext>,
    needles: &[Needle],
) -> Option<SimpleExpr> {
    let fulltext = fulltext?;
    let groups = needles
        .iter()
        .map(|n| fulltext.against(n).map(|a| format!("({a})")))
        .collect::<Option<Vec<_>>>()?;
    Some(Expr::cust_with_values(
        "MATCH (`ticket_search_rows`.`words`) AGAINST (? IN BOOLEAN MODE)",
        [groups.join(" ")],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn defaults() -> Fulltext {
        Fulltext {
            min_len: 3,
            max_len: 84,
            stopwords: ["the", "com", "and"].map(String::from).into(),
        }
    }

    fn needle(words: &[&str], prefix: bool) -> Needle {
        Needle {
            words: words.iter().map(|w| w.to_string()).collect(),
            prefix,
        }
    }

    #[test]
    fn only_indexed_words_go_into_the_match() {
        let f = defaults();
        assert_eq!(
            f.against(&needle(&["paper", "jam", "in", "the", "tray"], false))
                .as_deref(),
            Some("+paper +jam +tray")
        );
        assert_eq!(
            f.against(&needle(&["paper", "ja"], true)).as_deref(),
            Some("+paper")
        );
        assert_eq!(f.against(&needle(&["printer"], true)), None);
        assert_eq!(f.against(&needle(&["café", "2", "com"], false)), None);
        assert_eq!(f.against(&needle(&[&"x".repeat(85)], false)), None);
        assert_eq!(
            f.against(&needle(&["31001"], false)).as_deref(),
            Some("+31001")
        );
    }
}
