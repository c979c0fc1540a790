//! Tickets: `TicketRepo` on the `tickets` table, with the ticket's rows of the search index
//! and the `counters` table.

use std::sync::LazyLock;

use async_trait::async_trait;
use helpdesk_domain::search::{Query, Term};
use helpdesk_domain::{Id, Listing, ObjectKind, Page, Ticket};
use helpdesk_storage::{
    Conflict, Result, Sort, TicketFilter, TicketRepo, TicketScope, TicketWithArticleIds,
};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query as SqlQuery};
use sea_orm::{
    ActiveValue::NotSet, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait,
    FromQueryResult, PaginatorTrait, QueryFilter, QueryResult, QuerySelect, QueryTrait, Select,
    Set, Statement,
};

use crate::columns::{meta_columns, millis, row_meta, timestamp};
use crate::custom_value::delete_record_values;
use crate::entity::tickets::{ActiveModel, Column, Entity, Model};
use crate::entity::{
    groups, histories, links, mentions, online_notifications, recent_views, tags, ticket_articles,
    ticket_attachments, ticket_search_rows, ticket_time_accountings,
};
use crate::error::{backend, corrupt, missing, on_write};
use crate::handle::Handle;
use crate::listing::rows_where;
use crate::reader::Reader;
use crate::rows::{self, RecordRow, id_field};
use crate::search_index::{count_all_matches, stored_words};
use crate::server::search_cancel::CancelOnDrop;
use crate::sqlite::direct::{self, DirectReads};
use crate::ticket_query::{Purpose, filter_condition, ordered};
use crate::transaction::SeaOrmTransaction;

/// The counter ticket numbers are made from.
const TICKET_COUNTER: &str = "ticket_number";

