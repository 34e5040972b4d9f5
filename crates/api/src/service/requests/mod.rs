//! The life of a request: filing, the staff list, the detail, edits, transitions,
//! follow-ups, and the public and citizen views.

mod act;
mod assign;
mod caller;
mod create;
mod due;
mod duplicates;
mod filer;
mod filing_limits;
mod follow;
mod hold;
mod list;
mod locked;
mod own;
mod public;
mod reads;

pub use crate::db::staff_list::{COUNT_CAP, COUNT_WINDOW};
pub use act::{add_followup, extend_deadline, patch, set_favorite, transition};
pub use assign::{assign, members};
pub use caller::{ListCaller, list_caller};
pub use create::{Filer, create};
pub use follow::{Followed, Follower, confirm_follow, follow, unsubscribe};
pub(crate) use hold::on_citizen_answer;
pub use hold::{hold, resume};
pub use list::{ListArgs, list};
pub use locked::IfMatch;
pub use own::{add_information, own_request, own_requests, track};
pub use public::{Near, NearbyArgs, PublicArgs, nearby, nearby_for_staff, public_detail, public_list};
pub use reads::{followups, history, timeline};

use civis_domain::privacy::{Held, Shown};
use civis_domain::wire::{
    ActorKind, AnswerView, Assignee, Closure, ClosureRequirements, ClosureRules, Followup, FollowupKind,
    PromisedAnswer, RequestDetail, Requester, RequesterMode, Waiting,
};
use civis_domain::{About, Disclosure, Horizon, Reader, RequestKind, RoleSet, disclosure_of};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::requests::{self as db, FollowupRow, RequestRow};
use crate::error::ApiError;

/// The caller's roles in the town, when they may read its requests: no grant there is 404,
/// a grant that does not read requests (a town administrator's alone) is 403.
pub fn reader_roles(p: &Principal, town: i64) -> Result<RoleSet, ApiError> {
    let roles = p.town_roles(town)?;
    if roles.can_read_requests() { Ok(roles) } else { Err(ApiError::Forbidden) }
}

fn closure_of(r: &RequestRow) -> Option<Closure> {
    r.status.is_closed().then(|| Closure {
        resolution: r.resolution.clone(),
        intervention_code: r.intervention_code.clone(),
        planned_date: r.planned_date,
        performed_date: r.performed_date,
        internal_note: r.closure_note.clone(),
        message_to_requester: r.closure_message.clone(),
        legal_provision: r.legal_provision.clone(),
    })
}

/// What these staff roles may know of this request: the one rule of
/// `civis_domain::privacy`, applied to the request's kind and requester mode.
pub(crate) fn disclosed(roles: &RoleSet, r: &RequestRow) -> Disclosure {
    disclosure_of(Reader::Staff(roles), About::new(r.kind, r.requester_mode, r.department_id))
}

/// A request of the town that the caller may read, with their roles and what they may
/// know of it. Another town's request, or one the roles may not see at all (a complaint
/// for an elected official), is 404.
pub(crate) fn readable(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
) -> Result<(RoleSet, RequestRow, Disclosure), ApiError> {
    let roles = reader_roles(p, town)?;
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    let seen = disclosed(&roles, &row);
    if !seen.request {
        return Err(ApiError::NotFound);
    }
    Ok((roles, row, seen))
}

/// Who acted, from their account's kind: a citizen account is the requester; no account
/// is the requester where `by_requester` (a reply by email, a visitor's filing) and the
/// system otherwise.
pub(crate) fn actor_kind(account: Option<&str>, by_requester: bool) -> ActorKind {
    match account {
        Some("citizen") => ActorKind::Requester,
        Some(_) => ActorKind::Staff,
        None if by_requester => ActorKind::Requester,
        None => ActorKind::System,
    }
}

/// A person's name, when the reader may know it.
pub(crate) fn name_if(
    seen: &Disclosure,
    who: ActorKind,
    first: Option<String>,
    last: Option<String>,
) -> Option<Shown<String>> {
    match (first, last) {
        (Some(a), Some(b)) => seen.name_of(who, Held::new(full_name(&a, &b))),
        _ => None,
    }
}

