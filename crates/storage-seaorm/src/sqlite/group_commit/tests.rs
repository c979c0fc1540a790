//! Group commit: writes queued behind each other share a batch, and one rolled back leaves the
//! others; and the failure paths: a batch whose `COMMIT` fails, a poisoned batch (a write whose
//! savepoint could not be released), and a batch whose transaction SQLite ended behind the
//! driver's back, found at a commit or at the next write's begin. In each failure no member is
//! acknowledged, none of its writes is saved, the writer's connection is replaced, and the next
//! write is saved.

use std::sync::atomic::Ordering;
use std::time::Duration;

use sea_orm::sqlx::sqlite::SqliteSynchronous;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction};

use super::{Writer, WriterTurn};
use crate::server::process_locks;
use crate::sqlite::scratch_file::ScratchFile;
use crate::sqlite::tuning;

/// A migrated SQLite file with two extra tables, `p` and `c`, whose foreign key is checked
/// at `COMMIT`; its writer, and a connection of its own to read what was saved.
async fn fixture() -> (Writer, DatabaseConnection, ScratchFile) {
    let file = ScratchFile::new("group-commit");
    let url = file.url();
    let mut options = sea_orm::ConnectOptions::new(url.as_str());
    tuning::tune(&mut options, SqliteSynchronous::Full);
    let db = Database::connect(options).await.expect("a database");
    process_locks::migrate(&db).await.expect("migrations");
    db.execute_unprepared(
        "CREATE TABLE p (id INTEGER PRIMARY KEY); \
         CREATE TABLE c (id INTEGER PRIMARY KEY, \
             p INTEGER REFERENCES p(id) DEFERRABLE INITIALLY DEFERRED)",
    )
    .await
    .expect("test tables");
    let writer_options = tuning::writer_options(&url, SqliteSynchronous::Full);
    let writer_db = Database::connect(writer_options.clone())
        .await
        .expect("the writer");
    (Writer::new(writer_db, writer_options), db, file)
}

/// Runs `sql` in a write's savepoint.
async fn run(tx: &DatabaseTransaction, sql: &str) {
    tx.execute_unprepared(sql).await.expect(sql);
}

/// Begins a write in another task once `writer` has a turn taken; answers when that write
/// waits for its turn.
async fn queue_write(
    writer: &Writer,
) -> tokio::task::JoinHandle<(DatabaseTransaction, WriterTurn)> {
    let next = writer.clone();
    let handle = tokio::spawn(async move { next.begin().await.expect("begin") });
    while writer.waiting.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    handle
}

/// Commits a write, in a task (it answers with its batch).
fn commit_later(
    tx: DatabaseTransaction,
    turn: WriterTurn,
) -> tokio::task::JoinHandle<helpdesk_storage::Result<()>> {
    tokio::spawn(turn.commit(tx))
}

/// Write a inserts `p` 1 and commits while b waits for its turn: a hands the batch over and
/// waits for its outcome in a task, and b's turn in the same batch begins.
async fn a_committed_then_b(
    writer: &Writer,
) -> (
    tokio::task::JoinHandle<helpdesk_storage::Result<()>>,
    DatabaseTransaction,
    WriterTurn,
) {
    let (a, a_turn) = writer.begin().await.expect("begin");
    run(&a, "INSERT INTO p (id) VALUES (1)").await;
    let b = queue_write(writer).await;
    let a_done = commit_later(a, a_turn);
    let (b, b_turn) = b.await.expect("b");
    (a_done, b, b_turn)
}

/// The ids in table `table`, read on a connection of its own.
async fn ids(db: &DatabaseConnection, table: &str) -> Vec<i64> {
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            format!("SELECT id FROM {table} ORDER BY id"),
        ))
        .await
        .expect("a read");
    rows.iter()
        .map(|r| r.try_get_by_index::<i64>(0).expect("an id"))
        .collect()
}

/// A write after the failure is saved, on a new connection.
async fn next_write_is_saved(writer: &Writer, reader: &DatabaseConnection) {
    let (tx, turn) = writer.begin().await.expect("a write after the failure");
    run(&tx, "INSERT INTO p (id) VALUES (100)").await;
    turn.commit(tx).await.expect("the next write commits");
    assert_eq!(
        writer.reopened().await,
        1,
        "the writer connection was replaced"
    );
    assert_eq!(ids(reader, "p").await, vec![100]);
}

#[tokio::test]
async fn a_failed_commit_fails_every_member_and_replaces_the_connection() {
    let (writer, reader, _file) = fixture().await;
    let (a_done, b, b_turn) = a_committed_then_b(&writer).await;
    // Checked only at COMMIT: the batch's COMMIT fails.
    run(&b, "INSERT INTO c (id, p) VALUES (1, 999)").await;
    assert!(b_turn.commit(b).await.is_err(), "b was acknowledged");
    let a_outcome = a_done.await.expect("a");
    assert!(
        matches!(a_outcome, Err(helpdesk_storage::Error::Unavailable(_))),
        "a: {a_outcome:?}"
    );
    assert!(ids(&reader, "p").await.is_empty(), "a's write was saved");
    next_write_is_saved(&writer, &reader).await;
    assert!(ids(&reader, "c").await.is_empty());
}

