//! The life of a request: filing, the staff list, the detail, edits, transitions,
//! follow-ups, and the public and citizen views.

mod act;
mod counts;
mod create;
mod list;
mod public;
mod sql;
mod words;

pub use act::{add_followup, extend_deadline, followups, history, patch, set_favorite, transition};
pub use counts::{COUNT_CAP, COUNT_WINDOW};
pub use create::{Filer, create};
pub use list::{ListArgs, list};
pub use public::{Near, NearbyArgs, PublicArgs, follow, nearby, own_requests, public_detail, public_list, track};

use civis_domain::wire::{AnswerView, Closure, Followup, FollowupKind, RequestDetail, Requester, RequesterMode};
use civis_domain::{Channel, Lang, Priority, RequestKind, RoleSet, Status};
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

pub(crate) fn status_of(r: &RequestRow) -> Status {
    r.status.parse().unwrap_or(Status::Transferred)
}

pub(crate) fn kind_of(r: &RequestRow) -> RequestKind {
    r.kind.parse().unwrap_or(RequestKind::Request)
}

pub(crate) fn mode_of(r: &RequestRow) -> RequesterMode {
    RequesterMode::parse(&r.requester_mode).unwrap_or_default()
}

fn closure_of(r: &RequestRow) -> Option<Closure> {
    status_of(r).is_closed().then(|| Closure {
        resolution: r.resolution.clone(),
        intervention_code: r.intervention_code.clone(),
        planned_date: r.planned_date,
        performed_date: r.performed_date,
        internal_note: r.closure_note.clone(),
        message_to_requester: r.closure_message.clone(),
        legal_provision: r.legal_provision.clone(),
    })
}

/// Whether these roles see this request's requester: those who need it, never for an
/// anonymous or internal request, and for a complaint the director only.
pub(crate) fn sees_contact(roles: &RoleSet, r: &RequestRow) -> bool {
    roles.can_see_contact()
        && mode_of(r) == RequesterMode::Identified
        && (!kind_of(r).is_confidential() || roles.can_see_confidential())
}

/// The request as these roles may see it.
pub fn detail_of(
    conn: &mut PgConnection,
    p: &Principal,
    roles: &RoleSet,
    r: RequestRow,
) -> Result<RequestDetail, ApiError> {
    let requester = if sees_contact(roles, &r) {
        db::contact(conn, r.id)?.map(|c| Requester {
            first_name: c.first_name,
            last_name: c.last_name,
            phone1: c.phone1,
            phone2: c.phone2,
            email: c.email,
            postal_address: c.postal_address,
        })
    } else {
        None
    };
    let answers = db::answers_of(conn, r.id)?
        .into_iter()
        .map(|a| AnswerView {
            question_id: a.question_id,
            label_fr: a.question_label_fr,
            label_en: a.question_label_en,
            value: a.value,
        })
        .collect();
    let favorite = db::is_favorite(conn, p.id, r.id)?;
    Ok(RequestDetail {
        id: r.id,
        municipality_id: r.municipality_id,
        number: r.number.clone(),
        kind: kind_of(&r),
        node_id: r.node_id,
        category_id: r.category_id,
        department_id: r.department_id,
        priority: r.priority.parse().unwrap_or(Priority::Important),
        status: status_of(&r),
        public: r.is_public,
        channel: r.channel.parse().unwrap_or(Channel::Web),
        requester_mode: mode_of(&r),
        wants_followups: r.wants_followups,
        language: r.language.parse().unwrap_or(Lang::Fr),
        closure: closure_of(&r),
        description: r.description,
        address: r.address,
        latitude: r.latitude,
        longitude: r.longitude,
        date_of_facts: r.date_of_facts,
        due_date: r.due_date,
        deadline_extended: r.deadline_extended,
        created_at: r.created_at,
        updated_at: r.updated_at,
        answers,
        requester,
        photo_count: r.photo_count,
        file_count: r.file_count,
        favorite,
        version: r.version,
    })
}

/// A request of the town as staff see it.
pub fn detail(conn: &mut PgConnection, p: &Principal, town: i64, id: i64) -> Result<RequestDetail, ApiError> {
    let roles = reader_roles(p, town)?;
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    detail_of(conn, p, &roles, row)
}

/// A follow-up for display; `with_author` for staff views.
pub(crate) fn followup_view(f: FollowupRow, with_author: bool) -> Followup {
    let author = match (f.author_first, f.author_last) {
        (Some(a), Some(b)) if with_author => Some(format!("{a} {b}").trim().to_string()),
        _ => None,
    };
    Followup {
        id: f.id,
        kind: FollowupKind::parse(&f.kind).unwrap_or(FollowupKind::Internal),
        body: f.body,
        author,
        created_at: f.created_at,
    }
}
