//! Users: agents, customers and administrators.

use std::collections::BTreeMap;

use crate::{GroupAccess, Id, Meta, Timestamp, ValidationError, validation};

/// A user account. `password_hash` never leaves the server.
#[derive(Debug, Clone, PartialEq)]
pub struct User {
    /// The user's id; 1 is the system user `-`.
    pub id: Id,
    /// The user's primary organization.
    pub organization_id: Option<Id>,
    /// Unique, lower-case login; defaults to the email.
    pub login: String,
    /// Given name.
    pub firstname: String,
    /// Family name.
    pub lastname: String,
    /// Lower-case email, unique when not empty.
    pub email: String,
    /// Avatar reference.
    pub image: Option<String>,
    /// Avatar source URL.
    pub image_source: Option<String>,
    /// Web address.
    pub web: String,
    /// Phone number.
    pub phone: String,
    /// Fax number.
    pub fax: String,
    /// Mobile number.
    pub mobile: String,
    /// Department.
    pub department: String,
    /// Street.
    pub street: String,
    /// Postal code.
    pub zip: String,
    /// City.
    pub city: String,
    /// Country.
    pub country: String,
    /// Full address.
    pub address: String,
    /// Very important person.
    pub vip: bool,
    /// Email verified.
    pub verified: bool,
    /// Inactive users cannot authenticate.
    pub active: bool,
    /// Free text.
    pub note: String,
    /// Last successful login.
    pub last_login: Option<Timestamp>,
    /// Where the user came from.
    pub source: Option<String>,
    /// Failed logins since the last success.
    pub login_failed: i32,
    /// Out of office.
    pub out_of_office: bool,
    /// Out of office from.
    pub out_of_office_start_at: Option<Timestamp>,
    /// Out of office until.
    pub out_of_office_end_at: Option<Timestamp>,
    /// Who stands in while out of office.
    pub out_of_office_replacement_id: Option<Id>,
    /// Free-form preferences.
    pub preferences: serde_json::Value,
    /// Argon2id PHC string; `None` when the user cannot log in with a password.
    pub password_hash: Option<String>,
    /// Roles held.
    pub role_ids: Vec<Id>,
    /// Secondary organizations.
    pub organization_ids: Vec<Id>,
    /// Group access: group id → access names.
    pub group_ids: BTreeMap<Id, Vec<GroupAccess>>,
    /// Bookkeeping.
    pub meta: Meta,
}

impl User {
    /// A blank active user with these bookkeeping values; the caller fills in the rest.
    pub fn blank(meta: Meta) -> Self {
        Self {
            id: 0,
            organization_id: None,
            login: String::new(),
            firstname: String::new(),
            lastname: String::new(),
            email: String::new(),
            image: None,
            image_source: None,
            web: String::new(),
            phone: String::new(),
            fax: String::new(),
            mobile: String::new(),
            department: String::new(),
            street: String::new(),
            zip: String::new(),
            city: String::new(),
            country: String::new(),
            address: String::new(),
            vip: false,
            verified: false,
            active: true,
            note: String::new(),
            last_login: None,
            source: None,
            login_failed: 0,
            out_of_office: false,
            out_of_office_start_at: None,
            out_of_office_end_at: None,
            out_of_office_replacement_id: None,
            preferences: serde_json::json!({}),
            password_hash: None,
            role_ids: Vec::new(),
            organization_ids: Vec::new(),
            group_ids: BTreeMap::new(),
            meta,
        }
    }

