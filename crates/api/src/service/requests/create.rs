//! Filing a request: by staff or an operator agent for a caller, by a signed-in citizen,
//! or by an anonymous visitor where the town allows.

use civis_domain::wire::{CreatedRequest, NewRequest, Requester, RequesterMode, TaxonomyNode};
use civis_domain::{FieldIssue, KindInput, QuestionSpec, Status, check_kind_rules, validate_answers};
use diesel::prelude::*;

use super::due::{Decided, FilingClock, decide};
pub use super::filer::Filer;
use crate::db::requests::{self as db, AnswerRow, ContactRow, NewRequestRow};
use crate::db::{filing, towns};
use crate::error::ApiError;
use crate::service::{notify, taxonomy};

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|v| v.trim().is_empty())
}

fn trimmed(s: &Option<String>) -> Option<String> {
    s.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_string)
}

/// The requester rules: anonymous only where allowed and then without contact or
/// follow-ups; internal only from staff; follow-ups need an email; a named request needs a
/// name or a way to reach the person (otherwise it is not admissible).
fn requester_rules(
    filer: &Filer,
    input: &NewRequest,
    allow_anonymous: bool,
    issues: &mut Vec<FieldIssue>,
) -> Option<Requester> {
    match input.requester_mode {
        RequesterMode::Internal => {
            if !filer.is_staff() {
                issues.push(FieldIssue::new("requester_mode", "internal_staff_only"));
            }
            if input.requester.is_some() || input.wants_followups {
                issues.push(FieldIssue::new("requester", "internal_no_requester"));
            }
            None
        }
        RequesterMode::Anonymous => {
            if !allow_anonymous {
                issues.push(FieldIssue::new("requester_mode", "anonymous_not_allowed"));
            }
            if input.requester.as_ref().is_some_and(|r| r != &Requester::default()) {
                issues.push(FieldIssue::new("requester", "anonymous_no_contact"));
            }
            if input.wants_followups {
                issues.push(FieldIssue::new("wants_followups", "anonymous_no_followups"));
            }
            None
        }
        RequesterMode::Identified => {
            let mut r = input.requester.clone().unwrap_or_default();
            if let Filer::Citizen(p) = filer {
                if r.first_name.trim().is_empty() && r.last_name.trim().is_empty() {
                    r.first_name = p.first_name.clone();
                    r.last_name = p.last_name.clone();
                }
                if blank(&r.email) {
                    r.email = Some(p.email.clone());
                }
            }
            let r = Requester {
                first_name: r.first_name.trim().to_string(),
                last_name: r.last_name.trim().to_string(),
                phone1: trimmed(&r.phone1),
                phone2: trimmed(&r.phone2),
                email: trimmed(&r.email).map(|e| e.to_lowercase()),
                postal_address: trimmed(&r.postal_address),
            };
            let named = !r.first_name.is_empty() || !r.last_name.is_empty();
            let reachable = r.email.is_some() || r.phone1.is_some() || r.phone2.is_some() || r.postal_address.is_some();
            if !named && !reachable {
                issues.push(FieldIssue::new("requester", "requester_required"));
            }
            if input.wants_followups && r.email.is_none() {
                issues.push(FieldIssue::new("requester.email", "email_required_for_followups"));
            }
            Some(r)
        }
    }
}

/// The node a request is filed under, active and in the town, with its path.
fn chosen_node(conn: &mut PgConnection, town: i64, node_id: i64) -> Result<(TaxonomyNode, i64), ApiError> {
    let tree = taxonomy::tree(conn, town, true)?;
    let node =
        tree.iter().find(|n| n.id == node_id).cloned().ok_or_else(|| ApiError::field("node_id", "node_retired"))?;
    let mut category = node.id;
    let mut parent = node.parent_id;
    while let Some(p) = parent.and_then(|p| tree.iter().find(|n| n.id == p)) {
        category = p.id;
        parent = p.parent_id;
    }
    Ok((node, category))
}

/// The answers to the category's questions, by question id.
type Answers = Vec<(i64, serde_json::Value)>;

