//! Translation of a [`TicketFilter`] and a [`Sort`] into SQL on the `tickets` table: scope,
//! free text (through the search index), `field:value` terms on the ticket and its related
//! records, time ranges, and the order with no value first when ascending.

use std::str::FromStr;

use helpdesk_domain::search::{Query, Term, Text};
use helpdesk_domain::{ObjectKind, SortOrder, Timestamp};
use helpdesk_storage::{Sort, TicketFilter, TicketScope, fields};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, Query as SqlQuery, SimpleExpr};
use sea_orm::{ColumnTrait, Condition, EntityTrait, Order, QueryOrder, Select};

use crate::columns::millis;
use crate::custom_value::custom_field_term;
use crate::entity::tickets::{Column, Entity};
use crate::entity::{
    groups, organizations, tag_items, tags, ticket_priorities, ticket_states, users,
};
use crate::search::{self, escape_like, nothing};
use crate::search_index::{self, Dialect};

/// What a ticket condition is for: counting the matches, or reading a page of them in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Count,
    Page,
}

/// The condition of a ticket filter on a database of `dialect`.
pub(crate) fn filter_condition(
    dialect: &Dialect,
    filter: &TicketFilter,
    purpose: Purpose,
) -> Condition {
    [
        scope(dialect, &filter.scope, purpose),
        query(dialect, &filter.query, filter.internal_articles),
    ]
    .into_iter()
    .filter(|part| !part.is_empty())
    .fold(Condition::all(), Condition::add)
}

fn scope(dialect: &Dialect, scope: &TicketScope, purpose: Purpose) -> Condition {
    match scope {
        TicketScope::All => Condition::all(),
        TicketScope::Groups(ids) if ids.is_empty() => Condition::all().add(nothing()),
        // SQLite would answer a page through the group index and sort every ticket of the
        // groups; the `+` makes it walk the requested order and skip other groups' tickets.
        // A count still goes through the index.
        TicketScope::Groups(ids)
            if matches!(dialect, Dialect::Sqlite) && purpose == Purpose::Page =>
        {
            Condition::all().add(Expr::cust("+\"tickets\".\"group_id\"").is_in(ids.clone()))
        }
        TicketScope::Groups(ids) => Condition::all().add(Column::GroupId.is_in(ids.clone())),
        TicketScope::Customer {
            customer_id,
            organization_id,
        } => {
            let any = Condition::any().add(Column::CustomerId.eq(*customer_id));
            match organization_id {
                Some(org) => any.add(Column::OrganizationId.eq(*org)),
                None => any,
            }
        }
    }
}

fn query(dialect: &Dialect, query: &Query, internal: bool) -> Condition {
    match query {
        Query::All => Condition::all(),
        Query::Term(Term::Text(text)) => {
            Condition::all().add(search_index::ticket_matches(dialect, text, internal))
        }
        Query::Term(Term::Field { field, .. })
            if fields::TICKET_SUBSTRING.contains(&field.as_str()) =>
        {
            search::condition::<Column>(query, fields::TICKET_SUBSTRING, &|_, _| nothing())
        }
        Query::Term(Term::Field { field, value }) => Condition::all().add(field_term(field, value)),
        Query::Term(Term::Range { field, from, to }) => {
            Condition::all().add(range_term(field, *from, *to))
        }
        Query::And(parts) => {
            // The free-text words go into one condition; the other terms each add theirs.
            let texts: Vec<&Text> = parts
                .iter()
                .filter_map(|part| match part {
                    Query::Term(Term::Text(text)) => Some(text),
                    _ => None,
                })
                .collect();
            let words = match texts.len() {
                0 => Condition::all(),
                1 => {
                    Condition::all().add(search_index::ticket_matches(dialect, texts[0], internal))
                }
                _ => Condition::all()
                    .add(search_index::ticket_matches_all(dialect, &texts, internal)),
            };
            parts
                .iter()
                .filter(|part| !matches!(part, Query::Term(Term::Text(_))))
                .fold(words, |all, part| {
                    all.add(self::query(dialect, part, internal))
                })
        }
        Query::Or(parts) => parts
            .iter()
            .fold(Condition::any().add(nothing()), |any, part| {
                any.add(self::query(dialect, part, internal))
            }),
    }
}

