//! Anonymization (Loi 25). On a person's request the director removes them from the
//! town's records: their requests' contacts become a tombstone, their name, email and
//! phone leave every text of those requests and calls (descriptions, follow-ups and email
//! replies, closure messages, survey comments, call notes, emails kept for departments),
//! their follow-ups by email and the emails sent to them are removed, their photo
//! originals and documents are deleted (metadata-free public copies stay), and their
//! citizen account is closed. Requests stay and are still counted: reports do not move.
//! The retention job does the same for each contact past the town's limit. Each run is
//! recorded (who, when, why, how much) without whom; it cannot be undone.

use civis_domain::FieldIssue;
use civis_domain::contacts::anonymize as scrub;
use civis_domain::wire::{Anonymization, AnonymizationCause, AnonymizeInput};
use diesel::prelude::*;
use serde_json::Value;

use crate::auth::Principal;
use crate::db::anonymize::{self as db, RunRow, TextColumn};
use crate::db::person;
use crate::error::ApiError;

/// What a run changed, and the stored files to delete once it is committed.
pub struct Done {
    pub run: Anonymization,
    pub files: Vec<String>,
}

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// Anonymizes the person an email or phone names, in the director's town.
pub fn person(conn: &mut PgConnection, p: &Principal, town: i64, input: &AnonymizeInput) -> Result<Done, ApiError> {
    if !p.town_roles(town)?.can_see_confidential() {
        return Err(ApiError::Forbidden);
    }
    let (email, phone) = (trimmed(&input.email), trimmed(&input.phone));
    let mut issues = Vec::new();
    if email.is_none() && phone.is_none() {
        issues.push(FieldIssue::new("email", "person_query_empty"));
    }
    if input.reason.trim().is_empty() {
        issues.push(FieldIssue::new("reason", "required"));
    }
    if !input.irreversible {
        issues.push(FieldIssue::new("irreversible", "anonymize_unconfirmed"));
    }
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let (e, ph) = (email.as_deref(), phone.as_deref());
    conn.transaction(|conn| {
        let contacts = db::contacts_of(conn, town, e, ph)?;
        let calls = db::calls_of(conn, town, e, ph)?;
        let account = match e {
            Some(e) => person::account(conn, town, e)?,
            None => None,
        };
        let mut names: Vec<String> = contacts.iter().flat_map(|c| names_of(&c.first_name, &c.last_name)).collect();
        names.extend(calls.iter().filter_map(|c| c.contact_name.clone()));
        if let Some(a) = &account {
            names.extend(names_of(&a.first_name, &a.last_name));
        }
        names.sort();
        names.dedup();
        let requests: Vec<i64> = contacts.iter().map(|c| c.request_id).collect();
        let call_ids: Vec<i64> = calls.iter().map(|c| c.id).collect();
        let emails = match e {
            Some(e) => db::remove_emails_to(conn, town, e)?,
            None => 0,
        };
        let followers = db::remove_followers(conn, town, e, account.as_ref().map(|a| a.id), &[])?;
        let erased = erase(conn, &requests, &call_ids, |_| names.iter().map(String::as_str).collect())?;
        let account_closed = match &account {
            Some(a) => db::close_account(conn, town, a.id)?,
            None => false,
        };
        let run = RunRow {
            by_user_id: Some(p.id),
            reason: input.reason.trim().to_string(),
            account_closed,
            ..erased.row(followers, emails)
        };
        let run = db::record(conn, town, &run)?;
        Ok(Done { run: view(run), files: erased.files })
    })
}

fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// What both ways remove: the texts rewritten, the stored files, the contacts and callers.
struct Erased {
    requests: usize,
    calls: usize,
    texts: usize,
    files: Vec<String>,
}

impl Erased {
    fn row(&self, followers: usize, emails: usize) -> RunRow {
        RunRow {
            requests: count(self.requests),
            calls: count(self.calls),
            texts: count(self.texts),
            files: count(self.files.len()),
            followers: count(followers),
            emails: count(emails),
            ..RunRow::default()
        }
    }
}

/// Rewrites the texts of `requests` and `calls` (and the emails kept about the requests)
/// without `names_for(request)`, removes the requester's files, and turns the contacts
/// and callers into tombstones.
fn erase<'a>(
    conn: &mut PgConnection,
    requests: &[i64],
    calls: &[i64],
    names_for: impl Fn(i64) -> Vec<&'a str> + Copy,
) -> Result<Erased, ApiError> {
    let texts = rewrite(conn, requests, calls, names_for)? + rewrite_payloads(conn, requests, names_for)?;
    let files = db::remove_files(conn, requests)?.into_iter().map(|f| f.storage_key).collect();
    db::tombstone_contacts(conn, requests)?;
    db::tombstone_calls(conn, calls)?;
    Ok(Erased { requests: requests.len(), calls: calls.len(), texts, files })
}

/// The names a person goes by: first, last, and both in either order.
fn names_of(first: &str, last: &str) -> Vec<String> {
    let (first, last) = (first.trim(), last.trim());
    let mut out = vec![first.to_string(), last.to_string()];
    if !first.is_empty() && !last.is_empty() {
        out.push(format!("{first} {last}"));
        out.push(format!("{last} {first}"));
    }
    out.retain(|n| !n.is_empty() && n != civis_domain::contacts::ANONYMIZED);
    out
}

