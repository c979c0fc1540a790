//! Per-client-address throttling of failed Basic logins.
//!
//! Each address (an IPv6 address by its /64 network, which one client usually holds whole)
//! may fail `limit` Basic logins within a sliding `window`; after that, every Basic login from
//! it — right password or wrong, known login or not — is refused with 429 until its oldest
//! counted failure leaves the window. A refused attempt verifies nothing and counts nothing:
//! it does not raise the account's `login_failed`, so an attacker at one address gets at most
//! `limit` tries per window at a password and, with `limit` below the lockout maximum, needs
//! several windows to lock an account. Only failures count; a success neither counts nor
//! clears the address's failures (else an attacker could interleave logins of their own
//! account). Tokens are not throttled (their secrets are not guessable).
//!
//! The map is bounded: at `capacity` addresses, those without a failure in the window are
//! dropped, then, if still full, the one whose last failure is oldest.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The failures of recent Basic logins, by client address.
pub(crate) struct LoginThrottle {
    limit: usize,
    window: Duration,
    capacity: usize,
    failures: Mutex<HashMap<IpAddr, VecDeque<Instant>>>,
}

impl LoginThrottle {
    /// `limit` failures per address within `window` (0: no throttling), for at most
    /// `capacity` addresses.
    pub(crate) fn new(limit: usize, window: Duration, capacity: usize) -> Self {
        Self {
            limit,
            window,
            capacity: capacity.max(1),
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `None` when `client` may try a login now; otherwise how long it must wait.
    pub(crate) fn wait(&self, client: IpAddr, now: Instant) -> Option<Duration> {
        if self.limit == 0 {
            return None;
        }
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let recent = failures.get_mut(&key(client))?;
        self.expire(recent, now);
        if recent.len() < self.limit {
            return None;
        }
        let oldest = *recent.front()?;
        Some((oldest + self.window).saturating_duration_since(now))
    }

    /// Counts a failed login from `client`.
    pub(crate) fn failed(&self, client: IpAddr, now: Instant) {
        if self.limit == 0 {
            return;
        }
        let key = key(client);
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        if !failures.contains_key(&key) && failures.len() >= self.capacity {
            let window = self.window;
            failures.retain(|_, r| r.back().is_some_and(|t| now.duration_since(*t) < window));
            if failures.len() >= self.capacity
                && let Some(stalest) = failures
                    .iter()
                    .min_by_key(|(_, r)| r.back().copied())
                    .map(|(k, _)| *k)
            {
                failures.remove(&stalest);
            }
        }
        let recent = failures.entry(key).or_default();
        self.expire(recent, now);
        recent.push_back(now);
        while recent.len() > self.limit {
            recent.pop_front();
        }
    }

    fn expire(&self, recent: &mut VecDeque<Instant>, now: Instant) {
        while recent
            .front()
            .is_some_and(|t| now.duration_since(*t) >= self.window)
        {
            recent.pop_front();
        }
    }
}

/// The key of `client`: an IPv4 address itself, an IPv6 address by its /64 network (an
/// IPv4-mapped IPv6 address as the IPv4 address).
fn key(client: IpAddr) -> IpAddr {
    match client {
        IpAddr::V4(_) => client,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(bits.into())
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEC: Duration = Duration::from_secs(1);

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn throttles_after_the_limit_within_the_window_and_slides() {
        let t = LoginThrottle::new(3, 60 * SEC, 100);
        let a = ip("192.0.2.1");
        let start = Instant::now();
        for i in 0..3 {
            assert_eq!(t.wait(a, start + i * SEC), None);
            t.failed(a, start + i * SEC);
        }
        assert_eq!(t.wait(a, start + 3 * SEC), Some(57 * SEC));
        assert_eq!(
            t.wait(ip("192.0.2.2"), start + 3 * SEC),
            None,
            "other addresses"
        );
        // The first failure leaves the window at 60 s: one more try, then 1 s more to wait.
        assert_eq!(t.wait(a, start + 60 * SEC), None);
        t.failed(a, start + 60 * SEC);
        assert_eq!(t.wait(a, start + 60 * SEC), Some(SEC));
    }

    #[test]
    fn zero_disables_it() {
        let t = LoginThrottle::new(0, 60 * SEC, 100);
        let now = Instant::now();
        for _ in 0..10 {
            t.failed(ip("192.0.2.1"), now);
        }
        assert_eq!(t.wait(ip("192.0.2.1"), now), None);
    }

    #[test]
    fn ipv6_counts_by_network_and_mapped_ipv4_as_ipv4() {
        let t = LoginThrottle::new(2, 60 * SEC, 100);
        let now = Instant::now();
        t.failed(ip("2001:db8:1:2::1"), now);
        t.failed(ip("2001:db8:1:2:ffff::9"), now);
        assert!(t.wait(ip("2001:db8:1:2::77"), now).is_some());
        assert!(t.wait(ip("2001:db8:1:3::1"), now).is_none());
        t.failed(ip("::ffff:192.0.2.9"), now);
        t.failed(ip("192.0.2.9"), now);
        assert!(t.wait(ip("192.0.2.9"), now).is_some());
    }

    #[test]
    fn the_map_stays_bounded() {
        let t = LoginThrottle::new(1, 60 * SEC, 2);
        let now = Instant::now();
        t.failed(ip("192.0.2.1"), now);
        t.failed(ip("192.0.2.2"), now + SEC);
        t.failed(ip("192.0.2.3"), now + 2 * SEC);
        let map = t.failures.lock().unwrap();
        assert_eq!(map.len(), 2);
        assert!(!map.contains_key(&ip("192.0.2.1")), "the stalest went");
    }
}
