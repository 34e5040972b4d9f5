//! The taxonomy a town administrator builds: nodes with inherited settings, their questions
//! and options. Nodes are retired, never deleted, so old requests keep their category.

use std::collections::HashMap;
use std::str::FromStr;

use civis_domain::wire::{
    EffectiveNode, NodeInput, OptionInput, Question, QuestionInput, QuestionOption, TaxonomyNode,
};
use civis_domain::{NodeLevel, NodeSettings, Priority, QuestionType, RequestKind, resolve};
use diesel::prelude::*;

use crate::db::taxonomy::{self as db, NodeChange, NodeRow, OptionChange, QuestionChange};
use crate::error::ApiError;

fn settings_of(n: &NodeRow) -> NodeSettings {
    NodeSettings {
        department_id: n.department_id,
        default_priority: n.default_priority.as_deref().and_then(|p| Priority::from_str(p).ok()),
        delay_days: n.delay_days,
        delay_unit: n.delay_unit,
        public_allowed: n.public_allowed,
        after_hours_department_id: n.after_hours_department_id,
        first_answer_next_day: n.first_answer_next_day,
        kind: n.kind.as_deref().and_then(|k| RequestKind::from_str(k).ok()),
    }
}

/// The node's ancestors and itself, root first.
fn path<'a>(by_id: &HashMap<i64, &'a NodeRow>, node: &'a NodeRow) -> Vec<&'a NodeRow> {
    let mut path = vec![node];
    let mut cur = node;
    while let Some(parent) = cur.parent_id.and_then(|p| by_id.get(&p)) {
        path.push(parent);
        cur = parent;
        if path.len() > 3 {
            break;
        }
    }
    path.reverse();
    path
}

/// The whole tree of a town, flat (each node names its parent), in display order. With
/// `public_only`, retired nodes, nodes under retired ones, and retired questions and
/// options are left out.
pub fn tree(conn: &mut PgConnection, town: i64, public_only: bool) -> Result<Vec<TaxonomyNode>, ApiError> {
    let nodes = db::nodes(conn, town)?;
    let mut questions: HashMap<i64, Vec<Question>> = HashMap::new();
    let mut options: HashMap<i64, Vec<QuestionOption>> = HashMap::new();
    for o in db::options_of_town(conn, town)? {
        if public_only && !o.active {
            continue;
        }
        options.entry(o.question_id).or_default().push(QuestionOption {
            id: o.id,
            code: o.code,
            label_fr: o.label_fr,
            label_en: o.label_en,
            position: o.position,
            active: o.active,
        });
    }
    for q in db::questions_of_town(conn, town)? {
        if public_only && !q.active {
            continue;
        }
        let qtype = q.qtype;
        questions.entry(q.node_id).or_default().push(Question {
            id: q.id,
            node_id: q.node_id,
            qtype,
            label_fr: q.label_fr,
            label_en: q.label_en,
            help_fr: q.help_fr,
            help_en: q.help_en,
            required: q.required,
            position: q.position,
            active: q.active,
            options: options.remove(&q.id).unwrap_or_default(),
        });
    }
    let by_id: HashMap<i64, &NodeRow> = nodes.iter().map(|n| (n.id, n)).collect();
    let mut out = Vec::with_capacity(nodes.len());
    for n in &nodes {
        let path = path(&by_id, n);
        if public_only && path.iter().any(|p| !p.active) {
            continue;
        }
        let settings: Vec<NodeSettings> = path.iter().map(|p| settings_of(p)).collect();
        let eff = resolve(&settings);
        let own = settings_of(n);
        out.push(TaxonomyNode {
            id: n.id,
            parent_id: n.parent_id,
            level: n.level,
            name_fr: n.name_fr.clone(),
            name_en: n.name_en.clone(),
            kind: own.kind,
            department_id: own.department_id,
            default_priority: own.default_priority,
            delay_days: own.delay_days,
            delay_unit: own.delay_unit,
            public_allowed: own.public_allowed,
            after_hours_department_id: own.after_hours_department_id,
            first_answer_next_day: own.first_answer_next_day,
            active: n.active,
            position: n.position,
            effective: EffectiveNode {
                department_id: eff.department_id,
                priority: eff.priority,
                delay_days: eff.delay_days,
                delay_unit: eff.delay_unit,
                public_allowed: eff.public_allowed,
                after_hours_department_id: eff.after_hours_department_id,
                first_answer_next_day: eff.first_answer_next_day,
                kind: eff.kind,
            },
            questions: questions.remove(&n.id).unwrap_or_default(),
        });
    }
    Ok(out)
}

