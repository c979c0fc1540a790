//! A lean HTTP/1.1 client: one keep-alive connection per worker on hyper, no pool, no TLS.

use std::net::SocketAddr;

use anyhow::{Context, Result};
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::client::conn::http1::SendRequest;
use hyper::header::{AUTHORIZATION, CONTENT_TYPE, HOST, HeaderValue};
use hyper::{Method, Request as HttpRequest};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

/// One request of a scenario.
#[derive(Debug, Clone)]
pub struct Request {
    /// The method.
    pub method: Method,
    /// The path and query, e.g. `/api/v1/tickets/7`.
    pub path: String,
    /// The `Authorization` header.
    pub auth: HeaderValue,
    /// A JSON body.
    pub body: Option<Bytes>,
}

/// An answer: its status and body.
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: Bytes,
}

/// One keep-alive connection to a loopback server.
pub struct Connection {
    addr: SocketAddr,
    sender: SendRequest<Full<Bytes>>,
}

impl Connection {
    /// Connects to `addr`.
    pub async fn open(addr: SocketAddr) -> Result<Self> {
        Ok(Self {
            addr,
            sender: handshake(addr).await?,
        })
    }

    /// Sends `request` and reads the whole answer, reconnecting once when the server closed
    /// the connection.
    pub async fn send(&mut self, request: &Request) -> Result<Answer> {
        if self.sender.ready().await.is_err() {
            self.sender = handshake(self.addr).await?;
        }
        let mut builder = HttpRequest::builder()
            .method(request.method.clone())
            .uri(&request.path)
            .header(HOST, "127.0.0.1")
            .header(AUTHORIZATION, request.auth.clone());
        if request.body.is_some() {
            builder = builder.header(CONTENT_TYPE, "application/json");
        }
        let http = builder.body(Full::new(request.body.clone().unwrap_or_default()))?;
        let response = self.sender.send_request(http).await?;
        let status = response.status().as_u16();
        let body = response.into_body().collect().await?.to_bytes();
        Ok(Answer { status, body })
    }
}

/// Opens a TCP connection and runs the HTTP/1 handshake, driving the connection in a task.
async fn handshake(addr: SocketAddr) -> Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(addr)
        .await
        .with_context(|| format!("connecting to {addr}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(connection);
    Ok(sender)
}
