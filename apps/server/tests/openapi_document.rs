//! The committed API document, `docs/openapi.json`, is what `helpdesk openapi` prints now:
//! the same command `cargo xtask openapi` stores, so plain `cargo test` fails on a stale copy
//! (not only `cargo xtask ci`).

use std::path::Path;
use std::process::Command;

#[test]
fn committed_openapi_document_is_what_the_server_prints() {
    let output = Command::new(env!("CARGO_BIN_EXE_helpdesk"))
        .arg("openapi")
        .output()
        .expect("`helpdesk openapi` starts");
    assert!(
        output.status.success(),
        "`helpdesk openapi` failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let fresh = String::from_utf8(output.stdout).expect("the document is UTF-8");
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/openapi.json");
    // A missing file counts as stale; CRLF line endings of a checkout do not.
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed.replace("\r\n", "\n") == fresh.replace("\r\n", "\n"),
        "docs/openapi.json is stale: run `cargo xtask openapi`"
    );
}