/// What a request's views need of its town, read once.
pub struct TownClock {
    /// Today there and the end of its "due soon" window (the reminder lead, in working days).
    pub horizon: Horizon,
    pub timezone: String,
    pub closure: ClosureRules,
    /// Days a request may wait on the citizen before closing it is proposed.
    pub hold_limit_days: i32,
}

pub(crate) fn town_clock(conn: &mut PgConnection, town: i64) -> Result<TownClock, ApiError> {
    Ok(clock_of(crate::db::towns::clock(conn, town)?))
}

/// The town's clock as read, with its "due soon" window counted.
fn clock_of(clock: crate::db::towns::Clock) -> TownClock {
    let soon_until = match u32::try_from(clock.reminder_lead_days) {
        Ok(lead) if lead > 0 => civis_domain::calendar::add_business_days(clock.today, lead, &clock.holidays),
        _ => clock.today.pred_opt().unwrap_or(clock.today),
    };
    TownClock {
        horizon: Horizon { today: clock.today, soon_until },
        timezone: clock.timezone,
        hold_limit_days: clock.hold_limit_days,
        closure: ClosureRules {
            intervention_code: clock.closure_requires_code,
            planned_date: clock.closure_requires_planned,
            performed_date: clock.closure_requires_performed,
        },
    }
}

/// The requester's contact, when the request has a named one.
pub(crate) fn contact_of(conn: &mut PgConnection, r: &RequestRow) -> Result<Option<db::ContactRow>, ApiError> {
    Ok(if r.requester_mode == RequesterMode::Identified { db::contact(conn, r.id)? } else { None })
}

/// What closing this request requires: the town's rules, and whether its requester can be
/// reached (named, with an email or a phone).
pub(crate) fn closure_requirements(
    r: &RequestRow,
    rules: &ClosureRules,
    contact: Option<&db::ContactRow>,
) -> ClosureRequirements {
    let reachable = contact.is_some_and(|c| c.email.is_some() || c.phone1.is_some() || c.phone2.is_some());
    civis_domain::closure::requirements(rules, reachable, r.kind == RequestKind::AccessToInformation)
}

/// "First Last", as a person is named wherever they may be.
pub(crate) fn full_name(first: &str, last: &str) -> String {
    format!("{first} {last}").trim().to_string()
}

/// The request as these roles may see it.
pub fn detail_of(
    conn: &mut PgConnection,
    p: &Principal,
    roles: &RoleSet,
    r: RequestRow,
) -> Result<RequestDetail, ApiError> {
    let seen = disclosed(roles, &r);
    // A contact the reader may see is read and journaled at once (Loi 25's access journal).
    let contact = if seen.requester && r.requester_mode == RequesterMode::Identified {
        crate::db::journal::contact_read(conn, r.municipality_id, p.id, r.id)?
    } else {
        contact_of(conn, &r)?
    };
    let town = town_clock(conn, r.municipality_id)?;
    let closure_requirements = closure_requirements(&r, &town.closure, contact.as_ref());
    let requester = contact.map(|c| Held::new(requester_of(c))).and_then(|held| seen.contact(held));
    let answers = answers_of(conn, r.id)?;
    let favorite = db::is_favorite(conn, p.id, r.id)?;
    let (status, clock) = (r.status, town.horizon);
    let (lateness, days_late) = (clock.of(status, r.due_date), clock.days_late(status, r.due_date));
    let assignee = match r.assignee_user_id.filter(|_| seen.staff_names) {
        Some(u) => crate::db::users::find(conn, u)?
            .map(|x| Assignee { id: x.id, name: full_name(&x.first_name, &x.last_name) }),
        None => None,
    };
    let employee_concerned = if seen.employee_concerned { db::employee_concerned(conn, r.id)? } else { None };
    let due_explanation = due::explanation(conn, &r)?;
    let (waiting, first_answer) = clock_views(&r, &town);
    Ok(RequestDetail {
        id: r.id,
        municipality_id: r.municipality_id,
        number: r.number.clone(),
        kind: r.kind,
        node_id: r.node_id,
        category_id: r.category_id,
        department_id: r.department_id,
        priority: r.priority,
        status: r.status,
        public: r.is_public,
        channel: r.channel,
        application: r.api_key_id.map(|k| crate::db::api_keys::name(conn, k)).transpose()?,
        requester_mode: r.requester_mode,
        wants_followups: r.wants_followups,
        language: r.language,
        closure: closure_of(&r),
        closure_requirements,
        public_text: civis_domain::contacts::mask_public(r.public_description.as_deref().unwrap_or(&r.description)),
        public_wording: r.public_description,
        description: r.description,
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        date_of_facts: r.date_of_facts,
        due_date: r.due_date,
        due_explanation,
        waiting,
        first_answer,
        after_hours: r.after_hours,
        lateness,
        days_late,
        deadline_extended: r.deadline_extended,
        created_at: r.created_at,
        updated_at: r.updated_at,
        answers,
        requester,
        employee_concerned,
        assignee,
        photo_count: r.photo_count,
        file_count: r.file_count,
        favorite,
        unusual_reason: r.unusual_reason,
        version: r.version,
    })
}

