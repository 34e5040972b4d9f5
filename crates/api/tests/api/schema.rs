//! The hand-kept Diesel schema matches the migrated database, column for column, with each
//! column's type and nullability.

use std::collections::BTreeMap;

use diesel::prelude::*;

use crate::helpers::*;

#[derive(QueryableByName)]
struct Column {
    #[diesel(sql_type = diesel::sql_types::Text)]
    table_name: String,
    #[diesel(sql_type = diesel::sql_types::Text)]
    column_name: String,
    /// `udt_name`: `int8`, `text`, `_int4` (an array of int4)…
    #[diesel(sql_type = diesel::sql_types::Text)]
    udt_name: String,
    #[diesel(sql_type = diesel::sql_types::Bool)]
    nullable: bool,
}

/// The Diesel type a column of this PostgreSQL type and nullability is declared with.
fn diesel_type(udt: &str, nullable: bool) -> String {
    let base = |t: &str| {
        match t {
            "int8" => "Int8",
            "int4" => "Int4",
            "int2" => "Int2",
            "text" => "Text",
            "bool" => "Bool",
            "timestamptz" => "Timestamptz",
            "date" => "Date",
            "time" => "Time",
            "float8" => "Float8",
            "jsonb" => "Jsonb",
            "bytea" => "Bytea",
            other => panic!("no Diesel type for {other}: add it to diesel_type"),
        }
        .to_string()
    };
    let t = match udt.strip_prefix('_') {
        Some(element) => format!("Array<{}>", base(element)),
        None => base(udt),
    };
    if nullable { format!("Nullable<{t}>") } else { t }
}

/// `table -> [column -> type]` read from the `diesel::table!` blocks of schema.rs.
fn declared() -> BTreeMap<String, Vec<String>> {
    let text = [include_str!("../../src/db/schema.rs"), include_str!("../../src/db/schema_hooks.rs")].join("\n");
    let mut out = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines().map(str::trim) {
        if let Some((name, _)) = line.split_once(" (").filter(|_| line.ends_with('{') && !line.contains("table!")) {
            current = Some(name.to_string());
            out.insert(name.to_string(), Vec::new());
        } else if let (Some(t), Some((col, ty))) = (&current, line.split_once(" -> ")) {
            out.get_mut(t).expect("table").push(format!("{col} -> {}", ty.trim_end_matches(',')));
        } else if line == "}" {
            current = None;
        }
    }
    out
}

#[actix_web::test]
async fn schema_matches_database() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let columns: Vec<Column> = diesel::sql_query(
        "SELECT table_name::text AS table_name, column_name::text AS column_name, udt_name::text AS udt_name,
                is_nullable = 'YES' AS nullable FROM information_schema.columns
         WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' ORDER BY table_name, ordinal_position",
    )
    .load(&mut conn)
    .expect("columns");
    let mut actual: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for c in columns {
        // The generated search vector, tab and map cell are used through SQL fragments only.
        let generated = (c.table_name == "requests" && ["search", "tab", "geo_cell"].contains(&c.column_name.as_str()))
            || (c.table_name == "kb_articles" && ["search", "title_search"].contains(&c.column_name.as_str()));
        if !generated {
            let ty = diesel_type(&c.udt_name, c.nullable);
            actual.entry(c.table_name).or_default().push(format!("{} -> {ty}", c.column_name));
        }
    }
    assert_eq!(declared(), actual, "src/db/schema.rs differs from migrations/");
}

#[actix_web::test]
async fn requests_are_never_deleted() {
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let err = diesel::sql_query("DELETE FROM requests").execute(&mut conn);
    // No rows yet: the row trigger does not fire, so insert one through SQL first.
    assert!(err.is_ok());
    diesel::sql_query(
        "INSERT INTO requests (municipality_id, number, year, seq, kind, node_id, category_id, priority, priority_rank, status, channel, requester_mode, description)
         SELECT n.municipality_id, '2026-00001', 2026, 1, 'request', n.id, n.id, 'important', 3, 'transferred', 'web', 'internal', 'Nid-de-poule rue Principale'
         FROM taxonomy_nodes n WHERE n.parent_id IS NULL LIMIT 1",
    )
    .execute(&mut conn)
    .expect("insert");
    let err = diesel::sql_query("DELETE FROM requests").execute(&mut conn).expect_err("delete refused");
    assert!(err.to_string().contains("never deleted"), "{err}");
}
