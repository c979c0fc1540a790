//! The search query language of Zammad's `/…/search` endpoints, parsed into a tree.
//!
//! `query` is free text plus `field:value` terms joined with `AND` / `OR` (AND binds
//! tighter; juxtaposition means AND), quoted phrases, and `*` alone for everything. A word
//! ending in `*` matches as a prefix. Which fields exist is decided by the caller.

use crate::ValidationError;

/// The longest query accepted, in characters.
pub const MAX_QUERY_LEN: usize = 1000;

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
        let tokens = tokenize(input)?;
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
            Query::Term(Term::Field { field, .. }) => out.push(field),
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
        match self {
            Query::All => true,
            Query::Term(Term::Text(t)) => text(t),
            Query::Term(Term::Field { field: f, value }) => field(f, value),
            Query::And(parts) => parts.iter().all(|p| p.matches(text, field)),
            Query::Or(parts) => parts.iter().any(|p| p.matches(text, field)),
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
                let value = if chars.peek() == Some(&'"') {
                    chars.next();
                    Text::Phrase(read_quoted(&mut chars)?)
                } else {
                    let mut v = String::new();
                    while let Some(&c) = chars.peek() {
                        if c.is_whitespace() {
                            break;
                        }
                        v.push(c);
                        chars.next();
                    }
                    word_text(&v)
                };
                let field = word.to_lowercase();
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
