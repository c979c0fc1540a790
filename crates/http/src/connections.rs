//! A cap on concurrent connections: an acceptor that holds a semaphore permit per open
//! connection and stops accepting while all permits are taken, so further clients wait in
//! the listen backlog instead of costing the server memory and tasks.
//!
//! Each connection also bounds, with timers, how long a client may hold it without making
//! progress ([`CappedIo`]):
//!
//! - **Head.** From the first byte of a request, the client has the header timeout to finish
//!   its head (request line and headers, up to the empty line). A timer armed on that byte
//!   fails the connection's read when it fires while the head is still incomplete, so a
//!   client that sends half a head and goes silent loses the connection just as a
//!   slow-loris trickling header lines does. (hyper's own header timeout needs a timer poem
//!   does not give it, and poem's idle timeout only asks hyper for a graceful close, which
//!   hyper postpones until the request it is reading is complete — that is, forever.)
//! - **Body.** Once the head is complete, the body timeout applies: the body reader answers
//!   408 when the body has not arrived in time (`body.rs`), and bytes still arriving later
//!   than that (plus a second's grace for the 408 to go out) lose the connection.
//! - **Between requests.** After the server has answered, a connection that brings no new
//!   byte within the idle timeout is closed (an end of stream for hyper, which then closes it
//!   cleanly) — also when hyper already holds part of a pipelined next request.
//!
//! - **A client gone mid-request.** An end of stream read while a request is in flight (its
//!   head begun, its answer not yet sent) means the client closed the connection: the
//!   connection's [`Departures`] entry fires, and [`answer_unless_gone`] drops the request's
//!   handler, so the work it started (a database statement, say) is cancelled rather than
//!   run to its end for nobody (poem would poll it to completion). hyper, too, treats such an
//!   end of stream as the end of the connection (it does not support half-closed requests
//!   unless told to).
//!
//! A connection that opens with the HTTP/2 preface (h2c with prior knowledge) is not
//! inspected: its frames have no head to wait for; it gets the idle timeout of the server
//! only.

use std::collections::HashMap;
use std::future::Future;
use std::io::Result as IoResult;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use poem::http::uri::Scheme;
use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};
use tokio::time::{Instant, Sleep};

/// How long the bytes of a body may keep arriving after the body timeout, so that the body
/// reader's 408 goes out before the connection is cut.
const BODY_GRACE: Duration = Duration::from_secs(1);

/// The HTTP/2 connection preface's first bytes.
const H2_PREFACE: &[u8] = b"PRI * HTTP/2.0";

/// The time limits a connection's reads are held to.
#[derive(Debug, Clone, Copy)]
pub struct ReadTimeouts {
    /// From a request's first byte to the end of its head.
    pub header: Duration,
    /// From the end of a head to the end of its body.
    pub body: Duration,
    /// From the end of an answer to the first byte of the next request.
    pub idle: Duration,
}

/// An acceptor that keeps at most a fixed number of connections open at once.
pub struct Capped<A> {
    inner: A,
    permits: Arc<Semaphore>,
    timeouts: ReadTimeouts,
    departures: Departures,
}

/// The open connections by their (local, remote) addresses, each with a signal that turns
/// `true` when its client goes away in the middle of a request.
#[derive(Clone, Default)]
pub struct Departures(Arc<Mutex<HashMap<Endpoints, watch::Receiver<bool>>>>);

/// A TCP connection's (local, remote) addresses.
type Endpoints = (SocketAddr, SocketAddr);

impl Departures {
    /// The signal of the connection between `local` and `remote`, if it is open.
    fn signal(&self, local: SocketAddr, remote: SocketAddr) -> Option<watch::Receiver<bool>> {
        let map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.get(&(local, remote)).cloned()
    }

    /// Registers a connection; the answer fires its signal and unregisters it when dropped.
    fn register(&self, local: SocketAddr, remote: SocketAddr) -> Departure {
        let (sender, receiver) = watch::channel(false);
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        map.insert((local, remote), receiver);
        Departure {
            key: Some(((local, remote), self.clone())),
            sender,
        }
    }
}

/// A connection's side of its [`Departures`] entry.
struct Departure {
    key: Option<(Endpoints, Departures)>,
    sender: watch::Sender<bool>,
}

