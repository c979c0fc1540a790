//! Turns on the PostgreSQL and MariaDB/MySQL contract tests (`cfg(helpdesk_test_postgres)`,
//! `cfg(helpdesk_test_mysql)`) when `HELPDESK_TEST_POSTGRES_URL` / `HELPDESK_TEST_MYSQL_URL`
//! are set, so without them those tests do not exist rather than fail.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    for (var, cfg) in [
        ("HELPDESK_TEST_POSTGRES_URL", "helpdesk_test_postgres"),
        ("HELPDESK_TEST_MYSQL_URL", "helpdesk_test_mysql"),
    ] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
        println!("cargo::rerun-if-env-changed={var}");
        if std::env::var_os(var).is_some_and(|v| !v.is_empty()) {
            println!("cargo::rustc-cfg={cfg}");
        }
    }
}
