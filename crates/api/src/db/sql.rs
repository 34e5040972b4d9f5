//! SQL text built at run time with numbered placeholders and the values bound to them, for
//! the lists whose conditions depend on the filter.

use chrono::{DateTime, NaiveDate, Utc};
use civis_domain::ComplaintScope;
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::Untyped;
use diesel::sql_types::{Array, Date, Int2, Int8, Text, Timestamptz};

/// A bound value of a dynamically built query.
pub enum Bind {
    I64(i64),
    I64s(Vec<i64>),
    Text(String),
    Texts(Vec<String>),
    Date(NaiveDate),
    Ts(DateTime<Utc>),
    /// A moment on a town's clock (no zone: `AT TIME ZONE` places it).
    Local(chrono::NaiveDateTime),
    I16(i16),
    F64(f64),
}

/// SQL text and the values bound into it, each where its placeholder stands (Diesel writes
/// the placeholders, numbered in order, as it binds).
#[derive(Default)]
pub struct Sql {
    text: String,
    /// Each value with the byte offset in `text` where its placeholder goes.
    binds: Vec<(usize, Bind)>,
}

impl Sql {
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    pub fn bind(&mut self, b: Bind) -> &mut Self {
        self.binds.push((self.text.len(), b));
        self
    }

    /// The complaints a reader's lists hold, on requests aliased `r` (the rule of
    /// `civis_domain::privacy::disclosure_of`, in SQL).
    pub fn push_complaint_scope(&mut self, scope: &ComplaintScope) -> &mut Self {
        match scope {
            ComplaintScope::All => self,
            ComplaintScope::Departments(d) => self
                .push(" AND (r.kind <> 'complaint' OR r.department_id = ANY(")
                .bind(Bind::I64s(d.clone()))
                .push("))"),
            ComplaintScope::None => self.push(" AND r.kind <> 'complaint'"),
        }
    }

    /// The query, prepared and planned anew on each run.
    pub fn build(self) -> Built {
        Built { sql: self, cache: false }
    }

    /// The query, prepared once per connection and reused for the same text: for texts of
    /// a few shapes whose every value is bound (the staff list's page and counts), where
    /// parsing and planning anew would cost more than running.
    pub fn cached(self) -> Built {
        Built { sql: self, cache: true }
    }
}

/// A `Sql` ready to run; Diesel's statement cache keeps it, keyed by its text, if `cache`.
pub struct Built {
    sql: Sql,
    cache: bool,
}

impl QueryId for Built {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Built {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Built {}

impl QueryFragment<Pg> for Built {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        if !self.cache {
            out.unsafe_to_cache_prepared();
        }
        let Sql { text, binds } = &self.sql;
        let mut from = 0;
        for (at, b) in binds {
            out.push_sql(&text[from..*at]);
            from = *at;
            match b {
                Bind::I64(v) => out.push_bind_param::<Int8, _>(v)?,
                Bind::I64s(v) => out.push_bind_param::<Array<Int8>, _>(v)?,
                Bind::Text(v) => out.push_bind_param::<Text, _>(v)?,
                Bind::Texts(v) => out.push_bind_param::<Array<Text>, _>(v)?,
                Bind::Date(v) => out.push_bind_param::<Date, _>(v)?,
                Bind::Ts(v) => out.push_bind_param::<Timestamptz, _>(v)?,
                Bind::Local(v) => out.push_bind_param::<diesel::sql_types::Timestamp, _>(v)?,
                Bind::I16(v) => out.push_bind_param::<Int2, _>(v)?,
                Bind::F64(v) => out.push_bind_param::<diesel::sql_types::Double, _>(v)?,
            }
        }
        out.push_sql(&text[from..]);
        Ok(())
    }
}
