//! Links between tickets (Zammad's `Link`): `normal`, or `parent` / `child`. A link is stored
//! from its target's side: "the source is the `link_type` of the target"; seen from the source
//! it reads the other way round ([`Link::seen_from`]).

use crate::{Id, Timestamp, ValidationError};

/// How two linked tickets relate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum LinkType {
    /// Related.
    Normal,
    /// The one is the other's parent.
    Parent,
    /// The one is the other's child.
    Child,
}

impl LinkType {
    /// Every type, in Zammad's order.
    pub const ALL: [LinkType; 3] = [LinkType::Normal, LinkType::Parent, LinkType::Child];

    /// The type by Zammad's name (`normal`, `parent`, `child`).
    pub fn parse(name: &str) -> Result<Self, ValidationError> {
        Self::ALL
            .into_iter()
            .find(|t| t.name() == name)
            .ok_or_else(|| {
                ValidationError::new(format!(
                    "Invalid value for 'link_type': '{name}' is none of normal, parent, child"
                ))
            })
    }

    /// Zammad's name.
    pub fn name(self) -> &'static str {
        match self {
            LinkType::Normal => "normal",
            LinkType::Parent => "parent",
            LinkType::Child => "child",
        }
    }

    /// The same relation seen from the other end.
    pub fn reversed(self) -> Self {
        match self {
            LinkType::Normal => LinkType::Normal,
            LinkType::Parent => LinkType::Child,
            LinkType::Child => LinkType::Parent,
        }
    }
}

/// A link between two tickets.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The link's id.
    pub id: Id,
    /// What the source is of the target.
    pub link_type: LinkType,
    /// The source ticket.
    pub source_id: Id,
    /// The target ticket.
    pub target_id: Id,
    /// When it was made.
    pub created_at: Timestamp,
}

impl Link {
    /// A new link; refused between a ticket and itself.
    pub fn new(
        link_type: LinkType,
        source_id: Id,
        target_id: Id,
        now: Timestamp,
    ) -> Result<Self, ValidationError> {
        if source_id == target_id {
            return Err(ValidationError::new(
                "A ticket cannot be linked with itself",
            ));
        }
        Ok(Self {
            id: 0,
            link_type,
            source_id,
            target_id,
            created_at: now,
        })
    }

    /// The link's identity as text, `type source->target` (`child 1->2`): what makes it
    /// unique, as a duplicate's conflict names it.
    pub fn identity(&self) -> String {
        format!(
            "{} {}->{}",
            self.link_type.name(),
            self.source_id,
            self.target_id
        )
    }

    /// The link as ticket `ticket_id` sees it: what the other ticket is of it, and which ticket
    /// that is; `None` when the link does not touch the ticket.
    pub fn seen_from(&self, ticket_id: Id) -> Option<(LinkType, Id)> {
        if self.target_id == ticket_id {
            Some((self.link_type, self.source_id))
        } else if self.source_id == ticket_id {
            Some((self.link_type.reversed(), self.target_id))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::from_millis;

    #[test]
    fn types_read_by_name_and_reverse() {
        for t in LinkType::ALL {
            assert_eq!(LinkType::parse(t.name()), Ok(t));
            assert_eq!(t.reversed().reversed(), t);
        }
        assert_eq!(LinkType::Parent.reversed(), LinkType::Child);
        assert!(LinkType::parse("sibling").is_err());
    }

    #[test]
    fn a_link_reads_from_either_end() {
        // Ticket 1 is the parent of ticket 2.
        let link = Link::new(LinkType::Parent, 1, 2, from_millis(0)).unwrap();
        assert_eq!(link.seen_from(2), Some((LinkType::Parent, 1)));
        assert_eq!(link.seen_from(1), Some((LinkType::Child, 2)));
        assert_eq!(link.seen_from(3), None);
        assert!(Link::new(LinkType::Normal, 4, 4, from_millis(0)).is_err());
    }
}
