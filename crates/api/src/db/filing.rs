//! What filing writes besides the request, in one statement.
//!
//! A new request's insert takes the town's next number for the year, which keeps the
//! year's counter row locked until the commit (numbers have no gaps): every filing of the
//! town waits for the one before it. So everything else that needs the request's id is one
//! round trip, written as a query fragment with a fixed text so that each connection
//! prepares it once (a raw `sql_query` would be planned again, inside the lock, each time).

use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::sql_types::{Array, Bool, Int8, Jsonb, Nullable, Text};

use super::outbox::OutboxRow;
use super::requests::{AnswerRow, ContactRow};
use super::webhooks::HookMessage;

/// The rows that go with a new request.
pub struct FilingRows<'a> {
    pub town: i64,
    pub request: i64,
    pub actor: Option<i64>,
    pub status: &'a str,
    pub contact: Option<&'a ContactRow>,
    pub answers: &'a [AnswerRow],
    pub outbox: &'a [OutboxRow],
    /// Its webhook messages: one delivery per live endpoint of the town that hears of each.
    pub hooks: &'a [HookMessage],
}

/// The statement's bound values, as columns.
struct FilingInsert {
    request: i64,
    town: i64,
    first_name: String,
    last_name: String,
    phone1: Option<String>,
    phone2: Option<String>,
    email: Option<String>,
    postal_address: Option<String>,
    has_contact: bool,
    question: Vec<i64>,
    qtype: Vec<String>,
    label_fr: Vec<String>,
    label_en: Vec<String>,
    value: Vec<serde_json::Value>,
    actor: Option<i64>,
    status: String,
    kind: Vec<String>,
    recipient: Vec<String>,
    language: Vec<String>,
    payload: Vec<serde_json::Value>,
    dedup_key: Vec<String>,
    message_id: Vec<String>,
    hook_event: Vec<String>,
    hook_id: Vec<String>,
    hook_payload: Vec<serde_json::Value>,
}

impl QueryId for FilingInsert {
    type QueryId = FilingInsert;
    const HAS_STATIC_QUERY_ID: bool = true;
}

impl QueryFragment<Pg> for FilingInsert {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(
            "WITH c AS (INSERT INTO requester_contacts (request_id, first_name, last_name, phone1, phone2, email, postal_address) SELECT ",
        );
        out.push_bind_param::<Int8, _>(&self.request)?;
        for v in [&self.first_name, &self.last_name] {
            out.push_sql(", ");
            out.push_bind_param::<Text, _>(v)?;
        }
        for v in [&self.phone1, &self.phone2, &self.email, &self.postal_address] {
            out.push_sql(", ");
            out.push_bind_param::<Nullable<Text>, _>(v)?;
        }
        out.push_sql(" WHERE ");
        out.push_bind_param::<Bool, _>(&self.has_contact)?;
        out.push_sql(
            "), a AS (INSERT INTO answers (request_id, question_id, qtype, question_label_fr, question_label_en, value) SELECT ",
        );
        out.push_bind_param::<Int8, _>(&self.request)?;
        out.push_sql(", x.q, x.t, x.fr, x.en, x.v FROM unnest(");
        out.push_bind_param::<Array<Int8>, _>(&self.question)?;
        for v in [&self.qtype, &self.label_fr, &self.label_en] {
            out.push_sql(", ");
            out.push_bind_param::<Array<Text>, _>(v)?;
        }
        out.push_sql(", ");
        out.push_bind_param::<Array<Jsonb>, _>(&self.value)?;
        out.push_sql(
            ") AS x(q, t, fr, en, v)), h AS (INSERT INTO history (request_id, municipality_id, actor_user_id, field, new_value) VALUES (",
        );
        out.push_bind_param::<Int8, _>(&self.request)?;
        out.push_sql(", ");
        out.push_bind_param::<Int8, _>(&self.town)?;
        out.push_sql(", ");
        out.push_bind_param::<Nullable<Int8>, _>(&self.actor)?;
        out.push_sql(", 'status', ");
        out.push_bind_param::<Text, _>(&self.status)?;
        out.push_sql(
            ")), w AS (INSERT INTO webhook_deliveries (endpoint_id, municipality_id, request_id, event, message_id, payload) \
             SELECT e.id, e.municipality_id, ",
        );
        out.push_bind_param::<Int8, _>(&self.request)?;
        out.push_sql(", x.ev, x.mid, x.p FROM unnest(");
        for v in [&self.hook_event, &self.hook_id] {
            out.push_bind_param::<Array<Text>, _>(v)?;
            out.push_sql(", ");
        }
        out.push_bind_param::<Array<Jsonb>, _>(&self.hook_payload)?;
        out.push_sql(") AS x(ev, mid, p) JOIN webhook_endpoints e ON e.municipality_id = ");
        out.push_bind_param::<Int8, _>(&self.town)?;
        out.push_sql(
            " AND e.active AND x.ev = ANY(e.events)) INSERT INTO outbox (municipality_id, request_id, kind, recipient, language, payload, dedup_key, message_id) SELECT ",
        );
        out.push_bind_param::<Int8, _>(&self.town)?;
        out.push_sql(", ");
        out.push_bind_param::<Int8, _>(&self.request)?;
        out.push_sql(", x.k, x.r, x.l, x.p, x.d, x.m FROM unnest(");
        for v in [&self.kind, &self.recipient, &self.language] {
            out.push_bind_param::<Array<Text>, _>(v)?;
            out.push_sql(", ");
        }
        out.push_bind_param::<Array<Jsonb>, _>(&self.payload)?;
        for v in [&self.dedup_key, &self.message_id] {
            out.push_sql(", ");
            out.push_bind_param::<Array<Text>, _>(v)?;
        }
        out.push_sql(") AS x(k, r, l, p, d, m) ON CONFLICT (dedup_key) DO NOTHING");
        Ok(())
    }
}