/// Where the request stands on the town's clock besides its due date: waiting on the
/// citizen, and a promised first answer.
fn clock_views(r: &RequestRow, town: &TownClock) -> (Option<Waiting>, Option<PromisedAnswer>) {
    let today = town.horizon.today;
    let waiting = r.waiting_since.map(|since| {
        let days = (today - since).num_days();
        let reason = r.waiting_reason.clone().unwrap_or_default();
        Waiting { since, reason, days, past_limit: days > i64::from(town.hold_limit_days) }
    });
    let first_answer = r.first_answer_due.map(|due| PromisedAnswer {
        due,
        answered_at: r.first_answered_at,
        state: town.horizon.first_answer(r.status, Some(due).filter(|_| r.first_answered_at.is_none())),
    });
    (waiting, first_answer)
}

/// A stored contact as the wire's requester (still held: `Disclosure::contact` shows it).
fn requester_of(c: db::ContactRow) -> Requester {
    Requester {
        first_name: c.first_name,
        last_name: c.last_name,
        phone1: c.phone1,
        phone2: c.phone2,
        email: c.email,
        postal_address: c.postal_address,
    }
}

/// The answers to the category's questions, with the labels they were asked with.
fn answers_of(conn: &mut PgConnection, request: i64) -> Result<Vec<AnswerView>, ApiError> {
    let answers = db::answers_of(conn, request)?.into_iter().map(|a| AnswerView {
        question_id: a.question_id,
        label_fr: a.question_label_fr,
        label_en: a.question_label_en,
        value: a.value,
    });
    Ok(answers.collect())
}

/// A request of the town as staff see it.
pub fn detail(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<RequestDetail, ApiError> {
    let (roles, row, _) = readable(conn, p, town, id)?;
    detail_of(conn, p, &roles, row)
}

/// Whether a follow-up of this kind is shown under this disclosure: the requester's
/// replies are the requester's material (a complainant's are the director's alone).
pub(crate) fn followup_shown(seen: &Disclosure, kind: FollowupKind) -> bool {
    kind != FollowupKind::Incoming || seen.requester_material
}

/// A follow-up for display, its author named where `seen` allows.
pub(crate) fn followup_view(f: FollowupRow, seen: &Disclosure) -> Followup {
    let kind = f.kind;
    let who = actor_kind(f.author_account.as_deref(), kind == FollowupKind::Incoming);
    Followup {
        id: f.id,
        kind,
        body: seen.text(f.body),
        author: name_if(seen, who, f.author_first, f.author_last),
        author_kind: who,
        created_at: f.created_at,
    }
}
