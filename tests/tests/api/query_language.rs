//! The query language Zammad integrations send beyond the seed: time ranges on users and
//! organizations, with epoch milliseconds and Elasticsearch date math (`now-1d`, `now/d`;
//! a `+` is sent URL-encoded, as clients encode it).

use serde_json::{Value, json};

use crate::helpers::{ADMIN, TestApp, unique};

crate::on_every_backend!(users_and_organizations_take_time_ranges);

fn ids(list: &Value) -> Vec<i64> {
    list.as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect()
}

async fn users_and_organizations_take_time_ranges(app: TestApp) {
    let name = unique("Rangeorg");
    let word = name.split(' ').next().expect("word").to_lowercase();
    let org = app
        .create("/organizations", Some(ADMIN), json!({ "name": name }))
        .await;
    let customer = app.customer(Some(org)).await;
    let login = customer.login.clone();
    for (range, found) in [
        ("updated_at:>now-1d", true),
        ("updated_at:>0", true),
        ("created_at:[now-1h TO now%2B1h]", true),
        ("created_at:<now-1d", false),
        ("updated_at:>=now%2B1d/d", false),
    ] {
        let path = format!("/users/search?query={login} AND {range}");
        let users = app.get_ok(&path, Some(ADMIN)).await;
        assert_eq!(ids(&users).contains(&customer.id), found, "users {range}");
        let path = format!("/organizations/search?query={word} AND {range}");
        let orgs = app.get_ok(&path, Some(ADMIN)).await;
        assert_eq!(ids(&orgs).contains(&org), found, "organizations {range}");
    }
    for bad in ["login:>now", "updated_at:>yesterday", "updated_at:>now-1x"] {
        app.get(&format!("/users/search?query={bad}"), Some(ADMIN))
            .await
            .expect(422);
    }
}
