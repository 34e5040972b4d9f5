//! The taxonomy tree, its questions and their options.

use diesel::prelude::*;

use super::schema::{question_options, questions, taxonomy_nodes};

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = taxonomy_nodes, check_for_backend(diesel::pg::Pg))]
pub struct NodeRow {
    pub id: i64,
    pub municipality_id: i64,
    pub parent_id: Option<i64>,
    pub level: civis_domain::NodeLevel,
    pub name_fr: String,
    pub name_en: String,
    pub kind: Option<String>,
    pub department_id: Option<i64>,
    pub default_priority: Option<String>,
    pub delay_days: Option<i32>,
    pub delay_unit: Option<civis_domain::due::DelayUnit>,
    pub public_allowed: Option<bool>,
    pub after_hours_department_id: Option<i64>,
    pub first_answer_next_day: Option<bool>,
    pub active: bool,
    pub position: i32,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = taxonomy_nodes, treat_none_as_null = true)]
pub struct NodeChange<'a> {
    pub name_fr: &'a str,
    pub name_en: &'a str,
    pub kind: Option<&'a str>,
    pub department_id: Option<i64>,
    pub default_priority: Option<&'a str>,
    pub delay_days: Option<i32>,
    pub delay_unit: Option<civis_domain::due::DelayUnit>,
    pub public_allowed: Option<bool>,
    pub after_hours_department_id: Option<i64>,
    pub first_answer_next_day: Option<bool>,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = questions, check_for_backend(diesel::pg::Pg))]
pub struct QuestionRow {
    pub id: i64,
    pub node_id: i64,
    pub qtype: civis_domain::QuestionType,
    pub label_fr: String,
    pub label_en: String,
    pub help_fr: String,
    pub help_en: String,
    pub required: bool,
    pub position: i32,
    pub active: bool,
}

#[derive(Debug, AsChangeset, Insertable)]
#[diesel(table_name = questions)]
pub struct QuestionChange<'a> {
    pub qtype: &'a str,
    pub label_fr: &'a str,
    pub label_en: &'a str,
    pub help_fr: &'a str,
    pub help_en: &'a str,
    pub required: bool,
    pub position: i32,
    pub active: bool,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = question_options, check_for_backend(diesel::pg::Pg))]
pub struct OptionRow {
    pub id: i64,
    pub question_id: i64,
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub position: i32,
    pub active: bool,
}

#[derive(Debug, AsChangeset, Insertable)]
#[diesel(table_name = question_options)]
pub struct OptionChange<'a> {
    pub code: &'a str,
    pub label_fr: &'a str,
    pub label_en: &'a str,
    pub position: i32,
    pub active: bool,
}

pub fn nodes(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<NodeRow>> {
    taxonomy_nodes::table
        .filter(taxonomy_nodes::municipality_id.eq(town))
        .order((taxonomy_nodes::position, taxonomy_nodes::id))
        .select(NodeRow::as_select())
        .load(conn)
}

pub fn find_node(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<NodeRow>> {
    taxonomy_nodes::table
        .filter(taxonomy_nodes::municipality_id.eq(town))
        .filter(taxonomy_nodes::id.eq(id))
        .select(NodeRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_node(
    conn: &mut PgConnection,
    town: i64,
    parent: Option<i64>,
    level: &str,
    change: &NodeChange,
) -> QueryResult<i64> {
    diesel::insert_into(taxonomy_nodes::table)
        .values((
            taxonomy_nodes::municipality_id.eq(town),
            taxonomy_nodes::parent_id.eq(parent),
            taxonomy_nodes::level.eq(level),
            taxonomy_nodes::name_fr.eq(change.name_fr),
            taxonomy_nodes::name_en.eq(change.name_en),
            taxonomy_nodes::kind.eq(change.kind),
            taxonomy_nodes::department_id.eq(change.department_id),
            taxonomy_nodes::default_priority.eq(change.default_priority),
            taxonomy_nodes::delay_days.eq(change.delay_days),
            taxonomy_nodes::delay_unit.eq(change.delay_unit),
            taxonomy_nodes::after_hours_department_id.eq(change.after_hours_department_id),
            taxonomy_nodes::first_answer_next_day.eq(change.first_answer_next_day),
            taxonomy_nodes::public_allowed.eq(change.public_allowed),
            taxonomy_nodes::position.eq(change.position),
        ))
        .returning(taxonomy_nodes::id)
        .get_result(conn)
}

pub fn update_node(conn: &mut PgConnection, town: i64, id: i64, change: &NodeChange) -> QueryResult<usize> {
    diesel::update(
        taxonomy_nodes::table.filter(taxonomy_nodes::municipality_id.eq(town)).filter(taxonomy_nodes::id.eq(id)),
    )
    .set(change)
    .execute(conn)
}

pub fn set_node_active(conn: &mut PgConnection, town: i64, id: i64, active: bool) -> QueryResult<usize> {
    diesel::update(
        taxonomy_nodes::table.filter(taxonomy_nodes::municipality_id.eq(town)).filter(taxonomy_nodes::id.eq(id)),
    )
    .set(taxonomy_nodes::active.eq(active))
    .execute(conn)
}

pub fn questions_of_town(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<QuestionRow>> {
    questions::table
        .filter(questions::municipality_id.eq(town))
        .order((questions::node_id, questions::position, questions::id))
        .select(QuestionRow::as_select())
        .load(conn)
}

pub fn find_question(conn: &mut PgConnection, town: i64, id: i64) -> QueryResult<Option<QuestionRow>> {
    questions::table
        .filter(questions::municipality_id.eq(town))
        .filter(questions::id.eq(id))
        .select(QuestionRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_question(conn: &mut PgConnection, town: i64, node: i64, change: &QuestionChange) -> QueryResult<i64> {
    diesel::insert_into(questions::table)
        .values((questions::municipality_id.eq(town), questions::node_id.eq(node), change))
        .returning(questions::id)
        .get_result(conn)
}

pub fn update_question(conn: &mut PgConnection, town: i64, id: i64, change: &QuestionChange) -> QueryResult<usize> {
    diesel::update(questions::table.filter(questions::municipality_id.eq(town)).filter(questions::id.eq(id)))
        .set(change)
        .execute(conn)
}

pub fn options_of_town(conn: &mut PgConnection, town: i64) -> QueryResult<Vec<OptionRow>> {
    question_options::table
        .inner_join(questions::table)
        .filter(questions::municipality_id.eq(town))
        .order((question_options::question_id, question_options::position, question_options::id))
        .select(OptionRow::as_select())
        .load(conn)
}

pub fn insert_option(conn: &mut PgConnection, question: i64, change: &OptionChange) -> QueryResult<i64> {
    diesel::insert_into(question_options::table)
        .values((question_options::question_id.eq(question), change))
        .returning(question_options::id)
        .get_result(conn)
}

pub fn update_option(conn: &mut PgConnection, question: i64, id: i64, change: &OptionChange) -> QueryResult<usize> {
    diesel::update(
        question_options::table.filter(question_options::question_id.eq(question)).filter(question_options::id.eq(id)),
    )
    .set(change)
    .execute(conn)
}
