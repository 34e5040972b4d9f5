//! SQL text built at run time with numbered placeholders and the values bound to them, for
//! the lists whose conditions depend on the filter.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, BoxedSqlQuery, Query, QueryFragment, QueryId, SqlQuery};
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
    I16(i16),
    F64(f64),
}

/// SQL text with numbered placeholders and the values that go with them.
#[derive(Default)]
pub struct Sql {
    text: String,
    binds: Vec<Bind>,
    /// Where each bind's placeholder stands in `text` (the byte offset it starts at).
    at: Vec<usize>,
}

impl Sql {
    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    pub fn bind(&mut self, b: Bind) -> &mut Self {
        self.binds.push(b);
        self.at.push(self.text.len());
        self.text.push_str(&format!("${}", self.binds.len()));
        self
    }

    /// The query, prepared anew on each run.
    pub fn build(self) -> BoxedSqlQuery<'static, Pg, SqlQuery> {
        let mut q = diesel::sql_query(self.text).into_boxed::<Pg>();
        for b in self.binds {
            q = match b {
                Bind::I64(v) => q.bind::<Int8, _>(v),
                Bind::I64s(v) => q.bind::<Array<Int8>, _>(v),
                Bind::Text(v) => q.bind::<Text, _>(v),
                Bind::Texts(v) => q.bind::<Array<Text>, _>(v),
                Bind::Date(v) => q.bind::<Date, _>(v),
                Bind::Ts(v) => q.bind::<Timestamptz, _>(v),
                Bind::I16(v) => q.bind::<Int2, _>(v),
                Bind::F64(v) => q.bind::<diesel::sql_types::Double, _>(v),
            };
        }
        q
    }

    /// The query, prepared once per connection and reused for the same text: for texts of
    /// a few shapes whose every value is bound (the staff list's page and counts), where
    /// parsing and planning anew would cost more than running.
    pub fn cached(self) -> Cached {
        Cached(self)
    }
}

/// A `Sql` that Diesel's statement cache keeps, keyed by its text.
pub struct Cached(Sql);

impl QueryId for Cached {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl Query for Cached {
    type SqlType = Untyped;
}

impl<Conn> RunQueryDsl<Conn> for Cached {}

impl QueryFragment<Pg> for Cached {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // The text between placeholders as written; each placeholder written again by
        // Diesel as it binds the value (numbered in the same order).
        let Sql { text, binds, at } = &self.0;
        let mut from = 0;
        for (b, &start) in binds.iter().zip(at) {
            out.push_sql(&text[from..start]);
            match b {
                Bind::I64(v) => out.push_bind_param::<Int8, _>(v)?,
                Bind::I64s(v) => out.push_bind_param::<Array<Int8>, _>(v)?,
                Bind::Text(v) => out.push_bind_param::<Text, _>(v)?,
                Bind::Texts(v) => out.push_bind_param::<Array<Text>, _>(v)?,
                Bind::Date(v) => out.push_bind_param::<Date, _>(v)?,
                Bind::Ts(v) => out.push_bind_param::<Timestamptz, _>(v)?,
                Bind::I16(v) => out.push_bind_param::<Int2, _>(v)?,
                Bind::F64(v) => out.push_bind_param::<diesel::sql_types::Double, _>(v)?,
            }
            from = start + text[start..].find(|c: char| c != '$' && !c.is_ascii_digit()).unwrap_or(text.len() - start);
        }
        out.push_sql(&text[from..]);
        Ok(())
    }
}
