//! Notifications, written to the outbox in the transaction of the change that causes
//! them (a rollback takes them back); the worker (`crate::outbox`) delivers them.
//!
//! Who hears what: the requester (receipt, processing started, each external follow-up,
//! closure) only when identified, wanting follow-ups and with an email; people who follow
//! a public request instead of filing get its external follow-ups and closure; the
//! department (assignment, reassignment, internal follow-up) at its notification email.
//! Anonymous and internal requests send nothing outside the town. Department emails never
//! carry the requester's identity; about a complaint they carry its number and category
//! only (no description, address, follow-up or reply: those are read in the dashboard by
//! those the privacy rule lets read them).

mod hooks;
mod rows;

use diesel::prelude::*;
pub use hooks::{Happened, announce, messages as hook_messages};
pub use rows::{Kind, OutboxRow, Subject, enqueue, enqueue_account};
use rows::{Pending, write};

pub use crate::db::notify::Context;
use crate::db::notify::{context, followers};
use crate::error::ApiError;
use crate::outbox::mail::payload_of;
use crate::outbox::request_mail::RequestMail;

impl Context {
    fn mail(&self, body: Option<&str>) -> RequestMail {
        RequestMail {
            town_id: self.municipality_id,
            town_name: self.town_name.clone(),
            town_slug: self.slug.clone(),
            sender_name: self.sender_name.clone(),
            sender_email: self.sender_email.clone(),
            request_id: self.id,
            number: self.number.clone(),
            category_fr: self.node_fr.clone(),
            category_en: self.node_en.clone(),
            due_date: self.due_date,
            body: body.map(str::to_string),
            ..RequestMail::default()
        }
    }

    /// A complaint (an unreadable kind counts as one: nothing is said of it).
    fn confidential(&self) -> bool {
        self.kind.is_confidential()
    }

    fn subject(&self) -> Subject {
        Subject { town: self.municipality_id, request: Some(self.id) }
    }

    /// The requester's address, when they are to hear from the town.
    fn requester(&self) -> Option<&str> {
        (self.requester_mode == civis_domain::wire::RequesterMode::Identified && self.wants_followups)
            .then_some(self.requester_email.as_deref())
            .flatten()
    }
}

/// To the requester, when they are to hear from the town.
fn requester_row(ctx: &Context, kind: Kind, body: Option<&str>, event: &str) -> Option<Pending> {
    requester_mail(ctx, kind, ctx.mail(body), event)
}

/// To the requester, this mail.
fn requester_mail(ctx: &Context, kind: Kind, mail: RequestMail, event: &str) -> Option<Pending> {
    let email = ctx.requester()?;
    let payload = payload_of(&RequestMail {
        // The requester may answer an external follow-up by email (`Reply-To`).
        reply: kind == Kind::ExternalFollowup,
        // The requester's closure email (not a follower's) invites them to the survey.
        survey: kind == Kind::Closed,
        ..mail
    });
    Some(Pending {
        about: ctx.subject(),
        kind,
        recipient: email.into(),
        language: ctx.language.to_string(),
        payload,
        dedup: format!("{}:{event}:requester", ctx.id),
    })
}

/// To the requester (and, for what the public may read, to followers of a public request).
fn to_requester(
    conn: &mut PgConnection,
    ctx: &Context,
    kind: Kind,
    body: Option<&str>,
    event: &str,
    out: &mut Vec<Pending>,
) -> Result<(), ApiError> {
    out.extend(requester_row(ctx, kind, body, event));
    // The closure's message is the requester's: followers learn that it closed, not what
    // the town wrote to them.
    let payload = payload_of(&ctx.mail(if kind == Kind::Closed { None } else { body }));
    if ctx.is_public && matches!(kind, Kind::ExternalFollowup | Kind::Closed) {
        for f in followers(conn, ctx.id)? {
            if Some(f.email.as_str()) != ctx.requester() {
                out.push(Pending {
                    about: ctx.subject(),
                    kind,
                    dedup: format!("{}:{event}:{}", ctx.id, f.email),
                    recipient: f.email,
                    language: f.language,
                    payload: payload.clone(),
                });
            }
        }
    }
    Ok(())
}

/// To the town's staff at `address` (a department's mailbox, or a person): never who
/// asked; a complaint's copy says that there is one, and where, nothing of it.
fn to_staff(ctx: &Context, to: (&str, &str), kind: Kind, body: Option<&str>, event: &str, out: &mut Vec<Pending>) {
    let (address, language) = to;
    let confidential = ctx.confidential();
    let payload = payload_of(&RequestMail {
        confidential,
        description: (!confidential).then(|| ctx.description.clone()),
        address: ctx.address.clone().filter(|_| !confidential),
        ..ctx.mail(body.filter(|_| !confidential))
    });
    out.push(Pending {
        about: ctx.subject(),
        kind,
        recipient: address.into(),
        language: language.into(),
        payload,
        dedup: format!("{}:{event}", ctx.id),
    });
}

