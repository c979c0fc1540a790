//! Property-based fuzzing of the search query language (`helpdesk_domain::search`).
//!
//! Inputs are arbitrary strings biased towards the grammar: quotes, `field:` prefixes, range
//! brackets, `TO`, `AND` / `OR`, comparison operators, dates, tricky Unicode, NUL and inputs
//! past the length limit. For each one the parser must not panic and must be deterministic, and
//! a parsed query's `fields()`, `matches_with_ranges`, `words` and `word_match` must not panic
//! either and must keep their basic invariants.
//!
//! A plain `cargo test` runs a modest number of cases (`PROPTEST_CASES` overrides it). With
//! `HELPDESK_FUZZ_SECONDS=N` the test keeps generating fresh random batches for N seconds and
//! prints how many cases it ran; `cargo xtask fuzz [--seconds N]` drives that in release mode.
//! A failure is shrunk and its seed saved in `proptest-regressions/search_fuzz.txt` (relative to
//! this crate), which is replayed first on every later run and is meant to be committed. The
//! hand-written seed inputs in `tests/search_fuzz_corpus.txt` are checked on every run too.

use std::{
    cell::Cell,
    env,
    time::{Duration, Instant},
};

use helpdesk_domain::search::{MAX_QUERY_LEN, Query, Term, Text, word_match, words};
use proptest::{
    prelude::*,
    test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner},
};

/// Cases per batch; also the whole run of a plain `cargo test` unless `PROPTEST_CASES` is set.
const DEFAULT_CASES: u32 = 512;

/// Where failures are saved, relative to the crate directory `cargo test` runs in.
const REGRESSIONS: &str = "proptest-regressions/search_fuzz.txt";

/// Seed inputs, one per line (`\n` inside a line is not supported; `\0` is written `\\0`).
const CORPUS: &str = include_str!("search_fuzz_corpus.txt");

/// Pieces of the grammar and of the values it parses, glued together by [`query`].
const FRAGMENTS: &[&str] = &[
    "\"",
    ":",
    "[",
    "]",
    "{",
    "}",
    " TO ",
    "TO",
    "AND",
    "OR",
    "&&",
    "||",
    "*",
    ">",
    "<",
    "=",
    ">=",
    "<=",
    " ",
    "  ",
    "\t",
    "\n",
    "\u{a0}",
    "\u{3000}",
    "\0",
    "title",
    "state.name",
    "created_at",
    "updated_at",
    "email",
    "Owner.Login",
    "2024-01-31",
    "2024-02-30",
    "2024-13-01",
    "0000-01-01",
    "+262143-12-31",
    "-262144-01-01",
    "99999999999-01-01",
    "2024-01-01T00:00:00Z",
    "2024-01-01T23:59:60Z",
    "9999-12-31T23:59:59.999999999+23:59",
    "1970-01-01T00:00:00-00:00",
    "é",
    "ß",
    "İ",
    "ǅ",
    "ﬁ",
    "Σ",
    "ς",
    "\u{307}",
    "\u{301}",
    "\u{200d}",
    "\u{feff}",
    "\u{202e}",
    "👍🏽",
    "日本語",
    "٣",
    "Ⅻ",
    "\u{10ffff}",
    "\u{fffd}",
    "foo",
    "bar*",
    "Foo-Bar",
    "a.b",
    "x_y",
];

/// One fragment: a grammar piece, a random character or a short random string.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        2 => any::<char>().prop_map(String::from),
        2 => "[a-zA-Z0-9 :\"\\[\\]{}*<>=.-]{0,8}",
        1 => ".{0,6}",
    ]
}

/// A query string: grammar-biased fragments, sometimes long enough to pass the length limit,
/// or a completely arbitrary string.
fn query() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => prop::collection::vec(fragment(), 0..48).prop_map(|parts| parts.concat()),
        1 => prop::collection::vec(fragment(), 150..500).prop_map(|parts| parts.concat()),
        2 => any::<String>(),
    ]
}

/// A record's text for the matchers: usually grammar-ish, sometimes arbitrary.
fn haystack() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => prop::collection::vec(fragment(), 0..24).prop_map(|parts| parts.concat()),
        1 => any::<String>(),
    ]
}

/// Checks every property for one input pair.
fn check(input: &str, hay: &str) -> Result<(), TestCaseError> {
    let now = chrono::DateTime::from_timestamp_millis(1_764_000_000_000).expect("a time");
    let parsed = Query::parse_at(input, now);
    prop_assert_eq!(
        &parsed,
        &Query::parse_at(input, now),
        "parsing is not deterministic"
    );
    if input.chars().count() > MAX_QUERY_LEN || input.contains('\0') {
        prop_assert!(parsed.is_err(), "over-long or NUL input was accepted");
    }
    if let Ok(query) = &parsed {
        check_query(query, hay)?;
    }
    check_words(input, hay)
}

