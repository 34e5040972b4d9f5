//! The knowledge base: who reads and writes articles, their versions and vocabulary, and
//! the search agents trust during a call (and citizens use on the portal).

use std::collections::BTreeSet;

use civis_domain::knowledge::{self, Audience};
use civis_domain::wire::{Article, ArticleDocument, ArticleHit, ArticleInput, ArticleQuery, ArticleRevision};
use civis_domain::{Role, RoleSet, text};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::knowledge::{self as db, ArticleChange, ArticleRow, Scope};
use crate::error::ApiError;

/// The caller's roles in the town, when they may read the whole knowledge base.
pub fn reader(p: &Principal, town: i64) -> Result<RoleSet, ApiError> {
    let roles = p.town_roles(town)?;
    if roles.can_read_knowledge() { Ok(roles) } else { Err(ApiError::Forbidden) }
}

/// A town administrator writes every article; a department responsible those of their
/// department.
pub(super) fn may_edit(p: &Principal, town: i64, roles: &RoleSet, department: Option<i64>) -> bool {
    roles.can_edit_any_article()
        || (department.is_some()
            && p.grants.iter().any(|g| {
                g.municipality_id == town && g.role == Role::DepartmentResponsible && g.department_id == department
            }))
}

fn change<'a>(input: &'a ArticleInput, keywords: &'a [String]) -> ArticleChange<'a> {
    ArticleChange {
        title_fr: input.title_fr.trim(),
        title_en: input.title_en.trim(),
        body_fr: input.body_fr.trim_end(),
        body_en: input.body_en.trim_end(),
        keywords,
        department_id: input.department_id,
        audience: input.audience.as_str(),
        verify_by: input.verify_by,
        archived: input.archived,
    }
}

/// The words of an article as the typo-tolerant search knows them.
fn vocabulary(input: &ArticleInput) -> Vec<String> {
    let all = [&input.title_fr, &input.title_en, &input.body_fr, &input.body_en]
        .into_iter()
        .map(|t| text::fold(t))
        .chain(input.keywords.iter().map(|k| text::fold(k)))
        .collect::<Vec<_>>()
        .join(" ");
    let words: BTreeSet<&str> =
        all.split_whitespace().filter(|w| (knowledge::TYPO_MIN_LEN..=40).contains(&w.chars().count())).collect();
    words.into_iter().map(str::to_string).collect()
}

/// Saves the version's content, nodes and words (the article row is written already).
fn save_parts(
    conn: &mut PgConnection,
    town: i64,
    id: i64,
    version: i32,
    by: i64,
    input: &ArticleInput,
) -> Result<(), ApiError> {
    let nodes: BTreeSet<i64> = input.node_ids.iter().copied().collect();
    db::set_nodes(conn, town, id, &nodes.into_iter().collect::<Vec<_>>()).map_err(on_field("node_ids"))?;
    let content = serde_json::to_value(input).map_err(|e| ApiError::caused("article revision", e))?;
    db::add_revision(conn, id, version, by, &content)?;
    db::add_words(conn, town, &vocabulary(input))?;
    Ok(())
}

/// A foreign key of another town (or of nothing) names the field.
fn on_field(field: &'static str) -> impl Fn(diesel::result::Error) -> ApiError {
    move |e| match ApiError::from(e) {
        ApiError::Rule("invalid_reference") => ApiError::field(field, "invalid_reference"),
        other => other,
    }
}

fn keywords_of(input: &ArticleInput) -> Vec<String> {
    let mut seen = BTreeSet::new();
    input.keywords.iter().map(|k| k.trim().to_string()).filter(|k| seen.insert(k.to_lowercase())).collect()
}

pub fn create(conn: &mut PgConnection, p: &Principal, town: i64, input: &ArticleInput) -> Result<Article, ApiError> {
    let roles = reader(p, town)?;
    if !may_edit(p, town, &roles, input.department_id) {
        return Err(if roles.contains(Role::DepartmentResponsible) {
            ApiError::field("department_id", "article_not_yours")
        } else {
            ApiError::Forbidden
        });
    }
    conn.transaction(|conn| {
        let keywords = keywords_of(input);
        let (id, version) = db::insert(conn, town, &change(input, &keywords)).map_err(on_field("department_id"))?;
        save_parts(conn, town, id, version, p.id, input)?;
        get(conn, town, id, true)
    })
}

pub fn update(
    conn: &mut PgConnection,
    p: &Principal,
    town: i64,
    id: i64,
    input: &ArticleInput,
) -> Result<Article, ApiError> {
    let roles = reader(p, town)?;
    conn.transaction(|conn| {
        let old = db::find_for_update(conn, town, id)?.ok_or(ApiError::NotFound)?;
        if !may_edit(p, town, &roles, old.department_id) {
            return Err(ApiError::Forbidden);
        }
        if !may_edit(p, town, &roles, input.department_id) {
            return Err(ApiError::field("department_id", "article_not_yours"));
        }
        let keywords = keywords_of(input);
        let version = db::update(conn, town, id, &change(input, &keywords)).map_err(on_field("department_id"))?;
        save_parts(conn, town, id, version, p.id, input)?;
        get(conn, town, id, true)
    })
}

