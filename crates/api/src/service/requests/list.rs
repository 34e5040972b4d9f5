//! The staff list: tabs with capped counts, filters, sorts and keyset pagination.
//!
//! Pages are cut with a keyset cursor (the last row's sort values and id), never OFFSET, so
//! a deep page costs what the first does and rows added meanwhile neither shift nor repeat
//! what was already shown.

use std::collections::HashSet;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::wire::{Count, RequestFilter, RequestPage, RequestSummary, SortKey, TabCounts};
use civis_domain::{Priority, RequestKind, Status, Tab};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Date, Int2, Int4, Int8, Nullable, Text, Timestamptz};
use serde::{Deserialize, Serialize};

use super::sql::{Bind, Sql};
use crate::error::ApiError;
use crate::service::taxonomy;

/// Filtered counts stop here: past it the UI shows "1 000+". Unfiltered counts are exact
/// (kept by triggers). Counting further means visiting every matching row, which is what
/// makes filtered dashboards slow at scale (see docs/PERFORMANCE.md).
pub const COUNT_CAP: i64 = 1_000;

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
    let bad = || ApiError::BadRequest { code: "invalid_value", detail: "invalid cursor".into() };
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
    kind: String,
    #[diesel(sql_type = Int8)]
    node_id: i64,
    #[diesel(sql_type = Int8)]
    category_id: i64,
    #[diesel(sql_type = Nullable<Int8>)]
    department_id: Option<i64>,
    #[diesel(sql_type = Int2)]
    priority_rank: i16,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Bool)]
    is_public: bool,
    #[diesel(sql_type = Text)]
    requester_mode: String,
    #[diesel(sql_type = Text)]
    description: String,
    #[diesel(sql_type = Nullable<Text>)]
    address: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Date>)]
    due_date: Option<NaiveDate>,
    #[diesel(sql_type = Int4)]
    photo_count: i32,
    #[diesel(sql_type = Int4)]
    file_count: i32,
    #[diesel(sql_type = Bool)]
    favorite: bool,
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = BigInt)]
    n: i64,
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

/// The filter's conditions, appended as ` AND …`.
fn push_filter(sql: &mut Sql, user: i64, tz: &str, f: &RequestFilter, nodes: &Option<Vec<i64>>) {
    if !f.departments.is_empty() {
        sql.push(" AND r.department_id = ANY(").bind(Bind::I64s(f.departments.clone())).push(")");
    }
    if let Some(nodes) = nodes {
        sql.push(" AND r.node_id = ANY(").bind(Bind::I64s(nodes.clone())).push(")");
    }
    for kw in f.keywords.iter().map(|k| k.trim()).filter(|k| !k.is_empty()) {
        sql.push(" AND r.search @@ plainto_tsquery('public.fr_unaccent', ").bind(Bind::Text(kw.to_string())).push(")");
    }
    if f.internal_only {
        sql.push(" AND r.requester_mode = 'internal'");
    }
    if f.favorites_only {
        sql.push(" AND EXISTS (SELECT 1 FROM favorites fv WHERE fv.request_id = r.id AND fv.user_id = ")
            .bind(Bind::I64(user))
            .push(")");
    }
    if !f.priorities.is_empty() {
        let p: Vec<String> = f.priorities.iter().map(|p| p.as_str().to_string()).collect();
        sql.push(" AND r.priority = ANY(").bind(Bind::Texts(p)).push(")");
    }
    if let Some(d) = f.created_from {
        sql.push(" AND r.created_at >= (")
            .bind(Bind::Date(d))
            .push("::timestamp AT TIME ZONE ")
            .bind(Bind::Text(tz.into()))
            .push(")");
    }
    if let Some(d) = f.created_to {
        sql.push(" AND r.created_at < ((")
            .bind(Bind::Date(d))
            .push(" + 1)::timestamp AT TIME ZONE ")
            .bind(Bind::Text(tz.into()))
            .push(")");
    }
    if let Some(d) = f.due_from {
        sql.push(" AND r.due_date >= ").bind(Bind::Date(d));
    }
    if let Some(d) = f.due_to {
        sql.push(" AND r.due_date <= ").bind(Bind::Date(d));
    }
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

/// The stored `requests.tab` of a dashboard tab.
fn tab_code(tab: Tab) -> i16 {
    match tab {
        Tab::NotTransferred => 0,
        Tab::Open => 1,
        Tab::Closed => 2,
    }
}

fn count(
    conn: &mut PgConnection,
    town: i64,
    user: i64,
    tz: &str,
    tab: Tab,
    f: &RequestFilter,
    nodes: &Option<Vec<i64>>,
) -> Result<Count, ApiError> {
    let mut sql = Sql::default();
    sql.push("SELECT count(*) AS n FROM (SELECT 1 FROM requests r WHERE r.municipality_id = ").bind(Bind::I64(town));
    sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(tab)));
    push_filter(&mut sql, user, tz, f, nodes);
    sql.push(" LIMIT ").push(&(COUNT_CAP + 1).to_string()).push(") s");
    let n = sql.build().get_result::<CountRow>(conn)?.n;
    Ok(Count { value: n.min(COUNT_CAP), capped: n > COUNT_CAP })
}

