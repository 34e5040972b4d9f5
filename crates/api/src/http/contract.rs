//! What the API document states about every operation, applied once to the collected
//! document rather than repeated on each route: error bodies are
//! `application/problem+json`; every operation declares the statuses any route can
//! answer (503 when the database is away, 400 for a malformed body or query, 401 and 403
//! where a token is read, 404 under path parameters, 413 and 422 for bodies). And the other side
//! of the same table: a known path called with a method it does not have answers 405 with
//! `Allow`, from the document's own list.

use serde_json::{Map, Value, json};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::response::Response;
use utoipa::openapi::{Content, OpenApi, Ref, RefOr};

const PROBLEM: &str = "application/problem+json";

fn problem_response(description: &str) -> RefOr<Response> {
    let mut r = Response::new(description);
    r.content.insert(PROBLEM.into(), RefOr::T(Content::new(Some(Ref::from_schema_name("Problem")))));
    RefOr::T(r)
}

/// Each operation with its path and whether it writes (any method but GET).
fn operations(doc: &mut OpenApi) -> impl Iterator<Item = (&String, bool, &mut Operation)> {
    doc.paths.paths.iter_mut().flat_map(|(path, item)| {
        [
            (false, item.get.as_mut()),
            (true, item.put.as_mut()),
            (true, item.post.as_mut()),
            (true, item.delete.as_mut()),
            (true, item.patch.as_mut()),
        ]
        .into_iter()
        .filter_map(|(writes, op)| op.map(|op| (writes, op)))
        .map(move |(writes, op)| (path, writes, op))
    })
}

/// Operation ids unique across the document: a handler's name when no other handler has
/// it (`staff_sign_in`), else its area first (`knowledge_search`), else its path
/// (`list_towns_town_id_requests_id_attachments`). They follow the code, so they stay
/// the same from one release to the next unless a route moves.
fn unique_operation_ids(doc: &mut OpenApi) {
    use std::collections::HashMap;
    let slug = |s: &str| s.replace(['{', '}'], "").replace(['/', ' ', '-', '.'], "_").trim_matches('_').to_string();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (_, _, op) in operations(doc) {
        *seen.entry(op.operation_id.clone().unwrap_or_default()).or_default() += 1;
    }
    let mut by_area: HashMap<String, usize> = HashMap::new();
    let area_id = |op: &Operation| {
        let tag = op.tags.as_ref().and_then(|t| t.first()).map(|t| slug(t)).unwrap_or_default();
        format!("{tag}_{}", op.operation_id.clone().unwrap_or_default())
    };
    for (_, _, op) in operations(doc) {
        if seen.get(op.operation_id.as_deref().unwrap_or_default()).copied().unwrap_or(0) > 1 {
            *by_area.entry(area_id(op)).or_default() += 1;
        }
    }
    let taken: std::collections::HashSet<String> =
        seen.iter().filter(|(_, n)| **n == 1).map(|(id, _)| id.clone()).collect();
    for (path, _, op) in operations(doc) {
        let name = op.operation_id.clone().unwrap_or_default();
        if seen.get(&name).copied().unwrap_or(0) <= 1 {
            continue;
        }
        let area = area_id(op);
        let id = if by_area.get(&area).copied().unwrap_or(0) <= 1 && !taken.contains(&area) {
            area
        } else {
            format!("{name}_{}", slug(path.trim_start_matches("/api/v1")))
        };
        op.operation_id = Some(id);
    }
}

/// GeoReport answers its errors in the spec's form and in the path's format: each route
/// declares its own; every one may answer 503 when the database is away.
fn open311(op: &mut Operation) {
    let mut r = Response::new("The database is unavailable for now; try again");
    let errors =
        RefOr::T(utoipa::openapi::ArrayBuilder::new().items(Ref::new("#/components/schemas/Open311Error")).into());
    for kind in ["application/json", "text/xml"] {
        r.content.insert(kind.into(), RefOr::T(Content::new(Some(errors.clone()))));
    }
    op.responses.responses.entry("503".into()).or_insert(RefOr::T(r));
}