/// What the town's rules say of the input: the requester to keep and the answers, or
/// every issue at once.
fn checked(
    conn: &mut PgConnection,
    town: &towns::TownRow,
    filer: &Filer,
    input: &NewRequest,
    node: &TaxonomyNode,
    today: chrono::NaiveDate,
) -> Result<(Option<Requester>, Answers), ApiError> {
    let eff = &node.effective;
    let mut issues = Vec::new();
    let requester = requester_rules(filer, input, town.allow_anonymous, &mut issues);
    let internal = input.requester_mode == RequesterMode::Internal;
    if input.channel == Some(civis_domain::Channel::Application) {
        issues.push(FieldIssue::new("channel", "channel_application_key_only"));
    }
    if input.public && eff.kind.is_confidential() {
        issues.push(FieldIssue::new("public", "complaint_never_public"));
    } else if input.public && (internal || !eff.public_allowed) {
        issues.push(FieldIssue::new("public", "public_not_allowed"));
    }
    if employee(input).is_some() && !eff.kind.is_confidential() {
        issues.push(FieldIssue::new("employee_concerned", "complaint_only"));
    }
    match (input.latitude, input.longitude) {
        (Some(lat), Some(lng)) => {
            if !crate::service::addresses::is_inside(conn, town.id, lat, lng)? {
                issues.push(FieldIssue::new("latitude", "outside_territory"));
            }
        }
        (None, None) => {}
        _ => issues.push(FieldIssue::new("latitude", "location_incomplete")),
    }
    let facts = KindInput {
        received_on: today,
        date_of_facts: input.date_of_facts,
        attested: input.attested,
        anonymous: input.requester_mode == RequesterMode::Anonymous,
        safety_concern: input.safety_concern,
    };
    if let Err(kind_issues) = check_kind_rules(eff.kind, &facts) {
        issues.extend(kind_issues);
    }
    let answers = answers_checked(node, input, &mut issues);
    if issues.is_empty() { Ok((requester, answers)) } else { Err(ApiError::Validation(issues)) }
}

fn employee(input: &NewRequest) -> Option<&str> {
    input.employee_concerned.as_deref().map(str::trim).filter(|e| !e.is_empty())
}

fn answers_checked(node: &TaxonomyNode, input: &NewRequest, issues: &mut Vec<FieldIssue>) -> Answers {
    let specs: Vec<QuestionSpec> = node
        .questions
        .iter()
        .filter(|q| q.active)
        .map(|q| QuestionSpec {
            id: q.id,
            qtype: q.qtype,
            required: q.required,
            options: q.options.iter().filter(|o| o.active).map(|o| o.code.clone()).collect(),
        })
        .collect();
    let given: Vec<(i64, serde_json::Value)> = input.answers.iter().map(|a| (a.question_id, a.value.clone())).collect();
    validate_answers(&specs, &given).unwrap_or_else(|answer_issues| {
        issues.extend(answer_issues);
        Vec::new()
    })
}

fn nonblank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|a| !a.is_empty())
}

/// The request's row (its number comes from the insert).
fn new_row<'a>(
    town: i64,
    year: i32,
    filer: &Filer,
    input: &'a NewRequest,
    node: &TaxonomyNode,
    category_id: i64,
    d: &Decided,
) -> NewRequestRow<'a> {
    let eff = &node.effective;
    NewRequestRow {
        municipality_id: town,
        number: "",
        year,
        seq: 0,
        kind: eff.kind.as_str(),
        node_id: node.id,
        category_id,
        department_id: d.department,
        priority: d.priority.as_str(),
        priority_rank: d.priority.rank(),
        status: d.status.as_str(),
        is_public: input.public,
        channel: d.channel.as_str(),
        requester_mode: input.requester_mode.as_str(),
        wants_followups: input.wants_followups,
        language: d.language.as_str(),
        description: input.description.trim(),
        address: nonblank(&input.address),
        latitude: input.latitude.map(civis_domain::territory::snap),
        longitude: input.longitude.map(civis_domain::territory::snap),
        date_of_facts: input.date_of_facts,
        attested: input.attested,
        safety_concern: input.safety_concern,
        due_date: d.due_date(),
        due_basis: d.basis.clone(),
        after_hours: d.after_hours,
        first_answer_due: d.first_answer_due.filter(|_| input.requester_mode == RequesterMode::Identified),
        created_at: d.filed_at,
        updated_at: d.filed_at,
        created_by: filer.user_id().filter(|_| input.requester_mode != RequesterMode::Anonymous),
        citizen_user_id: match filer {
            Filer::Citizen(p) => Some(p.id),
            _ => None,
        },
        api_key_id: filer.api_key(),
    }
}

fn answer_rows(id: i64, node: &TaxonomyNode, answers: Answers) -> Vec<AnswerRow> {
    answers
        .into_iter()
        .filter_map(|(qid, value)| {
            let q = node.questions.iter().find(|q| q.id == qid)?;
            Some(AnswerRow {
                request_id: id,
                question_id: qid,
                qtype: q.qtype.as_str().to_string(),
                question_label_fr: q.label_fr.clone(),
                question_label_en: q.label_en.clone(),
                value,
            })
        })
        .collect()
}