impl SeaOrmTransaction {
    /// The page of tickets `filter` matches in `sort` order, and their total, read on
    /// `reader`.
    async fn list_matching_tickets(
        &self,
        reader: Reader<'_>,
        filter: &TicketFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Ticket>> {
        let scope = widest_scope(&reader, &filter.scope).await?;
        let filter = TicketFilter {
            scope,
            ..filter.clone()
        };
        self.flush_search_docs().await?;
        let total = match self.count_without_tickets(&reader, &filter).await? {
            Some(total) => total,
            None => {
                let condition = filter_condition(&self.search, &filter, Purpose::Count);
                reader.count(rows_where::<Entity>(condition)).await?
            }
        };
        let select = rows_where::<Entity>(filter_condition(&self.search, &filter, Purpose::Page));
        let page = ordered(select, sort)
            .offset(Ord::min(page.offset, i64::MAX as u64))
            .limit(Ord::min(page.limit, i64::MAX as u64));
        let rows = reader.models(page).await?;
        let items = rows::records(rows)?;
        Ok(Listing { items, total })
    }

    /// The number of tickets a filter matches, where the search index alone can tell: every
    /// ticket in scope and one free-text term.
    async fn count_without_tickets(
        &self,
        reader: &Reader<'_>,
        filter: &TicketFilter,
    ) -> Result<Option<u64>> {
        let (TicketScope::All, Query::Term(Term::Text(text))) = (&filter.scope, &filter.query)
        else {
            return Ok(None);
        };
        let Some(count) = count_all_matches(&self.search, text, filter.internal_articles) else {
            return Ok(None);
        };
        let statement = SqlQuery::select().expr_as(count, "total").to_owned();
        let total = reader.integers(&statement).await?;
        let total = total.first().ok_or_else(|| missing("count", 0))?;
        Ok(Some(u64::try_from(*total).unwrap_or_default()))
    }
}

/// Whether `query` matches free text (through the search index: the statement may take
/// milliseconds).
fn has_free_text(query: &Query) -> bool {
    match query {
        Query::Term(Term::Text(_)) => true,
        Query::And(parts) | Query::Or(parts) => parts.iter().any(has_free_text),
        Query::All | Query::Term(_) => false,
    }
}

/// `scope`, or [`TicketScope::All`] when no ticket lies outside it (its groups hold every
/// ticket: the other groups are checked for a ticket through the group index). Without the
/// `group_id IN (…)` the database counts through its smallest index and pages through the
/// primary key instead of visiting every ticket of the groups.
async fn widest_scope(reader: &Reader<'_>, scope: &TicketScope) -> Result<TicketScope> {
    let TicketScope::Groups(ids) = scope else {
        return Ok(scope.clone());
    };
    if ids.is_empty() {
        return Ok(scope.clone());
    }
    let others = reader
        .integers(
            &SqlQuery::select()
                .column(groups::Column::Id)
                .from(groups::Entity)
                .and_where(groups::Column::Id.is_not_in(ids.iter().copied()))
                .to_owned(),
        )
        .await?;
    let outside = !others.is_empty()
        && !reader
            .integers(
                &SqlQuery::select()
                    .column(Column::Id)
                    .from(Entity)
                    .and_where(Column::GroupId.is_in(others))
                    .limit(1)
                    .to_owned(),
            )
            .await?
            .is_empty();
    Ok(if outside {
        scope.clone()
    } else {
        TicketScope::All
    })
}

/// A ticket joined with the ids and `internal` flags of its articles, one row per article.
fn ticket_with_articles(id: Id) -> Select<Entity> {
    let mut select = Entity::find_by_id(id)
        .column_as(
            Expr::col((ticket_articles::Entity, ticket_articles::Column::Id)),
            "article_id",
        )
        .column_as(
            Expr::col((ticket_articles::Entity, ticket_articles::Column::Internal)),
            "article_internal",
        );
    QuerySelect::query(&mut select)
        .left_join(
            ticket_articles::Entity,
            Expr::col((ticket_articles::Entity, ticket_articles::Column::TicketId))
                .equals((Entity, Column::Id)),
        )
        .order_by(
            (ticket_articles::Entity, ticket_articles::Column::Id),
            Order::Asc,
        );
    select
}

/// Gathers the rows of [`ticket_with_articles`]: the ticket and its article ids.
fn gather_article_ids(
    rows: impl IntoIterator<Item = (Model, Option<Id>, Option<bool>)>,
) -> Result<Option<TicketWithArticleIds>> {
    let mut found: Option<TicketWithArticleIds> = None;
    for (model, article, internal) in rows {
        let found = match &mut found {
            Some(found) => found,
            None => found.insert(TicketWithArticleIds {
                ticket: Ticket::from_row(model)?,
                article_ids: Vec::new(),
                public_article_ids: Vec::new(),
            }),
        };
        if let (Some(article), Some(internal)) = (article, internal) {
            found.article_ids.push(article);
            if !internal {
                found.public_article_ids.push(article);
            }
        }
    }
    Ok(found)
}

pub(crate) async fn ticket_with_article_ids(
    tx: &Handle,
    id: Id,
) -> Result<Option<TicketWithArticleIds>> {
    let rows = tx
        .query_all_raw(ticket_with_articles(id).build(tx.get_database_backend()))
        .await
        .map_err(backend)?;
    let rows = rows
        .iter()
        .map(|row| {
            let model = Model::from_query_result(row, "").map_err(backend)?;
            let article: Option<Id> = row.try_get("", "article_id").map_err(backend)?;
            let internal: Option<bool> = row.try_get("", "article_internal").map_err(backend)?;
            Ok((model, article, internal))
        })
        .collect::<Result<Vec<_>>>()?;
    gather_article_ids(rows)
}

/// The SQLite text of [`ticket_with_articles`], the same for every id (its one parameter):
/// built once, not per read.
static TICKET_WITH_ARTICLES_SQLITE: LazyLock<String> =
    LazyLock::new(|| ticket_with_articles(0).build(DbBackend::Sqlite).sql);

/// [`ticket_with_article_ids`] on a SQLite file's read connections.
pub(crate) fn direct_ticket_with_article_ids(
    reads: &DirectReads,
    id: Id,
) -> Result<Option<TicketWithArticleIds>> {
    let statement = Statement::from_sql_and_values(
        DbBackend::Sqlite,
        TICKET_WITH_ARTICLES_SQLITE.as_str(),
        [id.into()],
    );
    let rows = reads
        .models_with::<Entity, _>(&statement, |model, row| {
            let article = row.get("article_id").map_err(direct::error)?;
            let internal = row.get("article_internal").map_err(direct::error)?;
            Ok((model, article, internal))
        })
        .map_err(backend)?;
    gather_article_ids(rows)
}

impl RecordRow for Ticket {
    type Entity = Entity;
    const KIND: &'static str = "ticket";
    id_field!();

    fn from_row(row: Model) -> Result<Self> {
        Ok(Ticket {
            id: row.id,
            number: row.number,
            title: row.title,
            group_id: row.group_id,
            priority_id: row.priority_id,
            state_id: row.state_id,
            organization_id: row.organization_id,
            owner_id: row.owner_id,
            customer_id: row.customer_id,
            note: row.note,
            first_response_at: row.first_response_at.map(timestamp),
            close_at: row.close_at.map(timestamp),
            last_contact_at: row.last_contact_at.map(timestamp),
            last_contact_agent_at: row.last_contact_agent_at.map(timestamp),
            last_contact_customer_at: row.last_contact_customer_at.map(timestamp),
            last_owner_update_at: row.last_owner_update_at.map(timestamp),
            create_article_type_id: row.create_article_type_id,
            create_article_sender_id: row.create_article_sender_id,
            article_count: row.article_count,
            pending_time: row.pending_time.map(timestamp),
            ticket_type: row.ticket_type,
            time_unit: row.time_unit,
            preferences: serde_json::from_str(&row.preferences).map_err(corrupt)?,
            meta: row_meta!(row),
        })
    }