/// Errors as problem details, the statuses every route shares, unique operation ids.
pub fn complete(doc: &mut OpenApi) {
    unique_operation_ids(doc);
    for (path, writes, op) in operations(doc) {
        if path.starts_with("/open311/") {
            open311(op);
            continue;
        }
        let probe = path == "/health" || path == "/ready";
        let has = |p: ParameterIn, op: &Operation| {
            op.parameters.iter().flatten().any(|x| matches!(x, RefOr::T(x) if x.parameter_in == p))
        };
        let body = op.request_body.is_some();
        let (query, in_path) = (has(ParameterIn::Query, op), has(ParameterIn::Path, op));
        let secured = op.security.is_some();
        let extra: [(&str, bool, &str); 8] = [
            ("400", body || query, "Malformed body or query (not JSON, a wrong type)"),
            ("401", secured, "Missing, invalid or expired token"),
            (
                "403",
                secured,
                "The caller's roles do not allow this, or the account must enrol a second factor first (`second_factor_enrolment_required`)",
            ),
            ("404", in_path, "Nothing at this address for the caller (another town's data answers the same)"),
            (
                "409",
                writes,
                "In conflict with what is stored: a code or address already taken, a change made at the same moment (`code` says which)",
            ),
            ("413", body, "Body over the size limit"),
            ("422", body || query || in_path, "Invalid fields, each named with its code and message"),
            ("503", !probe, "The database is unavailable for now; try again"),
        ];
        for (status, applies, description) in extra {
            if applies {
                op.responses.responses.entry(status.into()).or_insert_with(|| problem_response(description));
            }
        }
        for (status, response) in op.responses.responses.iter_mut() {
            if status.as_str() >= "400"
                && let RefOr::T(r) = response
                && let Some(content) = r.content.shift_remove("application/json")
            {
                r.content.insert(PROBLEM.into(), content);
            }
        }
    }
}

/// `{"type": ["string", "null"], "format": "date"}` becomes `{"oneOf": [{"type": "string",
/// "format": "date"}, {"type": "null"}]}` (and likewise with a `pattern`): the same values,
/// but written so that tools which drop `format` from a list of types (schemathesis's
/// coverage phase does, and then offers `""` as a date) keep it. Descriptions and examples
/// stay on the outer schema.
pub fn nullable_formats_as_one_of(doc: &mut Value) {
    match doc {
        Value::Object(o) => {
            let nullable_string = o.get("type").and_then(Value::as_array).is_some_and(|t| {
                t.len() == 2 && t.contains(&Value::from("string")) && t.contains(&Value::from("null"))
            });
            if nullable_string && (o.contains_key("format") || o.contains_key("pattern")) {
                let mut string = Map::new();
                string.insert("type".into(), "string".into());
                for key in ["format", "minLength", "maxLength", "pattern"] {
                    if let Some(x) = o.remove(key) {
                        string.insert(key.into(), x);
                    }
                }
                o.remove("type");
                o.insert("oneOf".into(), json!([string, {"type": "null"}]));
            }
            o.values_mut().for_each(nullable_formats_as_one_of);
        }
        Value::Array(a) => a.iter_mut().for_each(nullable_formats_as_one_of),
        _ => {}
    }
}

/// The methods of the document's paths, to answer 405 with `Allow`.
pub struct Routes(Vec<(Vec<String>, Vec<&'static str>)>);

impl Routes {
    pub fn of(doc: &OpenApi) -> Self {
        Self(
            doc.paths
                .paths
                .iter()
                .map(|(path, item)| {
                    let methods = [
                        ("GET", item.get.is_some()),
                        ("PUT", item.put.is_some()),
                        ("POST", item.post.is_some()),
                        ("DELETE", item.delete.is_some()),
                        ("PATCH", item.patch.is_some()),
                    ];
                    let segments = path.trim_matches('/').split('/').map(str::to_string).collect();
                    (segments, methods.into_iter().filter(|(_, on)| *on).map(|(m, _)| m).collect())
                })
                .collect(),
        )
    }

    /// The methods of the document's path matching `path` (`{param}` matches one segment).
    pub fn allowed(&self, path: &str) -> Option<Vec<&'static str>> {
        let parts: Vec<&str> = path.trim_matches('/').split('/').collect();
        let matching = |t: &Vec<String>| {
            t.len() == parts.len() && t.iter().zip(&parts).all(|(t, p)| (t.starts_with('{') && !p.is_empty()) || t == p)
        };
        let mut methods: Vec<&'static str> =
            self.0.iter().filter(|(t, _)| matching(t)).flat_map(|(_, m)| m.iter().copied()).collect();
        methods.sort_unstable();
        methods.dedup();
        (!methods.is_empty()).then_some(methods)
    }
}
