//! Shapes every operation shares (issue #16): boolean query parameters cast from their words,
//! and a trailing slash on any path.

use crate::helpers::{ADMIN, TestApp};

crate::on_every_backend!(boolean_parameters_are_cast_from_their_words);

/// The words a boolean query parameter takes as true; every other one is false.
const TRUE_WORDS: [&str; 9] = ["true", "True", "TRUE", "1", "t", "T", "on", "yes", "YES"];
/// Words that are false, unknown ones among them: a boolean never answers 400.
const FALSE_WORDS: [&str; 12] = [
    "false", "False", "FALSE", "0", "f", "off", "no", "", "maybe", "2", "%20true", "tru",
];

async fn boolean_parameters_are_cast_from_their_words(app: TestApp) {
    for (words, expanded) in [(&TRUE_WORDS[..], true), (&FALSE_WORDS[..], false)] {
        for word in words {
            let me = app
                .get(&format!("/users/me?expand={word}"), Some(ADMIN))
                .await
                .expect(200);
            assert_eq!(me.body.get("roles").is_some(), expanded, "expand={word}");

            let found = app
                .get(
                    &format!("/users/search?query=*&with_total_count={word}&expand={word}"),
                    Some(ADMIN),
                )
                .await
                .expect(200);
            assert_eq!(found.body.is_object(), expanded, "with_total_count={word}");
            let first = if expanded {
                &found.body["records"][0]
            } else {
                &found.body[0]
            };
            assert_eq!(first.get("roles").is_some(), expanded, "expand={word}");
        }
    }

    // A word repeated counts by its last value, as Rails reads a query.
    let last_true = app
        .get_ok("/users/me?expand=no&expand=yes", Some(ADMIN))
        .await;
    assert!(last_true.get("roles").is_some());
    let last_false = app.get_ok("/users/me?expand=1&expand=0", Some(ADMIN)).await;
    assert!(last_false.get("roles").is_none());
}
