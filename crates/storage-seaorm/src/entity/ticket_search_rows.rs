//! The `ticket_search_rows` table.

super::table! {
    /// One searchable text of a ticket (its title, its number, or an article's subject or body) as its lower-case words, each between single spaces.
    "ticket_search_rows" {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub ticket_id: i64,
        /// The article the text is from; `None` for the ticket's own fields.
        pub article_id: Option<i64>,
        /// Whether the text is from an internal article.
        pub internal: bool,
        pub words: String,
    }
}