    fn to_row(&self) -> ActiveModel {
        ActiveModel {
            number: Set(self.number.clone()),
            title: Set(self.title.clone()),
            group_id: Set(self.group_id),
            priority_id: Set(self.priority_id),
            state_id: Set(self.state_id),
            organization_id: Set(self.organization_id),
            owner_id: Set(self.owner_id),
            customer_id: Set(self.customer_id),
            note: Set(self.note.clone()),
            first_response_at: Set(self.first_response_at.map(millis)),
            close_at: Set(self.close_at.map(millis)),
            last_contact_at: Set(self.last_contact_at.map(millis)),
            last_contact_agent_at: Set(self.last_contact_agent_at.map(millis)),
            last_contact_customer_at: Set(self.last_contact_customer_at.map(millis)),
            last_owner_update_at: Set(self.last_owner_update_at.map(millis)),
            create_article_type_id: Set(self.create_article_type_id),
            create_article_sender_id: Set(self.create_article_sender_id),
            article_count: Set(self.article_count),
            pending_time: Set(self.pending_time.map(millis)),
            ticket_type: Set(self.ticket_type.clone()),
            time_unit: Set(self.time_unit),
            preferences: Set(self.preferences.to_string()),
            ..meta_columns!(ActiveModel, self.meta)
        }
    }

