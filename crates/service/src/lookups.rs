//! Lookup records: small lists read whole (ticket states and priorities, readable by agents,
//! customers and admin.object, changed by admin.object; time accounting activity types, the
//! business of admin.time_accounting). Each kind implements [`LookupKind`];
//! the use cases below are written once for all of them. Create and update share one step
//! ([`Helpdesk::store_lookup`]): apply the input, check the name is unique, keep one default
//! per flag, write.

mod priority;
mod state;
mod time_accounting_type;

use std::future::Future;

use helpdesk_domain::{Id, Listing, Meta};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::{Mode, Transaction};

pub use priority::PriorityInput;
pub use state::StateInput;
pub use time_accounting_type::TimeAccountingTypeInput;

use crate::error::OrNotFound;
use crate::patch::check_name_free;
use crate::{Error, Helpdesk, ListQuery, Result};

/// The store's future for one of a lookup kind's operations.
pub type Op<'t, T> =
    std::pin::Pin<Box<dyn Future<Output = helpdesk_storage::Result<T>> + Send + 't>>;

/// A default flag of a lookup kind: its name and where it is in a record.
pub type DefaultFlag<L> = (&'static str, fn(&mut L) -> &mut bool);

/// A kind of lookup record: how to read, write and validate it.
pub trait LookupKind: Clone + Send + Sync + Sized + 'static {
    /// The fields a create or update may set.
    type Input: Send;
    /// Zammad's model name, in "not found" texts (`Ticket::State`).
    const MODEL: &'static str;
    /// The noun of the duplicate-name text ("... is already used for another state.").
    const NOUN: &'static str;
    /// The policy's resource.
    const RESOURCE: Resource<'static>;
    /// The flags of which exactly one record holds each (`default_create`, ...).
    const DEFAULTS: &'static [DefaultFlag<Self>];

    /// A new record before its input is applied.
    fn blank(meta: Meta) -> Self;
    /// The record's id.
    fn id(&self) -> Id;
    /// The record's name, unique among its kind regardless of case.
    fn name(&self) -> &str;
    /// The record's metadata.
    fn meta_mut(&mut self) -> &mut Meta;
    /// Applies and validates `input`; `all` are the kind's records (for references).
    fn apply(&mut self, input: Self::Input, all: &[Self]) -> Result<()>;

    /// Every record of the kind.
    fn all(tx: &mut dyn Transaction) -> Op<'_, Vec<Self>>;
    /// Inserts a record, answering it with its id.
    fn insert<'t>(tx: &'t mut dyn Transaction, record: &'t Self) -> Op<'t, Self>;
    /// Writes a changed record.
    fn update<'t>(tx: &'t mut dyn Transaction, record: &'t Self) -> Op<'t, ()>;
    /// Deletes a record.
    fn delete(tx: &mut dyn Transaction, id: Id) -> Op<'_, ()>;
    /// How many records refer to the record.
    fn reference_count(tx: &mut dyn Transaction, id: Id) -> Op<'_, u64>;
}

/// The parts of a [`LookupKind`] impl that only name fields and store methods: `id`, `name`,
/// `meta_mut` and the five store operations, given the store's method names in that order
/// (all, insert, update, delete, reference count).
macro_rules! lookup_record {
    ($all:ident, $insert:ident, $update:ident, $delete:ident, $references:ident) => {
        fn id(&self) -> Id {
            self.id
        }

        fn name(&self) -> &str {
            &self.name
        }

        fn meta_mut(&mut self) -> &mut Meta {
            &mut self.meta
        }

        fn all(tx: &mut dyn Transaction) -> Op<'_, Vec<Self>> {
            tx.$all()
        }

        fn insert<'t>(tx: &'t mut dyn Transaction, record: &'t Self) -> Op<'t, Self> {
            tx.$insert(record)
        }

        fn update<'t>(tx: &'t mut dyn Transaction, record: &'t Self) -> Op<'t, ()> {
            tx.$update(record)
        }

        fn delete(tx: &mut dyn Transaction, id: Id) -> Op<'_, ()> {
            tx.$delete(id)
        }

        fn reference_count(tx: &mut dyn Transaction, id: Id) -> Op<'_, u64> {
            tx.$references(id)
        }
    };
}
use lookup_record;

