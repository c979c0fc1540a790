//! The generic table every kind of record is kept in: its rows by id and the last id handed
//! out, with what every kind shares (a fresh id on insert, the uniqueness check on insert and
//! update, `Missing` for an unknown id, lookups, counts and sorted pages).

use std::cmp::Ordering;
use std::ops::Deref;

use helpdesk_domain::{
    AccessToken, Article, Attachment, Group, HistoryEntry, Id, Link, Listing, Mention,
    ObjectAttribute, OnlineNotification, Organization, Page, PasswordReset, Priority, RecentView,
    Role, SortOrder, State, TagItem, Ticket, TimeAccounting, TimeAccountingType, User,
};
use helpdesk_storage::{Conflict, Error, Result};
use imbl::OrdMap;

/// A record a [`Table`] keeps.
pub(crate) trait Record: Clone {
    /// The kind of record, as a `Missing` error names it (`group`).
    const KIND: &'static str;
    /// The record's id.
    fn id(&self) -> Id;
    /// The record with id `id`.
    fn with_id(self, id: Id) -> Self;
    /// The conflict when `self` may not be stored beside `other` (they share a unique
    /// value), else `None`.
    fn clash(&self, other: &Self) -> Option<Conflict>;
}

/// Implements [`Record`] for records with an `id` field: `Type: "kind"` with no unique value,
/// `Type: "kind", clash` with `clash(&Type, &Type) -> Option<Conflict>` for those with one.
macro_rules! records {
    ($($record:ty : $kind:literal $(, $clash:expr)?;)*) => {$(
        impl Record for $record {
            const KIND: &'static str = $kind;
            fn id(&self) -> Id {
                self.id
            }
            fn with_id(self, id: Id) -> Self {
                Self { id, ..self }
            }
            fn clash(&self, _other: &Self) -> Option<Conflict> {
                records!(@clash self, _other $(, $clash)?)
            }
        }
    )*};
    (@clash $a:ident, $b:ident) => { None };
    (@clash $a:ident, $b:ident, $clash:expr) => { $clash($a, $b) };
}

records! {
    User: "user", |a: &User, b: &User| {
        if a.login == b.login {
            Some(Conflict::unique("login", &a.login))
        } else if !a.email.is_empty() && a.email == b.email {
            Some(Conflict::unique("email", &a.email))
        } else {
            None
        }
    };
    Role: "role", |a: &Role, b: &Role| name_clash(&a.name, &b.name);
    Group: "group", |a: &Group, b: &Group| name_clash(&a.name, &b.name);
    Organization: "organization", |a: &Organization, b: &Organization| {
        name_clash(&a.name, &b.name)
    };
    State: "state", |a: &State, b: &State| name_clash(&a.name, &b.name);
    Priority: "priority", |a: &Priority, b: &Priority| name_clash(&a.name, &b.name);
    TagItem: "tag item", |a: &TagItem, b: &TagItem| name_clash(&a.name, &b.name);
    ObjectAttribute: "attribute", |a: &ObjectAttribute, b: &ObjectAttribute| {
        (a.object == b.object && a.name == b.name).then(|| Conflict::unique("name", &a.name))
    };
    Ticket: "ticket", |a: &Ticket, b: &Ticket| {
        (a.number == b.number).then(|| Conflict::unique("number", &a.number))
    };
    AccessToken: "token";
    PasswordReset: "password reset";
    Article: "article";
    Attachment: "attachment";
    OnlineNotification: "notification";
    HistoryEntry: "history entry";
    TimeAccountingType: "activity type", |a: &TimeAccountingType, b: &TimeAccountingType| {
        name_clash(&a.name, &b.name)
    };
    TimeAccounting: "time accounting";
    Link: "link", |a: &Link, b: &Link| {
        let same = (a.link_type, a.source_id, a.target_id) == (b.link_type, b.source_id, b.target_id);
        same.then(|| Conflict::unique("link", a.identity()))
    };
    Mention: "mention", |a: &Mention, b: &Mention| {
        let same = (a.ticket_id, a.user_id) == (b.ticket_id, b.user_id);
        same.then(|| Conflict::unique("mention", a.identity()))
    };
    RecentView: "recent view";
}

