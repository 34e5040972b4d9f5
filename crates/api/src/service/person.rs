//! A person's file (Loi 25): everything a town holds about someone — the requests they
//! filed (with their contact) or follow, their replies and what the town sent them, the
//! calls logged under their email or phone, the files they sent, their survey answers and
//! their account — for the director, the town's privacy officer. Reading it is journaled
//! under each request it holds.

use civis_domain::privacy::{Held, Shown};
use civis_domain::wire::RequesterMode;
use civis_domain::wire::{
    AccessKind, PersonAccount, PersonAttachment, PersonCall, PersonFile, PersonMessage, PersonQuery, PersonRequest,
    PersonRole, PersonSurvey, Requester,
};
use civis_domain::{Disclosure, FieldIssue, Reader};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::journal::{self as journal, NewAccess};
use crate::db::person as db;
use crate::error::ApiError;

fn trimmed(v: &Option<String>) -> Option<String> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

/// The file of the person an email or phone names, in the director's town.
pub fn file(conn: &mut PgConnection, p: &Principal, town: i64, q: &PersonQuery) -> Result<PersonFile, ApiError> {
    let roles = p.town_roles(town)?;
    if !roles.can_see_confidential() {
        return Err(ApiError::Forbidden);
    }
    let query = checked(q)?;
    conn.transaction(|conn| {
        let file = gather(conn, town, &query, Reader::Staff(&roles), Notes::Kept)?;
        let read: Vec<NewAccess> = file
            .requests
            .iter()
            .map(|r| NewAccess {
                municipality_id: town,
                user_id: p.id,
                request_id: Some(r.id),
                interaction_id: None,
                what: AccessKind::PersonFile.as_str(),
            })
            .collect();
        journal::record(conn, &read)?;
        Ok(file)
    })
}

/// The query with its values trimmed; 422 when neither is given.
pub fn checked(q: &PersonQuery) -> Result<PersonQuery, ApiError> {
    let (email, phone) = (trimmed(&q.email), trimmed(&q.phone));
    if email.is_none() && phone.is_none() {
        return Err(ApiError::Validation(vec![FieldIssue::new("email", "person_query_empty")]));
    }
    Ok(PersonQuery { email, phone })
}

/// Whether the staff's notes of calls stay in a file: the director's file has them; the
/// one a citizen downloads has the calls without them (the staff's words about a call are
/// had through an access request to the director).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    Kept,
    Left,
}

/// What the town holds about the person `q` names (no check of who asks).
pub fn gather(
    conn: &mut PgConnection,
    town: i64,
    q: &PersonQuery,
    reader: Reader,
    notes: Notes,
) -> Result<PersonFile, ApiError> {
    let (e, ph) = (q.email.as_deref(), q.phone.as_deref());
    Ok(PersonFile {
        town_id: town,
        query: q.clone(),
        generated_at: crate::clock::now(),
        requests: requests(db::requests(conn, town, e, ph)?, reader)?,
        messages: messages(db::messages(conn, town, e, ph)?)?,
        calls: db::calls(conn, town, e, ph)?
            .into_iter()
            .map(|c| call(c, &calls_seen(reader)))
            .map(|mut c| {
                if notes == Notes::Left {
                    c.note.clear();
                }
                c
            })
            .collect(),
        attachments: db::attachments(conn, town, e, ph)?.into_iter().map(attachment).collect(),
        surveys: db::surveys(conn, town, e, ph)?
            .into_iter()
            .map(|s| PersonSurvey { number: s.number, score: s.score, comment: s.comment, answered_at: s.answered_at })
            .collect(),
        account: match e {
            Some(e) => db::account(conn, town, e)?.map(account),
            None => None,
        },
    })
}

/// A citizen's own files, one per town holding something under their confirmed email
/// (an unconfirmed address proves nothing: no file).
pub fn own(conn: &mut PgConnection, p: &Principal) -> Result<Vec<(String, PersonFile)>, ApiError> {
    if p.kind != civis_domain::wire::UserKind::Citizen {
        return Err(ApiError::Forbidden);
    }
    if !db::confirmed(conn, p.id)? {
        return Err(ApiError::Rule("email_not_confirmed"));
    }
    let q = PersonQuery { email: Some(p.email.clone()), phone: None };
    let towns = db::towns_of(conn, &p.email, p.id)?;
    towns.into_iter().map(|(id, name)| Ok((name, gather(conn, id, &q, Reader::Requester, Notes::Left)?))).collect()
}

fn requests(rows: Vec<db::RequestRow>, reader: Reader) -> Result<Vec<PersonRequest>, ApiError> {
    rows.into_iter()
        .map(|r| {
            let kind = r.kind;
            // The contact matched, so someone named asked; the rule says who reads it.
            let seen = civis_domain::disclosure(reader, kind, civis_domain::wire::RequesterMode::Identified);
            let held = r.is_requester.then(|| {
                Held::new(Requester {
                    first_name: r.first_name.unwrap_or_default(),
                    last_name: r.last_name.unwrap_or_default(),
                    phone1: r.phone1,
                    phone2: r.phone2,
                    email: r.email,
                    postal_address: r.postal_address,
                })
            });
            let contact = held.and_then(|h| seen.contact(h));
            Ok(PersonRequest {
                id: r.id,
                number: r.number,
                kind,
                status: r.status,
                created_at: r.created_at,
                role: if r.is_requester { PersonRole::Requester } else { PersonRole::Follower },
                contact,
                description: r.description,
            })
        })
        .collect()
}

fn messages(rows: Vec<db::MessageRow>) -> Result<Vec<PersonMessage>, ApiError> {
    rows.into_iter()
        .map(|m| {
            Ok(PersonMessage {
                request_id: m.request_id,
                number: m.number,
                kind: m.kind,
                body: m.body,
                created_at: m.created_at,
            })
        })
        .collect()
}

/// What the reader may know of calls logged under the person: staff by the calls' rule,
/// the person their own.
fn calls_seen(reader: Reader) -> Disclosure {
    match reader {
        Reader::Staff(roles) => Disclosure::of_call(roles),
        other => civis_domain::disclosure(other, civis_domain::RequestKind::Request, RequesterMode::Identified),
    }
}

fn call(c: db::CallRow, seen: &Disclosure) -> PersonCall {
    let (name, email, phone) = seen
        .contact(Held::new((c.contact_name, c.contact_email, c.contact_phone)))
        .map(Shown::into_inner)
        .unwrap_or_default();
    PersonCall {
        id: c.id,
        occurred_at: c.occurred_at,
        channel: c.channel,
        note: c.note,
        name,
        email,
        phone,
        request_number: c.request_number,
        callback_due_at: c.callback_due_at,
        callback_done_at: c.callback_done_at,
    }
}

fn attachment(a: db::AttachmentRow) -> PersonAttachment {
    PersonAttachment {
        request_id: a.request_id,
        number: a.number,
        filename: a.filename,
        content_type: a.content_type,
        size_bytes: a.size_bytes,
        created_at: a.created_at,
    }
}

fn account(a: db::AccountRow) -> PersonAccount {
    PersonAccount {
        id: a.id,
        email: a.email,
        first_name: a.first_name,
        last_name: a.last_name,
        phone: a.phone,
        language: a.language,
        active: a.active,
        created_at: a.created_at,
        email_confirmed_at: a.email_confirmed_at,
    }
}
