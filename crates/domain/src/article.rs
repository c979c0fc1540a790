//! Ticket articles: the messages of a ticket, their types, senders and attachments.

use crate::{Id, Meta};

/// Who wrote an article, with Zammad's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sender {
    /// An agent.
    Agent = 1,
    /// The customer.
    Customer = 2,
    /// The system (triggers, notifications); not counted in `article_count`.
    System = 3,
}

impl Sender {
    /// Every sender.
    pub const ALL: [Sender; 3] = [Self::Agent, Self::Customer, Self::System];

    /// The sender's id.
    pub fn id(self) -> Id {
        self as Id
    }

    /// The sender with this id.
    pub fn from_id(id: Id) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// The sender's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Agent => "Agent",
            Self::Customer => "Customer",
            Self::System => "System",
        }
    }

    /// The sender with this name, case-insensitively.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|s| s.name().eq_ignore_ascii_case(name.trim()))
    }
}

/// An article type: id, name and whether it is communication with the customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleType {
    /// Zammad's id.
    pub id: Id,
    /// The name (`email`, `note`, `web`, ...).
    pub name: &'static str,
    /// Whether articles of this type are communication (a note is not).
    pub communication: bool,
}

impl ArticleType {
    /// Every article type, with Zammad's ids.
    pub const ALL: [ArticleType; 12] = [
        ArticleType {
            id: 1,
            name: "email",
            communication: true,
        },
        ArticleType {
            id: 2,
            name: "sms",
            communication: true,
        },
        ArticleType {
            id: 3,
            name: "chat",
            communication: true,
        },
        ArticleType {
            id: 4,
            name: "fax",
            communication: true,
        },
        ArticleType {
            id: 5,
            name: "phone",
            communication: true,
        },
        ArticleType {
            id: 6,
            name: "twitter status",
            communication: true,
        },
        ArticleType {
            id: 7,
            name: "twitter direct-message",
            communication: true,
        },
        ArticleType {
            id: 8,
            name: "facebook feed post",
            communication: true,
        },
        ArticleType {
            id: 9,
            name: "facebook feed comment",
            communication: true,
        },
        ArticleType {
            id: 10,
            name: "note",
            communication: false,
        },
        ArticleType {
            id: 11,
            name: "web",
            communication: true,
        },
        ArticleType {
            id: 12,
            name: "telegram personal-message",
            communication: true,
        },
    ];

    /// The `note` type.
    pub const NOTE: ArticleType = Self::ALL[9];
    /// The `web` type.
    pub const WEB: ArticleType = Self::ALL[10];

    /// The type with this id.
    pub fn from_id(id: Id) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.id == id)
    }

    /// The type with this name, case-insensitively.
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|t| t.name.eq_ignore_ascii_case(name.trim()))
    }
}

/// One message of a ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct Article {
    /// The article's id.
    pub id: Id,
    /// The ticket it belongs to.
    pub ticket_id: Id,
    /// One of [`ArticleType::ALL`], by id.
    pub type_id: Id,
    /// One of [`Sender`], by id.
    pub sender_id: Id,
    /// From.
    pub from: Option<String>,
    /// To.
    pub to: Option<String>,
    /// Cc.
    pub cc: Option<String>,
    /// Subject.
    pub subject: Option<String>,
    /// Reply-To.
    pub reply_to: Option<String>,
    /// Message-ID.
    pub message_id: Option<String>,
    /// MD5 of the Message-ID.
    pub message_id_md5: Option<String>,
    /// In-Reply-To.
    pub in_reply_to: Option<String>,
    /// `text/plain` or `text/html`.
    pub content_type: String,
    /// References.
    pub references: Option<String>,
    /// The message.
    pub body: String,
    /// Internal articles are hidden from customers.
    pub internal: bool,
    /// Free-form preferences.
    pub preferences: serde_json::Value,
    /// The user the article was written on behalf of.
    pub origin_by_id: Option<Id>,
    /// Time accounted with this article.
    pub time_unit: Option<f64>,
    /// Bookkeeping.
    pub meta: Meta,
}

impl Article {
    /// The article's type.
    pub fn article_type(&self) -> Option<ArticleType> {
        ArticleType::from_id(self.type_id)
    }

    /// The article's sender.
    pub fn sender(&self) -> Option<Sender> {
        Sender::from_id(self.sender_id)
    }

    /// Whether the article counts in its ticket's `article_count` (system messages do not).
    pub fn counts(&self) -> bool {
        self.sender() != Some(Sender::System)
    }

    /// Whether the article is communication (not a note, not from the system).
    pub fn is_communication(&self) -> bool {
        self.article_type().is_some_and(|t| t.communication)
            && self.sender() != Some(Sender::System)
    }
}

/// A file attached to an article; the bytes are stored apart.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    /// The attachment's id.
    pub id: Id,
    /// The article it belongs to.
    pub article_id: Id,
    /// The file name.
    pub filename: String,
    /// Size in bytes.
    pub size: i64,
    /// MIME type.
    pub content_type: String,
    /// Free-form preferences (`Mime-Type`, ...).
    pub preferences: serde_json::Value,
    /// When it was stored.
    pub created_at: crate::Timestamp,
    /// Who stored it.
    pub created_by_id: Id,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_senders() {
        assert_eq!(ArticleType::NOTE.name, "note");
        assert_eq!(
            ArticleType::from_name("note").map(|t| t.communication),
            Some(false)
        );
        assert_eq!(ArticleType::from_name("Email").map(|t| t.id), Some(1));
        assert_eq!(ArticleType::WEB.id, 11);
        assert_eq!(Sender::from_name("customer"), Some(Sender::Customer));
        assert_eq!(Sender::from_id(3), Some(Sender::System));
    }
}
