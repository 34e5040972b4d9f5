//! The staff list: tabs with capped counts, filters, sorts and keyset pagination.
//!
//! Pages are cut with a keyset cursor (the last row's sort values and id), never OFFSET, so
//! a deep page costs what the first does and rows added meanwhile neither shift nor repeat
//! what was already shown.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::wire::{RequestFilter, RequestPage, RequestSummary, SortKey};
use civis_domain::{Priority, RequestKind, Status};
use diesel::prelude::*;
use diesel::sql_types::{Bool, Date, Int2, Int4, Int8, Nullable, Text, Timestamptz};
use serde::{Deserialize, Serialize};

use super::TownClock;
use super::conditions::{ListArgs, Resolved, push_filter, tab_code, unfiltered};
use super::counts;
use super::months::{Months, push_months};
use crate::db::sql::{Bind, Sql};
use crate::db::words;
use crate::error::ApiError;
use crate::service::taxonomy;

/// Where a page ends: the last row's sort values.
#[derive(Debug, Serialize, Deserialize)]
struct Cursor {
    sort: SortKey,
    created_at: DateTime<Utc>,
    due: Option<NaiveDate>,
    rank: i16,
    dep: Option<i64>,
    id: i64,
}

fn encode_cursor(c: &Cursor) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(c).unwrap_or_default())
}

fn decode_cursor(s: &str, sort: SortKey) -> Result<Cursor, ApiError> {
    let bad = || ApiError::field("cursor", "cursor_invalid");
    let bytes = URL_SAFE_NO_PAD.decode(s).map_err(|_| bad())?;
    let c: Cursor = serde_json::from_slice(&bytes).map_err(|_| bad())?;
    if c.sort != sort {
        return Err(bad());
    }
    Ok(c)
}

#[derive(QueryableByName)]
struct Row {
    #[diesel(sql_type = Int8)]
    id: i64,
    #[diesel(sql_type = Text)]
    number: String,
    #[diesel(sql_type = Text)]
    kind: RequestKind,
    #[diesel(sql_type = Int8)]
    node_id: i64,
    #[diesel(sql_type = Int8)]
    category_id: i64,
    #[diesel(sql_type = Nullable<Int8>)]
    department_id: Option<i64>,
    #[diesel(sql_type = Int2)]
    priority_rank: i16,
    #[diesel(sql_type = Text)]
    status: Status,
    #[diesel(sql_type = Bool)]
    is_public: bool,
    #[diesel(sql_type = Text)]
    requester_mode: civis_domain::wire::RequesterMode,
    #[diesel(sql_type = Text)]
    description: String,
    #[diesel(sql_type = Nullable<Text>)]
    address: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Date>)]
    due_date: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Int8>)]
    assignee_user_id: Option<i64>,
    #[diesel(sql_type = Int4)]
    photo_count: i32,
    #[diesel(sql_type = Int4)]
    file_count: i32,
    #[diesel(sql_type = Bool)]
    favorite: bool,
}

/// The nodes given and every node below them.
fn with_descendants(conn: &mut PgConnection, town: i64, nodes: &[i64]) -> Result<Vec<i64>, ApiError> {
    let tree = taxonomy::tree(conn, town, false)?;
    let mut set: HashSet<i64> = nodes.iter().copied().collect();
    for _ in 0..3 {
        for n in &tree {
            if n.parent_id.is_some_and(|p| set.contains(&p)) {
                set.insert(n.id);
            }
        }
    }
    let mut v: Vec<i64> = set.into_iter().collect();
    v.sort_unstable();
    Ok(v)
}

fn resolve(conn: &mut PgConnection, town: i64, f: &RequestFilter, clock: &TownClock) -> Result<Resolved, ApiError> {
    let nodes = if f.categories.is_empty() { None } else { Some(with_descendants(conn, town, &f.categories)?) };
    let (horizon, tz) = (clock.horizon, clock.timezone.clone());
    let words: Vec<String> = f.keywords.iter().map(|k| k.trim().to_string()).filter(|k| !k.is_empty()).collect();
    let common = words::common(conn, &words)?;
    Ok(Resolved { tz, horizon, nodes, keywords: words.into_iter().zip(common).collect() })
}

fn push_keyset(sql: &mut Sql, c: &Cursor) {
    let created_id = |sql: &mut Sql| {
        sql.push("(r.created_at, r.id) < (").bind(Bind::Ts(c.created_at)).push(", ").bind(Bind::I64(c.id)).push(")");
    };
    match c.sort {
        SortKey::Created => {
            sql.push(" AND ");
            created_id(sql);
        }
        SortKey::Due => match c.due {
            Some(d) => {
                sql.push(" AND (r.due_date > ").bind(Bind::Date(d)).push(" OR r.due_date IS NULL OR (r.due_date = ");
                sql.bind(Bind::Date(d)).push(" AND r.id > ").bind(Bind::I64(c.id)).push("))");
            }
            None => {
                sql.push(" AND r.due_date IS NULL AND r.id > ").bind(Bind::I64(c.id));
            }
        },
        SortKey::Priority => {
            sql.push(" AND (r.priority_rank > ").bind(Bind::I16(c.rank)).push(" OR (r.priority_rank = ");
            sql.bind(Bind::I16(c.rank)).push(" AND ");
            created_id(sql);
            sql.push("))");
        }
        SortKey::Department => match c.dep {
            Some(d) => {
                sql.push(" AND (r.department_id > ")
                    .bind(Bind::I64(d))
                    .push(" OR r.department_id IS NULL OR (r.department_id = ");
                sql.bind(Bind::I64(d)).push(" AND ");
                created_id(sql);
                sql.push("))");
            }
            None => {
                sql.push(" AND r.department_id IS NULL AND ");
                created_id(sql);
            }
        },
    }
}

