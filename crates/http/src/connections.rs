//! A cap on concurrent connections: an acceptor that holds a semaphore permit per open
//! connection and stops accepting while all permits are taken, so further clients wait in
//! the listen backlog instead of costing the server memory and tasks.
//!
//! Each connection also bounds how long a request may take to arrive: from its first byte,
//! the client has `read_limit` to send it (head and body) before the server starts to answer;
//! a client still sending after that (a slow-loris trickling its headers) loses the
//! connection. A client that sends nothing is closed by the server's idle timeout.

use std::io::Result as IoResult;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use poem::http::uri::Scheme;
use poem::listener::Acceptor;
use poem::web::{LocalAddr, RemoteAddr};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// An acceptor that keeps at most a fixed number of connections open at once.
pub struct Capped<A> {
    inner: A,
    permits: Arc<Semaphore>,
    read_limit: Duration,
}

impl<A> Capped<A> {
    /// Wraps `inner`, allowing `max` open connections (at least one), each request of which
    /// must arrive within `read_limit` of its first byte.
    pub fn new(inner: A, max: usize, read_limit: Duration) -> Self {
        Self {
            inner,
            permits: Arc::new(Semaphore::new(max.max(1))),
            read_limit,
        }
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
        let io = CappedIo {
            inner: io,
            _permit: permit,
            read_limit: self.read_limit,
            request_started: None,
        };
        Ok((io, local, remote, scheme))
    }
}

/// A connection that gives its permit back when it is dropped (closed).
pub struct CappedIo<T> {
    inner: T,
    _permit: OwnedSemaphorePermit,
    read_limit: Duration,
    /// When the first byte of the request being read arrived; `None` once the server
    /// answers.
    request_started: Option<Instant>,
}

impl<T> CappedIo<T> {
    /// Notes `received` bytes of a request; an error once the request has taken longer than
    /// the limit to arrive.
    fn note_received(&mut self, received: usize) -> IoResult<()> {
        if received == 0 {
            return Ok(());
        }
        let started = *self.request_started.get_or_insert_with(Instant::now);
        if started.elapsed() > self.read_limit {
            return Err(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "the request took too long to arrive",
            ));
        }
        Ok(())
    }

    /// Notes that the server answers: the next bytes read start a new request.
    fn note_sent(&mut self, sent: usize) {
        if sent > 0 {
            self.request_started = None;
        }
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for CappedIo<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<IoResult<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                let received = buf.filled().len() - before;
                Poll::Ready(self.note_received(received))
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
            self.note_sent(sent);
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
            self.note_sent(sent);
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}
