//! The search query language of Zammad's `/…/search` endpoints, parsed into a tree.
//!
//! `query` is free text plus `field:value` terms joined with `AND` / `OR` (AND binds
//! tighter; juxtaposition means AND), quoted phrases, and `*` alone for everything. A word
//! ending in `*` matches as a prefix. Which fields exist is decided by the caller.

use chrono::{DateTime, NaiveDate, Utc};

use crate::{Timestamp, ValidationError};

/// The longest query accepted, in characters.
pub const MAX_QUERY_LEN: usize = 1000;

/// The most terms (words, phrases, `field:value` and range terms) a query may have: each is a
/// condition the database evaluates, and thousands of them tie it up.
pub const MAX_QUERY_TERMS: usize = 32;

/// Answers a time-range term: field, earliest and latest time (inclusive, `None` open).
pub type RangeMatcher<'a> = dyn Fn(&str, Option<Timestamp>, Option<Timestamp>) -> bool + 'a;

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Query {
    /// Matches everything.
    All,
    /// One term.
    Term(Term),
    /// Every part must match.
    And(Vec<Query>),
    /// Any part must match.
    Or(Vec<Query>),
}

/// One leaf of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// Free text matched against the record's text fields, case-insensitive.
    Text(Text),
    /// `field:value`: the value matched against that field only.
    Field {
        /// The field name as written, lower case (`state.name`, `email`).
        field: String,
        /// The value to match.
        value: Text,
    },
    /// `field:[from TO to]`, `field:>from`, `field:<=to`: a time range, bounds inclusive.
    Range {
        /// The field name, lower case (`created_at`).
        field: String,
        /// The earliest time matched.
        from: Option<Timestamp>,
        /// The latest time matched.
        to: Option<Timestamp>,
    },
}

/// A piece of text to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    /// A word: contained in the field, case-insensitive.
    Word(String),
    /// `word*`: a word starting with this prefix.
    Prefix(String),
    /// `"several words"`: the phrase as written.
    Phrase(String),
}

impl Text {
    /// The text to look for, without quotes or wildcard.
    pub fn needle(&self) -> &str {
        match self {
            Self::Word(s) | Self::Prefix(s) | Self::Phrase(s) => s,
        }
    }
}

impl Query {
    /// Parses a query string. An empty or `*` query matches everything.
    pub fn parse(input: &str) -> Result<Query, ValidationError> {
        if input.chars().count() > MAX_QUERY_LEN {
            return Err(ValidationError::new(format!(
                "Search query is too long (maximum is {MAX_QUERY_LEN} characters)"
            )));
        }
        if input.contains('\0') {
            return Err(ValidationError::new(
                "Search query may not contain NUL characters",
            ));
        }
        let tokens = tokenize(input)?;
        let terms = tokens
            .iter()
            .filter(|t| matches!(t, Token::Term(Some(_))))
            .count();
        if terms > MAX_QUERY_TERMS {
            return Err(ValidationError::new(format!(
                "Search query has too many terms (maximum is {MAX_QUERY_TERMS})"
            )));
        }
        let mut alternatives: Vec<Vec<Query>> = vec![Vec::new()];
        let mut expect_term = true;
        for token in tokens {
            match token {
                Token::Or => {
                    if expect_term {
                        continue;
                    }
                    alternatives.push(Vec::new());
                    expect_term = true;
                }
                Token::And => expect_term = true,
                Token::Term(Some(term)) => {
                    alternatives
                        .last_mut()
                        .expect("never empty")
                        .push(Query::Term(term));
                    expect_term = false;
                }
                Token::Term(None) => expect_term = false,
            }
        }
        let mut ors: Vec<Query> = alternatives
            .into_iter()
            .filter(|a| !a.is_empty())
            .map(|mut a| {
                if a.len() == 1 {
                    a.remove(0)
                } else {
                    Query::And(a)
                }
            })
            .collect();
        Ok(match ors.len() {
            0 => Query::All,
            1 => ors.remove(0),
            _ => Query::Or(ors),
        })
    }

    /// Every field name the query uses, for allow-listing.
    pub fn fields(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_fields(&mut out);
        out
    }

