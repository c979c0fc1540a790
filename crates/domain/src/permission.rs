//! Dotted permission names: holding a name grants every name below it.

use std::collections::BTreeSet;

/// Known permission names and what they mean.
pub mod names {
    /// Everything administrative.
    pub const ADMIN: &str = "admin";
    /// Manage users.
    pub const ADMIN_USER: &str = "admin.user";
    /// Manage groups.
    pub const ADMIN_GROUP: &str = "admin.group";
    /// Manage organizations.
    pub const ADMIN_ORGANIZATION: &str = "admin.organization";
    /// Manage states, priorities and object-manager attributes.
    pub const ADMIN_OBJECT: &str = "admin.object";
    /// Manage the tag list.
    pub const ADMIN_TAG: &str = "admin.tag";
    /// Manage time accounting: activity types, and every entry.
    pub const ADMIN_TIME_ACCOUNTING: &str = "admin.time_accounting";
    /// Manage roles.
    pub const ADMIN_ROLE: &str = "admin.role";
    /// Read the server's version.
    pub const ADMIN_VERSION: &str = "admin.version";
    /// Read the health check without its token.
    pub const ADMIN_MONITORING: &str = "admin.monitoring";
    /// Work tickets as an agent.
    pub const TICKET_AGENT: &str = "ticket.agent";
    /// Use tickets as a customer.
    pub const TICKET_CUSTOMER: &str = "ticket.customer";
    /// One's own preferences.
    pub const USER_PREFERENCES: &str = "user_preferences";
    /// One's own access tokens.
    pub const ACCESS_TOKEN: &str = "user_preferences.access_token";
    /// Reports.
    pub const REPORT: &str = "report";

    /// Every permission name the server knows, parents before children.
    pub const ALL: &[&str] = &[
        ADMIN,
        ADMIN_USER,
        ADMIN_GROUP,
        ADMIN_ORGANIZATION,
        ADMIN_OBJECT,
        ADMIN_TAG,
        ADMIN_TIME_ACCOUNTING,
        ADMIN_ROLE,
        ADMIN_VERSION,
        ADMIN_MONITORING,
        "ticket",
        TICKET_AGENT,
        TICKET_CUSTOMER,
        USER_PREFERENCES,
        ACCESS_TOKEN,
        REPORT,
    ];
}

/// A set of held permission names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PermissionSet {
    names: BTreeSet<String>,
}

impl PermissionSet {
    /// A set holding exactly these names.
    pub fn new<I, S>(names: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            names: names.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether a held name is `wanted` or one of its ancestors (`admin` grants `admin.user`).
    pub fn grants(&self, wanted: &str) -> bool {
        let mut candidate = wanted;
        loop {
            if self.names.contains(candidate) {
                return true;
            }
            match candidate.rfind('.') {
                Some(dot) => candidate = &candidate[..dot],
                None => return false,
            }
        }
    }

    /// Whether any of `wanted` is granted.
    pub fn grants_any(&self, wanted: &[&str]) -> bool {
        wanted.iter().any(|w| self.grants(w))
    }

    /// The rights held by both: a name survives when the other set grants it.
    /// This is how a token's permissions meet its owner's.
    pub fn intersect(&self, other: &PermissionSet) -> PermissionSet {
        let mut names: BTreeSet<String> = self
            .names
            .iter()
            .filter(|n| other.grants(n))
            .cloned()
            .collect();
        names.extend(other.names.iter().filter(|n| self.grants(n)).cloned());
        PermissionSet { names }
    }

    /// Whether every name here is granted by `other`.
    pub fn is_subset_of(&self, other: &PermissionSet) -> bool {
        self.names.iter().all(|n| other.grants(n))
    }

    /// The held names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// Every known permission name this set grants, sorted.
    pub fn expanded(&self) -> Vec<String> {
        names::ALL
            .iter()
            .filter(|n| self.grants(n))
            .map(|n| n.to_string())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parents_grant_children_not_the_reverse() {
        let set = PermissionSet::new(["admin"]);
        assert!(set.grants("admin.user"));
        assert!(set.grants("admin"));
        assert!(!set.grants("ticket.agent"));
        let child = PermissionSet::new(["admin.user"]);
        assert!(!child.grants("admin"));
        assert!(!child.grants("admin.group"));
        assert!(!PermissionSet::new(["admi"]).grants("admin"));
    }

    #[test]
    fn intersection_keeps_what_both_grant() {
        let user = PermissionSet::new(["admin", "ticket.agent"]);
        let token = PermissionSet::new(["admin.user", "ticket.customer"]);
        let both = token.intersect(&user);
        assert!(both.grants("admin.user"));
        assert!(!both.grants("admin.group"));
        assert!(!both.grants("ticket.customer"));
        assert!(!both.grants("ticket.agent"));
    }

    #[test]
    fn subset() {
        let user = PermissionSet::new(["admin", "ticket.agent"]);
        assert!(PermissionSet::new(["admin.user"]).is_subset_of(&user));
        assert!(!PermissionSet::new(["report"]).is_subset_of(&user));
    }
}