fn order_by(sort: SortKey) -> &'static str {
    match sort {
        SortKey::Created => " ORDER BY r.created_at DESC, r.id DESC",
        SortKey::Due => " ORDER BY r.due_date ASC NULLS LAST, r.id ASC",
        SortKey::Priority => " ORDER BY r.priority_rank ASC, r.created_at DESC, r.id DESC",
        SortKey::Department => " ORDER BY r.department_id ASC NULLS LAST, r.created_at DESC, r.id DESC",
    }
}

/// A page of the list with the three tabs' counts; `next_cursor` continues it. A search
/// that runs past the time limit is refused (`search_too_broad`) rather than holding a
/// connection (common words over a whole town's history are the one case left: see
/// docs/PERFORMANCE.md).
pub fn list(conn: &mut PgConnection, args: &ListArgs) -> Result<RequestPage, ApiError> {
    // The connection is a list's (`Db::run_list`): its statements stop at the time limit.
    let started = std::time::Instant::now();
    page(conn, args).map_err(|e| match e {
        // The time limit cancels the statement with SQLSTATE 57014, which Diesel neither
        // classifies nor exposes, in a message of the server's language: an unclassified
        // failure once the limit has passed is the limit, in French as in English.
        ApiError::Internal { .. } if started.elapsed() >= args.timeout => ApiError::Rule("search_too_broad"),
        e => e,
    })
}

/// The page's statement. Under a date range of another column than the sort, each month's
/// first rows are picked by their keys alone (`push_months`), and only the page's rows are
/// then read whole: the months' walk reads thousands of rows, of which 26 are shown.
fn page_sql(args: &ListArgs, cursor: Option<&Cursor>, resolved: &Resolved) -> Sql {
    let f = args.filter;
    let months = Months::of(f);
    let limit = (args.limit + 1).to_string();
    let mut sql = Sql::default();
    sql.push(
        "SELECT r.id, r.number, r.kind, r.node_id, r.category_id, r.department_id, r.priority_rank, r.status,
                r.is_public, r.requester_mode, left(r.description, 300) AS description, r.address, r.created_at,
                r.due_date, r.assignee_user_id, r.photo_count, r.file_count,
                EXISTS (SELECT 1 FROM favorites fv WHERE fv.request_id = r.id AND fv.user_id = ",
    )
    .bind(Bind::I64(args.user))
    .push(") AS favorite FROM ");
    if let Some(m) = months {
        sql.push("(");
        push_months(&mut sql, m, args, &resolved.tz);
        sql.push("SELECT r.id, r.created_at, r.due_date, r.priority_rank, r.department_id FROM ");
    }
    sql.push("requests r WHERE r.municipality_id = ").bind(Bind::I64(args.town));
    sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(args.tab)));
    if let Some(m) = months {
        sql.push(" AND ").push(m.of_row()).push(" = m.month");
    }
    sql.push_complaint_scope(&args.complaints);
    push_filter(&mut sql, args.user, f, resolved);
    if let Some(c) = cursor {
        push_keyset(&mut sql, c);
    }
    sql.push(order_by(f.sort)).push(" LIMIT ").push(&limit);
    if months.is_some() {
        sql.push(") x").push(&order_by(f.sort).replace("r.", "x.")).push(" LIMIT ").push(&limit);
        sql.push(") k JOIN requests r ON r.id = k.id").push(order_by(f.sort));
    }
    sql
}

fn page(conn: &mut PgConnection, args: &ListArgs) -> Result<RequestPage, ApiError> {
    let f = args.filter;
    let cursor = args.cursor.filter(|c| !c.is_empty()).map(|c| decode_cursor(c, f.sort)).transpose()?;
    let resolved = resolve(conn, args.town, f, args.clock)?;
    let sql = page_sql(args, cursor.as_ref(), &resolved);
    // The unfiltered page, a dashboard's everyday view, is prepared once per connection
    // and planned once for any town (the same index walk fits every town). Under a filter
    // the plan depends on the values (a rare department, a common word, a date range read
    // month by month), so it is made anew for each.
    let mut rows: Vec<Row> = if unfiltered(f) { sql.cached() } else { sql.build() }.load(conn)?;
    let more = rows.len() as i64 > args.limit;
    rows.truncate(usize::try_from(args.limit).unwrap_or(0));
    let next_cursor = rows.last().filter(|_| more).map(|r| {
        encode_cursor(&Cursor {
            sort: f.sort,
            created_at: r.created_at,
            due: r.due_date,
            rank: r.priority_rank,
            dep: r.department_id,
            id: r.id,
        })
    });
    // Counts come with the first page; the following pages do not pay for them again.
    // Without a filter, or by department only, they are exact and kept by triggers; with
    // another filter they are counted, up to the cap.
    let counts = match cursor {
        Some(_) => None,
        None => Some(counts::first_page(conn, args.town, args.user, &args.complaints, f, &resolved)?),
    };
    let horizon = resolved.horizon;
    let items = rows
        .into_iter()
        .map(|r| RequestSummary {
            id: r.id,
            number: r.number,
            kind: r.kind,
            node_id: r.node_id,
            category_id: r.category_id,
            department_id: r.department_id,
            priority: Priority::from_rank(r.priority_rank).unwrap_or_default(),
            status: r.status,
            public: r.is_public,
            internal: r.requester_mode == civis_domain::wire::RequesterMode::Internal,
            description: r.description,
            address: r.address,
            created_at: r.created_at,
            lateness: horizon.of(r.status, r.due_date),
            due_date: r.due_date,
            assignee_id: r.assignee_user_id,
            photo_count: r.photo_count,
            file_count: r.file_count,
            favorite: r.favorite,
        })
        .collect();
    Ok(RequestPage { items, next_cursor, next: None, counts })
}
