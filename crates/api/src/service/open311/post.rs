//! GeoReport's `POST requests`: an app files for a citizen with the town's key. The form's
//! fields become the portal's filing (`requests::create`, its rules and limits), filed by
//! the app (channel `application`, the key kept on the request).

use civis_domain::wire::{AnswerInput, NewRequest, PostedRequest, Requester, RequesterMode, TaxonomyNode};
use civis_domain::{FieldIssue, Lang, QuestionType};
use diesel::PgConnection;
use serde_json::Value;
use validator::Validate;

use super::leaf;
use crate::error::ApiError;
use crate::service::api_keys;
use crate::service::requests::{self as svc, Filer};

/// A filing's fields, as the form gave them (empty ones are absent).
#[derive(Debug, Default)]
pub struct Posted {
    pub api_key: Option<String>,
    pub service_code: Option<String>,
    /// As given: read once the key is checked.
    pub lat: Option<String>,
    pub long: Option<String>,
    pub address_string: Option<String>,
    pub email: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub phone: Option<String>,
    pub description: Option<String>,
    pub media_url: Option<String>,
    /// `attribute[code]` and `attribute[code][]`, in the order given.
    pub attributes: Vec<(String, Vec<String>)>,
    pub lang: Lang,
}

/// An answer's value in the question's type, as the portal sends it (a value of the wrong
/// form is left as text: the answer rules then say what is wrong with it).
fn value(qtype: QuestionType, mut given: Vec<String>) -> Value {
    let one = given.first().map(|v| v.trim().to_string()).unwrap_or_default();
    match qtype {
        QuestionType::MultipleChoice => Value::Array(given.drain(..).map(Value::String).collect()),
        QuestionType::Number => one
            .replace(',', ".")
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map_or(Value::String(one), Value::Number),
        QuestionType::YesNo => match one.to_lowercase().as_str() {
            "true" | "yes" | "oui" | "1" => Value::Bool(true),
            "false" | "no" | "non" | "0" => Value::Bool(false),
            _ => Value::String(one),
        },
        // A W3C date and time is read as its date.
        QuestionType::Date => Value::String(one.get(..10).filter(|_| one.len() > 10).unwrap_or(&one).to_string()),
        QuestionType::Text | QuestionType::SingleChoice => Value::String(one),
    }
}

/// The answers by the node's questions; an attribute that names none of them is an issue.
fn answers(
    node: &TaxonomyNode,
    attributes: &[(String, Vec<String>)],
    issues: &mut Vec<FieldIssue>,
) -> Vec<AnswerInput> {
    let mut out = Vec::new();
    for (code, given) in attributes {
        match node.questions.iter().find(|q| q.active && q.id.to_string() == *code) {
            Some(q) => out.push(AnswerInput { question_id: q.id, value: value(q.qtype, given.clone()) }),
            None => issues.push(FieldIssue::new(format!("attribute[{code}]"), "attribute_unknown")),
        }
    }
    out
}

fn requester(p: &Posted) -> Option<Requester> {
    let r = Requester {
        first_name: p.first_name.clone().unwrap_or_default(),
        last_name: p.last_name.clone().unwrap_or_default(),
        phone1: p.phone.clone(),
        email: p.email.clone(),
        ..Requester::default()
    };
    (r != Requester::default()).then_some(r)
}

/// A coordinate as given: a finite number, or the range's refusal.
fn coordinate(field: &str, v: Option<&str>, issues: &mut Vec<FieldIssue>) -> Option<f64> {
    let v = v?;
    match v.trim().parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            issues.push(FieldIssue::new(field, "range"));
            None
        }
    }
}

/// The portal's filing for what the form says.
fn filing(node: &TaxonomyNode, p: &Posted, issues: &mut Vec<FieldIssue>) -> NewRequest {
    let mut description = p.description.clone().unwrap_or_else(|| node.name(p.lang).to_string());
    // Remote media are not fetched (nothing is downloaded on a caller's word): the link is kept.
    if let Some(url) = &p.media_url {
        description.push_str(&format!("\n\nMédia : {url}"));
    }
    let requester = requester(p);
    NewRequest {
        node_id: node.id,
        description,
        address: p.address_string.clone(),
        latitude: coordinate("latitude", p.lat.as_deref(), issues),
        longitude: coordinate("longitude", p.long.as_deref(), issues),
        answers: answers(node, &p.attributes, issues),
        channel: None,
        requester_mode: if requester.is_some() { RequesterMode::Identified } else { RequesterMode::Anonymous },
        wants_followups: requester.as_ref().is_some_and(|r| r.email.is_some()),
        requester,
        public: node.effective.public_allowed,
        language: Some(p.lang),
        date_of_facts: None,
        attested: false,
        safety_concern: false,
        employee_concerned: None,
        priority: None,
        also_reports: None,
    }
}

/// Files the request: the key must be the town's, live, and within its hourly limit; the
/// number is the answer's `service_request_id` (every service is realtime). With the
/// request's id (its photo is stored after).
pub fn post(
    conn: &mut PgConnection,
    st: &crate::state::AppState,
    (town, client): (i64, &str),
    p: &Posted,
) -> Result<(PostedRequest, i64), ApiError> {
    let key = api_keys::check(conn, town, p.api_key.as_deref())?;
    let code = p.service_code.as_deref().ok_or_else(|| ApiError::field("service_code", "required"))?;
    let tree = crate::service::taxonomy::tree(conn, town, true)?;
    let node = leaf(&tree, code)?;
    let mut issues = Vec::new();
    let input = filing(&node, p, &mut issues);
    if let Err(e) = input.validate() {
        issues.extend(crate::error::issues_of(&e));
    }
    if input.latitude.is_none() && input.address.as_deref().is_none_or(|a| a.trim().is_empty()) {
        issues.push(FieldIssue::new("lat", "location_required"));
    }
    if !issues.is_empty() {
        return Err(ApiError::Validation(issues));
    }
    let created = svc::create(conn, town, &Filer::Application(&key), &input, (&st.limits, client))?;
    let notice = created.due_date.map(|d| match p.lang {
        Lang::Fr => format!("Traitement prévu d'ici le {d}"),
        Lang::En => format!("Expected to be handled by {d}"),
    });
    let posted = PostedRequest {
        service_request_id: created.number,
        token: crate::reply::open311_token(&st.settings.secret, created.id),
        service_notice: notice,
        account_id: None,
    };
    Ok((posted, created.id))
}
