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
    /// Parses a query string, relative dates (`now-1d`) counted from the system clock. An
    /// empty or `*` query matches everything.
    pub fn parse(input: &str) -> Result<Query, ValidationError> {
        Self::parse_at(input, Utc::now())
    }

    /// Parses a query string, relative dates (`now-1d`, `now-7d/d`, `now+1h`) counted from
    /// `now`; a range bound may also be a date, an RFC 3339 time or epoch milliseconds
    /// (`updated_at:>0`).
    pub fn parse_at(input: &str, now: Timestamp) -> Result<Query, ValidationError> {
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
        let tokens = tokenize(input, now)?;
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

fn tokenize(input: &str, now: Timestamp) -> Result<Vec<Token>, ValidationError> {
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
                    tokens.push(Token::Term(Some(read_range(field, &mut chars, now)?)));
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
    now: Timestamp,
) -> Result<Term, ValidationError> {
    let bad = |v: &str| ValidationError::new(format!("Invalid range for '{field}': {v:?}"));
    let first = chars.next().unwrap_or_default();
    if first == '[' || first == '{' {
        let close = if first == '[' { ']' } else { '}' };
        let mut inner = String::new();
        for c in chars.by_ref() {
            if c == close {
                let (from, to) = inner.split_once(" TO ").ok_or_else(|| bad(&inner))?;
                let from = parse_bound(from.trim(), false, now).map_err(|_| bad(&inner))?;
                let to = parse_bound(to.trim(), true, now).map_err(|_| bad(&inner))?;
                return Ok(Term::Range { field, from, to });
            }
            inner.push(c);
        }
        return Err(bad(&inner));
    }
    let rest = read_unspaced(chars);
    let value = rest.strip_prefix('=').unwrap_or(&rest);
    let bound = parse_bound(value, first == '<', now).map_err(|_| bad(&rest))?;
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

/// A range bound: `*` (open), a date (its first or, for `end`, last millisecond), an RFC
/// 3339 time, epoch milliseconds, or Elasticsearch date math from `now`.
fn parse_bound(value: &str, end: bool, now: Timestamp) -> Result<Option<Timestamp>, ()> {
    if value == "*" {
        return Ok(None);
    }
    if let Ok(millis) = value.parse::<i64>() {
        return DateTime::from_timestamp_millis(millis).map(Some).ok_or(());
    }
    if let Some(math) = value.strip_prefix("now") {
        return date_math(math, end, now).map(Some);
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

/// Elasticsearch date math after `now`: `-1d`, `+1h`, `-7d/d` (rounded down to the unit, or
/// for `end` up to its last millisecond). Units: `y`, `M`, `w`, `d`, `h`/`H`, `m`, `s`.
fn date_math(mut math: &str, end: bool, now: Timestamp) -> Result<Timestamp, ()> {
    let mut time = now;
    while let Some(op) = math.chars().next() {
        math = &math[1..];
        let digits = math.chars().take_while(char::is_ascii_digit).count();
        let amount: u32 = if digits == 0 {
            1
        } else {
            math[..digits].parse().map_err(|_| ())?
        };
        if op == '/' && digits > 0 {
            return Err(());
        }
        math = &math[digits..];
        let unit = math.chars().next().ok_or(())?;
        math = &math[unit.len_utf8()..];
        time = match op {
            '+' => shift(time, unit, i64::from(amount))?,
            '-' => shift(time, unit, -i64::from(amount))?,
            '/' => round(time, unit, end)?,
            _ => return Err(()),
        };
    }
    Ok(time)
}

/// `time` moved by `amount` of `unit`.
fn shift(time: Timestamp, unit: char, amount: i64) -> Result<Timestamp, ()> {
    let months = |n: i64| {
        let n = chrono::Months::new(u32::try_from(n.unsigned_abs()).map_err(|_| ())?);
        if amount < 0 {
            time.checked_sub_months(n)
        } else {
            time.checked_add_months(n)
        }
        .ok_or(())
    };
    let span = |d: Option<chrono::TimeDelta>| time.checked_add_signed(d.ok_or(())?).ok_or(());
    match unit {
        'y' => months(amount * 12),
        'M' => months(amount),
        'w' => span(chrono::TimeDelta::try_weeks(amount)),
        'd' => span(chrono::TimeDelta::try_days(amount)),
        'h' | 'H' => span(chrono::TimeDelta::try_hours(amount)),
        'm' => span(chrono::TimeDelta::try_minutes(amount)),
        's' => span(chrono::TimeDelta::try_seconds(amount)),
        _ => Err(()),
    }
}

/// `time` rounded down to the start of its `unit`, or for `end` to the unit's last
/// millisecond (UTC).
fn round(time: Timestamp, unit: char, end: bool) -> Result<Timestamp, ()> {
    use chrono::{Datelike, TimeZone, Timelike};
    let start = match unit {
        'y' => Utc.with_ymd_and_hms(time.year(), 1, 1, 0, 0, 0).single(),
        'M' => Utc
            .with_ymd_and_hms(time.year(), time.month(), 1, 0, 0, 0)
            .single(),
        'w' => {
            let monday = time.date_naive()
                - chrono::Days::new(u64::from(time.weekday().num_days_from_monday()));
            monday.and_hms_opt(0, 0, 0).map(|t| t.and_utc())
        }
        'd' => time.date_naive().and_hms_opt(0, 0, 0).map(|t| t.and_utc()),
        'h' | 'H' => time
            .with_minute(0)
            .and_then(|t| t.with_second(0))
            .and_then(|t| t.with_nanosecond(0)),
        'm' => time.with_second(0).and_then(|t| t.with_nanosecond(0)),
        's' => time.with_nanosecond(0),
        _ => None,
    }
    .ok_or(())?;
    if !end {
        return Ok(start);
    }
    let next = shift(start, unit, 1)?;
    Ok(next - chrono::TimeDelta::milliseconds(1))
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

    fn range(query: &str, now: Timestamp) -> (Option<Timestamp>, Option<Timestamp>) {
        match Query::parse_at(query, now).unwrap() {
            Query::Term(Term::Range { from, to, .. }) => (from, to),
            other => panic!("not a range: {other:?}"),
        }
    }

    #[test]
    fn range_bounds_take_epoch_milliseconds_and_date_math() {
        let at = |s: &str| DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc);
        let now = at("2026-12-02T15:30:45.250Z");
        assert_eq!(
            range("updated_at:>0", now),
            (Some(at("1970-01-01T00:00:00Z")), None)
        );
        assert_eq!(range("updated_at:<=now", now), (None, Some(now)));
        assert_eq!(
            range("created_at:>=now-1d", now).0,
            Some(at("2026-12-01T15:30:45.250Z"))
        );
        assert_eq!(
            range("created_at:<now+1h", now).1,
            Some(at("2026-12-02T16:30:45.250Z"))
        );
        assert_eq!(
            range("created_at:[now-7d/d TO now/d]", now),
            (
                Some(at("2026-11-25T00:00:00Z")),
                Some(at("2026-12-02T23:59:59.999Z"))
            )
        );
        assert_eq!(
            range("created_at:>now-1M/M", now).0,
            Some(at("2026-11-01T00:00:00Z"))
        );
        assert_eq!(
            range("created_at:>now-1y", now).0,
            Some(at("2025-12-02T15:30:45.250Z"))
        );
        for bad in [
            "created_at:>now-1x",
            "created_at:>now-",
            "created_at:>now/3d",
            "created_at:>soon",
        ] {
            assert!(Query::parse_at(bad, now).is_err(), "{bad}");
        }
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