impl Departure {
    /// Tells the request in flight that its client went away.
    fn fire(&self) {
        self.sender.send_replace(true);
    }
}

impl Drop for Departure {
    fn drop(&mut self) {
        self.fire();
        if let Some((key, departures)) = self.key.take() {
            let mut map = departures.0.lock().unwrap_or_else(PoisonError::into_inner);
            map.remove(&key);
        }
    }
}

/// Calls `endpoint` with `request`, unless (or until) the request's client goes away, as
/// its connection in `departures` tells: then the handler is dropped and the answer
/// (which nobody reads) is a 499-like error.
pub async fn answer_unless_gone<E: poem::Endpoint>(
    departures: &Departures,
    endpoint: &E,
    request: poem::Request,
) -> poem::Result<E::Output> {
    let local = request.local_addr().as_socket_addr().copied();
    let remote = request.remote_addr().as_socket_addr().copied();
    let signal = local.zip(remote).and_then(|(l, r)| departures.signal(l, r));
    let Some(mut signal) = signal else {
        return endpoint.call(request).await;
    };
    tokio::select! {
        answer = endpoint.call(request) => answer,
        _ = signal.wait_for(|gone| *gone) => Err(poem::Error::from_string(
            "the client went away",
            poem::http::StatusCode::BAD_REQUEST,
        )),
    }
}

impl<A> Capped<A> {
    /// Wraps `inner`, allowing `max` open connections (at least one), whose reads are held
    /// to `timeouts`.
    pub fn new(inner: A, max: usize, timeouts: ReadTimeouts) -> Self {
        Self {
            inner,
            permits: Arc::new(Semaphore::new(max.max(1))),
            timeouts,
            departures: Departures::default(),
        }
    }

    /// The signals of this acceptor's connections, for [`answer_unless_gone`].
    pub fn departures(&self) -> Departures {
        self.departures.clone()
    }
}

impl<A: Acceptor> Acceptor for Capped<A> {
    type Io = CappedIo<A::Io>;

    fn local_addr(&self) -> Vec<LocalAddr> {
        self.inner.local_addr()
    }

    async fn accept(&mut self) -> IoResult<(Self::Io, LocalAddr, RemoteAddr, Scheme)> {
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(std::io::Error::other)?;
        let (io, local, remote, scheme) = self.inner.accept().await?;
        let departure = local
            .as_socket_addr()
            .zip(remote.as_socket_addr())
            .map(|(l, r)| self.departures.register(*l, *r));
        Ok((
            CappedIo::new(io, permit, self.timeouts, departure),
            local,
            remote,
            scheme,
        ))
    }
}

/// Where a connection is in its request cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Between requests (or before the first): the timer is the idle timeout.
    Idle,
    /// Reading a request head: the timer is the header deadline.
    Head,
    /// The head is complete; bytes may arrive until `until` (no timer: the body reader
    /// has its own).
    Body { until: Instant },
    /// An HTTP/2 connection: not inspected.
    Passthrough,
}

/// Finds the end of a request head (an empty line) across reads: a line feed, an optional
/// carriage return, a line feed. Line breaks before the request line (which HTTP lets a
/// server skip) do not count.
#[derive(Debug, Default, Clone, Copy)]
struct HeadScan {
    /// A byte other than CR and LF has been seen: the request line has started.
    started: bool,
    /// The last bytes were a line feed (1) or a line feed and a carriage return (2).
    newline: u8,
}

impl HeadScan {
    /// Feeds `bytes`; answers how many of them belong to the head when it ends among them.
    fn feed(&mut self, bytes: &[u8]) -> Option<usize> {
        for (i, &byte) in bytes.iter().enumerate() {
            match byte {
                b'\n' if self.started && self.newline > 0 => return Some(i + 1),
                b'\n' => self.newline = 1,
                b'\r' if self.newline == 1 => self.newline = 2,
                b'\r' => {}
                _ => {
                    self.started = true;
                    self.newline = 0;
                }
            }
        }
        None
    }
}

