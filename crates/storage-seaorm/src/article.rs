//! ArticleRepo on the SQL store (skeleton).

use async_trait::async_trait;
use helpdesk_domain::{Article, Attachment, Id};
use helpdesk_storage::{ArticleRepo, Result};

use crate::error::not_yet;
use crate::transaction::SeaOrmTransaction;

#[async_trait]
impl ArticleRepo for SeaOrmTransaction {
    async fn article(&mut self, _id: Id) -> Result<Option<Article>> {
        Err(not_yet())
    }

    async fn articles_of_ticket(
        &mut self,
        _ticket_id: Id,
        _include_internal: bool,
    ) -> Result<Vec<Article>> {
        Err(not_yet())
    }

    async fn insert_article(&mut self, _article: &Article) -> Result<Article> {
        Err(not_yet())
    }

    async fn update_article(&mut self, _article: &Article) -> Result<()> {
        Err(not_yet())
    }

    async fn insert_attachment(
        &mut self,
        _attachment: &Attachment,
        _data: &[u8],
    ) -> Result<Attachment> {
        Err(not_yet())
    }

    async fn attachments_of_articles(&mut self, _article_ids: &[Id]) -> Result<Vec<Attachment>> {
        Err(not_yet())
    }

    async fn attachment_data(&mut self, _id: Id) -> Result<Option<(Attachment, Vec<u8>)>> {
        Err(not_yet())
    }
}
