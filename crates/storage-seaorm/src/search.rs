//! Translation of a search [`Query`] into a SQL condition over a table's text columns.
//!
//! Every kind of text (word, prefix, phrase) matches as a case-insensitive substring:
//! `LOWER(col) LIKE '%needle%' ESCAPE '!'`, with `!`, `%` and `_` of the needle escaped. `!`
//! is used as the escape character because a backslash is itself an escape in MySQL string
//! literals, so `ESCAPE '\'` is not portable.

use std::str::FromStr;

use helpdesk_domain::Timestamp;
use helpdesk_domain::search::{Query, Term, Text};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, SimpleExpr};
use sea_orm::{ColumnTrait, Condition};

/// The condition that `query` puts on a table whose free-text fields are `text_fields`
/// (column names). A `field:value` term on any other field is answered by `other` (a custom
/// field); a range term bounds the time column of that name (epoch milliseconds).
pub(crate) fn condition<C>(
    query: &Query,
    text_fields: &[&str],
    other: &dyn Fn(&str, &Text) -> SimpleExpr,
) -> Condition
where
    C: ColumnTrait + FromStr,
{
    match query {
        Query::All => Condition::all(),
        Query::Term(Term::Text(text)) => text_fields
            .iter()
            .fold(Condition::any().add(nothing()), |any, field| {
                any.add(contains::<C>(field, text))
            }),
        Query::Term(Term::Field { field, value }) if text_fields.contains(&field.as_str()) => {
            Condition::all().add(contains::<C>(field, value))
        }
        Query::Term(Term::Field { field, value }) => Condition::all().add(other(field, value)),
        Query::Term(Term::Range { field, from, to }) => {
            Condition::all().add(within::<C>(field, *from, *to))
        }
        Query::And(parts) => parts.iter().fold(Condition::all(), |all, part| {
            all.add(condition::<C>(part, text_fields, other))
        }),
        Query::Or(parts) => parts
            .iter()
            .fold(Condition::any().add(nothing()), |any, part| {
                any.add(condition::<C>(part, text_fields, other))
            }),
    }
}

/// The time column `field` (epoch milliseconds) within `from` and `to`, both inclusive and
/// compared at millisecond precision.
fn within<C>(field: &str, from: Option<Timestamp>, to: Option<Timestamp>) -> SimpleExpr
where
    C: ColumnTrait + FromStr,
{
    let Ok(column) = C::from_str(field) else {
        return nothing();
    };
    let mut condition = Expr::val(1).eq(1);
    if let Some(from) = from {
        condition = condition.and(Expr::col(column).gte(from.timestamp_millis()));
    }
    if let Some(to) = to {
        condition = condition.and(Expr::col(column).lte(to.timestamp_millis()));
    }
    condition
}

/// A condition no row meets.
pub(crate) fn nothing() -> SimpleExpr {
    Expr::val(1).eq(0)
}

/// `LOWER(field) LIKE '%needle%'`; an empty needle is contained in every value.
fn contains<C>(field: &str, text: &Text) -> SimpleExpr
where
    C: ColumnTrait + FromStr,
{
    let Ok(column) = C::from_str(field) else {
        return nothing();
    };
    let needle = text.needle().to_lowercase();
    if needle.is_empty() {
        return Expr::val(1).eq(1);
    }
    let pattern = format!("%{}%", escape_like(&needle));
    Func::lower(Expr::col(column)).like(LikeExpr::new(pattern).escape('!'))
}

/// The needle with the LIKE metacharacters and the escape character escaped by `!`.
pub(crate) fn escape_like(needle: &str) -> String {
    let mut out = String::with_capacity(needle.len());
    for c in needle.chars() {
        if matches!(c, '!' | '%' | '_') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_like;

    #[test]
    fn like_metacharacters_are_escaped() {
        assert_eq!(escape_like(r"50%_a!b\c"), r"50!%!_a!!b\c");
    }
}
