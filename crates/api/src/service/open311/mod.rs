//! Open311 GeoReport v2: the standard door for integrators' apps. A jurisdiction is a
//! town's slug; services are the nodes a citizen's app can file under; requests are the
//! town's public ones, read as the public reads them (never who asked); a filing needs the
//! town's API key and goes through the same filing as the portal's (`requests::create`).
//! docs/INTEGRATIONS.md says how each field maps.

mod post;
mod reads;

use civis_domain::wire::{Attribute, AttributeValue, Datatype, Service, ServiceDefinition, ServiceType, TaxonomyNode};
use civis_domain::{Lang, QuestionType, RequestKind};
use diesel::PgConnection;

pub use post::{Posted, post};
pub use reads::{Query, one, requests, updates};

use crate::db::towns::{self, TownRow};
use crate::error::ApiError;
use crate::service::taxonomy;

/// The town a `jurisdiction_id` names (its slug). Civis serves many towns, so it is
/// required (the spec lets an endpoint of several jurisdictions require it).
pub fn town(conn: &mut PgConnection, jurisdiction: Option<&str>) -> Result<TownRow, ApiError> {
    match jurisdiction.filter(|j| !j.is_empty()) {
        Some(slug) => towns::find_by_slug(conn, slug)?.filter(|t| t.active).ok_or(ApiError::NotFound),
        None => Err(ApiError::field("jurisdiction_id", "required")),
    }
}

/// Kinds an app can file with GeoReport's fields alone (a complaint needs an attestation
/// and the date of the facts, an access request the law's identification, a claim and a
/// permit an identified applicant with documents: those stay on the portal and the phone).
fn filable(kind: RequestKind) -> bool {
    matches!(kind, RequestKind::Request | RequestKind::Comment | RequestKind::Information)
}

/// The active leaves of the tree a GeoReport filing can go under.
fn leaves(tree: &[TaxonomyNode]) -> impl Iterator<Item = &TaxonomyNode> {
    tree.iter().filter(|n| filable(n.effective.kind) && !tree.iter().any(|c| c.parent_id == Some(n.id)))
}

/// The node's ancestors, root first, and itself.
fn path<'a>(tree: &'a [TaxonomyNode], node: &'a TaxonomyNode) -> Vec<&'a TaxonomyNode> {
    let mut out = vec![node];
    let mut parent = node.parent_id;
    while let Some(p) = parent.and_then(|p| tree.iter().find(|n| n.id == p)) {
        out.push(p);
        parent = p.parent_id;
    }
    out.reverse();
    out
}

fn service(tree: &[TaxonomyNode], node: &TaxonomyNode, lang: Lang) -> Service {
    let path = path(tree, node);
    let names: Vec<&str> = path.iter().map(|n| n.name(lang)).collect();
    let other = match lang {
        Lang::Fr => Lang::En,
        Lang::En => Lang::Fr,
    };
    let mut keywords: Vec<&str> = path.iter().map(|n| n.name(other)).collect();
    keywords.extend(names.iter().take(names.len() - 1));
    Service {
        service_code: node.id.to_string(),
        service_name: node.name(lang).to_string(),
        description: Some(names.join(" › ")),
        metadata: node.questions.iter().any(|q| q.active),
        kind: ServiceType::Realtime,
        keywords: Some(keywords.join(", ")),
        group: path.first().map(|c| c.name(lang).to_string()),
    }
}

/// The town's services, in the tree's order.
pub fn services(conn: &mut PgConnection, town: i64, lang: Lang) -> Result<Vec<Service>, ApiError> {
    let tree = taxonomy::tree(conn, town, true)?;
    Ok(leaves(&tree).map(|n| service(&tree, n, lang)).collect())
}

/// The service a code names (404 when it names none of the town's).
pub(crate) fn leaf(tree: &[TaxonomyNode], code: &str) -> Result<TaxonomyNode, ApiError> {
    let id: i64 = code.trim().parse().map_err(|_| ApiError::NotFound)?;
    leaves(tree).find(|n| n.id == id).cloned().ok_or(ApiError::NotFound)
}

fn datatype(q: QuestionType) -> Datatype {
    match q {
        QuestionType::Text => Datatype::Text,
        QuestionType::Number => Datatype::Number,
        QuestionType::Date => Datatype::Datetime,
        QuestionType::YesNo | QuestionType::SingleChoice => Datatype::Singlevaluelist,
        QuestionType::MultipleChoice => Datatype::Multivaluelist,
    }
}

/// A service's questions as GeoReport attributes.
pub fn definition(conn: &mut PgConnection, town: i64, code: &str, lang: Lang) -> Result<ServiceDefinition, ApiError> {
    let tree = taxonomy::tree(conn, town, true)?;
    let node = leaf(&tree, code)?;
    let yes_no = |lang: Lang| match lang {
        Lang::Fr => [("true", "Oui"), ("false", "Non")],
        Lang::En => [("true", "Yes"), ("false", "No")],
    };
    let attributes = node
        .questions
        .iter()
        .filter(|q| q.active)
        .enumerate()
        .map(|(i, q)| Attribute {
            variable: true,
            code: q.id.to_string(),
            datatype: datatype(q.qtype),
            required: q.required,
            datatype_description: match q.qtype {
                QuestionType::Date => Some("YYYY-MM-DD".into()),
                _ => None,
            }
            .or_else(|| Some(if lang == Lang::Fr { q.help_fr.clone() } else { q.help_en.clone() }))
            .filter(|h| !h.is_empty()),
            order: i32::try_from(i + 1).unwrap_or(i32::MAX),
            description: if lang == Lang::Fr { q.label_fr.clone() } else { q.label_en.clone() },
            values: match q.qtype {
                QuestionType::YesNo => {
                    yes_no(lang).iter().map(|(k, n)| AttributeValue { key: (*k).into(), name: (*n).into() }).collect()
                }
                _ => q
                    .options
                    .iter()
                    .filter(|o| o.active)
                    .map(|o| AttributeValue {
                        key: o.code.clone(),
                        name: if lang == Lang::Fr { o.label_fr.clone() } else { o.label_en.clone() },
                    })
                    .collect(),
            },
        })
        .collect();
    Ok(ServiceDefinition { service_code: node.id.to_string(), attributes })
}

/// The request a filing's token stands for (404 for a forged one or another town's).
pub fn token(
    conn: &mut PgConnection,
    secret: &crate::secrets::Secret,
    town: i64,
    token: &str,
) -> Result<civis_domain::wire::TokenAnswer, ApiError> {
    let id = crate::reply::open311_request(secret, token).ok_or(ApiError::NotFound)?;
    let row = crate::db::requests::find(conn, town, id)?.ok_or(ApiError::NotFound)?;
    Ok(civis_domain::wire::TokenAnswer { service_request_id: row.number, token: token.to_string() })
}
