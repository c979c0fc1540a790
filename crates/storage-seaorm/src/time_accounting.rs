//! Time accounting: `TimeAccountingRepo` on the `ticket_time_accounting_types` and
//! `ticket_time_accountings` tables.

use async_trait::async_trait;
use helpdesk_domain::{Id, Listing, Page, TimeAccounting, TimeAccountingType};
use helpdesk_storage::{Result, TimeAccountingRepo};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};

use crate::columns::{meta_columns, name_key, row_meta};
use crate::entity::{ticket_time_accounting_types as types, ticket_time_accountings as entries};
use crate::rows::{self, RecordRow, id_field, name_unique};
use crate::transaction::SeaOrmTransaction;

impl RecordRow for TimeAccountingType {
    type Entity = types::Entity;
    const KIND: &'static str = "activity type";
    id_field!(types);

    fn from_row(row: types::Model) -> Result<Self> {
        Ok(TimeAccountingType {
            id: row.id,
            note: row.note,
            active: row.active,
            meta: row_meta!(row),
            name: row.name,
        })
    }

    fn to_row(&self) -> types::ActiveModel {
        use types::ActiveModel;
        ActiveModel {
            name: Set(self.name.clone()),
            name_key: Set(name_key(&self.name)),
            note: Set(self.note.clone()),
            active: Set(self.active),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    name_unique!();
}

impl RecordRow for TimeAccounting {
    type Entity = entries::Entity;
    const KIND: &'static str = "time accounting";
    id_field!(entries);

    fn from_row(row: entries::Model) -> Result<Self> {
        Ok(TimeAccounting {
            id: row.id,
            ticket_id: row.ticket_id,
            ticket_article_id: row.ticket_article_id,
            time_unit: row.time_unit,
            type_id: row.type_id,
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> entries::ActiveModel {
        use entries::ActiveModel;
        ActiveModel {
            ticket_id: Set(self.ticket_id),
            ticket_article_id: Set(self.ticket_article_id),
            time_unit: Set(self.time_unit),
            type_id: Set(self.type_id),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }
}

/// The entries of one ticket, or of all when `None`.
fn of_ticket(ticket_id: Option<Id>) -> Condition {
    match ticket_id {
        Some(id) => Condition::all().add(entries::Column::TicketId.eq(id)),
        None => Condition::all(),
    }
}

#[async_trait]
impl TimeAccountingRepo for SeaOrmTransaction {
    async fn time_accounting_types(&mut self) -> Result<Vec<TimeAccountingType>> {
        rows::every(&self.reader()).await
    }

    async fn insert_time_accounting_type(
        &mut self,
        kind: &TimeAccountingType,
    ) -> Result<TimeAccountingType> {
        rows::insert(&self.tx, kind).await
    }

    async fn update_time_accounting_type(&mut self, kind: &TimeAccountingType) -> Result<()> {
        rows::update(&self.tx, kind).await
    }

    async fn delete_time_accounting_type(&mut self, id: Id) -> Result<()> {
        rows::delete::<TimeAccountingType>(&self.tx, id).await
    }

    async fn time_accounting_type_reference_count(&mut self, id: Id) -> Result<u64> {
        rows::count_where::<entries::Entity>(&self.tx, entries::Column::TypeId.eq(id)).await
    }

    async fn time_accounting(&mut self, id: Id) -> Result<Option<TimeAccounting>> {
        rows::by_id(&self.tx, id).await
    }

    async fn time_accountings(
        &mut self,
        ticket_id: Option<Id>,
        page: Page,
    ) -> Result<Listing<TimeAccounting>> {
        let total = rows::count_where::<entries::Entity>(&self.tx, of_ticket(ticket_id)).await?;
        let select = entries::Entity::find()
            .filter(of_ticket(ticket_id))
            .order_by_asc(entries::Column::Id)
            .offset(page.offset)
            .limit(page.limit);
        Ok(Listing {
            items: rows::all(&self.tx, select).await?,
            total,
        })
    }

    async fn insert_time_accounting(&mut self, entry: &TimeAccounting) -> Result<TimeAccounting> {
        rows::insert(&self.tx, entry).await
    }

    async fn update_time_accounting(&mut self, entry: &TimeAccounting) -> Result<()> {
        rows::update(&self.tx, entry).await
    }

    async fn delete_time_accounting(&mut self, id: Id) -> Result<()> {
        rows::delete::<TimeAccounting>(&self.tx, id).await
    }
}