/// Makes `flag(chosen)` the only set flag among `records` when it is set, and refuses to
/// leave none set.
fn keep_one_default<T>(
    records: &mut [T],
    chosen: Id,
    id: impl Fn(&T) -> Id,
    flag: impl Fn(&mut T) -> &mut bool,
    name: &str,
) -> Result<Vec<Id>> {
    let chosen_set = records
        .iter_mut()
        .find(|r| id(r) == chosen)
        .map(|r| *flag(r))
        .unwrap_or(false);
    let mut changed = Vec::new();
    if chosen_set {
        for r in records.iter_mut().filter(|r| id(r) != chosen) {
            if *flag(r) {
                *flag(r) = false;
                changed.push(id(r));
            }
        }
    } else if !records.iter_mut().any(|r| *flag(r)) {
        return Err(Error::invalid(format!(
            "Minimum one object needs to have {name}."
        )));
    }
    Ok(changed)
}

impl Helpdesk {
    /// A page of the records of kind `L`.
    pub async fn list_lookup<L: LookupKind>(
        &self,
        actor: &Actor,
        q: ListQuery,
    ) -> Result<Listing<L>> {
        authorize(actor, Action::Read, L::RESOURCE).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        Ok(q.paginate(L::all(tx.as_mut()).await?))
    }

    /// One record of kind `L`.
    pub async fn show_lookup<L: LookupKind>(&self, actor: &Actor, id: Id) -> Result<L> {
        authorize(actor, Action::Read, L::RESOURCE).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        find(&L::all(tx.as_mut()).await?, id)
    }

    /// Creates a record of kind `L`, keeping one default per flag.
    pub async fn create_lookup<L: LookupKind>(&self, actor: &Actor, input: L::Input) -> Result<L> {
        authorize(actor, Action::Create, L::RESOURCE).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let all = L::all(tx.as_mut()).await?;
        let record = L::blank(Meta::new(actor.id(), self.now()));
        let record = self.store_lookup(tx, actor, all, record, input).await?;
        Ok(record)
    }

    /// Changes a record of kind `L`, keeping one default per flag.
    pub async fn update_lookup<L: LookupKind>(
        &self,
        actor: &Actor,
        id: Id,
        input: L::Input,
    ) -> Result<L> {
        authorize(actor, Action::Update, L::RESOURCE).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let all = L::all(tx.as_mut()).await?;
        let record = find(&all, id)?;
        self.store_lookup(tx, actor, all, record, input).await
    }

    /// The step create and update share: applies `input` to `record` (new when its id is 0),
    /// checks the name, keeps one default per flag, writes what changed and commits.
    async fn store_lookup<L: LookupKind>(
        &self,
        mut tx: Box<dyn Transaction>,
        actor: &Actor,
        mut all: Vec<L>,
        mut record: L,
        input: L::Input,
    ) -> Result<L> {
        record.apply(input, &all)?;
        let holder = all
            .iter()
            .find(|r| r.id() != record.id() && r.name().eq_ignore_ascii_case(record.name()));
        check_name_free(holder.map(L::id), record.id(), record.name(), L::NOUN)?;
        record.meta_mut().touch(actor.id(), self.now());
        if record.id() == 0 {
            record = L::insert(tx.as_mut(), &record).await?;
            all.push(record.clone());
        } else if let Some(slot) = all.iter_mut().find(|r| r.id() == record.id()) {
            *slot = record.clone();
        }
        let mut changed = vec![record.id()];
        for (name, flag) in L::DEFAULTS {
            changed.extend(keep_one_default(&mut all, record.id(), L::id, flag, name)?);
        }
        for r in all.iter().filter(|r| changed.contains(&r.id())) {
            L::update(tx.as_mut(), r).await?;
        }
        tx.commit().await?;
        Ok(record)
    }

    /// Deletes a record of kind `L` nothing refers to and that holds no default.
    pub async fn delete_lookup<L: LookupKind>(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, L::RESOURCE).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut record = find(&L::all(tx.as_mut()).await?, id)?;
        let is_default = L::DEFAULTS.iter().any(|(_, flag)| *flag(&mut record));
        if is_default || L::reference_count(tx.as_mut(), id).await? > 0 {
            return Err(Error::referenced());
        }
        L::delete(tx.as_mut(), id).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The record `id` of `all`, or 404.
fn find<L: LookupKind>(all: &[L], id: Id) -> Result<L> {
    all.iter()
        .find(|r| r.id() == id)
        .cloned()
        .or_not_found(L::MODEL, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_default_is_kept() {
        let mut flags = vec![(1, true), (2, false), (3, false)];
        // Setting 2 clears 1.
        flags[1].1 = true;
        let changed =
            keep_one_default(&mut flags, 2, |f| f.0, |f| &mut f.1, "default_create").unwrap();
        assert_eq!(changed, vec![1]);
        assert_eq!(flags, vec![(1, false), (2, true), (3, false)]);
        // Clearing the only default is refused.
        flags[1].1 = false;
        assert!(keep_one_default(&mut flags, 2, |f| f.0, |f| &mut f.1, "default_create").is_err());
    }
}