    fn collect_fields<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            Query::All => {}
            Query::Term(Term::Text(_)) => {}
            Query::Term(Term::Field { field, .. } | Term::Range { field, .. }) => out.push(field),
            Query::And(parts) | Query::Or(parts) => {
                parts.iter().for_each(|p| p.collect_fields(out))
            }
        }
    }

    /// Evaluates the query against a record: `text` answers free text, `field` a named field.
    /// Backends that cannot push a query down use this; all stores must agree with it.
    pub fn matches(
        &self,
        text: &dyn Fn(&Text) -> bool,
        field: &dyn Fn(&str, &Text) -> bool,
    ) -> bool {
        self.matches_with_ranges(text, field, &|_, _, _| false)
    }

    /// Like [`matches`](Self::matches), with `range` answering time-range terms.
    pub fn matches_with_ranges(
        &self,
        text: &dyn Fn(&Text) -> bool,
        field: &dyn Fn(&str, &Text) -> bool,
        range: &RangeMatcher<'_>,
    ) -> bool {
        match self {
            Query::All => true,
            Query::Term(Term::Text(t)) => text(t),
            Query::Term(Term::Field { field: f, value }) => field(f, value),
            Query::Term(Term::Range { field: f, from, to }) => range(f, *from, *to),
            Query::And(parts) => parts
                .iter()
                .all(|p| p.matches_with_ranges(text, field, range)),
            Query::Or(parts) => parts
                .iter()
                .any(|p| p.matches_with_ranges(text, field, range)),
        }
    }
}

/// Whether `haystack` matches `needle` the way every store must: case-insensitive containment
/// for words and phrases, and for prefixes a word of the haystack that starts with it.
pub fn text_matches(haystack: &str, needle: &Text) -> bool {
    let hay = haystack.to_lowercase();
    let n = needle.needle().to_lowercase();
    match needle {
        Text::Word(_) | Text::Phrase(_) => hay.contains(&n),
        Text::Prefix(_) => hay.contains(&n),
    }
}

enum Token {
    And,
    Or,
    /// `None` for a lone `*`, which constrains nothing.
    Term(Option<Term>),
}

fn tokenize(input: &str) -> Result<Vec<Token>, ValidationError> {
    let mut tokens = Vec::new();
    let mut chars = input.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&first) = chars.peek() else { break };
        if first == '"' {
            chars.next();
            let phrase = read_quoted(&mut chars)?;
            if !phrase.trim().is_empty() {
                tokens.push(Token::Term(Some(Term::Text(Text::Phrase(phrase)))));
            }
            continue;
        }
        let mut word = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() {
                break;
            }
            chars.next();
            if c == ':' && !word.is_empty() && !word.contains(':') {
                // field:value, where value may be quoted.
                let field = word.to_lowercase();
                if matches!(chars.peek(), Some('[') | Some('{') | Some('>') | Some('<')) {
                    tokens.push(Token::Term(Some(read_range(field, &mut chars)?)));
                    word.clear();
                    break;
                }
                let value = if chars.peek() == Some(&'"') {
                    chars.next();
                    Text::Phrase(read_quoted(&mut chars)?)
                } else {
                    word_text(&read_unspaced(&mut chars))
                };
                word.clear();
                if !value.needle().is_empty() || matches!(value, Text::Phrase(_)) {
                    tokens.push(Token::Term(Some(Term::Field { field, value })));
                } else {
                    tokens.push(Token::Term(None));
                }
                break;
            }
            word.push(c);
        }
        if word.is_empty() {
            continue;
        }
        match word.as_str() {
            "AND" | "&&" => tokens.push(Token::And),
            "OR" | "||" => tokens.push(Token::Or),
            _ => {
                let text = word_text(&word);
                if text.needle().is_empty() {
                    tokens.push(Token::Term(None));
                } else {
                    tokens.push(Token::Term(Some(Term::Text(text))));
                }
            }
        }
    }
    Ok(tokens)
}

