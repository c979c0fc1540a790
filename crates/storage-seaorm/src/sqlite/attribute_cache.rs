//! SQLite only: the custom attributes of each object kind, kept between reads, since every
//! answer with custom values reads them first.
//!
//! One process owns a SQLite file, so its own commits are the only changes: a write
//! transaction that changed attributes clears the cache once it has committed, and a read
//! that began before that clear cannot put its older answer back (the generation moved on).
//! An entry also expires after [`ATTRIBUTE_TTL`], for a file changed by another program.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use helpdesk_domain::{ObjectAttribute, ObjectKind};

/// How long an entry answers without reading the table again.
pub(crate) const ATTRIBUTE_TTL: Duration = Duration::from_secs(2);

/// The attributes of each object kind (`None`: of every kind) as last read.
#[derive(Default)]
pub(crate) struct AttributeCache {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// Moves on with every clear.
    generation: u64,
    entries: HashMap<Option<ObjectKind>, (Instant, Vec<ObjectAttribute>)>,
}

/// What [`AttributeCache::get`] answers.
pub(crate) enum Cached {
    /// A fresh entry.
    Hit(Vec<ObjectAttribute>),
    /// No fresh entry: read the table, then [`AttributeCache::put`] with this generation.
    Miss(u64),
}

impl AttributeCache {
    /// The fresh entry for `object`, or the generation to store a new one under.
    pub(crate) fn get(&self, object: Option<ObjectKind>) -> Cached {
        let state = self.lock();
        match state.entries.get(&object) {
            Some((read_at, attributes)) if read_at.elapsed() < ATTRIBUTE_TTL => {
                Cached::Hit(attributes.clone())
            }
            _ => Cached::Miss(state.generation),
        }
    }

    /// Keeps `attributes`, read after [`get`](Self::get) answered `generation`, unless the
    /// cache was cleared since.
    pub(crate) fn put(
        &self,
        object: Option<ObjectKind>,
        generation: u64,
        attributes: Vec<ObjectAttribute>,
    ) {
        let mut state = self.lock();
        if state.generation == generation {
            state.entries.insert(object, (Instant::now(), attributes));
        }
    }

    /// Forgets every entry: attributes were changed.
    pub(crate) fn clear(&self) {
        let mut state = self.lock();
        state.generation += 1;
        state.entries.clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        // The state stays consistent at every await-free step, so a poisoned lock is usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(cached: Cached) -> Option<usize> {
        match cached {
            Cached::Hit(attributes) => Some(attributes.len()),
            Cached::Miss(_) => None,
        }
    }

    fn generation(cached: Cached) -> u64 {
        match cached {
            Cached::Hit(_) => panic!("expected a miss"),
            Cached::Miss(generation) => generation,
        }
    }

    #[test]
    fn an_entry_answers_until_cleared() {
        let cache = AttributeCache::default();
        let g = generation(cache.get(Some(ObjectKind::Ticket)));
        cache.put(Some(ObjectKind::Ticket), g, Vec::new());
        assert_eq!(hit(cache.get(Some(ObjectKind::Ticket))), Some(0));
        assert_eq!(hit(cache.get(Some(ObjectKind::User))), None);
        assert_eq!(hit(cache.get(None)), None);
        cache.clear();
        assert_eq!(hit(cache.get(Some(ObjectKind::Ticket))), None);
    }

    #[test]
    fn a_read_from_before_a_clear_is_not_kept() {
        let cache = AttributeCache::default();
        let g = generation(cache.get(Some(ObjectKind::Ticket)));
        cache.clear();
        cache.put(Some(ObjectKind::Ticket), g, Vec::new());
        assert_eq!(hit(cache.get(Some(ObjectKind::Ticket))), None);
        let g = generation(cache.get(Some(ObjectKind::Ticket)));
        cache.put(Some(ObjectKind::Ticket), g, Vec::new());
        assert_eq!(hit(cache.get(Some(ObjectKind::Ticket))), Some(0));
    }
}