#[derive(QueryableByName)]
struct TabCountRow {
    #[diesel(sql_type = Int2)]
    tab: i16,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The three tabs' counts under a filter: one pass over the matching rows of every tab,
/// exact when they are few (the usual case of a search); past that, each tab is counted up
/// to the cap.
fn filtered_counts(
    conn: &mut PgConnection,
    town: i64,
    user: i64,
    tz: &str,
    f: &RequestFilter,
    nodes: &Option<Vec<i64>>,
) -> Result<TabCounts, ApiError> {
    let sample = 3 * COUNT_CAP;
    let mut sql = Sql::default();
    sql.push("SELECT s.tab, count(*) AS n FROM (SELECT r.tab FROM requests r WHERE r.municipality_id = ")
        .bind(Bind::I64(town));
    // Naming the three tabs lets the (town, tab, …) indexes use their later columns.
    sql.push(" AND r.tab = ANY('{0,1,2}'::smallint[])");
    push_filter(&mut sql, user, tz, f, nodes);
    sql.push(" LIMIT ").push(&(sample + 1).to_string()).push(") s GROUP BY s.tab");
    let rows: Vec<TabCountRow> = sql.build().load(conn)?;
    if rows.iter().map(|r| r.n).sum::<i64>() <= sample {
        let get = |tab: Tab| {
            let n = rows.iter().find(|r| r.tab == tab_code(tab)).map_or(0, |r| r.n);
            Count { value: n.min(COUNT_CAP), capped: n > COUNT_CAP }
        };
        return Ok(TabCounts {
            not_transferred: get(Tab::NotTransferred),
            open: get(Tab::Open),
            closed: get(Tab::Closed),
        });
    }
    Ok(TabCounts {
        not_transferred: count(conn, town, user, tz, Tab::NotTransferred, f, nodes)?,
        open: count(conn, town, user, tz, Tab::Open, f, nodes)?,
        closed: count(conn, town, user, tz, Tab::Closed, f, nodes)?,
    })
}

fn is_unfiltered(f: &RequestFilter) -> bool {
    RequestFilter { sort: f.sort, ..RequestFilter::default() } == *f
}

/// The exact counts of a town's tabs, from `request_tab_counts`.
fn kept_counts(conn: &mut PgConnection, town: i64) -> Result<TabCounts, ApiError> {
    use crate::db::schema::request_tab_counts::dsl as c;
    let rows: Vec<(i16, i64)> =
        c::request_tab_counts.filter(c::municipality_id.eq(town)).select((c::tab, c::n)).load(conn)?;
    let get = |tab: Tab| {
        let value = rows.iter().find(|(t, _)| *t == tab_code(tab)).map_or(0, |(_, n)| *n);
        Count { value, capped: false }
    };
    Ok(TabCounts { not_transferred: get(Tab::NotTransferred), open: get(Tab::Open), closed: get(Tab::Closed) })
}

/// One page of a tab of a town's requests.
pub struct ListArgs<'a> {
    pub town: i64,
    pub user: i64,
    pub tab: Tab,
    pub filter: &'a RequestFilter,
    pub cursor: Option<&'a str>,
    pub limit: i64,
}

/// A page of the list with the three tabs' counts; `next_cursor` continues it.
pub fn list(conn: &mut PgConnection, args: &ListArgs) -> Result<RequestPage, ApiError> {
    let f = args.filter;
    let cursor = args.cursor.map(|c| decode_cursor(c, f.sort)).transpose()?;
    let nodes = if f.categories.is_empty() { None } else { Some(with_descendants(conn, args.town, &f.categories)?) };
    let tz: String = {
        use crate::db::schema::municipalities::dsl as m;
        m::municipalities.find(args.town).select(m::timezone).first(conn)?
    };
    let mut sql = Sql::default();
    sql.push(
        "SELECT r.id, r.number, r.kind, r.node_id, r.category_id, r.department_id, r.priority_rank, r.status,
                r.is_public, r.requester_mode, left(r.description, 300) AS description, r.address, r.created_at,
                r.due_date, r.photo_count, r.file_count,
                EXISTS (SELECT 1 FROM favorites fv WHERE fv.request_id = r.id AND fv.user_id = ",
    )
    .bind(Bind::I64(args.user))
    .push(") AS favorite FROM requests r WHERE r.municipality_id = ")
    .bind(Bind::I64(args.town));
    sql.push(" AND r.tab = ").bind(Bind::I16(tab_code(args.tab)));
    push_filter(&mut sql, args.user, &tz, f, &nodes);
    if let Some(c) = &cursor {
        push_keyset(&mut sql, c);
    }
    sql.push(order_by(f.sort)).push(" LIMIT ").push(&(args.limit + 1).to_string());
    let mut rows: Vec<Row> = sql.build().load(conn)?;
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
    // Without a filter they are exact and kept by triggers; with one they are counted,
    // up to the cap.
    let counts = match cursor {
        Some(_) => None,
        None if is_unfiltered(f) => Some(kept_counts(conn, args.town)?),
        None => Some(filtered_counts(conn, args.town, args.user, &tz, f, &nodes)?),
    };
    let items = rows
        .into_iter()
        .map(|r| RequestSummary {
            id: r.id,
            number: r.number,
            kind: r.kind.parse().unwrap_or(RequestKind::Request),
            node_id: r.node_id,
            category_id: r.category_id,
            department_id: r.department_id,
            priority: Priority::from_rank(r.priority_rank).unwrap_or_default(),
            status: r.status.parse().unwrap_or(Status::Transferred),
            public: r.is_public,
            internal: r.requester_mode == "internal",
            description: r.description,
            address: r.address,
            created_at: r.created_at,
            due_date: r.due_date,
            photo_count: r.photo_count,
            file_count: r.file_count,
            favorite: r.favorite,
        })
        .collect();
    Ok(RequestPage { items, next_cursor, next: None, counts })
}