impl RunQueryDsl<PgConnection> for FilingInsert {}

/// The requester's contact, the answers, the first history row, the notifications and the
/// webhook deliveries of a new request, in one round trip.
pub fn insert(conn: &mut PgConnection, f: &FilingRows) -> QueryResult<()> {
    let c = f.contact;
    FilingInsert {
        request: f.request,
        town: f.town,
        first_name: c.map(|c| c.first_name.clone()).unwrap_or_default(),
        last_name: c.map(|c| c.last_name.clone()).unwrap_or_default(),
        phone1: c.and_then(|c| c.phone1.clone()),
        phone2: c.and_then(|c| c.phone2.clone()),
        email: c.and_then(|c| c.email.clone()),
        postal_address: c.and_then(|c| c.postal_address.clone()),
        has_contact: c.is_some(),
        question: f.answers.iter().map(|a| a.question_id).collect(),
        qtype: f.answers.iter().map(|a| a.qtype.clone()).collect(),
        label_fr: f.answers.iter().map(|a| a.question_label_fr.clone()).collect(),
        label_en: f.answers.iter().map(|a| a.question_label_en.clone()).collect(),
        value: f.answers.iter().map(|a| a.value.clone()).collect(),
        actor: f.actor,
        status: f.status.to_string(),
        kind: f.outbox.iter().map(|o| o.kind.to_string()).collect(),
        recipient: f.outbox.iter().map(|o| o.recipient.clone()).collect(),
        language: f.outbox.iter().map(|o| o.language.clone()).collect(),
        payload: f.outbox.iter().map(|o| o.payload.clone()).collect(),
        dedup_key: f.outbox.iter().map(|o| o.dedup_key.clone()).collect(),
        message_id: f.outbox.iter().map(|o| o.message_id.clone()).collect(),
        hook_event: f.hooks.iter().map(|h| h.event.clone()).collect(),
        hook_id: f.hooks.iter().map(|h| h.message_id.clone()).collect(),
        hook_payload: f.hooks.iter().map(|h| h.payload.clone()).collect(),
    }
    .execute(conn)
    .map(drop)
}
