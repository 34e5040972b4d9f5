//! GeoReport's reads: `requests`, `requests/{id}` and `servicerequestupdates`, the town's
//! public requests as the public reads them.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use civis_domain::wire::{ExtendedAttributes, Note, RequestUpdate, ServiceRequest, ServiceStatus};
use civis_domain::{Lang, Reader, Status, disclosure};
use diesel::PgConnection;

use crate::db::open311::{self as db, Filter, Openness, Row};
use crate::db::requests::followups_of_many;
use crate::error::ApiError;

/// GeoReport's longest date range, and its default.
const MAX_DAYS: i64 = 90;
/// The most requests one answer holds (the spec's default: 1 000).
const MAX_ROWS: i64 = 1000;

/// What `GET requests` was asked, its values parsed.
#[derive(Debug, Default)]
pub struct Query {
    pub numbers: Vec<String>,
    pub services: Vec<i64>,
    pub start: Option<DateTime<Utc>>,
    pub end: Option<DateTime<Utc>>,
    pub status: Vec<ServiceStatus>,
    pub updated_after: Option<DateTime<Utc>>,
    pub updated_before: Option<DateTime<Utc>>,
    /// 1 first.
    pub page: i64,
    pub page_size: i64,
    pub extensions: bool,
    pub lang: Lang,
}

/// The filed-at range: as asked, within 90 days; 90 days back from the end (or now) when
/// only one end is given or none.
fn range(q: &Query, now: DateTime<Utc>) -> Result<(DateTime<Utc>, DateTime<Utc>), ApiError> {
    let span = Duration::days(MAX_DAYS);
    let (start, end) = match (q.start, q.end) {
        (Some(s), Some(e)) => (s, e),
        (Some(s), None) => (s, s + span),
        (None, Some(e)) => (e - span, e),
        (None, None) => (now - span, now),
    };
    if end < start {
        return Err(ApiError::Rule("date_range_reversed"));
    }
    if end - start > span {
        return Err(ApiError::Rule("date_range_too_long"));
    }
    Ok((start, end))
}

/// A town's public requests as asked (by number, the other filters are ignored, as the
/// spec says).
pub fn requests(conn: &mut PgConnection, base: &str, town: i64, q: &Query) -> Result<Vec<ServiceRequest>, ApiError> {
    let page_size = q.page_size.clamp(1, MAX_ROWS);
    let mut filter =
        Filter { offset: (q.page.max(1) - 1).saturating_mul(page_size), limit: page_size, ..Filter::default() };
    if q.numbers.is_empty() {
        let (start, end) = range(q, crate::clock::now())?;
        filter.filed_from = Some(start);
        filter.filed_to = Some(end);
        filter.nodes = q.services.clone();
        filter.status = q
            .status
            .iter()
            .map(|s| match s {
                ServiceStatus::Open => Openness::Open,
                ServiceStatus::Closed => Openness::Closed,
            })
            .collect();
        filter.updated_after = q.updated_after;
        filter.updated_before = q.updated_before;
    } else {
        filter.numbers = q.numbers.clone();
    }
    let rows = db::requests(conn, town, &filter)?;
    views(conn, base, town, rows, q)
}

/// One public request by its number (404 for a private one).
pub fn one(
    conn: &mut PgConnection,
    base: &str,
    town: i64,
    number: &str,
    q: &Query,
) -> Result<ServiceRequest, ApiError> {
    let filter = Filter { numbers: vec![number.trim().to_string()], limit: 1, ..Filter::default() };
    let rows = db::requests(conn, town, &filter)?;
    views(conn, base, town, rows, q)?.pop().ok_or(ApiError::NotFound)
}

/// W3C date and time, in UTC.
fn w3c(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn views(
    conn: &mut PgConnection,
    base: &str,
    town: i64,
    rows: Vec<Row>,
    q: &Query,
) -> Result<Vec<ServiceRequest>, ApiError> {
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let mut photos: HashMap<i64, Vec<String>> = HashMap::new();
    let modes: HashMap<i64, (civis_domain::RequestKind, civis_domain::wire::RequesterMode)> =
        rows.iter().map(|r| (r.id, (r.kind, r.requester_mode))).collect();
    for (request, attachment, by_requester, sent) in db::photos(conn, &ids)? {
        let (kind, mode) = modes[&request];
        if crate::service::attachments::public_photo(disclosure(Reader::Public, kind, mode), by_requester, sent) {
            let url = format!("{base}/api/v1/towns/{town}/requests/{request}/attachments/{attachment}");
            photos.entry(request).or_default().push(url);
        }
    }
    // The public notes (external follow-ups) of the whole page in one read.
    let mut notes: HashMap<i64, Vec<crate::db::followups::FollowupRow>> = HashMap::new();
    if q.extensions {
        for (request, f) in followups_of_many(conn, &ids, &["external"])? {
            notes.entry(request).or_default().push(f);
        }
    }
    let tree = crate::service::taxonomy::tree(conn, town, false)?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let seen = disclosure(Reader::Public, r.kind, r.requester_mode);
        let media = photos.remove(&r.id).unwrap_or_default();
        let extended = if q.extensions {
            let notes = notes
                .remove(&r.id)
                .unwrap_or_default()
                .into_iter()
                .map(|f| Note { datetime: w3c(f.created_at), description: seen.text(f.body) })
                .collect();
            Some(ExtendedAttributes {
                channel: r.channel.as_str().into(),
                detailed_status: r.status.as_str().into(),
                media_urls: media.clone(),
                notes,
            })
        } else {
            None
        };
        out.push(ServiceRequest {
            service_request_id: r.number,
            status: if r.closed_at.is_some() { ServiceStatus::Closed } else { ServiceStatus::Open },
            status_notes: Some(r.status.label(q.lang).to_string()),
            service_name: tree.iter().find(|n| n.id == r.node_id).map(|n| n.name(q.lang).to_string()),
            service_code: r.node_id.to_string(),
            description: Some(seen.text(r.description)),
            agency_responsible: if q.lang == Lang::Fr { r.department_fr } else { r.department_en },
            service_notice: None,
            requested_datetime: w3c(r.created_at),
            updated_datetime: Some(w3c(r.closed_at.unwrap_or(r.updated_at))),
            expected_datetime: r.expected_at.map(w3c),
            address: r.address,
            address_id: None,
            zipcode: None,
            lat: r.latitude,
            long: r.longitude,
            media_url: media.into_iter().next(),
            extended_attributes: extended,
        });
    }
    Ok(out)
}

/// Status changes of the town's public requests between two moments (mySociety's
/// `servicerequestupdates`): the default and the longest range are 90 days.
pub fn updates(
    conn: &mut PgConnection,
    town: i64,
    (start, end): (Option<DateTime<Utc>>, Option<DateTime<Utc>>),
    lang: Lang,
) -> Result<Vec<RequestUpdate>, ApiError> {
    let q = Query { start, end, ..Query::default() };
    let range = range(&q, crate::clock::now())?;
    Ok(db::updates(conn, town, range, MAX_ROWS)?
        .into_iter()
        .map(|u| RequestUpdate {
            update_id: u.id.to_string(),
            service_request_id: u.number,
            status: match u.status {
                Status::ClosedProcessed | Status::ClosedRefused => "CLOSED",
                Status::InProgress => "IN_PROGRESS",
                Status::NotTransferred | Status::Transferred => "OPEN",
            }
            .into(),
            updated_datetime: w3c(u.at),
            description: u.status.label(lang).into(),
            media_url: None,
        })
        .collect())
}