/// A connection that gives its permit back when it is dropped (closed), and whose reads
/// fail (or end) when the client holds it past its [`ReadTimeouts`].
pub struct CappedIo<T> {
    inner: T,
    _permit: OwnedSemaphorePermit,
    timeouts: ReadTimeouts,
    phase: Phase,
    scan: HeadScan,
    /// Whether nothing has been read yet (the HTTP/2 preface is looked for then).
    fresh: bool,
    /// The idle deadline (phase `Idle`) or the header deadline (phase `Head`).
    timer: Pin<Box<Sleep>>,
    /// Fired when the client goes away mid-request (`None`: not a TCP connection).
    departure: Option<Departure>,
}

impl<T> CappedIo<T> {
    /// Wraps a freshly accepted connection.
    fn new(
        inner: T,
        permit: OwnedSemaphorePermit,
        timeouts: ReadTimeouts,
        departure: Option<Departure>,
    ) -> Self {
        Self {
            inner,
            _permit: permit,
            timeouts,
            phase: Phase::Idle,
            scan: HeadScan::default(),
            fresh: true,
            timer: Box::pin(tokio::time::sleep(timeouts.idle)),
            departure,
        }
    }

    /// Notes the bytes `received`; an error when they complete no head in time, or are
    /// body bytes arriving past the body's deadline.
    fn note_received(&mut self, received: &[u8]) -> IoResult<()> {
        if received.is_empty() {
            return Ok(());
        }
        if std::mem::take(&mut self.fresh) && received.starts_with(H2_PREFACE) {
            self.phase = Phase::Passthrough;
        }
        let now = Instant::now();
        if self.phase == Phase::Idle {
            self.phase = Phase::Head;
            self.scan = HeadScan::default();
            self.timer.as_mut().reset(now + self.timeouts.header);
        }
        match self.phase {
            Phase::Head => match self.scan.feed(received) {
                Some(_) => {
                    self.phase = Phase::Body {
                        until: now + self.timeouts.body + BODY_GRACE,
                    };
                    Ok(())
                }
                None if now >= self.timer.deadline() => Err(timed_out("request head")),
                None => Ok(()),
            },
            Phase::Body { until } if now > until => Err(timed_out("request body")),
            _ => Ok(()),
        }
    }

    /// Notes the client's end of stream: in the middle of a request, the client went away.
    fn note_end_of_stream(&self) {
        if matches!(self.phase, Phase::Head | Phase::Body { .. })
            && let Some(departure) = &self.departure
        {
            departure.fire();
        }
    }

    /// Notes that the server sent `sent`: unless that is an interim answer (`100
    /// Continue`), the request is answered and the next byte read starts a new one.
    fn note_sent(&mut self, sent: &[u8]) {
        if sent.is_empty() || self.phase == Phase::Passthrough || interim(sent) {
            return;
        }
        self.phase = Phase::Idle;
        self.timer
            .as_mut()
            .reset(Instant::now() + self.timeouts.idle);
    }
}

/// Whether `sent` begins an interim (1xx) answer.
fn interim(sent: &[u8]) -> bool {
    sent.len() >= 10 && sent.starts_with(b"HTTP/1.") && sent[9] == b'1'
}

/// The error a read fails with when `what` took too long to arrive.
fn timed_out(what: &str) -> std::io::Error {
    std::io::Error::new(
        std::io::ErrorKind::TimedOut,
        format!("the {what} took too long to arrive"),
    )
}

