//! Articles and attachments: `ArticleRepo` on `ticket_articles` and `ticket_attachments`,
//! keeping the articles' rows of the search index in step.

use async_trait::async_trait;
use helpdesk_domain::{Article, Attachment, Id};
use helpdesk_storage::{ArticleRepo, Result};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::columns::{meta_columns, millis, row_meta, timestamp};
use crate::entity::ticket_articles::{ActiveModel, Column, Entity, Model};
use crate::entity::{ticket_attachments, ticket_search_rows};
use crate::error::{backend, corrupt};
use crate::handle::Handle;
use crate::rows::{self, RecordRow, id_field};
use crate::ticket::insert_search_rows;
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Article {
    type Entity = Entity;
    const KIND: &'static str = "article";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Article {
            id: row.id,
            ticket_id: row.ticket_id,
            type_id: row.type_id,
            sender_id: row.sender_id,
            from: row.from,
            to: row.to,
            cc: row.cc,
            subject: row.subject,
            reply_to: row.reply_to,
            message_id: row.message_id,
            message_id_md5: row.message_id_md5,
            in_reply_to: row.in_reply_to,
            content_type: row.content_type,
            references: row.references,
            body: row.body,
            internal: row.internal,
            preferences: serde_json::from_str(&row.preferences).map_err(corrupt)?,
            origin_by_id: row.origin_by_id,
            time_unit: row.time_unit,
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            ticket_id: Set(self.ticket_id),
            type_id: Set(self.type_id),
            sender_id: Set(self.sender_id),
            from: Set(self.from.clone()),
            to: Set(self.to.clone()),
            cc: Set(self.cc.clone()),
            subject: Set(self.subject.clone()),
            reply_to: Set(self.reply_to.clone()),
            message_id: Set(self.message_id.clone()),
            message_id_md5: Set(self.message_id_md5.clone()),
            in_reply_to: Set(self.in_reply_to.clone()),
            content_type: Set(self.content_type.clone()),
            references: Set(self.references.clone()),
            body: Set(self.body.clone()),
            internal: Set(self.internal),
            preferences: Set(self.preferences.to_string()),
            origin_by_id: Set(self.origin_by_id),
            time_unit: Set(self.time_unit),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }
}

/// An attachment's metadata columns, without the bytes.
#[derive(FromQueryResult)]
struct AttachmentMeta {
    id: i64,
    article_id: i64,
    filename: String,
    size: i64,
    content_type: String,
    preferences: String,
    created_at: i64,
    created_by_id: i64,
}

impl AttachmentMeta {
    fn into_attachment(self) -> Result<Attachment> {
        Ok(Attachment {
            id: self.id,
            article_id: self.article_id,
            filename: self.filename,
            size: self.size,
            content_type: self.content_type,
            preferences: serde_json::from_str(&self.preferences).map_err(corrupt)?,
            created_at: timestamp(self.created_at),
            created_by_id: self.created_by_id,
        })
    }
}

/// Replaces the search-index rows of the article (its subject and body).
async fn index_article(tx: &Handle, id: Id, article: &Article) -> Result<()> {
    ticket_search_rows::Entity::delete_many()
        .filter(ticket_search_rows::Column::ArticleId.eq(id))
        .exec(tx)
        .await
        .map_err(backend)?;
    let subject = article.subject.as_deref().unwrap_or_default();
    insert_search_rows(
        tx,
        article.ticket_id,
        Some(id),
        article.internal,
        &[subject, &article.body],
    )
    .await
}

#[async_trait]
impl ArticleRepo for SeaOrmTransaction {
    async fn article(&mut self, id: Id) -> Result<Option<Article>> {
        rows::by_id(&self.tx, id).await
    }

    async fn articles_of_ticket(
        &mut self,
        ticket_id: Id,
        include_internal: bool,
    ) -> Result<Vec<Article>> {
        let mut select = Entity::find().filter(Column::TicketId.eq(ticket_id));
        if !include_internal {
            select = select.filter(Column::Internal.eq(false));
        }
        select
            .order_by_asc(Column::Id)
            .all(&self.tx)
            .await
            .map_err(backend)
            .and_then(rows::records)
    }