fn to_wire(r: ArticleRow, nodes: Vec<i64>, today: chrono::NaiveDate, documents: Vec<ArticleDocument>) -> Article {
    Article {
        id: r.id,
        town_id: r.municipality_id,
        stale: r.verify_by.is_some_and(|d| d < today),
        version: r.version,
        updated_at: r.updated_at,
        documents,
        content: ArticleInput {
            title_fr: r.title_fr,
            title_en: r.title_en,
            body_fr: r.body_fr,
            body_en: r.body_en,
            keywords: r.keywords,
            node_ids: nodes,
            department_id: r.department_id,
            audience: r.audience,
            verify_by: r.verify_by,
            archived: r.archived,
        },
    }
}

/// One article; `internal` readers (staff) see internal and archived ones too.
pub fn get(conn: &mut PgConnection, town: i64, id: i64, internal: bool) -> Result<Article, ApiError> {
    let row = db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    if !internal && (row.archived || row.audience != Audience::Public) {
        return Err(ApiError::NotFound);
    }
    let nodes = db::nodes_of(conn, &[id])?.into_iter().map(|(_, n)| n).collect();
    let documents = db::documents(conn, town, id)?
        .into_iter()
        .map(|d| ArticleDocument {
            id: d.id,
            filename: d.filename,
            content_type: d.content_type,
            size_bytes: d.size_bytes,
        })
        .collect();
    let today = crate::db::towns::clock(conn, town)?.today;
    Ok(to_wire(row, nodes, today, documents))
}

pub fn revisions(conn: &mut PgConnection, town: i64, id: i64) -> Result<Vec<ArticleRevision>, ApiError> {
    db::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    db::revisions(conn, id)?
        .into_iter()
        .map(|(version, saved_at, first, last, content)| {
            let content =
                serde_json::from_value(content).map_err(|e| ApiError::caused("stored article revision", e))?;
            let saved_by = first.zip(last).map(|(f, l)| crate::service::requests::full_name(&f, &l));
            Ok(ArticleRevision { version, saved_at, saved_by, content })
        })
        .collect()
}

/// The search: each word required, matched in French or English, a typo forgiven in words
/// of four letters or more; title matches first. `internal` readers see internal articles
/// and may ask for stale ones or a department's.
pub fn search(
    conn: &mut PgConnection,
    town: i64,
    query: &ArticleQuery,
    internal: bool,
) -> Result<Vec<ArticleHit>, ApiError> {
    conn.transaction(|conn| {
        let nodes = query.node_id.map(|n| db::node_family(conn, town, n)).transpose()?;
        let tsquery = tsquery(conn, town, query.q.as_deref().unwrap_or(""))?;
        let scope = Scope {
            town,
            internal,
            nodes: nodes.as_deref(),
            stale_only: internal && query.stale == Some(true),
            department: query.department_id.filter(|_| internal),
            limit: i64::from(query.limit.unwrap_or(20)),
        };
        Ok(db::search(conn, &scope, tsquery.as_deref())?
            .into_iter()
            .map(|h| ArticleHit {
                id: h.id,
                title_fr: h.title_fr,
                title_en: h.title_en,
                excerpt_fr: h.excerpt_fr,
                excerpt_en: h.excerpt_en,
                audience: h.audience,
                department_id: h.department_id,
                stale: h.stale,
                in_title: h.in_title,
                documents: h.documents,
            })
            .collect())
    })
}

/// The full-text query of what was typed, each unknown word widened to its near spellings.
fn tsquery(conn: &mut PgConnection, town: i64, q: &str) -> Result<Option<String>, ApiError> {
    let words = knowledge::query_words(q);
    if words.is_empty() {
        return Ok(None);
    }
    db::loosen_trigrams(conn)?;
    let alike = db::lookalikes(conn, town, &words, true)?;
    let with_alternatives: Vec<(String, Vec<String>)> = words
        .into_iter()
        .map(|w| {
            let candidates: Vec<String> = alike.iter().filter(|(q, _)| *q == w).map(|(_, c)| c.clone()).collect();
            let alts = knowledge::corrections(&w, &candidates);
            (w, alts)
        })
        .collect();
    Ok(Some(knowledge::tsquery(&with_alternatives)))
}

/// The public side (portal): only an active town's public, current articles.
pub fn public_search(conn: &mut PgConnection, town: i64, query: &ArticleQuery) -> Result<Vec<ArticleHit>, ApiError> {
    active(conn, town)?;
    search(conn, town, query, false)
}

pub fn public_get(conn: &mut PgConnection, town: i64, id: i64) -> Result<Article, ApiError> {
    active(conn, town)?;
    get(conn, town, id, false)
}

fn active(conn: &mut PgConnection, town: i64) -> Result<(), ApiError> {
    crate::db::towns::find(conn, town)?.filter(|t| t.active).map(|_| ()).ok_or(ApiError::NotFound)
}

/// "This answered my question" on a public article.
pub fn answered(conn: &mut PgConnection, town: i64, id: i64, node: Option<i64>) -> Result<(), ApiError> {
    public_get(conn, town, id)?;
    // The category must be this town's: another town's id would count in its statistics.
    if let Some(node) = node
        && crate::db::taxonomy::find_node(conn, town, node)?.is_none()
    {
        return Err(ApiError::field("node_id", "invalid_reference"));
    }
    db::add_self_service(conn, town, id, node).map_err(on_field("node_id"))?;
    Ok(())
}
