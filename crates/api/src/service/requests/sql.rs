//! SQL text built at run time with numbered placeholders and the values bound to them, for
//! the lists whose conditions depend on the filter.

use chrono::{DateTime, NaiveDate, Utc};
use diesel::pg::Pg;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Array, Date, Int2, Int8, Text, Timestamptz};

/// A bound value of a dynamically built query.
pub(crate) enum Bind {
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
pub(crate) struct Sql {
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    pub(crate) fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    pub(crate) fn bind(&mut self, b: Bind) -> &mut Self {
        self.binds.push(b);
        self.text.push_str(&format!("${}", self.binds.len()));
        self
    }

    pub(crate) fn build(self) -> BoxedSqlQuery<'static, Pg, SqlQuery> {
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
}