    /// Normalises login and email (trimmed, lower case), defaults the login to the email and
    /// checks the rules Zammad enforces on save.
    pub fn normalize_and_validate(&mut self) -> Result<(), ValidationError> {
        self.email = self.email.trim().to_lowercase();
        self.login = self.login.trim().to_lowercase();
        if self.login.is_empty() {
            self.login = self.email.clone();
        }
        if self.login.is_empty()
            && self.firstname.trim().is_empty()
            && self.lastname.trim().is_empty()
        {
            return Err(ValidationError::new(
                "Minimum one identifier (login, firstname, lastname, phone or email) for user is required.",
            ));
        }
        if !self.email.is_empty() && !validation::is_plausible_email(&self.email) {
            return Err(ValidationError::new(format!(
                "Invalid email '{}'",
                self.email
            )));
        }
        if self.login.is_empty() {
            // Zammad generates a login when none is given and there is no email.
            self.login = format!(
                "{}.{}",
                self.firstname.trim().to_lowercase(),
                self.lastname.trim().to_lowercase()
            )
            .trim_matches('.')
            .replace(' ', "")
            .to_string();
        }
        let short = validation::MAX_SHORT;
        let long = validation::MAX_TEXT;
        validation::check_lengths(&[
            ("login", &self.login, short),
            ("firstname", &self.firstname, short),
            ("lastname", &self.lastname, short),
            ("email", &self.email, short),
            ("web", &self.web, short),
            ("phone", &self.phone, short),
            ("fax", &self.fax, short),
            ("mobile", &self.mobile, short),
            ("department", &self.department, short),
            ("street", &self.street, short),
            ("zip", &self.zip, short),
            ("city", &self.city, short),
            ("country", &self.country, short),
            ("source", self.source.as_deref().unwrap_or(""), short),
            (
                "image_source",
                self.image_source.as_deref().unwrap_or(""),
                long,
            ),
            ("address", &self.address, long),
            ("note", &self.note, long),
            ("preferences", &self.preferences.to_string(), long),
        ])?;
        self.role_ids.sort_unstable();
        self.role_ids.dedup();
        self.organization_ids.sort_unstable();
        self.organization_ids.dedup();
        for access in self.group_ids.values_mut() {
            access.sort_unstable();
            access.dedup();
        }
        self.group_ids.retain(|_, access| !access.is_empty());
        Ok(())
    }

    /// Whether the user's access to `group_id` grants `wanted`.
    pub fn has_group_access(&self, group_id: Id, wanted: GroupAccess) -> bool {
        self.group_ids
            .get(&group_id)
            .is_some_and(|access| access.iter().any(|a| a.grants(wanted)))
    }

    /// The ids of the groups where the user holds `wanted`.
    pub fn groups_with(&self, wanted: GroupAccess) -> Vec<Id> {
        self.group_ids
            .iter()
            .filter(|(_, access)| access.iter().any(|a| a.grants(wanted)))
            .map(|(id, _)| *id)
            .collect()
    }

    /// First and last name joined, as Zammad shows it.
    pub fn fullname(&self) -> String {
        format!("{} {}", self.firstname, self.lastname)
            .trim()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::from_millis;

    fn user() -> User {
        User::blank(Meta::new(1, from_millis(0)))
    }

    #[test]
    fn login_defaults_to_lowercased_email() {
        let mut u = user();
        u.email = " Bob@Example.COM ".into();
        u.normalize_and_validate().unwrap();
        assert_eq!(u.email, "bob@example.com");
        assert_eq!(u.login, "bob@example.com");
    }

    #[test]
    fn needs_an_identifier_and_a_valid_email() {
        assert!(user().normalize_and_validate().is_err());
        let mut u = user();
        u.email = "nope".into();
        assert!(u.normalize_and_validate().is_err());
        let mut u = user();
        u.firstname = "Ann".into();
        u.normalize_and_validate().unwrap();
        assert_eq!(u.login, "ann");
    }

    #[test]
    fn group_access() {
        let mut u = user();
        u.group_ids.insert(2, vec![GroupAccess::Full]);
        u.group_ids.insert(3, vec![GroupAccess::Read]);
        assert!(u.has_group_access(2, GroupAccess::Change));
        assert!(u.has_group_access(3, GroupAccess::Read));
        assert!(!u.has_group_access(3, GroupAccess::Change));
        assert_eq!(u.groups_with(GroupAccess::Read), vec![2, 3]);
        assert_eq!(u.groups_with(GroupAccess::Change), vec![2]);
    }
}
