//! A minimal HTTP/1.0 client over `std::net::TcpStream` (xtask has no HTTP crate), with Basic
//! authentication and just enough JSON reading to pick values out of the server's answers.

use std::{
    io::{Read, Write},
    net::{Ipv4Addr, TcpStream},
    time::Duration,
};

use anyhow::{Context, Result, bail};

/// How long one request may take.
const TIMEOUT: Duration = Duration::from_secs(30);

/// An answer: the status and the body.
pub struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends one request to `127.0.0.1:port` with Basic credentials and a JSON body, if any. HTTP/1.0
/// makes the server close the connection after the answer, with no chunked encoding.
pub fn request(
    port: u16,
    method: &str,
    path: &str,
    credentials: (&str, &str),
    body: Option<&str>,
) -> Result<Answer> {
    let mut stream = TcpStream::connect((Ipv4Addr::LOCALHOST, port))?;
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let auth = base64(format!("{}:{}", credentials.0, credentials.1).as_bytes());
    let body = body.unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Basic {auth}\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(body.as_bytes())?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let raw = String::from_utf8(raw).context("an answer in UTF-8")?;
    let Some((head, body)) = raw.split_once("\r\n\r\n") else {
        bail!("an incomplete answer: {raw:?}");
    };
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .with_context(|| format!("no status in {head:?}"))?;
    Ok(Answer {
        status,
        body: body.to_owned(),
    })
}

/// Standard base64 with padding.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The raw values (a number, or a string without its quotes and unescaped only for `\"` and
/// `\\`) of every `key` in the objects nested `depth` deep in `json` (1: the top-level object;
/// 2: the objects of a top-level array). Nested objects and arrays as values are skipped.
pub fn values(json: &str, depth: usize, key: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut level = 0;
    let mut chars = json.chars().peekable();
    let mut last_string: Option<String> = None;
    let mut want_value = false;
    while let Some(c) = chars.next() {
        match c {
            '{' | '[' => {
                level += 1;
                want_value = false;
            }
            '}' | ']' => {
                level -= 1;
                want_value = false;
            }
            '"' => {
                let mut s = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => s.extend(chars.next()),
                        '"' => break,
                        c => s.push(c),
                    }
                }
                if want_value {
                    found.push(s);
                    want_value = false;
                } else {
                    last_string = Some(s);
                }
            }
            ':' => {
                want_value = level == depth && last_string.as_deref() == Some(key);
                last_string = None;
                if want_value {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                    match chars.peek() {
                        Some('"') => {}
                        Some(c) if c.is_ascii_digit() || *c == '-' => {
                            let mut n = String::new();
                            while let Some(c) =
                                chars.next_if(|c| c.is_ascii_alphanumeric() || ".-+".contains(*c))
                            {
                                n.push(c);
                            }
                            found.push(n);
                            want_value = false;
                        }
                        _ => want_value = false,
                    }
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads() {
        assert_eq!(base64(b"a:b"), "YTpi");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(
            base64(b"admin@example.com:pw"),
            "YWRtaW5AZXhhbXBsZS5jb206cHc="
        );
    }

    #[test]
    fn values_are_read_at_their_depth() {
        let one =
            r#"{"id":7,"number":"45001","note":null,"article":{"id":9},"tags":["a"],"x":"q\"}"}"#;
        assert_eq!(values(one, 1, "id"), ["7"]);
        assert_eq!(values(one, 1, "number"), ["45001"]);
        assert_eq!(values(one, 1, "x"), ["q\"}"]);
        assert!(values(one, 1, "note").is_empty());
        let list = r#"[{"id":1,"n":{"id":5}},{"id":2}]"#;
        assert_eq!(values(list, 2, "id"), ["1", "2"]);
        assert_eq!(
            values(r#"{"history":[{"id":3},{"id":4}]}"#, 3, "id"),
            ["3", "4"]
        );
    }
}