/// One node as the administrator sees it.
pub fn node(conn: &mut PgConnection, town: i64, id: i64) -> Result<TaxonomyNode, ApiError> {
    tree(conn, town, false)?.into_iter().find(|n| n.id == id).ok_or(ApiError::NotFound)
}

fn change(input: &NodeInput) -> NodeChange<'_> {
    NodeChange {
        name_fr: input.name_fr.trim(),
        name_en: input.name_en.trim(),
        kind: input.kind.map(RequestKind::as_str),
        department_id: input.department_id,
        default_priority: input.default_priority.map(Priority::as_str),
        delay_days: input.delay_days,
        delay_unit: input.delay_unit,
        public_allowed: input.public_allowed,
        after_hours_department_id: input.after_hours_department_id,
        first_answer_next_day: input.first_answer_next_day,
        position: input.position,
    }
}

fn department_error(e: diesel::result::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::Rule("invalid_reference") => ApiError::field("department_id", "invalid_reference"),
        other => other,
    }
}

/// The after-hours department, when named, is one of the town's (its own field's error).
fn check_after_hours(conn: &mut PgConnection, town: i64, input: &NodeInput) -> Result<(), ApiError> {
    match input.after_hours_department_id {
        Some(d) if crate::db::departments::find(conn, town, d)?.is_none() => {
            Err(ApiError::field("after_hours_department_id", "invalid_reference"))
        }
        _ => Ok(()),
    }
}

/// Adds a category (no parent), an event (under a category) or a sub-event (under an event).
pub fn create_node(conn: &mut PgConnection, town: i64, input: &NodeInput) -> Result<TaxonomyNode, ApiError> {
    conn.transaction(|conn| {
        check_after_hours(conn, town, input)?;
        let level = match input.parent_id {
            None => NodeLevel::Category,
            Some(pid) => {
                let parent =
                    db::find_node(conn, town, pid)?.ok_or_else(|| ApiError::field("parent_id", "invalid_parent"))?;
                let level = parent.level;
                level.child().ok_or_else(|| ApiError::field("parent_id", "too_deep"))?
            }
        };
        let id =
            db::insert_node(conn, town, input.parent_id, level.as_str(), &change(input)).map_err(department_error)?;
        node(conn, town, id)
    })
}

/// Replaces a node's names and settings; a node never moves to another parent.
pub fn replace_node(conn: &mut PgConnection, town: i64, id: i64, input: &NodeInput) -> Result<TaxonomyNode, ApiError> {
    conn.transaction(|conn| {
        let existing = db::find_node(conn, town, id)?.ok_or(ApiError::NotFound)?;
        check_after_hours(conn, town, input)?;
        if existing.parent_id != input.parent_id {
            return Err(ApiError::field("parent_id", "invalid_parent"));
        }
        db::update_node(conn, town, id, &change(input)).map_err(department_error)?;
        node(conn, town, id)
    })
}

/// Retires (or restores) a node: it disappears from the portal and the wizard with
/// everything under it, and stays readable on the requests filed under it.
pub fn set_active(conn: &mut PgConnection, town: i64, id: i64, active: bool) -> Result<TaxonomyNode, ApiError> {
    conn.transaction(|conn| {
        if db::set_node_active(conn, town, id, active)? == 0 {
            return Err(ApiError::NotFound);
        }
        node(conn, town, id)
    })
}

