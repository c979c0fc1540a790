//! Repository traits of tickets and what hangs off them: articles and attachments, tags,
//! online notifications, history, time accounting, links, mentions and recent views.

use async_trait::async_trait;
use helpdesk_domain::{
    Article, Attachment, HistoryEntry, Id, Link, LinkType, Listing, Mention, OnlineNotification,
    Page, RecentView, TagItem, Ticket, TimeAccounting, TimeAccountingType, Timestamp,
};

use crate::{Result, Sort, TicketFilter};

/// Tickets.
#[async_trait]
pub trait TicketRepo {
    /// The ticket with this id.
    async fn ticket(&mut self, id: Id) -> Result<Option<Ticket>>;
    /// The ticket with this number (exactly as stored; numbers are unique).
    async fn ticket_by_number(&mut self, number: &str) -> Result<Option<Ticket>>;
    /// Stores a new ticket. MUST answer `Conflict::Unique` on a duplicate number, and
    /// `Conflict::MissingReference` when its group, state, priority, customer, owner or
    /// organization does not exist.
    ///
    /// The ticket use cases read those records in a read transaction and write in a write
    /// transaction of their own, so a record may be deleted in between: the store, not the
    /// use case, is what refuses the ticket then, on every backend (the contract suite's
    /// `references` bodies check it), and the client gets the conflict's 422.
    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<Ticket>;
    /// Replaces the ticket (every field but `id` and `number`). MUST answer
    /// `Conflict::MissingReference` as [`TicketRepo::insert_ticket`] does.
    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()>;
    /// Removes the ticket with its articles, attachments, tags, notifications, history, time
    /// accounting, links and search entries.
    async fn delete_ticket(&mut self, id: Id) -> Result<()>;
    /// A page of the tickets that match `filter`, in `sort` order (ties by id ascending),
    /// and their total. Scope and query are applied in the store, before the page.
    async fn list_tickets(
        &mut self,
        filter: &TicketFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Ticket>>;
    /// Adds one to the store-wide ticket counter and answers the new value (1 for the first
    /// ticket). Atomic across concurrent transactions and server processes; a rolled-back
    /// transaction may leave a gap.
    async fn next_ticket_counter(&mut self) -> Result<i64>;
}

/// Articles and their attachments.
#[async_trait]
pub trait ArticleRepo {
    /// The article with this id.
    async fn article(&mut self, id: Id) -> Result<Option<Article>>;
    /// The ticket's articles by id, internal ones only when `include_internal` is set.
    async fn articles_of_ticket(
        &mut self,
        ticket_id: Id,
        include_internal: bool,
    ) -> Result<Vec<Article>>;
    /// The ids of [`ArticleRepo::articles_of_ticket`], in the same order. The default loads
    /// the articles; a store overrides it to read the ids alone.
    async fn article_ids_of_ticket(
        &mut self,
        ticket_id: Id,
        include_internal: bool,
    ) -> Result<Vec<Id>> {
        Ok(self
            .articles_of_ticket(ticket_id, include_internal)
            .await?
            .iter()
            .map(|a| a.id)
            .collect())
    }
    /// For each of `ticket_ids` that has any, how many of its articles a customer sees and
    /// `article_count` counts: not internal, not from the System sender. Tickets without such
    /// articles may be left out. The default loads the public articles of each ticket; a
    /// store overrides it with one counting query.
    async fn customer_article_counts(&mut self, ticket_ids: &[Id]) -> Result<Vec<(Id, i64)>> {
        let mut counts = Vec::with_capacity(ticket_ids.len());
        for &id in ticket_ids {
            let count = self
                .articles_of_ticket(id, false)
                .await?
                .iter()
                .filter(|a| a.sender_id != helpdesk_domain::Sender::System.id())
                .count();
            counts.push((id, count as i64));
        }
        Ok(counts)
    }
    /// Stores a new article and indexes its body for the ticket's search.
    async fn insert_article(&mut self, article: &Article) -> Result<Article>;
    /// Replaces the article (agents change `internal` and `preferences`), keeping the search
    /// index in step.
    async fn update_article(&mut self, article: &Article) -> Result<()>;
    /// Stores an attachment's metadata and bytes; answers it with its id.
    async fn insert_attachment(
        &mut self,
        attachment: &Attachment,
        data: &[u8],
    ) -> Result<Attachment>;
    /// The attachments of these articles (metadata only), by id.
    async fn attachments_of_articles(&mut self, article_ids: &[Id]) -> Result<Vec<Attachment>>;
    /// An attachment's metadata and bytes.
    async fn attachment_data(&mut self, id: Id) -> Result<Option<(Attachment, Vec<u8>)>>;
}

/// Tags on tickets and the tag list.
#[async_trait]
pub trait TagRepo {
    /// The ticket's tags, in the order they were added.
    async fn tags_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<String>>;
    /// Tags the ticket, creating the tag item when it is new (names compare
    /// case-insensitively). Answers false when the ticket already had it.
    async fn add_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool>;
    /// Removes the tag from the ticket; false when it did not have it.
    async fn remove_tag(&mut self, ticket_id: Id, name: &str) -> Result<bool>;
    /// Tag items whose name contains `term` case-insensitively (all when `None`), by name,
    /// at most `limit`, each with the number of tickets carrying it.
    async fn tag_items(&mut self, term: Option<&str>, limit: u64) -> Result<Vec<TagItem>>;
    /// One tag item.
    async fn tag_item(&mut self, id: Id) -> Result<Option<TagItem>>;
    /// Adds a tag item. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_tag_item(&mut self, name: &str) -> Result<TagItem>;
    /// Renames a tag item (tickets keep it). MUST answer `Conflict::Unique` on a duplicate name.
    async fn rename_tag_item(&mut self, id: Id, name: &str) -> Result<()>;
    /// Removes a tag item from the list and from every ticket.
    async fn delete_tag_item(&mut self, id: Id) -> Result<()>;
}

/// Online notifications.
#[async_trait]
pub trait NotificationRepo {
    /// The notification with this id.
    async fn notification(&mut self, id: Id) -> Result<Option<OnlineNotification>>;
    /// The user's newest `limit` notifications, newest first.
    async fn notifications_of_user(
        &mut self,
        user_id: Id,
        limit: u64,
    ) -> Result<Vec<OnlineNotification>>;
    /// Stores a new notification.
    async fn insert_notification(
        &mut self,
        notification: &OnlineNotification,
    ) -> Result<OnlineNotification>;
    /// Stores new notifications, in order (a backend may write them in one statement).
    async fn insert_notifications(&mut self, notifications: &[OnlineNotification]) -> Result<()> {
        for notification in notifications {
            self.insert_notification(notification).await?;
        }
        Ok(())
    }
    /// Replaces the notification (its `seen` flag and bookkeeping).
    async fn update_notification(&mut self, notification: &OnlineNotification) -> Result<()>;
    /// Removes the notification.
    async fn delete_notification(&mut self, id: Id) -> Result<()>;
    /// Marks every notification of the user seen.
    async fn mark_notifications_seen_for_user(&mut self, user_id: Id, at: Timestamp) -> Result<()>;
    /// Marks every notification about the ticket seen (it was closed or merged).
    async fn mark_notifications_seen_for_ticket(
        &mut self,
        ticket_id: Id,
        at: Timestamp,
    ) -> Result<()>;
}

/// Ticket history.
#[async_trait]
pub trait HistoryRepo {
    /// Records a change.
    async fn insert_history(&mut self, entry: &HistoryEntry) -> Result<HistoryEntry>;
    /// Records several changes, in order (a backend may write them in one statement).
    async fn insert_histories(&mut self, entries: &[HistoryEntry]) -> Result<()> {
        for entry in entries {
            self.insert_history(entry).await?;
        }
        Ok(())
    }
    /// The ticket's history, oldest first.
    async fn history_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<HistoryEntry>>;
}

/// Time accounting: the activity types, and the time booked on tickets.
#[async_trait]
pub trait TimeAccountingRepo {
    /// Every activity type, by id (a short list).
    async fn time_accounting_types(&mut self) -> Result<Vec<TimeAccountingType>>;
    /// Stores a new activity type. MUST answer `Conflict::Unique` on a duplicate name.
    async fn insert_time_accounting_type(
        &mut self,
        kind: &TimeAccountingType,
    ) -> Result<TimeAccountingType>;
    /// Replaces the activity type. MUST answer `Conflict::Unique` on a duplicate name.
    async fn update_time_accounting_type(&mut self, kind: &TimeAccountingType) -> Result<()>;
    /// Removes the activity type. MUST answer `Conflict::InUse` while an entry has it.
    async fn delete_time_accounting_type(&mut self, id: Id) -> Result<()>;
    /// How many records refer to the activity type: entries with it.
    async fn time_accounting_type_reference_count(&mut self, id: Id) -> Result<u64>;
    /// The entry with this id.
    async fn time_accounting(&mut self, id: Id) -> Result<Option<TimeAccounting>>;
    /// A page of the entries of the ticket `ticket_id` (of every ticket when `None`), by id,
    /// and their total.
    async fn time_accountings(
        &mut self,
        ticket_id: Option<Id>,
        page: Page,
    ) -> Result<Listing<TimeAccounting>>;
    /// Stores a new entry. MUST answer `Conflict::MissingReference` when its ticket, article
    /// or activity type does not exist.
    async fn insert_time_accounting(&mut self, entry: &TimeAccounting) -> Result<TimeAccounting>;
    /// Replaces the entry. MUST answer `Conflict::MissingReference` as
    /// [`TimeAccountingRepo::insert_time_accounting`] does.
    async fn update_time_accounting(&mut self, entry: &TimeAccounting) -> Result<()>;
    /// Removes the entry.
    async fn delete_time_accounting(&mut self, id: Id) -> Result<()>;
}

/// Links between tickets.
#[async_trait]
pub trait LinkRepo {
    /// The links whose source or target is the ticket, by id.
    async fn links_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<Link>>;
    /// Stores a new link. MUST answer `Conflict::Unique` on field `link` when a link of the same
    /// type, source and target exists, and `Conflict::MissingReference` when either ticket
    /// does not.
    async fn insert_link(&mut self, link: &Link) -> Result<Link>;
    /// Removes the link of `link_type` from `source_id` to `target_id`; false when there is
    /// none.
    async fn delete_link(
        &mut self,
        link_type: LinkType,
        source_id: Id,
        target_id: Id,
    ) -> Result<bool>;
}

/// Mentions: users subscribed to tickets. Deleting a ticket deletes its mentions; a user
/// mentioned, or who mentioned someone, counts as a reference of that user.
#[async_trait]
pub trait MentionRepo {
    /// The mention with this id.
    async fn mention(&mut self, id: Id) -> Result<Option<Mention>>;
    /// The mentions on ticket `ticket_id` and of user `user_id`, each where given, newest
    /// first (by `created_at`, then id).
    async fn mentions(
        &mut self,
        ticket_id: Option<Id>,
        user_id: Option<Id>,
    ) -> Result<Vec<Mention>>;
    /// Stores a new mention. MUST answer `Conflict::Unique` on field `mention` when the user is
    /// mentioned on the ticket already, and `Conflict::MissingReference` when the ticket or
    /// the user does not exist.
    async fn insert_mention(&mut self, mention: &Mention) -> Result<Mention>;
    /// Removes the mention; false when there is none.
    async fn delete_mention(&mut self, id: Id) -> Result<bool>;
}

/// Recent views: the tickets each user viewed last. Deleting the ticket or the user deletes
/// its entries; they are no reference of either.
#[async_trait]
pub trait RecentViewRepo {
    /// Records that `user_id` viewed `ticket_id` at `at`: the user's entry of the ticket
    /// replaced by a new one (a new id), so that of two views at the same time the later
    /// comes first. MUST answer `Conflict::MissingReference` when the ticket or the user
    /// does not exist.
    async fn log_recent_view(&mut self, user_id: Id, ticket_id: Id, at: Timestamp) -> Result<()>;
    /// The user's `limit` latest entries, newest first (by `viewed_at`, then id).
    async fn recent_views(&mut self, user_id: Id, limit: u64) -> Result<Vec<RecentView>>;
}
