//! Shapes every operation shares (issue #16): boolean query parameters cast from their words,
//! and a trailing slash on any path.

use serde_json::json;

use crate::helpers::{ADMIN, TestApp, unique};

crate::on_every_backend!(
    boolean_parameters_are_cast_from_their_words,
    a_trailing_slash_answers_as_the_path_without_it,
);

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

async fn a_trailing_slash_answers_as_the_path_without_it(app: TestApp) {
    for path in [
        "/groups",
        "/groups/1",
        "/tickets",
        "/users/me",
        "/roles?per_page=1",
    ] {
        let plain = app.get(path, Some(ADMIN)).await.expect(200);
        let slashed = match path.split_once('?') {
            Some((path, query)) => format!("{path}/?{query}"),
            None => format!("{path}/"),
        };
        let answer = app.get(&slashed, Some(ADMIN)).await.expect(200);
        assert_eq!(answer.body, plain.body, "{slashed}");
        assert_eq!(
            answer.header("X-Total-Count"),
            plain.header("X-Total-Count")
        );
    }
    let made = app
        .post(
            "/groups//",
            Some(ADMIN),
            json!({ "name": unique("Slashed ") }),
        )
        .await
        .expect(200);
    let id = made.body["id"].as_i64().expect("id");
    app.put(
        &format!("/groups/{id}/"),
        Some(ADMIN),
        json!({ "note": "x" }),
    )
    .await
    .expect(200);
    // Denials and misses stay what they are.
    app.get("/groups/", None)
        .await
        .expect_error(401, "Authentication required");
    app.get("/groups/999999/", Some(ADMIN))
        .await
        .expect_error(404, "Couldn't find Group with 'id'=999999");
}