    fn unique_conflict(&self, _message: &str) -> Option<Conflict> {
        Some(Conflict::unique("number", &self.number))
    }
}

/// Replaces the search-index rows of the ticket's own texts (title and number).
async fn index_ticket(tx: &Handle, ticket_id: Id, texts: [&str; 2]) -> Result<()> {
    rows::delete_where::<ticket_search_rows::Entity>(
        tx,
        Condition::all()
            .add(ticket_search_rows::Column::TicketId.eq(ticket_id))
            .add(ticket_search_rows::Column::ArticleId.is_null()),
    )
    .await?;
    insert_search_rows(tx, ticket_id, None, false, &texts).await
}

/// Adds one search-index row per text that has words.
pub(crate) async fn insert_search_rows(
    tx: &Handle,
    ticket_id: Id,
    article_id: Option<Id>,
    internal: bool,
    texts: &[&str],
) -> Result<()> {
    let rows: Vec<_> = texts
        .iter()
        .filter_map(|text| stored_words(text))
        .map(|words| ticket_search_rows::ActiveModel {
            id: NotSet,
            ticket_id: Set(ticket_id),
            article_id: Set(article_id),
            internal: Set(internal),
            words: Set(words),
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    ticket_search_rows::Entity::insert_many(rows)
        .exec_without_returning(tx)
        .await
        .map_err(backend)?;
    Ok(())
}

/// The number of tickets meeting `condition`, for reference counts.
pub(crate) async fn count_tickets(tx: &Handle, condition: Condition) -> Result<u64> {
    rows::count_where::<Entity>(tx, condition).await
}

#[async_trait]
impl TicketRepo for SeaOrmTransaction {
    async fn ticket(&mut self, id: Id) -> Result<Option<Ticket>> {
        rows::by_id(&self.tx, id).await
    }

    async fn ticket_by_number(&mut self, number: &str) -> Result<Option<Ticket>> {
        rows::first(&self.tx, Entity::find().filter(Column::Number.eq(number))).await
    }

    async fn insert_ticket(&mut self, ticket: &Ticket) -> Result<Ticket> {
        let stored = rows::insert(&self.tx, ticket).await?;
        // A new ticket has no index rows yet (deleting a ticket deletes its rows).
        let texts = [ticket.title.as_str(), &ticket.number];
        insert_search_rows(&self.tx, stored.id, None, false, &texts).await?;
        Ok(stored)
    }

    async fn update_ticket(&mut self, ticket: &Ticket) -> Result<()> {
        let (number, title) = Entity::find_by_id(ticket.id)
            .select_only()
            .column(Column::Number)
            .column(Column::Title)
            .into_tuple::<(String, String)>()
            .one(&self.tx)
            .await
            .map_err(backend)?
            .ok_or_else(|| missing("ticket", ticket.id))?;
        let row = ActiveModel {
            number: NotSet,
            ..ticket.to_row()
        };
        Entity::update_many()
            .set(row)
            .filter(Column::Id.eq(ticket.id))
            .exec(&self.tx)
            .await
            .map_err(|e| on_write(e, "ticket", |_| Some(Conflict::unique("number", &number))))?;
        // The index holds the title and the number; only a new title changes it.
        if title != ticket.title {
            index_ticket(&self.tx, ticket.id, [&ticket.title, &number]).await?;
        }
        Ok(())
    }

    async fn delete_ticket(&mut self, id: Id) -> Result<()> {
        let tx = &self.tx;
        let exists = Entity::find_by_id(id).count(tx).await.map_err(backend)? > 0;
        if !exists {
            return Err(missing("ticket", id));
        }
        let articles = SqlQuery::select()
            .column(ticket_articles::Column::Id)
            .from(ticket_articles::Entity)
            .and_where(ticket_articles::Column::TicketId.eq(id))
            .to_owned();
        rows::delete_where::<ticket_attachments::Entity>(
            tx,
            ticket_attachments::Column::ArticleId.in_subquery(articles),
        )
        .await?;
        rows::delete_where::<ticket_search_rows::Entity>(
            tx,
            ticket_search_rows::Column::TicketId.eq(id),
        )
        .await?;
        rows::delete_where::<links::Entity>(
            tx,
            Condition::any()
                .add(links::Column::SourceId.eq(id))
                .add(links::Column::TargetId.eq(id)),
        )
        .await?;
        rows::delete_where::<ticket_time_accountings::Entity>(
            tx,
            ticket_time_accountings::Column::TicketId.eq(id),
        )
        .await?;
        rows::delete_where::<mentions::Entity>(tx, mentions::Column::TicketId.eq(id)).await?;
        rows::delete_where::<recent_views::Entity>(tx, recent_views::Column::TicketId.eq(id))
            .await?;
        rows::delete_where::<ticket_articles::Entity>(tx, ticket_articles::Column::TicketId.eq(id))
            .await?;
        rows::delete_where::<tags::Entity>(tx, tags::Column::TicketId.eq(id)).await?;
        rows::delete_where::<online_notifications::Entity>(
            tx,
            online_notifications::Column::OId.eq(id),
        )
        .await?;
        rows::delete_where::<histories::Entity>(tx, histories::Column::TicketId.eq(id)).await?;
        Entity::delete_by_id(id).exec(tx).await.map_err(backend)?;
        delete_record_values(tx, ObjectKind::Ticket, id).await
    }

    async fn list_tickets(
        &mut self,
        filter: &TicketFilter,
        sort: &Sort,
        page: Page,
    ) -> Result<Listing<Ticket>> {
        if !has_free_text(&filter.query) {
            return self
                .list_matching_tickets(self.reader(), filter, sort, page)
                .await;
        }
        // A search's statements may run long: cancelled if this call is dropped before it
        // returns (its client went away).
        let guard = CancelOnDrop::arm(&self.tx, self.canceller.as_ref()).await?;
        let reader = self.reader().for_long_statements();
        let listing = self.list_matching_tickets(reader, filter, sort, page).await;
        if let Some(guard) = guard {
            guard.disarm();
        }
        listing
    }

    async fn next_ticket_counter(&mut self) -> Result<i64> {
        let name = || Expr::col("name").eq(TICKET_COUNTER);
        let mut increment = SqlQuery::update()
            .table("counters")
            .value("value", Expr::col("value").add(1))
            .and_where(name())
            .to_owned();
        if self.tx.get_database_backend() != DbBackend::MySql {
            // SQLite and PostgreSQL answer the new value in the same statement.
            increment.returning_col("value");
            return counter_value(self.tx.query_one(&increment).await.map_err(backend)?);
        }
        self.tx.execute(&increment).await.map_err(backend)?;
        let read = SqlQuery::select()
            .column("value")
            .from("counters")
            .and_where(name())
            .to_owned();
        counter_value(self.tx.query_one(&read).await.map_err(backend)?)
    }
}

/// The `value` of the counter row a statement answered.
fn counter_value(row: Option<QueryResult>) -> Result<i64> {
    let row = row.ok_or_else(|| missing("counter", 0))?;
    row.try_get::<i64>("", "value").map_err(backend)
}

#[cfg(test)]
mod tests {
    use helpdesk_domain::search::Text;

    use super::*;

    #[test]
    fn free_text_is_found_inside_and_and_or() {
        let text = || Query::Term(Term::Text(Text::Word("printer".into())));
        let field = || {
            Query::Term(Term::Field {
                field: "number".into(),
                value: Text::Word("1".into()),
            })
        };
        assert!(has_free_text(&text()));
        assert!(has_free_text(&Query::And(vec![
            field(),
            Query::Or(vec![text()])
        ])));
        assert!(!has_free_text(&Query::And(vec![field(), Query::All])));
    }

    #[test]
    fn the_ticket_by_id_statement_differs_by_its_parameter_alone() {
        let built = ticket_with_articles(7).build(DbBackend::Sqlite);
        assert_eq!(built.sql, *TICKET_WITH_ARTICLES_SQLITE);
        assert_eq!(built.values.map(|v| v.0), Some(vec![7i64.into()]));
    }
}
