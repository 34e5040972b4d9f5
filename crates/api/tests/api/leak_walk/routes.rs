//! Which addresses the walk calls: path parameters filled, query strings for every
//! enumerated value.

use serde_json::Value;

use super::Filed;

/// Path parameters of a route, and the values to walk for each: the town; the filed
/// requests for `{id}`; their attachments for `{attachment}`; any other parameter gets
/// every id the walk knows (`pool`), so that a new route is walked without teaching it.
pub(super) fn fill_path(
    path: &str,
    town: i64,
    filed: &[Filed],
    attachments: &[(i64, i64)],
    pool: &[i64],
) -> Vec<String> {
    let mut out = vec![path.replace("{town_id}", &town.to_string())];
    if path.contains("{format}") {
        out = out.iter().flat_map(|p| ["json", "xml"].map(|f| p.replace("{format}", f))).collect();
    }
    // GeoReport names a request by its number.
    if path.starts_with("/open311/") && path.contains("{id}") {
        out = out.iter().flat_map(|p| filed.iter().map(move |f| p.replace("{id}", &f.number))).collect();
    }
    if path.contains("{id}") {
        out = out.iter().flat_map(|p| filed.iter().map(move |f| p.replace("{id}", &f.id.to_string()))).collect();
    }
    if path.contains("{attachment}") {
        out = out
            .iter()
            .flat_map(|p| {
                attachments
                    .iter()
                    .filter(move |(r, _)| p.contains(&format!("/requests/{r}/")))
                    .map(move |(_, a)| p.replace("{attachment}", &a.to_string()))
            })
            .collect();
    }
    while let Some(param) =
        out.first().and_then(|p| p.find('{').map(|a| p[a..].split_once('}').map(|(x, _)| format!("{x}}}")))).flatten()
    {
        out = out
            .iter()
            .flat_map(|p| pool.iter().map(|v| p.replace(&param, &v.to_string())).collect::<Vec<_>>())
            .collect();
    }
    out
}

/// The enumerated values of a parameter's schema (through `$ref` and `oneOf`).
fn enum_values(doc: &Value, schema: &Value) -> Vec<String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return enum_values(doc, &doc["components"]["schemas"][name]);
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    }
    ["oneOf", "anyOf", "allOf"]
        .iter()
        .filter_map(|k| schema[*k].as_array())
        .flatten()
        .flat_map(|s| enum_values(doc, s))
        .collect()
}

/// Query strings to walk: the required parameters filled, then each value of each
/// enumerated parameter in turn.
pub(super) fn queries(doc: &Value, op: &Value, node: i64, slug: &str) -> Vec<String> {
    let params: Vec<&Value> =
        op["parameters"].as_array().map(|p| p.iter().filter(|p| p["in"] == "query").collect()).unwrap_or_default();
    let mut base = vec![];
    for p in params.iter().filter(|p| p["required"] == true) {
        let name = p["name"].as_str().unwrap_or_default();
        let value = match name {
            "lat" => "45.8617".to_string(),
            "lng" => "-74.0873".to_string(),
            "node_id" => node.to_string(),
            "q" => "12%20erables".to_string(),
            "from" => "2026-01-01".to_string(),
            "to" => "2026-12-31".to_string(),
            "table" => "unusual".to_string(),
            "jurisdiction_id" => slug.to_string(),
            _ => panic!("the leak walk cannot fill the required parameter {name}: teach queries"),
        };
        base.push(format!("{name}={value}"));
    }
    let mut out = vec![base.join("&")];
    // GeoReport's extended attributes (notes, photos) are walked too.
    if params.iter().any(|p| p["name"] == "extensions") {
        out.push([base.clone(), vec!["extensions=true".to_string()]].concat().join("&"));
    }
    for p in &params {
        for v in enum_values(doc, &p["schema"]) {
            let mut q = base.clone();
            q.push(format!("{}={v}", p["name"].as_str().unwrap_or_default()));
            out.push(q.join("&"));
        }
    }
    out
}
