//! The OpenAPI document lists per operation only the statuses it can answer, each described:
//! the request handling's statuses only where the request has the part they judge, and the
//! use case's own where the use case answers them.

use std::collections::BTreeSet;
use std::sync::Arc;

use helpdesk_service::{Config, Helpdesk};
use helpdesk_storage_memory::MemoryStore;
use serde_json::Value;

/// The document as the server serves it.
fn document() -> Value {
    let helpdesk = Helpdesk::new(Arc::new(MemoryStore::new()), Config::default());
    serde_json::from_str(&helpdesk_http::openapi_json(helpdesk)).expect("the document is JSON")
}

/// Every operation: its method, path and operation object.
fn operations(doc: &Value) -> Vec<(String, String, &Value)> {
    let paths = doc["paths"].as_object().expect("paths");
    paths
        .iter()
        .flat_map(|(path, item)| {
            let item = item.as_object().expect("a path item");
            item.iter()
                .map(move |(method, operation)| (method.clone(), path.clone(), operation))
        })
        .collect()
}

/// The statuses an operation lists.
fn statuses(operation: &Value) -> BTreeSet<&str> {
    operation["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .map(String::as_str)
        .collect()
}

/// Whether a parameter's schema is a boolean word (`params::Flag`), which any word satisfies.
fn is_flag(schema: &Value) -> bool {
    schema["description"]
        .as_str()
        .is_some_and(|d| d.starts_with("A boolean as Rails casts it"))
}

#[test]
fn operations_list_the_statuses_of_what_they_read() {
    let doc = document();
    let operations = operations(&doc);
    assert!(operations.len() > 60, "{} operations", operations.len());
    for (method, path, operation) in operations {
        let listed = statuses(operation);
        let has = |status: &str| listed.contains(status);
        let body = operation.get("requestBody").is_some();
        let signed_in = operation["security"]
            .as_array()
            .is_some_and(|s| !s.is_empty());
        let path_id = path.contains('{');
        let query = operation["parameters"].as_array().is_some_and(|p| {
            // A boolean never answers 400 (`params::Flag`).
            p.iter()
                .any(|p| p["in"] == "query" && !is_flag(&p["schema"]))
        });
        let name = format!("{} {path}", method.to_uppercase());
        for status in ["408", "413", "415"] {
            assert_eq!(has(status), body, "{name} and {status}: {listed:?}");
        }
        for status in ["401", "403", "429"] {
            assert_eq!(has(status), signed_in, "{name} and {status}: {listed:?}");
        }
        assert!(has("500") && has("503"), "{name}: {listed:?}");
        assert_eq!(has("400"), body || query, "{name} and 400: {listed:?}");
        if path_id {
            assert!(has("404"), "{name}: {listed:?}");
        }
        if body {
            assert!(has("422"), "{name}: {listed:?}");
        }
        for (status, response) in operation["responses"].as_object().expect("responses") {
            let description = response["description"].as_str().unwrap_or_default();
            assert!(
                !description.is_empty(),
                "{name} {status} has no description"
            );
        }
    }
}

#[test]
fn reads_list_no_use_case_status_they_cannot_answer() {
    let doc = document();
    let listed = |method: &str, path: &str| statuses(&doc["paths"][path][method]);
    let roles = listed("get", "/roles");
    assert_eq!(
        roles,
        BTreeSet::from(["200", "400", "401", "403", "429", "500", "503"]),
        "GET /roles"
    );
    assert!(!listed("get", "/users/me").contains("404"), "GET /users/me");
    assert!(
        listed("get", "/tickets/search").contains("422"),
        "a search refuses a malformed query"
    );
    let reset = listed("post", "/users/password_reset");
    assert!(
        !reset.contains("401"),
        "POST /users/password_reset: {reset:?}"
    );
}

#[test]
fn grouped_query_parameters_are_documented_one_by_one() {
    let doc = document();
    let names: Vec<&str> = doc["paths"]["/tickets/search"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "query",
            "limit",
            "page",
            "per_page",
            "sort_by",
            "order_by",
            "expand",
            "with_total_count",
            "full",
            "only_total_count"
        ]
    );
    let per_page = &doc["paths"]["/groups"]["get"]["parameters"][1];
    assert_eq!(per_page["name"], "per_page");
    assert_eq!(per_page["schema"]["maximum"], 4_294_967_295.0);
}