#[tokio::test]
async fn a_poisoned_batch_is_rolled_back_and_its_members_told() {
    let (writer, reader, _file) = fixture().await;
    let (a_done, b, mut b_turn) = a_committed_then_b(&writer).await;
    run(&b, "INSERT INTO p (id) VALUES (2)").await;
    // What a write whose savepoint could not be released does; b's savepoint then rolls
    // back, a's write stays in a healthy batch, which must still not commit.
    b_turn.poison();
    drop(b);
    drop(b_turn);
    let a_outcome = a_done.await.expect("a");
    assert!(
        a_outcome.is_err(),
        "a member of a poisoned batch was acknowledged"
    );
    assert!(ids(&reader, "p").await.is_empty(), "a's write was saved");
    next_write_is_saved(&writer, &reader).await;
}

#[tokio::test]
async fn a_savepoint_that_cannot_be_released_poisons_its_batch() {
    let (writer, reader, _file) = fixture().await;
    let (a_done, b, b_turn) = a_committed_then_b(&writer).await;
    run(&b, "INSERT INTO p (id) VALUES (2)").await;
    // B's savepoint ends behind the driver's back (sqlx names it `_sqlx_savepoint_1`, the
    // batch being depth 0): its RELEASE then fails, with b's row left in the batch.
    run(&b, "RELEASE _sqlx_savepoint_1").await;
    assert!(b_turn.commit(b).await.is_err(), "b was acknowledged");
    let a_outcome = a_done.await.expect("a");
    assert!(
        matches!(a_outcome, Err(helpdesk_storage::Error::Unavailable(_))),
        "a: {a_outcome:?}"
    );
    assert!(ids(&reader, "p").await.is_empty(), "the batch was saved");
    next_write_is_saved(&writer, &reader).await;
}

#[tokio::test]
async fn writes_queued_behind_each_other_commit_together() {
    let (writer, reader, _file) = fixture().await;
    let (a_done, b, b_turn) = a_committed_then_b(&writer).await;
    assert!(
        !a_done.is_finished(),
        "a answered before its batch's COMMIT"
    );
    run(&b, "INSERT INTO p (id) VALUES (2)").await;
    b_turn.commit(b).await.expect("b commits");
    a_done.await.expect("a").expect("a commits with b");
    assert_eq!(ids(&reader, "p").await, vec![1, 2]);
    assert_eq!(writer.reopened().await, 0);
}

#[tokio::test]
async fn a_write_rolled_back_leaves_the_others_of_its_batch() {
    let (writer, reader, _file) = fixture().await;
    let (a_done, b, b_turn) = a_committed_then_b(&writer).await;
    run(&b, "INSERT INTO p (id) VALUES (2)").await;
    drop(b);
    drop(b_turn);
    a_done.await.expect("a").expect("a commits without b");
    assert_eq!(ids(&reader, "p").await, vec![1]);
    assert_eq!(writer.reopened().await, 0);
}

#[tokio::test]
async fn a_batch_lost_before_the_next_write_begins_is_not_continued() {
    let (writer, reader, _file) = fixture().await;
    let (a, a_turn) = writer.begin().await.expect("begin");
    run(&a, "INSERT INTO p (id) VALUES (1)").await;
    // B waits for its turn before a ends, so it comes before a's finisher.
    let b = queue_write(&writer).await;
    run(&a, "ROLLBACK").await;
    drop(a);
    drop(a_turn);
    let (b, b_turn) = b.await.expect("b begins on a new batch");
    run(&b, "INSERT INTO p (id) VALUES (2)").await;
    b_turn.commit(b).await.expect("b commits");
    assert_eq!(ids(&reader, "p").await, vec![2]);
    assert_eq!(writer.reopened().await, 1, "the connection was replaced");
}

#[tokio::test]
async fn a_batch_the_database_rolled_back_is_not_committed() {
    let (writer, reader, _file) = fixture().await;
    let (a_done, b, b_turn) = a_committed_then_b(&writer).await;
    // What SQLite does on a full disk or an I/O error: the whole transaction ends, and the
    // driver still counts it (and b's savepoint) as open. B fails and rolls back.
    run(&b, "ROLLBACK").await;
    drop(b);
    drop(b_turn);
    let a_outcome = a_done.await.expect("a");
    assert!(a_outcome.is_err(), "a was acknowledged, its write lost");
    next_write_is_saved(&writer, &reader).await;
}