/// The invariants of a parsed query.
fn check_query(query: &Query, hay: &str) -> Result<(), TestCaseError> {
    let fields = query.fields();
    for field in &fields {
        prop_assert!(!field.is_empty(), "empty field name");
        prop_assert!(
            !field.chars().any(char::is_whitespace),
            "field name {field:?} contains whitespace"
        );
    }
    check_shape(query, true)?;

    // Nothing matches: only `All` survives.
    let none = query.matches_with_ranges(&|_| false, &|_, _| false, &|_, _, _| false);
    prop_assert_eq!(none, *query == Query::All);
    // Everything matches.
    prop_assert!(query.matches_with_ranges(&|_| true, &|_, _| true, &|_, _, _| true));

    // Real matchers, counting the calls they get.
    let calls = Cell::new(0usize);
    let text = |t: &Text| {
        calls.set(calls.get() + 1);
        word_match(hay, t)
    };
    let field = |_: &str, t: &Text| {
        calls.set(calls.get() + 1);
        word_match(hay, t)
    };
    let range = |_: &str, from: Option<_>, to: Option<_>| {
        calls.set(calls.get() + 1);
        match (from, to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        }
    };
    let first = query.matches_with_ranges(&text, &field, &range);
    prop_assert_eq!(first, query.matches_with_ranges(&text, &field, &range));
    prop_assert!(
        calls.get() <= 2 * leaves(query),
        "a matcher was called too often"
    );
    Ok(())
}

/// No empty or single-part `And` / `Or`, no `All` inside another query, no empty needles
/// except phrases (`field:""`).
fn check_shape(query: &Query, top: bool) -> Result<(), TestCaseError> {
    match query {
        Query::All => prop_assert!(top, "`All` nested in a query"),
        Query::Term(Term::Text(t)) => {
            prop_assert!(!t.needle().trim().is_empty(), "empty free-text term {t:?}")
        }
        Query::Term(Term::Field { value, .. }) => prop_assert!(
            !value.needle().is_empty() || matches!(value, Text::Phrase(_)),
            "empty field value {value:?}"
        ),
        Query::Term(Term::Range { .. }) => {}
        Query::And(parts) | Query::Or(parts) => {
            prop_assert!(parts.len() >= 2, "and/or of {} parts", parts.len());
            for part in parts {
                check_shape(part, false)?;
            }
        }
    }
    Ok(())
}

/// The number of terms in a query.
fn leaves(query: &Query) -> usize {
    match query {
        Query::All | Query::Term(_) => 1,
        Query::And(parts) | Query::Or(parts) => parts.iter().map(leaves).sum(),
    }
}

/// `words` and `word_match` on the raw strings: no empty words, and a text matches itself.
fn check_words(input: &str, hay: &str) -> Result<(), TestCaseError> {
    for text in [input, hay] {
        prop_assert!(words(text).iter().all(|w| !w.is_empty()), "empty word");
        let has_words = !words(text).is_empty();
        for needle in [
            Text::Word(text.to_owned()),
            Text::Prefix(text.to_owned()),
            Text::Phrase(text.to_owned()),
        ] {
            prop_assert_eq!(
                word_match(text, &needle),
                has_words,
                "{:?} does not match itself",
                needle
            );
            let across = word_match(if text == input { hay } else { input }, &needle);
            prop_assert!(!across || has_words, "a needle without words matched");
        }
    }
    Ok(())
}

/// Runs one batch of `cases` cases with a fresh random seed; returns the cases run.
fn batch(cases: u32) -> u32 {
    let config = Config {
        cases,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(REGRESSIONS))),
        ..Config::default()
    };
    let mut runner = TestRunner::new(config);
    if let Err(err) = runner.run(&(query(), haystack()), |(input, hay)| check(&input, &hay)) {
        panic!("search query fuzzing failed: {err}");
    }
    cases
}

#[test]
fn corpus_inputs_keep_the_properties() {
    let lines: Vec<String> = CORPUS.lines().map(|l| l.replace("\\0", "\0")).collect();
    for input in &lines {
        for hay in &lines {
            if let Err(err) = check(input, hay) {
                panic!("corpus input {input:?} against {hay:?}: {err}");
            }
        }
    }
}

#[test]
fn the_parser_survives_arbitrary_input() {
    let cases = match env::var("PROPTEST_CASES") {
        Ok(_) => Config::default().cases,
        Err(_) => DEFAULT_CASES,
    };
    let Some(seconds) = env::var("HELPDESK_FUZZ_SECONDS").ok() else {
        batch(cases);
        return;
    };
    let seconds: u64 = seconds
        .parse()
        .expect("HELPDESK_FUZZ_SECONDS must be a whole number of seconds");
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut total = 0u64;
    while Instant::now() < deadline {
        total += u64::from(batch(cases));
    }
    println!(
        "search fuzz: {total} cases in {:.0?}, no failure",
        started.elapsed()
    );
}