    async fn article_ids_of_ticket(
        &mut self,
        ticket_id: Id,
        include_internal: bool,
    ) -> Result<Vec<Id>> {
        let mut select = Entity::find()
            .select_only()
            .column(Column::Id)
            .filter(Column::TicketId.eq(ticket_id));
        if !include_internal {
            select = select.filter(Column::Internal.eq(false));
        }
        select
            .order_by_asc(Column::Id)
            .into_tuple::<Id>()
            .all(&self.tx)
            .await
            .map_err(backend)
    }

    async fn customer_article_counts(&mut self, ticket_ids: &[Id]) -> Result<Vec<(Id, i64)>> {
        if ticket_ids.is_empty() {
            return Ok(Vec::new());
        }
        Entity::find()
            .select_only()
            .column(Column::TicketId)
            .column_as(Column::Id.count(), "count")
            .filter(Column::TicketId.is_in(ticket_ids.iter().copied()))
            .filter(Column::Internal.eq(false))
            .filter(Column::SenderId.ne(helpdesk_domain::Sender::System.id()))
            .group_by(Column::TicketId)
            .into_tuple::<(Id, i64)>()
            .all(&self.tx)
            .await
            .map_err(backend)
    }

    async fn insert_article(&mut self, article: &Article) -> Result<Article> {
        let stored = rows::insert(&self.tx, article).await?;
        // A new article has no index rows yet (deleting a ticket deletes its rows).
        let subject = article.subject.as_deref().unwrap_or_default();
        insert_search_rows(
            &self.tx,
            article.ticket_id,
            Some(stored.id),
            article.internal,
            &[subject, &article.body],
        )
        .await?;
        Ok(stored)
    }

    async fn update_article(&mut self, article: &Article) -> Result<()> {
        rows::update(&self.tx, article).await?;
        index_article(&self.tx, article.id, article).await
    }

    async fn insert_attachment(
        &mut self,
        attachment: &Attachment,
        data: &[u8],
    ) -> Result<Attachment> {
        let row = ticket_attachments::ActiveModel {
            id: NotSet,
            article_id: Set(attachment.article_id),
            filename: Set(attachment.filename.clone()),
            size: Set(attachment.size),
            content_type: Set(attachment.content_type.clone()),
            preferences: Set(attachment.preferences.to_string()),
            created_at: Set(millis(attachment.created_at)),
            created_by_id: Set(attachment.created_by_id),
            data: Set(data.to_vec()),
        };
        let inserted = ticket_attachments::Entity::insert(row)
            .exec(&self.tx)
            .await
            .map_err(backend)?;
        Ok(Attachment {
            id: inserted.last_insert_id,
            ..attachment.clone()
        })
    }

    async fn attachments_of_articles(&mut self, article_ids: &[Id]) -> Result<Vec<Attachment>> {
        if article_ids.is_empty() {
            return Ok(Vec::new());
        }
        use ticket_attachments::Column as A;
        ticket_attachments::Entity::find()
            .select_only()
            .columns([
                A::Id,
                A::ArticleId,
                A::Filename,
                A::Size,
                A::ContentType,
                A::Preferences,
                A::CreatedAt,
                A::CreatedById,
            ])
            .filter(A::ArticleId.is_in(article_ids.iter().copied()))
            .order_by_asc(A::Id)
            .into_model::<AttachmentMeta>()
            .all(&self.tx)
            .await
            .map_err(backend)?
            .into_iter()
            .map(AttachmentMeta::into_attachment)
            .collect()
    }

    async fn attachment_data(&mut self, id: Id) -> Result<Option<(Attachment, Vec<u8>)>> {
        let Some(row) = ticket_attachments::Entity::find_by_id(id)
            .one(&self.tx)
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        let attachment = Attachment {
            id: row.id,
            article_id: row.article_id,
            filename: row.filename,
            size: row.size,
            content_type: row.content_type,
            preferences: serde_json::from_str(&row.preferences).map_err(corrupt)?,
            created_at: timestamp(row.created_at),
            created_by_id: row.created_by_id,
        };
        Ok(Some((attachment, row.data)))
    }
}
