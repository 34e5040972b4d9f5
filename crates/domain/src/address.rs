//! A town's register of civic addresses: the words of an address as a search key (no
//! accents, no case, no small words, the usual abbreviations spelled out), the query a
//! citizen types, and the CSV file a town administrator imports.

use crate::FieldIssue;

/// Small words left out of keys, so that "rue des Érables" and "rue Érables" meet.
const SMALL: &[&str] = &["de", "des", "du", "d", "la", "le", "les", "l", "of", "the"];

/// Abbreviations of Quebec street names, spelled out in keys.
const LONG: &[(&str, &str)] = &[
    ("st", "saint"),
    ("ste", "sainte"),
    ("boul", "boulevard"),
    ("bd", "boulevard"),
    ("blvd", "boulevard"),
    ("av", "avenue"),
    ("ave", "avenue"),
    ("ch", "chemin"),
    ("mtee", "montee"),
    ("rte", "route"),
    ("pl", "place"),
    ("crois", "croissant"),
    ("terr", "terrasse"),
];

/// The words of a text as keys compare them: folded, abbreviations spelled out, small
/// words left out.
pub fn words(text: &str) -> Vec<String> {
    crate::text::fold(text)
        .split_whitespace()
        .filter(|w| !SMALL.contains(w))
        .map(|w| LONG.iter().find(|(short, _)| *short == w).map_or(w, |(_, long)| long).to_string())
        .collect()
}

/// The search key of a street name: `"Rue des Érables"` → `"rue erables"`.
pub fn street_key(street: &str) -> String {
    words(street).join(" ")
}

/// What a citizen typed, split into the civic number they began with (if any) and the
/// words of the street, the last one possibly unfinished.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub civic: Option<String>,
    pub words: Vec<String>,
}

impl Query {
    pub fn parse(text: &str) -> Self {
        let mut words = words(text);
        let civic = match words.first() {
            Some(w) if w.starts_with(|c: char| c.is_ascii_digit()) => Some(words.remove(0)),
            _ => None,
        };
        Self { civic, words }
    }

    pub fn is_empty(&self) -> bool {
        self.civic.is_none() && self.words.is_empty()
    }
}

/// Whether what a citizen typed names this address of the register, written their way
/// (`12 rue des erables`, `12, Rue des Érables`): the same civic number and street words.
pub fn names(typed: &str, civic: &str, street: &str) -> bool {
    let q = Query::parse(typed);
    q.civic.is_some_and(|c| c == words(civic).concat()) && q.words == words(street)
}

/// An address as people write it: `12, rue des Érables`.
pub fn label(civic: &str, street: &str) -> String {
    format!("{civic}, {street}")
}

/// The cell of 0.001° (about 110 m by 80 m in Quebec) that holds a point.
pub fn cell(lat: f64, lng: f64) -> i64 {
    ((lat * 1000.0).floor() as i64) * 1_000_000 + (lng * 1000.0).floor() as i64 + 180_000
}

/// The cells within `rings` cells of a point's (a square of `2 × rings + 1` cells a side).
pub fn cells_around(lat: f64, lng: f64, rings: i64) -> Vec<i64> {
    let (row, col) = ((lat * 1000.0).floor() as i64, (lng * 1000.0).floor() as i64);
    let mut out = vec![];
    for r in row - rings..=row + rings {
        for c in col - rings..=col + rings {
            out.push(r * 1_000_000 + c + 180_000);
        }
    }
    out
}

/// One line of an imported register.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The line of the file (1 is the header).
    pub line: usize,
    pub civic: String,
    pub street: String,
    pub postal_code: Option<String>,
    pub latitude: f64,
    pub longitude: f64,
}

/// The columns, by their English or French names.
const COLUMNS: [(&str, &str); 5] = [
    ("civic_number", "numero_civique"),
    ("street", "rue"),
    ("postal_code", "code_postal"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
];

/// Past this many errors, the rest of the file is not reported.
pub const MAX_ISSUES: usize = 50;

/// Splits a CSV line (`,` or `;`, fields in double quotes with `""` for a quote).
fn fields(line: &str, sep: char) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(f) = out.last_mut() {
                    f.push('"');
                }
            }
            '"' => quoted = !quoted,
            c if c == sep && !quoted => out.push(String::new()),
            c => {
                if let Some(f) = out.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    out.into_iter().map(|f| f.trim().to_string()).collect()
}

fn civic_ok(v: &str) -> bool {
    let digits = v.chars().take_while(char::is_ascii_digit).count();
    let rest = v[digits..].trim_start_matches(['-', ' ']);
    (1..=6).contains(&digits) && rest.len() <= 6 && rest.chars().all(|c| c.is_ascii_alphanumeric())
}

/// A Canadian postal code in its written form (`J0R 1R0`), or None when malformed.
fn postal(v: &str) -> Option<String> {
    let c: String = v.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_uppercase).collect();
    let b = c.as_bytes();
    let shape = b.len() == 6
        && b.iter().enumerate().all(|(i, x)| if i % 2 == 0 { x.is_ascii_uppercase() } else { x.is_ascii_digit() });
    shape.then(|| format!("{} {}", &c[..3], &c[3..]))
}

fn coordinate(v: &str, max: f64) -> Option<f64> {
    v.replace(',', ".").parse::<f64>().ok().filter(|x| x.is_finite() && x.abs() <= max).map(crate::territory::snap)
}

