//! A report as a workbook: a cover sheet (town, period, the confidentiality note, the
//! director's summary), then one sheet per table, numbers as numbers and dates as dates.

use civis_domain::Lang;
use civis_domain::wire::Report;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::ApiError;
use civis_domain::report_tables::{Cell, Table, tables};

fn sheet_name(title: &str) -> String {
    title.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect()
}

fn cover(ws: &mut Worksheet, r: &Report, lang: Lang, bold: &Format) -> Result<(), XlsxError> {
    let en = lang == Lang::En;
    ws.set_name(if en { "Report" } else { "Rapport" })?;
    ws.set_column_width(0, 100)?;
    let p = &r.current.period;
    ws.write_string_with_format(
        0,
        0,
        format!("{} — {}", r.town_name, if en { "report" } else { "reddition de comptes" }),
        bold,
    )?;
    ws.write_string(1, 0, format!("{} {} – {}", if en { "Period:" } else { "Période :" }, p.from, p.to))?;
    ws.write_string(
        2,
        0,
        format!("{} {}", if en { "Generated:" } else { "Produit le" }, r.generated_at.format("%Y-%m-%d %H:%M UTC")),
    )?;
    ws.write_string(
        3,
        0,
        if en {
            "Counts only: no name, contact, description or address. Complaints are counted apart (on their own lines, under 5 read \"< 5\"): totals, channels, departments and months leave them out."
        } else {
            "Dénombrements seulement : aucun nom, coordonnée, description ou adresse. Les plaintes sont comptées à part (sur leurs propres lignes, « < 5 » sous 5) : les totaux, canaux, services et mois les excluent."
        },
    )?;
    ws.write_string_with_format(
        5,
        0,
        if en { "Qualitative summary" } else { "Résumé qualitatif des apprentissages" },
        bold,
    )?;
    let wrap = Format::new().set_text_wrap();
    ws.write_string_with_format(6, 0, if r.summary.is_empty() { "—" } else { &r.summary }, &wrap)?;
    Ok(())
}

fn sheet(ws: &mut Worksheet, t: &Table, bold: &Format) -> Result<(), XlsxError> {
    ws.set_name(sheet_name(&t.sheet))?;
    let days = Format::new().set_num_format("0.0");
    let share = Format::new().set_num_format("0.0%");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for (c, name) in t.columns.iter().enumerate() {
        let col = u16::try_from(c).unwrap_or(u16::MAX);
        ws.write_string_with_format(0, col, name, bold)?;
        ws.set_column_width(col, if c == 0 { 40 } else { 18 })?;
    }
    for (r, row) in t.rows.iter().enumerate() {
        let at = u32::try_from(r + 1).unwrap_or(u32::MAX);
        for (c, cell) in row.iter().enumerate() {
            let col = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text(s) => ws.write_string(at, col, s).map(drop)?,
                Cell::Int(n) => ws.write_number(at, col, *n as f64).map(drop)?,
                Cell::Days(Some(d)) => ws.write_number_with_format(at, col, *d, &days).map(drop)?,
                Cell::Share(Some(s)) => ws.write_number_with_format(at, col, *s, &share).map(drop)?,
                Cell::Days(None) | Cell::Share(None) => {}
                Cell::Date(d) => ws.write_datetime_with_format(at, col, d, &date).map(drop)?,
                Cell::Masked(m) => match m.count {
                    Some(n) => ws.write_number(at, col, n as f64).map(drop)?,
                    None => ws.write_string(at, col, m.text()).map(drop)?,
                },
            }
        }
    }
    Ok(())
}

/// The workbook's bytes.
pub fn xlsx(r: &Report, lang: Lang) -> Result<Vec<u8>, ApiError> {
    let build = || -> Result<Vec<u8>, XlsxError> {
        let mut wb = Workbook::new();
        let bold = Format::new().set_bold();
        cover(wb.add_worksheet(), r, lang, &bold)?;
        for t in tables(r, lang) {
            sheet(wb.add_worksheet(), &t, &bold)?;
        }
        wb.save_to_buffer()
    };
    build().map_err(|e| ApiError::caused("xlsx", e))
}