/// Rewrites each text of `requests` and `calls` without the names `names_for(request)`
/// gives (a call's text: request 0) and without any contact; answers how many changed.
fn rewrite<'a>(
    conn: &mut PgConnection,
    requests: &[i64],
    calls: &[i64],
    names_for: impl Fn(i64) -> Vec<&'a str>,
) -> Result<usize, ApiError> {
    let mut changed = 0;
    for column in TextColumn::ALL {
        let rows = column.read(conn, requests, calls)?;
        let (ids, texts): (Vec<i64>, Vec<String>) = rows
            .into_iter()
            .filter_map(|r| {
                let new = scrub(&r.text, &names_for(r.request_id));
                (new != r.text).then_some((r.id, new))
            })
            .unzip();
        changed += column.write(conn, &ids, &texts)?;
    }
    Ok(changed)
}

/// The emails kept about `requests` for others (departments), rewritten likewise.
fn rewrite_payloads<'a>(
    conn: &mut PgConnection,
    requests: &[i64],
    names_for: impl Fn(i64) -> Vec<&'a str>,
) -> Result<usize, ApiError> {
    let rows: Vec<(i64, Value)> = db::payloads(conn, requests)?
        .into_iter()
        .filter_map(|r| {
            let new = scrub_json(&r.payload, &names_for(r.request_id));
            (new != r.payload).then_some((r.id, new))
        })
        .collect();
    Ok(db::write_payloads(conn, &rows)?)
}

fn scrub_json(v: &Value, names: &[&str]) -> Value {
    match v {
        Value::String(s) => Value::String(scrub(s, names)),
        Value::Array(a) => Value::Array(a.iter().map(|x| scrub_json(x, names)).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), scrub_json(x, names))).collect()),
        other => other.clone(),
    }
}

/// Retention: anonymizes every contact of a request closed before `before` and of a call
/// logged before it (the town's limit), each text without its own request's contact, in
/// batches of `batch` (one transaction each, so the town's work goes on between them).
/// Records one run with the totals when it changed something.
pub fn retention(
    conn: &mut PgConnection,
    town: i64,
    months: i32,
    before: chrono::DateTime<chrono::Utc>,
    batch: i64,
) -> Result<Option<Done>, ApiError> {
    let mut total = RunRow { reason: format!("retention: {months} mois / months"), ..RunRow::default() };
    let mut files = Vec::new();
    let mut after = None;
    while let Some((n, f, last)) = retention_batch(conn, town, before, after, batch)? {
        after = last.or(after);
        total.requests += n.requests;
        total.calls += n.calls;
        total.texts += n.texts;
        total.files += n.files;
        total.followers += n.followers;
        total.emails += n.emails;
        files.extend(f);
    }
    if total.requests == 0 && total.calls == 0 {
        return Ok(None);
    }
    let run = db::record(conn, town, &total)?;
    Ok(Some(Done { run: view(run), files }))
}

/// What a batch did, its files to delete, and the last request it took.
type Batch = (RunRow, Vec<String>, Option<(chrono::DateTime<chrono::Utc>, i64)>);

fn retention_batch(
    conn: &mut PgConnection,
    town: i64,
    before: chrono::DateTime<chrono::Utc>,
    after: Option<(chrono::DateTime<chrono::Utc>, i64)>,
    batch: i64,
) -> Result<Option<Batch>, ApiError> {
    conn.transaction(|conn| {
        let contacts = crate::db::retention::contacts_closed_before(conn, town, before, after, batch)?;
        let last = contacts.last().map(|c| (c.closed_at, c.request_id));
        let calls = crate::db::retention::calls_before(conn, town, before, batch)?;
        if contacts.is_empty() && calls.is_empty() {
            return Ok(None);
        }
        let by_request: std::collections::HashMap<i64, Vec<String>> =
            contacts.iter().map(|c| (c.request_id, names_of(&c.first_name, &c.last_name))).collect();
        let call_names: Vec<String> = calls.iter().filter_map(|c| c.contact_name.clone()).collect();
        let requests: Vec<i64> = contacts.iter().map(|c| c.request_id).collect();
        let call_ids: Vec<i64> = calls.iter().map(|c| c.id).collect();
        let names = |r: i64| match by_request.get(&r) {
            Some(n) => n.iter().map(String::as_str).collect(),
            None => call_names.iter().map(String::as_str).collect(),
        };
        let emails = db::remove_sent_emails_about(conn, &requests)?;
        let followers = db::remove_followers(conn, town, None, None, &requests)?;
        db::detach_citizens(conn, &requests)?;
        let erased = erase(conn, &requests, &call_ids, names)?;
        let run = erased.row(followers, emails);
        Ok(Some((run, erased.files, last)))
    })
}

/// The town's runs, for the director.
pub fn runs(conn: &mut PgConnection, p: &Principal, town: i64) -> Result<Vec<Anonymization>, ApiError> {
    if !p.town_roles(town)?.can_see_confidential() {
        return Err(ApiError::Forbidden);
    }
    Ok(db::runs(conn, town, 200)?.into_iter().map(view).collect())
}

fn view(r: RunRow) -> Anonymization {
    Anonymization {
        id: r.id,
        at: r.at,
        cause: if r.by_user_id.is_some() { AnonymizationCause::Request } else { AnonymizationCause::Retention },
        by: r.by_name,
        reason: r.reason,
        requests: r.requests,
        calls: r.calls,
        texts: r.texts,
        files: r.files,
        followers: r.followers,
        emails: r.emails,
        account_closed: r.account_closed,
    }
}