/// Reads a register. Every error names its line (`lines.7.latitude`); a file with any
/// error yields the errors only (up to [`MAX_ISSUES`]), never part of its lines.
pub fn parse(text: &str) -> Result<Vec<Line>, Vec<FieldIssue>> {
    let mut rows = text.trim_start_matches('\u{feff}').lines().enumerate().filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = rows.next() else { return Err(vec![FieldIssue::new("file", "register_empty")]) };
    let sep = if header.matches(';').count() > header.matches(',').count() { ';' } else { ',' };
    let names: Vec<String> = fields(header, sep).iter().map(|h| street_key(h).replace(' ', "_")).collect();
    let mut index = [0usize; 5];
    let mut issues = vec![];
    for (slot, (en, fr)) in index.iter_mut().zip(COLUMNS) {
        match names.iter().position(|n| n == en || n == fr) {
            Some(i) => *slot = i,
            None => issues.push(FieldIssue::new(format!("lines.1.{en}"), "column_missing")),
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    let mut out = vec![];
    let mut seen = std::collections::HashMap::new();
    for (n, raw) in rows {
        let line = n + 1;
        let f = fields(raw, sep);
        let get = |i: usize| f.get(index[i]).map(String::as_str).unwrap_or("");
        let mut bad = |field: &str, code: &str| issues.push(FieldIssue::new(format!("lines.{line}.{field}"), code));
        let civic = get(0).to_string();
        if !civic_ok(&civic) {
            bad("civic_number", "civic_number_invalid");
        }
        let street = get(1).to_string();
        if street_key(&street).is_empty() || street.chars().count() > 200 {
            bad("street", "street_invalid");
        }
        let postal_code = match get(2) {
            "" => None,
            v => postal(v).or_else(|| {
                bad("postal_code", "postal_code_invalid");
                None
            }),
        };
        let latitude = coordinate(get(3), 90.0);
        let longitude = coordinate(get(4), 180.0);
        if latitude.is_none() {
            bad("latitude", "latitude_invalid");
        }
        if longitude.is_none() {
            bad("longitude", "longitude_invalid");
        }
        let key = (civic.to_lowercase(), street_key(&street));
        if seen.insert(key, line).is_some() {
            bad("civic_number", "address_repeated");
        }
        if issues.len() >= MAX_ISSUES {
            issues.truncate(MAX_ISSUES);
            return Err(issues);
        }
        if let (Some(latitude), Some(longitude)) = (latitude, longitude) {
            out.push(Line { line, civic, street, postal_code, latitude, longitude });
        }
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    if out.is_empty() {
        return Err(vec![FieldIssue::new("file", "register_empty")]);
    }
    Ok(out)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn a_typed_address_names_a_register_address_however_it_is_written() {
        assert!(super::names("12 rue des erables", "12", "rue des Érables"));
        assert!(super::names("12, Rue des Érables", "12", "rue des Érables"));
        assert!(super::names("12 rue Érables", "12", "rue des Érables"));
        assert!(!super::names("12 rue des Ér", "12", "rue des Érables"), "an unfinished street is not named");
        assert!(!super::names("124 rue des Érables", "12", "rue des Érables"));
        assert!(!super::names("rue des Érables", "12", "rue des Érables"));
    }

    #[test]
    fn keys_ignore_accents_case_small_words_and_abbreviations() {
        assert_eq!(street_key("Rue des Érables"), "rue erables");
        assert_eq!(street_key("BOUL. St-Œillet"), "boulevard saint oeillet");
        assert_eq!(Query::parse("12 rue des erables"), Query { civic: Some("12".into()), words: words("rue erables") });
        assert_eq!(Query::parse("Érab").civic, None);
        assert_eq!(label("12", "rue des Érables"), "12, rue des Érables");
        assert!(cells_around(45.8612, -74.0531, 1).contains(&cell(45.8605, -74.0539)));
        assert_eq!(cells_around(45.8612, -74.0531, 2).len(), 25);
    }

    #[test]
    fn a_register_in_either_language_and_separator() {
        let en = "civic_number,street,postal_code,latitude,longitude\n12,\"rue des Érables\",j0r1r0,45.86,-74.05\n";
        let fr = "Numéro civique;Rue;Code postal;Latitude;Longitude\n12A;rue des Érables;;45,86;-74,05\n";
        let a = parse(en).unwrap();
        assert_eq!(a[0].postal_code.as_deref(), Some("J0R 1R0"));
        assert_eq!(a[0].line, 2);
        let b = parse(fr).unwrap();
        assert_eq!((b[0].civic.as_str(), b[0].latitude), ("12A", 45.86));
    }

    #[test]
    fn every_bad_line_is_named_and_nothing_is_kept() {
        let text = "civic_number,street,postal_code,latitude,longitude\n\
                    12,rue A,,45.8,-74.0\n\
                    douze,rue A,,45.8,-74.0\n\
                    14,rue A,XYZ,95,-74.0\n\
                    12,Rue A,,45.8,-74.0\n";
        let issues = parse(text).unwrap_err();
        let fields: Vec<&str> = issues.iter().map(|i| i.field.as_str()).collect();
        assert_eq!(fields, ["lines.3.civic_number", "lines.4.postal_code", "lines.4.latitude", "lines.5.civic_number"]);
        assert_eq!(issues[3].code, "address_repeated");
        assert_eq!(parse("rue,latitude\n").unwrap_err()[0].field, "lines.1.civic_number");
        assert_eq!(parse("").unwrap_err()[0].code, "register_empty");
    }
}