fn question_change(input: &QuestionInput) -> QuestionChange<'_> {
    QuestionChange {
        qtype: input.qtype.as_str(),
        label_fr: input.label_fr.trim(),
        label_en: input.label_en.trim(),
        help_fr: input.help_fr.trim(),
        help_en: input.help_en.trim(),
        required: input.required,
        position: input.position,
        active: input.active,
    }
}

fn is_choice(t: QuestionType) -> bool {
    matches!(t, QuestionType::SingleChoice | QuestionType::MultipleChoice)
}

fn question(conn: &mut PgConnection, town: i64, id: i64) -> Result<Question, ApiError> {
    tree(conn, town, false)?.into_iter().flat_map(|n| n.questions).find(|q| q.id == id).ok_or(ApiError::NotFound)
}

fn option_change(o: &OptionInput) -> OptionChange<'_> {
    OptionChange {
        code: &o.code,
        label_fr: o.label_fr.trim(),
        label_en: o.label_en.trim(),
        position: o.position,
        active: o.active,
    }
}

fn code_taken(e: diesel::result::Error) -> ApiError {
    match ApiError::from(e) {
        ApiError::Conflict(_) => ApiError::Conflict("code_taken"),
        other => other,
    }
}

/// Adds a question to a node; choice questions come with their options.
pub fn create_question(
    conn: &mut PgConnection,
    town: i64,
    node_id: i64,
    input: &QuestionInput,
) -> Result<Question, ApiError> {
    match (is_choice(input.qtype), input.options.is_empty()) {
        (true, true) => return Err(ApiError::field("options", "options_required")),
        (false, false) => return Err(ApiError::field("options", "options_not_allowed")),
        _ => {}
    }
    conn.transaction(|conn| {
        db::find_node(conn, town, node_id)?.ok_or(ApiError::NotFound)?;
        let id = db::insert_question(conn, town, node_id, &question_change(input))?;
        for o in &input.options {
            db::insert_option(conn, id, &option_change(o)).map_err(code_taken)?;
        }
        question(conn, town, id)
    })
}

/// Replaces a question's wording and rules. Requests already filed keep the wording they
/// were answered with (answers store a snapshot).
pub fn replace_question(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    input: &QuestionInput,
) -> Result<Question, ApiError> {
    conn.transaction(|conn| {
        let existing = db::find_question(conn, town, id)?.ok_or(ApiError::NotFound)?;
        let was_choice = is_choice(existing.qtype);
        if was_choice != is_choice(input.qtype) {
            return Err(ApiError::field("qtype", "qtype_fixed"));
        }
        db::update_question(conn, town, id, &question_change(input))?;
        question(conn, town, id)
    })
}

/// Adds a choice to a single- or multiple-choice question.
pub fn create_option(
    conn: &mut PgConnection,
    town: i64,
    question_id: i64,
    input: &OptionInput,
) -> Result<Question, ApiError> {
    conn.transaction(|conn| {
        let q = db::find_question(conn, town, question_id)?.ok_or(ApiError::NotFound)?;
        if !is_choice(q.qtype) {
            return Err(ApiError::field("code", "options_not_allowed"));
        }
        db::insert_option(conn, question_id, &option_change(input)).map_err(code_taken)?;
        question(conn, town, question_id)
    })
}

/// Replaces a choice (retire it with `active: false`).
pub fn replace_option(
    conn: &mut PgConnection,
    town: i64,
    question_id: i64,
    id: i64,
    input: &OptionInput,
) -> Result<Question, ApiError> {
    conn.transaction(|conn| {
        db::find_question(conn, town, question_id)?.ok_or(ApiError::NotFound)?;
        if db::update_option(conn, question_id, id, &option_change(input)).map_err(code_taken)? == 0 {
            return Err(ApiError::NotFound);
        }
        question(conn, town, question_id)
    })
}
