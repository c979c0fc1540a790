//! The two drivers agree: on one SQLite file, every repository read that runs its statements
//! on the direct rusqlite connections answers the same records when the same statements run
//! through sqlx and SeaORM.

use helpdesk_domain::search::Query;
use helpdesk_domain::{Article, GroupAccess, Page, SortOrder, Ticket, User};
use helpdesk_storage::TicketRepo;
use helpdesk_storage::{
    GroupRepo, PriorityRepo, RoleRepo, Sort, StateRepo, TicketFilter, TicketScope, Transaction,
    UserFilter, UserRepo,
};
use helpdesk_storage_contract::fixtures::{
    access, add_article, add_group, add_organization, add_priority, add_role, add_state,
    add_ticket, add_ticket_basics, add_user, at, sample_article, sample_group, sample_organization,
    sample_priority, sample_role, sample_state, sample_ticket, sample_user,
};

use crate::SeaOrmStore;
use crate::reader::Reader;
use crate::sqlite::scratch_file::ScratchFile;
use crate::store::Engine;
use crate::transaction::SeaOrmTransaction;

/// A store on `file` with two groups, states and priorities, an organization, a role, users
/// `bob` (2) and `carl` (3) in both, and three tickets of theirs with a public and an internal
/// article each.
async fn filled_store(file: &ScratchFile) -> SeaOrmStore {
    let store = SeaOrmStore::connect(&file.url()).await.expect("a store");
    add_ticket_basics(&store).await;
    let sales = add_group(&store, sample_group("Sales")).await;
    let open = add_state(&store, sample_state("open")).await;
    let high = add_priority(&store, sample_priority("3 high")).await;
    let acme = add_organization(&store, sample_organization("Acme")).await;
    let agent = add_role(&store, sample_role("Agent")).await;
    for login in ["bob", "carl"] {
        let user = User {
            organization_id: Some(acme.id),
            organization_ids: vec![acme.id],
            role_ids: vec![agent.id],
            group_ids: access(&[(1, &[GroupAccess::Full]), (sales.id, &[GroupAccess::Read])]),
            ..sample_user(login)
        };
        add_user(&store, user).await;
    }
    for (n, title) in ["Printer on fire", "Paper jam in tray 2", "Printer offline"]
        .into_iter()
        .enumerate()
    {
        let n = i64::try_from(n).expect("a small number");
        let ticket = Ticket {
            group_id: if n == 1 { sales.id } else { 1 },
            state_id: open.id,
            priority_id: high.id,
            organization_id: Some(acme.id),
            customer_id: 2,
            owner_id: 3,
            note: Some(format!("note {n}")),
            close_at: Some(at(1_000 * n)),
            ticket_type: Some("incident".into()),
            time_unit: Some(1.5),
            preferences: serde_json::json!({"channel_id": n}),
            ..sample_ticket(&format!("100{n}"), title)
        };
        let ticket = add_ticket(&store, ticket).await;
        add_article(&store, sample_article(ticket.id, "the printer burns")).await;
        let internal = Article {
            internal: true,
            subject: Some("between us".into()),
            ..sample_article(ticket.id, "replace the toner")
        };
        add_article(&store, internal).await;
    }
    store
}

/// Runs the same read on both transactions, checks the answers are equal and answers it.
macro_rules! on_both {
    ($direct:ident, $orm:ident, $($read:tt)+) => {{
        let direct = $direct.$($read)+.await.expect("the direct read");
        let orm = $orm.$($read)+.await.expect("the sqlx read");
        assert_eq!(direct, orm, "the drivers differ on {}", stringify!($($read)+));
        direct
    }};
}

/// A filter over every ticket in `scope` matching `query`, internal articles included.
fn tickets(scope: TicketScope, query: &str) -> TicketFilter {
    TicketFilter {
        scope,
        query: Query::parse(query).expect("a query"),
        internal_articles: true,
    }
}

#[tokio::test]
async fn the_direct_reads_answer_what_sqlx_answers() {
    let file = ScratchFile::new("drivers");
    let store = filled_store(&file).await;
    let Engine::Sqlite {
        pool,
        attributes,
        direct,
        ..
    } = store.engine()
    else {
        panic!("a store on a SQLite file");
    };
    let mut rusqlite = SeaOrmTransaction::sqlite_read(pool, attributes, Some(direct));
    let mut sqlx = SeaOrmTransaction::sqlite_read(pool, attributes, None);
    assert!(matches!(rusqlite.reader(), Reader::Direct { .. }));
    assert!(matches!(sqlx.reader(), Reader::Orm(_)));

    assert_eq!(on_both!(rusqlite, sqlx, states()).len(), 2);
    assert_eq!(on_both!(rusqlite, sqlx, priorities()).len(), 2);
    assert_eq!(on_both!(rusqlite, sqlx, roles()).len(), 1);
    assert!(on_both!(rusqlite, sqlx, group(2)).is_some());
    let bob = on_both!(rusqlite, sqlx, user(2)).expect("bob");
    assert_eq!(bob.role_ids.len(), 1);
    assert_eq!(bob.group_ids.len(), 2);
    assert!(on_both!(rusqlite, sqlx, user_by_login("carl")).is_some());
    assert_eq!(on_both!(rusqlite, sqlx, users_by_ids(&[1, 2, 3])).len(), 3);
    let by_login = Sort {
        field: "login",
        order: SortOrder::Desc,
    };
    let users = on_both!(
        rusqlite,
        sqlx,
        list_users(&UserFilter::all(), &by_login, Page::all())
    );
    assert_eq!(users.total, 3);
    assert_eq!(on_both!(rusqlite, sqlx, group_members(&[1, 2])).len(), 4);
    assert_eq!(
        on_both!(rusqlite, sqlx, organization_members(&[1])).len(),
        2
    );

    let every = tickets(TicketScope::All, "*");
    let all = on_both!(
        rusqlite,
        sqlx,
        list_tickets(&every, &Sort::by_id(), Page::all())
    );
    assert_eq!(all.total, 3);
    let by_title = Sort {
        field: "title",
        order: SortOrder::Desc,
    };
    let sales = tickets(TicketScope::Groups(vec![2]), "*");
    let listed = on_both!(rusqlite, sqlx, list_tickets(&sales, &by_title, Page::all()));
    assert_eq!(listed.total, 1);
    let customer = TicketScope::Customer {
        customer_id: 2,
        organization_id: Some(1),
    };
    let text = tickets(customer, "printer AND toner OR prin* state.name:open");
    let found = on_both!(rusqlite, sqlx, list_tickets(&text, &by_title, Page::all()));
    assert_eq!(found.total, 3);
    let with_articles = on_both!(rusqlite, sqlx, ticket_with_article_ids(1)).expect("ticket 1");
    assert_eq!(with_articles.article_ids.len(), 2);
}