impl<T: AsyncRead + Unpin> AsyncRead for CappedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<IoResult<()>> {
        let before = buf.filled().len();
        let room = buf.remaining() > 0;
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) if room && buf.filled().len() == before => {
                self.note_end_of_stream();
                Poll::Ready(Ok(()))
            }
            Poll::Ready(Ok(())) => {
                let result = self.note_received(&buf.filled()[before..]);
                Poll::Ready(result)
            }
            Poll::Pending => {
                // Nothing arrived: the timer (registered with this task) decides.
                let this = &mut *self;
                match this.phase {
                    Phase::Head if this.timer.as_mut().poll(cx).is_ready() => {
                        Poll::Ready(Err(timed_out("request head")))
                    }
                    // An end of stream: hyper closes an idle connection cleanly.
                    Phase::Idle if this.timer.as_mut().poll(cx).is_ready() => Poll::Ready(Ok(())),
                    _ => Poll::Pending,
                }
            }
            other => other,
        }
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for CappedIo<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<IoResult<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        if let Poll::Ready(Ok(sent)) = written {
            self.note_sent(&buf[..sent]);
        }
        written
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<IoResult<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<IoResult<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<IoResult<usize>> {
        let written = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        if let Poll::Ready(Ok(sent)) = written {
            // What counts is how the written bytes begin: the first non-empty slice.
            let first = bufs
                .iter()
                .find(|b| !b.is_empty())
                .map_or(&[][..], |b| &b[..]);
            self.note_sent(&first[..first.len().min(sent)]);
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::{AsyncReadExt, AsyncWriteExt, DuplexStream, duplex};

    const MS: Duration = Duration::from_millis(1);

    /// A wrapped server end and the client end of an in-memory connection.
    /// Writes `bytes` to `to` or fails the test.
    async fn send(to: &mut (impl AsyncWriteExt + Unpin), bytes: &[u8]) {
        to.write_all(bytes).await.expect("writes");
    }

    fn connection(timeouts: ReadTimeouts) -> (CappedIo<DuplexStream>, DuplexStream) {
        let (server, client) = duplex(4096);
        let permit = Arc::new(Semaphore::new(1))
            .try_acquire_owned()
            .expect("permit");
        (CappedIo::new(server, permit, timeouts, None), client)
    }

    fn timeouts(header: u64, body: u64, idle: u64) -> ReadTimeouts {
        ReadTimeouts {
            header: MS * header as u32,
            body: MS * body as u32,
            idle: MS * idle as u32,
        }
    }

    /// Reads from `io` until an error or end of stream; answers the error kind (`None`: end
    /// of stream) and how long it took.
    async fn read_to_failure(
        io: &mut CappedIo<DuplexStream>,
    ) -> (Option<std::io::ErrorKind>, Duration) {
        let started = std::time::Instant::now();
        let mut buf = [0u8; 256];
        loop {
            match io.read(&mut buf).await {
                Ok(0) => return (None, started.elapsed()),
                Ok(_) => {}
                Err(e) => return (Some(e.kind()), started.elapsed()),
            }
        }
    }

    #[test]
    fn the_scan_finds_the_empty_line_after_the_request_line() {
        let mut scan = HeadScan::default();
        assert_eq!(
            scan.feed(b"\r\n\r\n"),
            None,
            "leading line breaks are skipped"
        );
        assert_eq!(scan.feed(b"GET / HTTP/1.1\r\nHost: x\r"), None);
        assert_eq!(scan.feed(b"\n\r"), None);
        assert_eq!(scan.feed(b"\nbody"), Some(1));
        let mut bare = HeadScan::default();
        assert_eq!(bare.feed(b"GET / HTTP/1.1\nHost: x\n\nrest"), Some(24));
    }

    #[tokio::test]
    async fn a_silent_half_sent_head_fails_at_the_header_deadline() {
        let (mut io, mut client) = connection(timeouts(100, 5_000, 10_000));
        send(&mut client, b"GET / HTTP/1.1\r\nHost:").await;
        let (error, took) = read_to_failure(&mut io).await;
        assert_eq!(error, Some(std::io::ErrorKind::TimedOut));
        assert!(took >= 90 * MS && took < 1_000 * MS, "took {took:?}");
    }

    #[tokio::test]
    async fn a_trickled_head_fails_at_the_header_deadline_not_later() {
        let (mut io, mut client) = connection(timeouts(200, 5_000, 10_000));
        let writer = tokio::spawn(async move {
            client.write_all(b"GET / HTTP/1.1\r\n").await.ok();
            for _ in 0..40 {
                tokio::time::sleep(50 * MS).await;
                if client.write_all(b"X-Slow: a\r\n").await.is_err() {
                    break;
                }
            }
            client
        });
        let (error, took) = read_to_failure(&mut io).await;
        assert_eq!(error, Some(std::io::ErrorKind::TimedOut));
        assert!(took < 1_000 * MS, "took {took:?}");
        drop(io);
        writer.await.expect("writer");
    }

    #[tokio::test]
    async fn a_complete_head_is_not_cut_and_the_answer_rearms_the_idle_timer() {
        let (mut io, mut client) = connection(timeouts(100, 5_000, 300));
        send(&mut client, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
        let mut buf = [0u8; 256];
        let n = io.read(&mut buf).await.expect("reads the head");
        assert_eq!(n, 27);
        // The handler takes longer than the header timeout: the read keeps waiting.
        let waited = tokio::time::timeout(250 * MS, io.read(&mut buf)).await;
        assert!(waited.is_err(), "the read ended: {waited:?}");
        send(&mut io, b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await;
        let (error, took) = read_to_failure(&mut io).await;
        assert_eq!(error, None, "an idle connection ends cleanly");
        assert!(took >= 250 * MS && took < 2_000 * MS, "took {took:?}");
    }

    #[tokio::test]
    async fn an_interim_answer_keeps_the_request_going() {
        let (mut io, mut client) = connection(timeouts(100, 5_000, 10_000));
        send(
            &mut client,
            b"POST / HTTP/1.1\r\nExpect: 100-continue\r\n\r\n",
        )
        .await;
        let mut buf = [0u8; 256];
        let head = io.read(&mut buf).await.expect("reads the head");
        assert_eq!(head, 41);
        send(&mut io, b"HTTP/1.1 100 Continue\r\n\r\n").await;
        send(&mut client, b"{\"a\":").await;
        let first = io.read(&mut buf).await.expect("reads body bytes");
        assert_eq!(&buf[..first], b"{\"a\":");
        // Longer than the header timeout: a body is not a head.
        tokio::time::sleep(200 * MS).await;
        send(&mut client, b"1}").await;
        let n = io.read(&mut buf).await.expect("reads the rest of the body");
        assert_eq!(&buf[..n], b"1}");
    }

    /// The local and remote address of a watched connection.
    fn addresses() -> (SocketAddr, SocketAddr) {
        (
            "127.0.0.1:1".parse().expect("an address"),
            "127.0.0.1:2".parse().expect("an address"),
        )
    }

    /// A connection registered with departures, and its signal.
    fn watched(timeouts: ReadTimeouts) -> (CappedIo<DuplexStream>, DuplexStream, Departures) {
        let (mut io, client) = connection(timeouts);
        let departures = Departures::default();
        let (local, remote) = addresses();
        io.departure = Some(departures.register(local, remote));
        (io, client, departures)
    }

    fn gone(departures: &Departures) -> Option<bool> {
        let (local, remote) = addresses();
        departures.signal(local, remote).map(|s| *s.borrow())
    }

    #[tokio::test]
    async fn an_end_of_stream_mid_request_tells_that_the_client_went_away() {
        let (mut io, mut client, departures) = watched(timeouts(1000, 1000, 1000));
        send(&mut client, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
        drop(client);
        assert_eq!(read_to_failure(&mut io).await.0, None);
        assert_eq!(gone(&departures), Some(true));
        drop(io);
        assert_eq!(gone(&departures), None, "unregistered when closed");
    }

    #[tokio::test]
    async fn an_end_of_stream_between_requests_is_a_plain_close() {
        let (mut io, mut client, departures) = watched(timeouts(1000, 1000, 1000));
        send(&mut client, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n").await;
        let mut buf = [0u8; 256];
        let read = io.read(&mut buf).await.expect("reads");
        assert!(read > 0);
        send(&mut io, b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n").await;
        drop(client);
        assert_eq!(read_to_failure(&mut io).await.0, None);
        assert_eq!(gone(&departures), Some(false));
    }

    #[tokio::test]
    async fn http2_is_not_inspected() {
        let (mut io, mut client) = connection(timeouts(50, 50, 10_000));
        send(&mut client, b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\x00\x00").await;
        let mut buf = [0u8; 256];
        let preface = io.read(&mut buf).await.expect("reads the preface");
        assert_eq!(preface, 26);
        send(&mut io, b"\x00\x00\x00\x04").await;
        send(&mut client, b"\x00\x00\x05").await;
        tokio::time::sleep(150 * MS).await;
        let n = io.read(&mut buf).await.expect("a frame is no head");
        assert_eq!(n, 3);
    }
}
