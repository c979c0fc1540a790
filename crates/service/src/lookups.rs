//! Ticket states and priorities: readable by agents, customers and admin.object; changed by
//! admin.object. Exactly one of each has `default_create` (and one state `default_follow_up`).

use helpdesk_domain::{Id, Listing, Meta, Priority, State, StateType, validation};
use helpdesk_policy::{Action, Actor, Resource, authorize};
use helpdesk_storage::Mode;

use crate::{Error, Helpdesk, ListQuery, Result};

/// The fields a state create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct StateInput {
    pub name: Option<String>,
    pub state_type_id: Option<Id>,
    /// The state type by name, instead of `state_type_id`.
    pub state_type: Option<String>,
    pub next_state_id: Option<Option<Id>>,
    pub ignore_escalation: Option<bool>,
    pub default_create: Option<bool>,
    pub default_follow_up: Option<bool>,
    pub note: Option<String>,
    pub active: Option<bool>,
}

/// The fields a priority create or update may set; `None` leaves a field as it is.
#[allow(missing_docs)]
#[derive(Debug, Clone, Default)]
pub struct PriorityInput {
    pub name: Option<String>,
    pub default_create: Option<bool>,
    pub ui_icon: Option<Option<String>>,
    pub ui_color: Option<Option<String>>,
    pub note: Option<String>,
    pub active: Option<bool>,
}

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
    /// A page of states.
    pub async fn list_states(&self, actor: &Actor, q: ListQuery) -> Result<Listing<State>> {
        authorize(actor, Action::Read, Resource::State).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        Ok(q.paginate(tx.states().await?))
    }

    /// One state.
    pub async fn show_state(&self, actor: &Actor, id: Id) -> Result<State> {
        authorize(actor, Action::Read, Resource::State).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        tx.states()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::not_found("Ticket::State", id))
    }

    /// Creates (`id` = `None`) or changes a state, keeping one default of each kind.
    pub async fn save_state(
        &self,
        actor: &Actor,
        id: Option<Id>,
        input: StateInput,
    ) -> Result<State> {
        let action = if id.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        authorize(actor, action, Resource::State).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut states = tx.states().await?;
        let mut state = match id {
            Some(id) => states
                .iter()
                .find(|s| s.id == id)
                .cloned()
                .ok_or_else(|| Error::not_found("Ticket::State", id))?,
            None => State {
                id: 0,
                state_type_id: 0,
                name: String::new(),
                next_state_id: None,
                ignore_escalation: false,
                default_create: false,
                default_follow_up: false,
                note: String::new(),
                active: true,
                meta: Meta::new(actor.id(), self.now()),
            },
        };
        if let Some(v) = input.name {
            state.name = v.trim().to_string();
        }
        validation::require_present("name", &state.name)?;
        if let Some(name) = input.state_type {
            state.state_type_id = StateType::ALL
                .into_iter()
                .find(|t| t.name() == name)
                .map(StateType::id)
                .ok_or_else(|| {
                    Error::invalid(format!("No lookup value found for 'state_type': {name:?}"))
                })?;
        } else if let Some(v) = input.state_type_id {
            state.state_type_id = v;
        }
        if StateType::from_id(state.state_type_id).is_none() {
            return Err(Error::invalid(format!(
                "No lookup value found for 'state_type_id': \"{}\"",
                state.state_type_id
            )));
        }
        if let Some(next) = input.next_state_id {
            if let Some(next_id) = next.filter(|n| !states.iter().any(|s| s.id == *n)) {
                return Err(Error::invalid(format!(
                    "No lookup value found for 'next_state_id': \"{next_id}\""
                )));
            }
            state.next_state_id = next;
        }
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = input.$f { state.$f = v; } )* };
        }
        set!(
            ignore_escalation,
            default_create,
            default_follow_up,
            note,
            active
        );
        validation::check_lengths(&[
            ("name", &state.name, validation::MAX_SHORT),
            ("note", &state.note, validation::MAX_TEXT),
        ])?;
        if states
            .iter()
            .any(|s| s.id != state.id && s.name.eq_ignore_ascii_case(&state.name))
        {
            return Err(Error::invalid(format!(
                "Name '{}' is already used for another state.",
                state.name
            )));
        }
        state.meta.touch(actor.id(), self.now());
        if id.is_none() {
            state = tx.insert_state(&state).await?;
            states.push(state.clone());
        } else if let Some(slot) = states.iter_mut().find(|s| s.id == state.id) {
            *slot = state.clone();
        }
        let mut changed = keep_one_default(
            &mut states,
            state.id,
            |s| s.id,
            |s| &mut s.default_create,
            "default_create",
        )?;
        changed.extend(keep_one_default(
            &mut states,
            state.id,
            |s| s.id,
            |s| &mut s.default_follow_up,
            "default_follow_up",
        )?);
        for s in states
            .iter()
            .filter(|s| s.id == state.id || changed.contains(&s.id))
        {
            tx.update_state(s).await?;
        }
        tx.commit().await?;
        Ok(state)
    }

    /// Deletes a state nothing refers to and that is no default.
    pub async fn delete_state(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, Resource::State).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let state = tx
            .states()
            .await?
            .into_iter()
            .find(|s| s.id == id)
            .ok_or_else(|| Error::not_found("Ticket::State", id))?;
        if state.default_create
            || state.default_follow_up
            || tx.state_reference_count(id).await? > 0
        {
            return Err(Error::invalid("Can't delete, object has references."));
        }
        tx.delete_state(id).await?;
        tx.commit().await?;
        Ok(())
    }

    /// A page of priorities.
    pub async fn list_priorities(&self, actor: &Actor, q: ListQuery) -> Result<Listing<Priority>> {
        authorize(actor, Action::Read, Resource::Priority).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        Ok(q.paginate(tx.priorities().await?))
    }

    /// One priority.
    pub async fn show_priority(&self, actor: &Actor, id: Id) -> Result<Priority> {
        authorize(actor, Action::Read, Resource::Priority).into_result()?;
        let mut tx = self.begin(Mode::Read).await?;
        tx.priorities()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::not_found("Ticket::Priority", id))
    }

    /// Creates (`id` = `None`) or changes a priority, keeping one default.
    pub async fn save_priority(
        &self,
        actor: &Actor,
        id: Option<Id>,
        input: PriorityInput,
    ) -> Result<Priority> {
        let action = if id.is_some() {
            Action::Update
        } else {
            Action::Create
        };
        authorize(actor, action, Resource::Priority).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let mut all = tx.priorities().await?;
        let mut priority = match id {
            Some(id) => all
                .iter()
                .find(|p| p.id == id)
                .cloned()
                .ok_or_else(|| Error::not_found("Ticket::Priority", id))?,
            None => Priority {
                id: 0,
                name: String::new(),
                default_create: false,
                ui_icon: None,
                ui_color: None,
                note: String::new(),
                active: true,
                meta: Meta::new(actor.id(), self.now()),
            },
        };
        if let Some(v) = input.name {
            priority.name = v.trim().to_string();
        }
        validation::require_present("name", &priority.name)?;
        macro_rules! set {
            ($($f:ident),*) => { $( if let Some(v) = input.$f { priority.$f = v; } )* };
        }
        set!(default_create, ui_icon, ui_color, note, active);
        validation::check_lengths(&[
            ("name", &priority.name, validation::MAX_SHORT),
            (
                "ui_icon",
                priority.ui_icon.as_deref().unwrap_or(""),
                validation::MAX_SHORT,
            ),
            (
                "ui_color",
                priority.ui_color.as_deref().unwrap_or(""),
                validation::MAX_SHORT,
            ),
            ("note", &priority.note, validation::MAX_TEXT),
        ])?;
        if all
            .iter()
            .any(|p| p.id != priority.id && p.name.eq_ignore_ascii_case(&priority.name))
        {
            return Err(Error::invalid(format!(
                "Name '{}' is already used for another priority.",
                priority.name
            )));
        }
        priority.meta.touch(actor.id(), self.now());
        if id.is_none() {
            priority = tx.insert_priority(&priority).await?;
            all.push(priority.clone());
        } else if let Some(slot) = all.iter_mut().find(|p| p.id == priority.id) {
            *slot = priority.clone();
        }
        let changed = keep_one_default(
            &mut all,
            priority.id,
            |p| p.id,
            |p| &mut p.default_create,
            "default_create",
        )?;
        for p in all
            .iter()
            .filter(|p| p.id == priority.id || changed.contains(&p.id))
        {
            tx.update_priority(p).await?;
        }
        tx.commit().await?;
        Ok(priority)
    }

    /// Deletes a priority nothing refers to and that is not the default.
    pub async fn delete_priority(&self, actor: &Actor, id: Id) -> Result<()> {
        authorize(actor, Action::Delete, Resource::Priority).into_result()?;
        let mut tx = self.begin(Mode::Write).await?;
        let priority = tx
            .priorities()
            .await?
            .into_iter()
            .find(|p| p.id == id)
            .ok_or_else(|| Error::not_found("Ticket::Priority", id))?;
        if priority.default_create || tx.priority_reference_count(id).await? > 0 {
            return Err(Error::invalid("Can't delete, object has references."));
        }
        tx.delete_priority(id).await?;
        tx.commit().await?;
        Ok(())
    }
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
