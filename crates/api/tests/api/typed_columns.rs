//! The enum columns are read and written as the domain's enums: each column's `CHECK`
//! lists exactly the enum's values, and a stored string no variant names is an error when
//! read, never a default.

use std::collections::BTreeSet;

use civis_domain::knowledge::{Audience, ContactChannel, Outcome};
use civis_domain::wire::{AccessKind, AttachmentKind, FollowupKind, RequesterMode, UserKind};
use civis_domain::{Channel, Lang, NodeLevel, Priority, QuestionType, RequestKind, Role, Status};
use diesel::dsl::sql;
use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::helpers::*;

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    def: String,
}

/// The values the `CHECK (column = ANY (ARRAY[…]))` of `table.column` allows.
fn allowed(conn: &mut PgConnection, table: &str, column: &str) -> BTreeSet<String> {
    let checks: Vec<Check> = diesel::sql_query(
        "SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE contype = 'c' AND conrelid = $1::regclass",
    )
    .bind::<Text, _>(table)
    .load(conn)
    .expect("constraints");
    let head = format!("CHECK (({column} = ANY (ARRAY[");
    let def = checks.into_iter().map(|c| c.def).find(|d| d.starts_with(&head)).unwrap_or_else(|| {
        panic!("{table}.{column} has no CHECK listing its values");
    });
    def.split('\'').skip(1).step_by(2).map(str::to_string).collect()
}

fn values<T: std::fmt::Display>(all: &[T]) -> BTreeSet<String> {
    all.iter().map(ToString::to_string).collect()
}

#[actix_web::test]
async fn each_enum_column_allows_exactly_its_enum() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let columns: [(&str, &str, BTreeSet<String>); 21] = [
        ("users", "language", values(&Lang::ALL)),
        ("users", "kind", values(&UserKind::ALL)),
        ("user_grants", "role", values(&Role::ALL)),
        ("taxonomy_nodes", "level", values(&NodeLevel::ALL)),
        ("taxonomy_nodes", "kind", values(&RequestKind::ALL)),
        ("taxonomy_nodes", "default_priority", values(&Priority::ALL)),
        ("questions", "qtype", values(&QuestionType::ALL)),
        ("requests", "kind", values(&RequestKind::ALL)),
        ("requests", "priority", values(&Priority::ALL)),
        ("requests", "status", values(&Status::ALL)),
        ("requests", "channel", values(&Channel::ALL)),
        ("requests", "requester_mode", values(&RequesterMode::ALL)),
        ("requests", "language", values(&Lang::ALL)),
        ("followups", "kind", values(&FollowupKind::ALL)),
        ("attachments", "kind", values(&AttachmentKind::ALL)),
        ("kb_articles", "audience", values(&Audience::ALL)),
        ("interactions", "channel", values(&ContactChannel::ALL)),
        ("interactions", "outcome", values(&Outcome::ALL)),
        ("access_journal", "what", values(&AccessKind::ALL)),
        ("outbox", "status", ["pending", "sent", "failed"].map(String::from).into()),
        ("account_tokens", "purpose", ["password_reset", "email_confirmation"].map(String::from).into()),
    ];
    for (table, column, expected) in columns {
        assert_eq!(allowed(&mut conn, table, column), expected, "{table}.{column} and its enum differ");
    }
}

#[actix_web::test]
async fn a_stored_value_no_variant_names_is_an_error_not_a_default() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let read = |conn: &mut PgConnection, text: &str| {
        diesel::select(sql::<Text>(&format!("'{text}'::text"))).get_result::<Status>(conn)
    };
    assert_eq!(read(&mut conn, "in_progress").expect("a known status"), Status::InProgress);
    let err = read(&mut conn, "archived").expect_err("an unknown status is not read as some other status");
    let why = format!("{err:?}");
    assert!(why.contains("Status") && why.contains("archived"), "{why}");
    let lang = diesel::select(sql::<Text>("'de'")).get_result::<Lang>(&mut conn);
    assert!(lang.is_err(), "an unknown language is not read as French: {lang:?}");
    let written: String = diesel::select(sql::<Text>("").bind::<Text, _>(Status::ClosedRefused))
        .get_result(&mut conn)
        .expect("a status binds as text");
    assert_eq!(written, "closed_refused");
}