/// Whether two names are equal ignoring case.
pub(crate) fn same_name(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

/// The conflict of a name taken in any letter case.
fn name_clash(name: &str, other: &str) -> Option<Conflict> {
    same_name(name, other).then(|| Conflict::unique("name", name))
}

/// The rows of one kind of record by id, and the last id handed out. The last id is part of
/// the state, so a rollback restores it, but ids of committed rows are never handed out again
/// because they stay counted. Reads go through the map it dereferences to; writes through its
/// methods, which keep the rules.
#[derive(Clone)]
pub(crate) struct Table<R: Clone> {
    rows: OrdMap<Id, R>,
    last_id: Id,
}

impl<R: Clone> Default for Table<R> {
    fn default() -> Self {
        Self {
            rows: OrdMap::new(),
            last_id: 0,
        }
    }
}

impl<R: Clone> Deref for Table<R> {
    type Target = OrdMap<Id, R>;

    fn deref(&self) -> &OrdMap<Id, R> {
        &self.rows
    }
}

impl<R: Clone> Table<R> {
    /// The record `id`, if there is one.
    pub(crate) fn record(&self, id: Id) -> Option<R> {
        self.rows.get(&id).cloned()
    }

    /// Every record, by id.
    pub(crate) fn all(&self) -> Vec<R> {
        self.rows.values().cloned().collect()
    }

    /// The first record by id that `pick` chooses.
    pub(crate) fn find(&self, pick: impl Fn(&R) -> bool) -> Option<R> {
        self.rows.values().find(|r| pick(r)).cloned()
    }

    /// The records `pick` chooses, by id.
    pub(crate) fn select(&self, pick: impl Fn(&R) -> bool) -> Vec<R> {
        self.rows.values().filter(|r| pick(r)).cloned().collect()
    }

    /// How many records `pick` chooses.
    pub(crate) fn count(&self, pick: impl Fn(&R) -> bool) -> usize {
        self.rows.values().filter(|r| pick(r)).count()
    }

    /// The page `page` of the records `pick` chooses in the order of `compare`, and their
    /// total.
    pub(crate) fn sorted_page(
        &self,
        pick: impl Fn(&R) -> bool,
        compare: impl Fn(&R, &R) -> Ordering,
        page: Page,
    ) -> Listing<R> {
        let mut found: Vec<&R> = self.rows.values().filter(|r| pick(r)).collect();
        found.sort_by(|a, b| compare(a, b));
        page_of(found, page)
    }
}

impl<R: Record> Table<R> {
    /// Stores `record` under the next id and answers it as stored; refused when it clashes
    /// with a stored record.
    pub(crate) fn insert(&mut self, record: &R) -> Result<R> {
        self.check_unique(record, None)?;
        self.last_id += 1;
        let stored = record.clone().with_id(self.last_id);
        self.rows.insert(stored.id(), stored.clone());
        Ok(stored)
    }

    /// Replaces the stored record with `record`'s id; `Missing` when there is none, refused
    /// when it clashes with another stored record.
    pub(crate) fn update(&mut self, record: &R) -> Result<()> {
        self.existing(record.id())?;
        self.check_unique(record, Some(record.id()))?;
        self.rows.insert(record.id(), record.clone());
        Ok(())
    }

    /// The stored record `id`, or `Missing`.
    pub(crate) fn existing(&self, id: Id) -> Result<&R> {
        self.rows.get(&id).ok_or_else(|| missing::<R>(id))
    }

    /// The stored record `id`, to change in place (no uniqueness check), or `Missing`.
    pub(crate) fn existing_mut(&mut self, id: Id) -> Result<&mut R> {
        self.rows.get_mut(&id).ok_or_else(|| missing::<R>(id))
    }

    /// Removes the record `id` and answers it, or `Missing`.
    pub(crate) fn remove(&mut self, id: Id) -> Result<R> {
        self.rows.remove(&id).ok_or_else(|| missing::<R>(id))
    }

    /// Removes the record `id`, or answers `Missing`.
    pub(crate) fn delete(&mut self, id: Id) -> Result<()> {
        self.remove(id).map(drop)
    }

    /// Removes every record `pick` chooses and answers their ids.
    pub(crate) fn remove_where(&mut self, pick: impl Fn(&R) -> bool) -> Vec<Id> {
        let ids: Vec<Id> = self.rows.values().filter(|r| pick(r)).map(R::id).collect();
        for id in &ids {
            self.rows.remove(id);
        }
        ids
    }

    /// A page of the records by id, and their total.
    pub(crate) fn page(&self, page: Page) -> Listing<R> {
        let items: Vec<&R> = self.rows.values().collect();
        page_of(items, page)
    }

    fn check_unique(&self, record: &R, except: Option<Id>) -> Result<()> {
        let others = self.rows.values().filter(|r| Some(r.id()) != except);
        match others.filter_map(|other| record.clash(other)).next() {
            Some(conflict) => Err(conflict.into()),
            None => Ok(()),
        }
    }
}

/// The page `page` of `found` (already in order), and their total.
fn page_of<R: Clone>(found: Vec<&R>, page: Page) -> Listing<R> {
    let total = found.len() as u64;
    let offset = usize::try_from(page.offset).unwrap_or(usize::MAX);
    let limit = usize::try_from(page.limit).unwrap_or(usize::MAX);
    let items = found
        .into_iter()
        .skip(offset)
        .take(limit)
        .cloned()
        .collect();
    Listing { items, total }
}

/// The order of two records by a sort field, given `by_field`, the order of their values of
/// it: in the sort's direction, ties by id ascending.
pub(crate) fn sort_order(by_field: Ordering, order: SortOrder, a: Id, b: Id) -> Ordering {
    let by_field = match order {
        SortOrder::Asc => by_field,
        SortOrder::Desc => by_field.reverse(),
    };
    by_field.then(a.cmp(&b))
}

/// What an update or delete of an unknown `id` answers.
fn missing<R: Record>(id: Id) -> Error {
    Error::Missing(format!("{} {id}", R::KIND))
}
