//! Articles and their attachments; the bytes of an attachment are kept apart from its metadata.

use std::sync::Arc;

use async_trait::async_trait;
use helpdesk_domain::{Article, Attachment, Id};
use helpdesk_storage::{ArticleRepo, Result};

use crate::transaction::MemoryTransaction;

#[async_trait]
impl ArticleRepo for MemoryTransaction {
    async fn article(&mut self, id: Id) -> Result<Option<Article>> {
        Ok(self.tables().articles.record(id))
    }

    async fn articles_of_ticket(
        &mut self,
        ticket_id: Id,
        include_internal: bool,
    ) -> Result<Vec<Article>> {
        let articles = &self.tables().articles;
        Ok(articles.select(|a| a.ticket_id == ticket_id && (include_internal || !a.internal)))
    }

    async fn insert_article(&mut self, article: &Article) -> Result<Article> {
        self.tables_mut()?.articles.insert(article)
    }

    async fn update_article(&mut self, article: &Article) -> Result<()> {
        self.tables_mut()?.articles.update(article)
    }

    async fn insert_attachment(
        &mut self,
        attachment: &Attachment,
        data: &[u8],
    ) -> Result<Attachment> {
        let tables = self.tables_mut()?;
        let stored = tables.attachments.insert(attachment)?;
        tables
            .attachment_data
            .insert(stored.id, Arc::new(data.to_vec()));
        Ok(stored)
    }

    async fn attachments_of_articles(&mut self, article_ids: &[Id]) -> Result<Vec<Attachment>> {
        let attachments = &self.tables().attachments;
        Ok(attachments.select(|a| article_ids.contains(&a.article_id)))
    }

    async fn attachment_data(&mut self, id: Id) -> Result<Option<(Attachment, Vec<u8>)>> {
        let tables = self.tables();
        Ok(tables.attachments.get(&id).map(|a| {
            let data = tables.attachment_data.get(&id);
            (a.clone(), data.map(|d| d.to_vec()).unwrap_or_default())
        }))
    }
}