/// To the department's notification address (in French), when it has one.
fn to_department(ctx: &Context, kind: Kind, body: Option<&str>, event: &str, out: &mut Vec<Pending>) {
    if let Some(email) = ctx.department_email.as_deref() {
        to_staff(ctx, (email, "fr"), kind, body, &format!("{event}:department"), out);
    }
}

/// A request was filed: the receipt, and the department's assignment when it reaches the
/// town directly (an operator agent's intake waits for its transfer). Filing writes them
/// in its own statement.
pub fn filed(ctx: &Context, transferred: bool, due: Option<&civis_domain::due::DueExplanation>) -> Vec<OutboxRow> {
    // The receipt says the due date and how it was counted.
    let receipt = RequestMail { due_explanation: due.cloned(), ..ctx.mail(None) };
    let mut out: Vec<Pending> = requester_mail(ctx, Kind::Receipt, receipt, "filed").into_iter().collect();
    if transferred {
        to_department(ctx, Kind::Assignment, None, "filed", &mut out);
    }
    out.iter().map(Pending::finish).collect()
}

/// The status changed (`version` tells one change from another; `reason` is a reopening's).
pub fn status_changed(
    conn: &mut PgConnection,
    request: i64,
    from: civis_domain::Status,
    to: civis_domain::Status,
    version: i32,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    use civis_domain::Status as S;
    let ctx = context(conn, request)?;
    let event = format!("v{version}");
    let mut out = Vec::new();
    match (from, to) {
        (S::NotTransferred, S::Transferred) => to_department(&ctx, Kind::Assignment, None, &event, &mut out),
        (S::Transferred, S::InProgress) => to_requester(conn, &ctx, Kind::Started, None, &event, &mut out)?,
        (_, S::ClosedProcessed | S::ClosedRefused) => {
            let message = ctx.closure_message.clone();
            to_requester(conn, &ctx, Kind::Closed, message.as_deref(), &event, &mut out)?;
        }
        (S::ClosedProcessed | S::ClosedRefused, _) => {
            // The reason is the town's: the requester hears that it is open again.
            to_requester(conn, &ctx, Kind::Reopened, None, &event, &mut out)?;
            to_department(&ctx, Kind::DepartmentReopened, reason, &event, &mut out);
        }
        _ => {}
    }
    announce(conn, &ctx, to, Happened::Status { from })?;
    write(conn, &out).map(drop)
}

/// A follow-up was written: external ones go to the requester, internal ones to the
/// department.
pub fn followup(
    conn: &mut PgConnection,
    request: i64,
    followup: i64,
    external: bool,
    body: &str,
) -> Result<(), ApiError> {
    let ctx = context(conn, request)?;
    let event = format!("f{followup}");
    let mut out = Vec::new();
    if external {
        to_requester(conn, &ctx, Kind::ExternalFollowup, Some(body), &event, &mut out)?;
        let status = crate::db::requests::status_of(conn, request)?;
        announce(conn, &ctx, status, Happened::Followup(followup))?;
    } else {
        to_department(&ctx, Kind::InternalFollowup, Some(body), &event, &mut out);
    }
    write(conn, &out).map(drop)
}

/// The request moved to another department.
pub fn reassigned(conn: &mut PgConnection, request: i64, version: i32) -> Result<(), ApiError> {
    let ctx = context(conn, request)?;
    let mut out = Vec::new();
    to_department(&ctx, Kind::Reassignment, None, &format!("v{version}"), &mut out);
    write(conn, &out).map(drop)
}

/// The requester answered by email: the department hears of it.
pub fn incoming(conn: &mut PgConnection, request: i64, followup: i64, body: &str) -> Result<(), ApiError> {
    let ctx = context(conn, request)?;
    let mut out = Vec::new();
    to_department(&ctx, Kind::IncomingReply, Some(body), &format!("f{followup}"), &mut out);
    write(conn, &out).map(drop)
}

/// The request was assigned to a person of its department: they hear of it (a staff
/// email, like the department's), in their language.
pub fn assigned_to(
    conn: &mut PgConnection,
    request: i64,
    email: &str,
    language: &str,
    version: i32,
) -> Result<(), ApiError> {
    let ctx = context(conn, request)?;
    let mut out = Vec::new();
    to_staff(&ctx, (email, language), Kind::PersonalAssignment, None, &format!("v{version}:{email}"), &mut out);
    write(conn, &out).map(drop)
}
