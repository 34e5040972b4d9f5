//! The council's report by email: each quarter (and each January, the year) the town's
//! elected officials and its director receive the period's main indicators in the body,
//! the director's summary, and the workbook attached (small complaint counts hidden).
//! The workbook travels in the row itself (a few kilobytes), so the worker needs nothing
//! else to send it.

use base64::Engine;
use civis_domain::report::Period;
use serde::{Deserialize, Serialize};

use super::templates::{Rendered, esc};

/// The payload of a `council_report` outbox row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReportMail {
    pub town_name: String,
    pub town_id: i64,
    pub sender_name: String,
    pub sender_email: String,
    pub period: Period,
    /// The year's report (January) rather than the quarter's.
    pub annual: bool,
    /// The main indicators, in the recipient's language: (label, value).
    pub lines: Vec<(String, String)>,
    pub summary: String,
    pub filename: String,
    /// The workbook, base64.
    pub xlsx: String,
}

impl ReportMail {
    pub fn workbook(&self) -> Result<Vec<u8>, String> {
        base64::engine::general_purpose::STANDARD.decode(&self.xlsx).map_err(|e| format!("workbook: {e}"))
    }
}

pub fn render(lang: &str, m: &ReportMail, public_url: &str) -> Rendered {
    let en = lang == "en";
    let (from, to) = (m.period.from, m.period.to);
    let what = match (en, m.annual) {
        (false, false) => "Reddition de comptes trimestrielle",
        (false, true) => "Reddition de comptes annuelle",
        (true, false) => "Quarterly report",
        (true, true) => "Annual report",
    };
    let subject = format!("{what} {from} – {to} — {}", m.town_name);
    let link = format!("{public_url}/staff/{}/rapports", m.town_id);
    let summary_title = if en { "Qualitative summary" } else { "Résumé qualitatif des apprentissages" };
    let attached = if en { "The full report is attached (Excel)." } else { "Le rapport complet est joint (Excel)." };
    let lines: Vec<String> = m.lines.iter().map(|(k, v)| format!("- {k} : {v}")).collect();
    let summary = if m.summary.trim().is_empty() { "—".to_string() } else { m.summary.clone() };
    let text = format!("{subject}\n\n{}\n\n{summary_title}\n{summary}\n\n{attached}\n{link}\n", lines.join("\n"));
    let items: String = m
        .lines
        .iter()
        .map(|(k, v)| {
            format!("<tr><th scope=\"row\" style=\"text-align:left\">{}</th><td>{}</td></tr>", esc(k), esc(v))
        })
        .collect();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f24\">\n<h1 style=\"font-size:1.2em\">{title}</h1>\n\
         <table>{items}</table>\n<h2 style=\"font-size:1em\">{st}</h2>\n<p>{summary}</p>\n<p>{attached}</p>\n<p><a href=\"{href}\">{href}</a></p>\n</body></html>\n",
        lang = if en { "en" } else { "fr" },
        title = esc(&subject),
        st = esc(summary_title),
        summary = esc(&summary).replace('\n', "<br>"),
        attached = esc(attached),
        href = esc(&link),
    );
    Rendered { subject, text, html }
}
