//! The initial data of an empty store.

use std::collections::BTreeMap;

use helpdesk_domain::meta::SYSTEM_USER_ID;
use helpdesk_domain::permission::names;
use helpdesk_domain::{Group, GroupAccess, Meta, Priority, Role, State, StateType, User};
use helpdesk_storage::Mode;
use rand::Rng;
use rand::distributions::Alphanumeric;

use crate::{Helpdesk, Result, attributes};

/// The administrator to create in an empty store.
#[derive(Debug, Clone)]
pub struct AdminSeed {
    /// The admin's email (and login).
    pub email: String,
    /// The admin's password; `None` generates a random one.
    pub password: Option<String>,
}

/// What seeding did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedReport {
    /// The store already held data; at most its missing built-in attributes were added.
    AlreadySeeded,
    /// The store was seeded; `generated_password` is set when the admin's password was made up.
    Seeded {
        /// The admin's login.
        admin_login: String,
        /// The random password, to be shown once.
        generated_password: Option<String>,
    },
}

impl Helpdesk {
    /// Seeds an empty store, in one transaction: the system user `-` (id 1), the roles Admin,
    /// Agent and Customer, the states and priorities, the group `Users` and an administrator
    /// (roles Admin and Agent, `full` access to `Users`), and the built-in attributes of every
    /// object. A store that has a user 1 is left alone, except that it gets the built-in
    /// attributes when it has no attribute at all (stores seeded before attributes existed).
    pub async fn seed(&self, admin: AdminSeed) -> Result<SeedReport> {
        // The administrator's password is hashed before the write transaction begins (and
        // only when a read finds the store empty).
        let empty = self
            .begin(Mode::Read)
            .await?
            .user(SYSTEM_USER_ID)
            .await?
            .is_none();
        let generated_password = match admin.password {
            Some(_) => None,
            None => Some(
                rand::thread_rng()
                    .sample_iter(&Alphanumeric)
                    .take(20)
                    .map(char::from)
                    .collect::<String>(),
            ),
        };
        let password = admin
            .password
            .clone()
            .or_else(|| generated_password.clone())
            .unwrap_or_default();
        let password_hash = if empty {
            Some(self.hash_password(&password).await?)
        } else {
            None
        };
        let mut tx = self.begin(Mode::Write).await?;
        let now = self.now();
        if tx.user(SYSTEM_USER_ID).await?.is_some() {
            if tx.attributes(None).await?.is_empty() {
                attributes::seed_built_in(&mut tx, now).await?;
                tx.commit().await?;
            }
            return Ok(SeedReport::AlreadySeeded);
        }
        let meta = Meta::new(SYSTEM_USER_ID, now);

        let mut system = User::blank(meta.clone());
        system.login = "-".into();
        system.active = false;
        let system = tx.insert_user(&system).await?;

        let roles = [
            (
                "Admin",
                vec![names::ADMIN, names::USER_PREFERENCES, names::REPORT],
                false,
            ),
            (
                "Agent",
                vec![names::TICKET_AGENT, names::USER_PREFERENCES],
                false,
            ),
            (
                "Customer",
                vec![names::TICKET_CUSTOMER, names::USER_PREFERENCES],
                true,
            ),
        ];
        let mut role_ids = Vec::new();
        for (name, permissions, default_at_signup) in roles {
            let role = Role {
                id: 0,
                name: name.into(),
                permissions: permissions.into_iter().map(String::from).collect(),
                default_at_signup,
                active: true,
                note: String::new(),
                meta: meta.clone(),
            };
            role_ids.push(tx.insert_role(&role).await?.id);
        }

        let states = [
            ("new", StateType::New, true, false),
            ("open", StateType::Open, false, true),
            ("pending reminder", StateType::PendingReminder, false, false),
            ("closed", StateType::Closed, false, false),
            ("merged", StateType::Merged, false, false),
            ("pending close", StateType::PendingAction, false, false),
        ];
        let mut state_ids = Vec::new();
        for (name, ty, default_create, default_follow_up) in states {
            let state = State {
                state_type_id: ty.id(),
                name: name.into(),
                ignore_escalation: matches!(
                    ty,
                    StateType::Closed
                        | StateType::Merged
                        | StateType::PendingReminder
                        | StateType::PendingAction
                ),
                default_create,
                default_follow_up,
                ..State::blank(meta.clone())
            };
            state_ids.push(tx.insert_state(&state).await?);
        }
        // `pending close` moves to `closed` when its time comes.
        if let (Some(closed), Some(pending_close)) = (state_ids.get(3), state_ids.get(5)) {
            let mut pending_close = pending_close.clone();
            pending_close.next_state_id = Some(closed.id);
            tx.update_state(&pending_close).await?;
        }

        for (name, default_create, icon) in [
            ("1 low", false, "low-priority"),
            ("2 normal", true, ""),
            ("3 high", false, "important"),
        ] {
            let priority = Priority {
                name: name.into(),
                default_create,
                ui_icon: Some(icon.to_string()).filter(|s| !s.is_empty()),
                ui_color: Some(icon.to_string()).filter(|s| !s.is_empty()),
                ..Priority::blank(meta.clone())
            };
            tx.insert_priority(&priority).await?;
        }

        let users_group = tx
            .insert_group(&Group {
                name: "Users".into(),
                note: "Standard Group/Pool for Tickets.".into(),
                ..Group::blank(meta.clone())
            })
            .await?;

        let mut admin_user = User::blank(meta.clone());
        admin_user.email = admin.email.clone();
        admin_user.firstname = "Admin".into();
        admin_user.lastname = "Helpdesk".into();
        admin_user.role_ids = role_ids[..2].to_vec();
        admin_user.group_ids = BTreeMap::from([(users_group.id, vec![GroupAccess::Full])]);
        admin_user.password_hash = Some(match password_hash {
            Some(hash) => hash,
            // Emptied since the read: cannot happen to a store, but stays correct.
            None => self.hash_password(&password).await?,
        });
        admin_user.normalize_and_validate()?;
        let admin_user = tx.insert_user(&admin_user).await?;
        attributes::seed_built_in(&mut tx, now).await?;
        tx.commit().await?;
        tracing::info!(
            system_user = system.id,
            admin = admin_user.id,
            "seeded an empty store"
        );
        Ok(SeedReport::Seeded {
            admin_login: admin_user.login,
            generated_password,
        })
    }
}