fn contact_row(id: i64, r: Requester) -> ContactRow {
    ContactRow {
        request_id: id,
        first_name: r.first_name,
        last_name: r.last_name,
        phone1: r.phone1,
        phone2: r.phone2,
        email: r.email,
        postal_address: r.postal_address,
    }
}

/// What the filing's emails say, from what was just written (no query while the town's
/// counter is locked).
fn context(
    town: &towns::TownRow,
    node: &TaxonomyNode,
    input: &NewRequest,
    filed: (i64, &str),
    d: &Decided,
) -> notify::Context {
    notify::Context {
        id: filed.0,
        municipality_id: town.id,
        number: filed.1.to_string(),
        kind: node.effective.kind,
        language: d.language,
        requester_mode: input.requester_mode,
        wants_followups: input.wants_followups,
        is_public: input.public,
        description: input.description.trim().into(),
        address: nonblank(&input.address).map(Into::into),
        town_name: town.name.clone(),
        slug: town.slug.clone(),
        sender_name: town.sender_name.clone(),
        sender_email: town.sender_email.clone(),
        node_fr: node.name_fr.clone(),
        node_en: node.name_en.clone(),
        requester_email: None,
        department_email: None,
        closure_message: None,
        due_date: d.due_date(),
    }
}

/// Files a request and returns its number; a visitor's or a citizen's filing counts
/// against its limits (`filing_limits`).
pub fn create(
    conn: &mut PgConnection,
    town: i64,
    filer: &Filer,
    input: &NewRequest,
    limits: (&crate::limits::Limiter, &str),
) -> Result<CreatedRequest, ApiError> {
    if let Filer::Staff(_, roles) = filer
        && !roles.can_create_requests()
    {
        return Err(ApiError::Forbidden);
    }
    conn.transaction(|conn| {
        super::filing_limits::count(conn, limits, filer, input)?;
        let town_row = towns::find(conn, town)?.filter(|t| t.active).ok_or(ApiError::NotFound)?;
        let (node, category_id) = chosen_node(conn, town, input.node_id)?;
        // The filing's instant is the process's (as a call's), seen on the town's clock: its
        // day and year, its due date, whether the office is open, and `created_at`.
        let now = crate::clock::now();
        let (cal, hours, local) = super::due::moment(conn, town, Some(now))?;
        let (today, year) = (local.date(), chrono::Datelike::year(&local));
        let (requester, answers) = checked(conn, &town_row, filer, input, &node, today)?;
        let clock = FilingClock { now, cal: &cal, hours: &hours, local, urgent_days: town_row.urgent_delay_days };
        let d = decide(filer, input, &node, &clock)?;
        let department_email = match d.department {
            Some(dep) => crate::db::departments::notification_email(conn, dep)?,
            None => None,
        };
        // The insert takes the town's next number for the year (a trigger), which locks
        // the year's counter until the commit (numbers have no gaps): what follows is one
        // statement for every row that needs the request's id or number, then the commit.
        let (id, number) = db::insert_numbered(conn, &new_row(town, year, filer, input, &node, category_id, &d))?;
        let about = notify::Context {
            requester_email: requester.as_ref().and_then(|r| r.email.clone()),
            department_email,
            ..context(&town_row, &node, input, (id, &number), &d)
        };
        let contact = requester.map(|r| contact_row(id, r));
        let outbox = notify::filed(&about, d.status == Status::Transferred, d.due.as_ref());
        let answers = answer_rows(id, &node, answers);
        let hooks = notify::hook_messages(&about, d.status, notify::Happened::Filed)?;
        // An anonymous request names no one, not even in its history.
        let actor = filer.user_id().filter(|_| input.requester_mode != RequesterMode::Anonymous);
        filing::insert(
            conn,
            &filing::FilingRows {
                town,
                request: id,
                actor,
                status: d.status.as_str(),
                contact: contact.as_ref(),
                answers: &answers,
                outbox: &outbox,
                hooks: &hooks,
            },
        )?;
        if let Some(e) = employee(input) {
            db::set_employee_concerned(conn, id, e)?;
        }
        if d.department != node.effective.department_id {
            super::due::routed_after_hours(conn, town, id, (node.effective.department_id, d.department))?;
        }
        if let Some(other) = input.also_reports {
            super::duplicates::link(conn, town, (id, &number), (other, category_id), actor)?;
        }
        let due_date = d.due_date();
        Ok(CreatedRequest { id, number, status: d.status, due_date, due_explanation: d.due, upload_token: None })
    })
}
