//! The monthly lists: a department's requests not yet completed, and for elected officials
//! those and the ones completed last month, complaints only counted. One line a request:
//! number, category, department, status, due date; never a person.

use civis_domain::Lang;
use civis_domain::wire::MonthlyItem;
use serde::{Deserialize, Serialize};

use super::Kind;
use super::templates::{Rendered, frame};

/// The payload of `monthly_department` and `monthly_elected` rows.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MonthlyMail {
    pub town_id: i64,
    pub town_name: String,
    pub town_slug: String,
    pub sender_name: String,
    pub sender_email: String,
    /// `2026-12`.
    pub month: String,
    pub open: Vec<MonthlyItem>,
    /// The elected officials' list: last month and what completed in it.
    #[serde(default)]
    pub last_month: Option<String>,
    #[serde(default)]
    pub done: Vec<MonthlyItem>,
    /// Complaints counted, never listed ("< 5" under five).
    #[serde(default)]
    pub complaints_open: Option<String>,
    #[serde(default)]
    pub complaints_done: Option<String>,
}

fn list(items: &[MonthlyItem], en: bool) -> String {
    let lang = if en { Lang::En } else { Lang::Fr };
    if items.is_empty() {
        return if en { "(none)".into() } else { "(aucune)".into() };
    }
    items
        .iter()
        .map(|i| {
            format!(
                "{} — {} — {} — {} — {}",
                i.number,
                if en { &i.category_en } else { &i.category_fr },
                i.department,
                i.status.label(lang),
                i.due_date.map_or_else(|| "—".to_string(), |d| d.to_string()),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Renders a monthly list in French or English (`en`).
pub fn render(kind: Kind, en: bool, m: &MonthlyMail, public_url: &str) -> Rendered {
    let dashboard = format!("{public_url}/staff/{}", m.town_id);
    let (town, month, open) = (&m.town_name, &m.month, list(&m.open, en));
    let (subject, lines, label) = match (kind, en) {
        (Kind::MonthlyDepartment, true) => (
            format!("{town} — your department's open requests ({month})"),
            vec![format!("{} requests not yet completed:", m.open.len()), open],
            "Open the dashboard",
        ),
        (Kind::MonthlyDepartment, false) => (
            format!("{town} — requêtes non complétées de votre service ({month})"),
            vec![format!("{} requêtes non complétées :", m.open.len()), open],
            "Ouvrir le tableau de bord",
        ),
        (_, _) => elected(m, en, open),
    };
    frame(en, town, subject, lines, (label, dashboard), None)
}

fn elected(m: &MonthlyMail, en: bool, open: String) -> (String, Vec<String>, &'static str) {
    let (town, month) = (&m.town_name, &m.month);
    let last = m.last_month.clone().unwrap_or_default();
    let (c_open, c_done) =
        (m.complaints_open.clone().unwrap_or_default(), m.complaints_done.clone().unwrap_or_default());
    let done = list(&m.done, en);
    if en {
        (
            format!("{town} — monthly request lists ({month})"),
            vec![
                format!("Requests not yet completed: {}", m.open.len()),
                open,
                format!("Requests completed in {last}: {}", m.done.len()),
                done,
                format!("Complaints (counted, not listed): {c_open} not completed, {c_done} completed in {last}."),
            ],
            "Open the dashboard",
        )
    } else {
        (
            format!("{town} — listes mensuelles des requêtes ({month})"),
            vec![
                format!("Requêtes non complétées : {}", m.open.len()),
                open,
                format!("Requêtes complétées en {last} : {}", m.done.len()),
                done,
                format!("Plaintes (comptées, non listées) : {c_open} non complétées, {c_done} complétées en {last}."),
            ],
            "Ouvrir le tableau de bord",
        )
    }
}
