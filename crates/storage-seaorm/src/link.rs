//! Links between tickets: `LinkRepo` on the `links` table.

use async_trait::async_trait;
use helpdesk_domain::{Id, Link, LinkType};
use helpdesk_storage::{Conflict, LinkRepo, Result};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::columns::{millis, timestamp};
use crate::entity::links::{ActiveModel, Column, Entity, Model};
use crate::error::corrupt;
use crate::rows::{self, RecordRow, id_field};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for Link {
    type Entity = Entity;
    const KIND: &'static str = "link";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Link {
            id: row.id,
            link_type: LinkType::parse(&row.link_type).map_err(corrupt)?,
            source_id: row.source_id,
            target_id: row.target_id,
            created_at: timestamp(row.created_at),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            link_type: Set(self.link_type.name().to_owned()),
            source_id: Set(self.source_id),
            target_id: Set(self.target_id),
            created_at: Set(millis(self.created_at)),
            ..Default::default()
        }
    }

    fn unique_conflict(&self, _message: &str) -> Option<Conflict> {
        Some(Conflict::unique("link", self.identity()))
    }
}

#[async_trait]
impl LinkRepo for SeaOrmTransaction {
    async fn links_of_ticket(&mut self, ticket_id: Id) -> Result<Vec<Link>> {
        let select = Entity::find()
            .filter(
                Condition::any()
                    .add(Column::SourceId.eq(ticket_id))
                    .add(Column::TargetId.eq(ticket_id)),
            )
            .order_by_asc(Column::Id);
        rows::all(&self.tx, select).await
    }

    async fn insert_link(&mut self, link: &Link) -> Result<Link> {
        rows::insert(&self.tx, link).await
    }

    async fn delete_link(
        &mut self,
        link_type: LinkType,
        source_id: Id,
        target_id: Id,
    ) -> Result<bool> {
        let condition = Condition::all()
            .add(Column::LinkType.eq(link_type.name()))
            .add(Column::SourceId.eq(source_id))
            .add(Column::TargetId.eq(target_id));
        Ok(rows::delete_where::<Entity>(&self.tx, condition).await? > 0)
    }
}
