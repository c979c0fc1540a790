//! The store under faults: a full disk on SQLite.
//!
//! The database file lives on a small tmpfs of its own: the directory named by
//! `HELPDESK_TEST_TMPFS` (a dedicated, already mounted tmpfs, as `.ci/run` prepares), else one
//! this test mounts (it needs root). When neither is possible the test prints `skipped: ...`
//! and passes, except with `CI=true`, where it fails.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

use helpdesk_test_support::in_ci;
use serde_json::{Value, json};

use crate::helpers::{ADMIN, Answer, TestApp, unique};

/// The size of the tmpfs this test mounts.
const TMPFS_SIZE: &str = "32m";

/// A directory on a tmpfs that this test may fill, unmounted on drop when mounted here.
struct Tmpfs {
    dir: PathBuf,
    mounted_here: bool,
}

impl Tmpfs {
    /// The tmpfs of `HELPDESK_TEST_TMPFS`, or a new one, or `None` (after printing why)
    /// when neither is available outside CI.
    fn get() -> Option<Tmpfs> {
        if let Some(dir) = std::env::var_os("HELPDESK_TEST_TMPFS").filter(|d| !d.is_empty()) {
            return Some(Tmpfs {
                dir: PathBuf::from(dir),
                mounted_here: false,
            });
        }
        let dir = std::env::temp_dir().join(unique("helpdesk-full-disk-"));
        std::fs::create_dir_all(&dir).expect("a mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={TMPFS_SIZE}"), "tmpfs"])
            .arg(&dir)
            .output();
        match mounted {
            Ok(out) if out.status.success() => Some(Tmpfs {
                dir,
                mounted_here: true,
            }),
            other => {
                let _ = std::fs::remove_dir(&dir);
                let why = match other {
                    Ok(out) => String::from_utf8_lossy(&out.stderr).trim().to_string(),
                    Err(e) => e.to_string(),
                };
                assert!(
                    !in_ci(),
                    "CI requires the full-disk test: cannot mount a tmpfs ({why}); set \
                     HELPDESK_TEST_TMPFS to a dedicated tmpfs (`.ci/run` does)"
                );
                println!("skipped: cannot mount a tmpfs ({why}) and HELPDESK_TEST_TMPFS is unset");
                None
            }
        }
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        if self.mounted_here {
            let unmounted = Command::new("umount").arg(&self.dir).output();
            if !unmounted.is_ok_and(|o| o.status.success()) {
                let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
            }
            let _ = std::fs::remove_dir(&self.dir);
        }
    }
}

/// Fills the file system of `dir` with a file `filler` until no byte more fits.
fn fill(filler: &Path) {
    let mut file = std::fs::File::create(filler).expect("the filler file");
    let chunk = vec![0x5a_u8; 64 * 1024];
    loop {
        if file.write_all(&chunk).and_then(|()| file.flush()).is_err() {
            break;
        }
    }
    // The last bytes a whole chunk did not fit into.
    while file.write_all(&[0x5a]).is_ok() {}
    let _ = file.sync_all();
}

/// Creates a ticket titled `title` as the admin.
async fn create(app: &TestApp, customer: i64, title: &str) -> Answer {
    let body = json!({
        "title": title, "group_id": 1, "customer_id": customer,
        "article": { "subject": title, "body": "x".repeat(4000), "type": "note" },
    });
    app.post("/tickets", Some(ADMIN), body).await
}

/// Fails unless `answer` is a 5xx with Zammad's JSON error body.
#[track_caller]
fn assert_clean_failure(answer: &Answer, what: &str) {
    assert!(
        answer.status.is_server_error(),
        "{what}: status {}, body {}",
        answer.status,
        answer.text
    );
    for field in ["error", "error_human"] {
        assert!(
            answer.body[field].as_str().is_some_and(|t| !t.is_empty()),
            "{what}: no {field} in {}",
            answer.text
        );
    }
}

/// The id of an acknowledged create, after checking it reads back at once.
async fn check_acknowledged(app: &TestApp, created: &Answer, title: &str) -> i64 {
    let id = created.body["id"]
        .as_i64()
        .expect("an acknowledged create has an id");
    let shown = app.get(&format!("/tickets/{id}"), Some(ADMIN)).await;
    assert_eq!(
        shown.status, 200,
        "ticket {id} was acknowledged but reads back {}",
        shown.status
    );
    assert_eq!(shown.body["title"], title, "ticket {id}");
    id
}

/// With the disk full, every write either is acknowledged and saved (readable at once, and
/// after a restart) or fails with a clean 5xx; no id is handed out twice; and writes work
/// again as soon as space is freed, without a restart.
#[tokio::test]
async fn a_full_disk_never_loses_an_acknowledged_write() {
    let Some(tmpfs) = Tmpfs::get() else {
        return;
    };
    let db = tmpfs.dir.join(format!("{}.db", unique("full-")));
    let filler = tmpfs.dir.join(unique("filler-"));
    let app = TestApp::spawn_sqlite_at(db.clone()).await;
    let customer = app.customer(None).await.id;
    let mut saved: Vec<(i64, String)> = Vec::new();
    for _ in 0..3 {
        let title = unique("Before ");
        let created = create(&app, customer, &title).await.expect(200);
        saved.push((check_acknowledged(&app, &created, &title).await, title));
    }

    fill(&filler);
    let mut failures = 0;
    for n in 0..20 {
        let title = unique("Full ");
        let created = create(&app, customer, &title).await;
        if created.status == 200 {
            saved.push((check_acknowledged(&app, &created, &title).await, title));
        } else {
            assert_clean_failure(&created, &format!("create {n} on a full disk"));
            failures += 1;
        }
    }
    println!("{failures} of 20 writes on the full disk failed, the others were saved");
    assert!(failures > 0, "the disk was never full: no write failed");
    let denied = create(&app, customer, "again").await;
    assert_clean_failure(&denied, "a write on a full disk");
    assert_eq!(
        denied.status, 503,
        "a full disk answers 503: {}",
        denied.text
    );
    assert!(
        denied.header("Retry-After").is_some(),
        "503 without Retry-After"
    );

    std::fs::remove_file(&filler).expect("space is freed");
    for _ in 0..3 {
        let title = unique("After ");
        let created = create(&app, customer, &title).await;
        let created = created.expect(200);
        saved.push((check_acknowledged(&app, &created, &title).await, title));
    }

    let ids: HashSet<i64> = saved.iter().map(|(id, _)| *id).collect();
    assert_eq!(
        ids.len(),
        saved.len(),
        "an id was handed out twice: {saved:?}"
    );
    let app = app.restart().await;
    for (id, title) in &saved {
        let shown = app.get(&format!("/tickets/{id}"), Some(ADMIN)).await;
        assert_eq!(
            shown.status, 200,
            "acknowledged ticket {id} is gone after a restart"
        );
        assert_eq!(shown.body["title"], Value::from(title.as_str()));
    }
    drop(app);
    drop(tmpfs);
}