/// A `field:value` term on an id, or on a value compared case-insensitively as a whole, or
/// else on a custom field.
fn field_term(field: &str, value: &Text) -> SimpleExpr {
    if fields::TICKET_IDS.contains(&field) {
        let (Ok(column), Ok(id)) = (
            Column::from_str(field),
            value.needle().trim().parse::<i64>(),
        ) else {
            return nothing();
        };
        return column.eq(id);
    }
    let lower = |column: SimpleExpr| Func::lower(column).into();
    // `column IN (SELECT id FROM table WHERE key …)`: the ticket refers to a record whose
    // `key` (lower-cased first with `lower`) matches.
    macro_rules! refers {
        ($column:ident, $table:ident.$key:ident) => {
            refers!(@ $column, $table, Expr::col($table::Column::$key))
        };
        ($column:ident, lower $table:ident.$key:ident) => {
            refers!(@ $column, $table, lower(Expr::col($table::Column::$key)))
        };
        (@ $column:ident, $table:ident, $key:expr) => {
            Column::$column.in_subquery(ids_where(
                $table::Entity,
                $table::Column::Id,
                equals($key, value),
            ))
        };
    }
    match field {
        "number" => equals(lower(Expr::col((Entity, Column::Number))), value),
        "state.name" => refers!(StateId, ticket_states.NameKey),
        "priority.name" => refers!(PriorityId, ticket_priorities.NameKey),
        "group.name" => refers!(GroupId, groups.NameKey),
        "organization.name" => refers!(OrganizationId, organizations.NameKey),
        "customer.email" => refers!(CustomerId, lower users.Email),
        "customer.login" => refers!(CustomerId, lower users.Login),
        "owner.login" => refers!(OwnerId, lower users.Login),
        "tags" => Column::Id.in_subquery(
            SqlQuery::select()
                .column(tags::Column::TicketId)
                .from(tags::Entity)
                .and_where(tags::Column::TagItemId.in_subquery(ids_where(
                    tag_items::Entity,
                    tag_items::Column::Id,
                    equals(Expr::col(tag_items::Column::NameKey), value),
                )))
                .to_owned(),
        ),
        _ => custom_field_term(ObjectKind::Ticket, Column::Id, field, value),
    }
}

/// `SELECT id FROM table WHERE condition`.
fn ids_where<E: EntityTrait>(
    table: E,
    id: E::Column,
    condition: SimpleExpr,
) -> sea_orm::sea_query::SelectStatement {
    SqlQuery::select()
        .column(id)
        .from(table)
        .and_where(condition)
        .to_owned()
}

/// A lower-case value equal to the needle, or starting with it for a prefix.
fn equals(lower_value: SimpleExpr, needle: &Text) -> SimpleExpr {
    let wanted = needle.needle().to_lowercase();
    match needle {
        Text::Prefix(_) => {
            lower_value.like(LikeExpr::new(format!("{}%", escape_like(&wanted))).escape('!'))
        }
        Text::Word(_) | Text::Phrase(_) => lower_value.eq(wanted),
    }
}

/// A time range on one of [`fields::TICKET_TIMES`], bounds inclusive; no value never matches.
fn range_term(field: &str, from: Option<Timestamp>, to: Option<Timestamp>) -> SimpleExpr {
    let column = match Column::from_str(field) {
        Ok(column) if fields::TICKET_TIMES.contains(&field) => column,
        _ => return nothing(),
    };
    let mut expr = column.is_not_null();
    if let Some(from) = from {
        expr = expr.and(column.gte(millis(from)));
    }
    if let Some(to) = to {
        expr = expr.and(column.lte(millis(to)));
    }
    expr
}

/// Whether a sortable column may hold no value.
fn nullable(column: Column) -> bool {
    matches!(
        column,
        Column::OrganizationId | Column::CloseAt | Column::LastContactAt | Column::PendingTime
    )
}

/// `select` in `sort` order (no value first when ascending, last when descending), then by
/// id ascending.
pub(crate) fn ordered(select: Select<Entity>, sort: &Sort) -> Select<Entity> {
    let order = match sort.order {
        SortOrder::Asc => Order::Asc,
        SortOrder::Desc => Order::Desc,
    };
    let column = (sort.field != "id" && fields::TICKET_SORT.contains(&sort.field))
        .then(|| Column::from_str(sort.field).ok())
        .flatten();
    let Some(column) = column else {
        return select.order_by(Column::Id, order);
    };
    let select = if nullable(column) {
        let nulls = match sort.order {
            SortOrder::Asc => Order::Desc,
            SortOrder::Desc => Order::Asc,
        };
        select.order_by(column.is_null(), nulls)
    } else {
        select
    };
    select
        .order_by(column, order)
        .order_by(Column::Id, Order::Asc)
}
