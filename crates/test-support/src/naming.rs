//! Names and URLs of test databases.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The prefix of every test database's name.
const PREFIX: &str = "helpdesk_test_";

/// Seconds since the Unix epoch.
pub(super) fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// A name no other test of any process uses: `helpdesk_test_<secs>_<pid>_<n>`.
pub(super) fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    format!(
        "{PREFIX}{}_{}_{}",
        now_secs(),
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// The name of this process's template database: `helpdesk_test_<secs>_<pid>_template`.
pub(super) fn template_name() -> String {
    format!("{PREFIX}{}_{}_template", now_secs(), std::process::id())
}

/// When a test database was created (seconds since the epoch), or `None` for a name that is
/// not a test database's. Only names of lower-case letters, digits and `_` count, so a name
/// read from the server is safe to put into a statement.
pub(super) fn created_secs(name: &str) -> Option<u64> {
    let rest = name.strip_prefix(PREFIX)?;
    if !rest
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return None;
    }
    rest.split('_').next()?.parse().ok()
}

/// `server_url` with its database path replaced by `name`, keeping any query string.
pub(super) fn database_url(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (server_url, None),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let authority_end = base[authority_start..]
        .find('/')
        .map_or(base.len(), |i| authority_start + i);
    let mut url = format!("{}/{name}", &base[..authority_end]);
    if let Some(query) = query {
        url.push('?');
        url.push_str(query);
    }
    url
}

/// `url` with any password hidden, for messages.
pub(super) fn redact(url: &str) -> String {
    let Some(scheme_end) = url.find("://").map(|i| i + 3) else {
        return url.to_string();
    };
    let Some(at) = url[scheme_end..].find('@').map(|i| scheme_end + i) else {
        return url.to_string();
    };
    match url[scheme_end..at].split_once(':') {
        Some((user, _)) => format!("{}{user}:***{}", &url[..scheme_end], &url[at..]),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_url_replaces_the_path_and_keeps_the_query() {
        let cases = [
            ("postgres://u@h:5432", "postgres://u@h:5432/db"),
            ("postgres://u@h:5432/", "postgres://u@h:5432/db"),
            ("postgres://u@h:5432/postgres", "postgres://u@h:5432/db"),
            (
                "postgres://u@h/postgres?sslmode=disable",
                "postgres://u@h/db?sslmode=disable",
            ),
            (
                "mysql://root@127.0.0.1:3306",
                "mysql://root@127.0.0.1:3306/db",
            ),
        ];
        for (server, expected) in cases {
            assert_eq!(database_url(server, "db"), expected, "{server}");
        }
    }

    #[test]
    fn created_secs_reads_test_names_only() {
        assert_eq!(
            created_secs("helpdesk_test_1700000000_42_7"),
            Some(1_700_000_000)
        );
        assert_eq!(
            created_secs("helpdesk_test_1700000000_42_template"),
            Some(1_700_000_000)
        );
        assert_eq!(created_secs(&unique_name()).map(|s| s > 0), Some(true));
        assert_eq!(created_secs("helpdesk_production"), None);
        assert_eq!(created_secs("helpdesk_test_1; DROP"), None);
    }

    #[test]
    fn redact_hides_passwords_only() {
        assert_eq!(redact("mysql://root:secret@h/db"), "mysql://root:***@h/db");
        assert_eq!(redact("postgres://postgres@h"), "postgres://postgres@h");
        assert_eq!(redact("postgres://h/db"), "postgres://h/db");
    }
}
