//! What the schema steps share: column, index and foreign-key definitions, and running
//! statements in bulk. A step's schema is what these build today; changing one changes the
//! schema every released step creates.

use sea_orm_migration::prelude::*;

/// The auto-increment primary key `id`.
pub(super) fn id() -> ColumnDef {
    ColumnDef::new("id")
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

/// Column constructors: `$name(column)` is the column `column` of the type a `ColumnDef`
/// method `$kind` sets, `not_null` or `null`.
macro_rules! typed_columns {
    ($($name:ident: $kind:ident($($arg:expr)?) $nullness:ident;)*) => {$(
        pub(super) fn $name(name: &'static str) -> ColumnDef {
            ColumnDef::new(name).$kind($($arg)?).$nullness().to_owned()
        }
    )*};
}

typed_columns! {
    big: big_integer() not_null;
    big_null: big_integer() null;
    int: integer() not_null;
    int_null: integer() null;
    double_null: double() null;
    boolean: boolean() not_null;
    string: string_len(255) not_null;
    string_null: string_len(255) null;
    text: text() not_null;
    text_null: text() null;
}

/// The table `table` with `id`, `name` and its lower-case `name_key` (which a unique index
/// makes the name unique ignoring case).
pub(super) fn named(table: &'static str) -> TableCreateStatement {
    Table::create()
        .table(table)
        .col(id())
        .col(string("name"))
        .col(string("name_key"))
        .to_owned()
}

/// `table` with `created_at`, `updated_at` (epoch ms), `created_by_id`, `updated_by_id`.
pub(super) fn meta(table: &mut TableCreateStatement) -> TableCreateStatement {
    table
        .col(big("created_at"))
        .col(big("updated_at"))
        .col(big("created_by_id"))
        .col(big("updated_by_id"))
        .to_owned()
}

/// `fk_{table}_{col}`: `table.col` refers to `to.id`.
pub(super) fn fk(
    table: &'static str,
    col: &'static str,
    to: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{col}"))
        .from(table, col)
        .to(to, "id")
        .on_delete(on_delete)
        .to_owned()
}

/// The index `name` on `cols` of `table`.
pub(super) fn index_on(
    name: &str,
    table: &'static str,
    cols: &[&'static str],
) -> IndexCreateStatement {
    let mut index = Index::create().name(name).table(table).to_owned();
    for col in cols {
        index.col(*col);
    }
    index
}

/// `idx_{table}_{col}` on `col` of `table`.
pub(super) fn index(table: &'static str, col: &'static str) -> IndexCreateStatement {
    index_on(&format!("idx_{table}_{col}"), table, &[col])
}

/// [`index`], unique.
pub(super) fn unique(table: &'static str, col: &'static str) -> IndexCreateStatement {
    index(table, col).unique().to_owned()
}

/// Drops the index `name` of `table`.
pub(super) async fn drop_index(
    manager: &SchemaManager<'_>,
    name: &str,
    table: &'static str,
) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table(table).to_owned())
        .await
}

/// Creates `tables`, then `indexes`, in order.
pub(super) async fn create(
    manager: &SchemaManager<'_>,
    tables: Vec<TableCreateStatement>,
    indexes: Vec<IndexCreateStatement>,
) -> Result<(), DbErr> {
    for table in tables {
        manager.create_table(table).await?;
    }
    for index in indexes {
        manager.create_index(index).await?;
    }
    Ok(())
}

/// Drops `tables`, in order.
pub(super) async fn drop_tables(
    manager: &SchemaManager<'_>,
    tables: &[&'static str],
) -> Result<(), DbErr> {
    for table in tables {
        manager
            .drop_table(Table::drop().table(*table).to_owned())
            .await?;
    }
    Ok(())
}

/// Inserts one row of `values` into `columns` of `table`.
pub(super) async fn insert_row(
    manager: &SchemaManager<'_>,
    table: &'static str,
    columns: Vec<&'static str>,
    values: Vec<Expr>,
) -> Result<(), DbErr> {
    manager
        .exec_stmt(
            Query::insert()
                .into_table(table)
                .columns(columns)
                .values_panic(values)
                .to_owned(),
        )
        .await
}

/// Creates the one-row table `table`, its row `id = 1`: the primary key `id` (set by hand) and
/// the BIGINT `counters`, each 0.
pub(super) async fn create_one_row(
    manager: &SchemaManager<'_>,
    table: &'static str,
    counters: &[&'static str],
) -> Result<(), DbErr> {
    let mut create = Table::create()
        .table(table)
        .col(ColumnDef::new("id").big_integer().not_null().primary_key())
        .to_owned();
    let mut columns = vec!["id"];
    let mut row: Vec<Expr> = vec![1i64.into()];
    for counter in counters {
        create.col(big(counter));
        columns.push(counter);
        row.push(0i64.into());
    }
    manager.create_table(create).await?;
    insert_row(manager, table, columns, row).await
}

/// Runs `statements` (raw SQL), in order.
pub(super) async fn execute(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    for statement in statements {
        manager
            .get_connection()
            .execute_unprepared(statement)
            .await?;
    }
    Ok(())
}