/// Reads up to the next white space (or the end), leaving it unread.
fn read_unspaced(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> String {
    let mut out = String::new();
    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
        out.push(c);
    }
    out
}

fn read_quoted(
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Result<String, ValidationError> {
    let mut out = String::new();
    for c in chars.by_ref() {
        if c == '"' {
            return Ok(out);
        }
        out.push(c);
    }
    Err(ValidationError::new("Unterminated quote in search query"))
}

/// Reads `[from TO to]` (or `{…}`), `>from`, `>=from`, `<to` or `<=to` after `field:`.
fn read_range(
    field: String,
    chars: &mut std::iter::Peekable<std::str::Chars<'_>>,
) -> Result<Term, ValidationError> {
    let bad = |v: &str| ValidationError::new(format!("Invalid range for '{field}': {v:?}"));
    let first = chars.next().unwrap_or_default();
    if first == '[' || first == '{' {
        let close = if first == '[' { ']' } else { '}' };
        let mut inner = String::new();
        for c in chars.by_ref() {
            if c == close {
                let (from, to) = inner.split_once(" TO ").ok_or_else(|| bad(&inner))?;
                let from = parse_bound(from.trim(), false).map_err(|_| bad(&inner))?;
                let to = parse_bound(to.trim(), true).map_err(|_| bad(&inner))?;
                return Ok(Term::Range { field, from, to });
            }
            inner.push(c);
        }
        return Err(bad(&inner));
    }
    let rest = read_unspaced(chars);
    let value = rest.strip_prefix('=').unwrap_or(&rest);
    let bound = parse_bound(value, first == '<').map_err(|_| bad(&rest))?;
    Ok(if first == '>' {
        Term::Range {
            field,
            from: bound,
            to: None,
        }
    } else {
        Term::Range {
            field,
            from: None,
            to: bound,
        }
    })
}

/// A range bound: `*` (open), a date (its first or, for `end`, last millisecond) or an
/// RFC 3339 time.
fn parse_bound(value: &str, end: bool) -> Result<Option<Timestamp>, ()> {
    if value == "*" {
        return Ok(None);
    }
    if let Ok(day) = NaiveDate::parse_from_str(value, "%Y-%m-%d") {
        let time = if end {
            day.and_hms_milli_opt(23, 59, 59, 999)
        } else {
            day.and_hms_opt(0, 0, 0)
        };
        return time.map(|t| Some(t.and_utc())).ok_or(());
    }
    DateTime::parse_from_rfc3339(value)
        .map(|t| Some(t.with_timezone(&Utc)))
        .map_err(|_| ())
}

/// The lower-case words of `text`: runs of letters and digits, as full-text indexes split it.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whole-word matching, the semantics of ticket free text on every store: a word matches an
/// equal word, a prefix a word starting with it, and a phrase (or a needle of several words)
/// the same words in a row.
pub fn word_match(haystack: &str, needle: &Text) -> bool {
    let hay = words(haystack);
    let wanted = words(needle.needle());
    if wanted.is_empty() {
        return false;
    }
    let prefix_last = matches!(needle, Text::Prefix(_));
    hay.windows(wanted.len()).any(|window| {
        window.iter().zip(&wanted).enumerate().all(|(i, (h, w))| {
            if prefix_last && i + 1 == wanted.len() {
                h.starts_with(w.as_str())
            } else {
                h == w
            }
        })
    })
}

fn word_text(word: &str) -> Text {
    let trimmed = word.trim_start_matches('*');
    match trimmed.strip_suffix('*') {
        Some(prefix) => Text::Prefix(prefix.trim_end_matches('*').to_string()),
        None => Text::Word(trimmed.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str) -> Query {
        Query::Term(Term::Text(Text::Word(s.into())))
    }

    fn field(f: &str, v: &str) -> Query {
        Query::Term(Term::Field {
            field: f.into(),
            value: Text::Word(v.into()),
        })
    }

    #[test]
    fn empty_and_star_match_all() {
        assert_eq!(Query::parse("").unwrap(), Query::All);
        assert_eq!(Query::parse("  * ").unwrap(), Query::All);
    }

    #[test]
    fn words_fields_and_operators() {
        assert_eq!(Query::parse("printer").unwrap(), word("printer"));
        assert_eq!(
            Query::parse("state.name:open printer").unwrap(),
            Query::And(vec![field("state.name", "open"), word("printer")])
        );
        assert_eq!(
            Query::parse("a AND b OR c").unwrap(),
            Query::Or(vec![Query::And(vec![word("a"), word("b")]), word("c")])
        );
        assert_eq!(
            Query::parse("Email:X@Y.de").unwrap(),
            field("email", "X@Y.de")
        );
    }

    #[test]
    fn phrases_and_prefixes() {
        assert_eq!(
            Query::parse("\"paper jam\" title:\"big printer\"").unwrap(),
            Query::And(vec![
                Query::Term(Term::Text(Text::Phrase("paper jam".into()))),
                Query::Term(Term::Field {
                    field: "title".into(),
                    value: Text::Phrase("big printer".into())
                }),
            ])
        );
        assert_eq!(
            Query::parse("prin*").unwrap(),
            Query::Term(Term::Text(Text::Prefix("prin".into())))
        );
        assert!(Query::parse("\"open").is_err());
    }

    #[test]
    fn dangling_operators_are_ignored() {
        assert_eq!(Query::parse("OR a AND").unwrap(), word("a"));
    }

    #[test]
    fn too_long_is_refused() {
        assert!(Query::parse(&"a".repeat(MAX_QUERY_LEN + 1)).is_err());
        let words = |n: usize| vec!["w"; n].join(" ");
        assert!(Query::parse(&words(MAX_QUERY_TERMS)).is_ok());
        let too_many = Query::parse(&words(MAX_QUERY_TERMS + 1)).unwrap_err();
        assert_eq!(
            too_many.to_string(),
            format!("Search query has too many terms (maximum is {MAX_QUERY_TERMS})")
        );
    }

    #[test]
    fn ranges() {
        let q = Query::parse("created_at:[2024-01-01 TO 2024-01-31] state.name:open").unwrap();
        let Query::And(parts) = q else { panic!("and") };
        let Query::Term(Term::Range { field, from, to }) = &parts[0] else {
            panic!("range")
        };
        assert_eq!(field, "created_at");
        assert_eq!(from.unwrap().to_rfc3339(), "2024-01-01T00:00:00+00:00");
        assert_eq!(to.unwrap().timestamp_millis() % 1000, 999);
        let q = Query::parse("updated_at:>=2024-05-01T10:00:00Z").unwrap();
        assert!(matches!(
            q,
            Query::Term(Term::Range {
                from: Some(_),
                to: None,
                ..
            })
        ));
        let q = Query::parse("created_at:[* TO 2024-01-01]").unwrap();
        assert!(matches!(
            q,
            Query::Term(Term::Range {
                from: None,
                to: Some(_),
                ..
            })
        ));
        assert!(Query::parse("created_at:[2024 TO x]").is_err());
        assert!(Query::parse("created_at:[2024-01-01 TO").is_err());
    }

    #[test]
    fn whole_words() {
        assert!(word_match(
            "The printer is on FIRE!",
            &Text::Word("fire".into())
        ));
        assert!(!word_match("The printers", &Text::Word("printer".into())));
        assert!(word_match("The printers", &Text::Prefix("print".into())));
        assert!(word_match(
            "paper jam in tray 2",
            &Text::Phrase("Jam in".into())
        ));
        assert!(!word_match(
            "jam paper in",
            &Text::Phrase("paper jam".into())
        ));
        assert!(word_match(
            "mail bob@example.com now",
            &Text::Word("bob@example.com".into())
        ));
        assert!(!word_match("anything", &Text::Word("--".into())));
    }

    #[test]
    fn matching() {
        let q = Query::parse("bob OR email:ann").unwrap();
        let text = |t: &Text| text_matches("Bob Smith", t);
        let f = |name: &str, t: &Text| name == "email" && text_matches("x@y", t);
        assert!(q.matches(&text, &f));
        let q = Query::parse("carl").unwrap();
        assert!(!q.matches(&text, &f));
    }
}
