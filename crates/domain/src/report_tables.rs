//! A report as tables, the one shape its exports share (CSV, one file per table; XLSX, one
//! sheet per table): typed cells, so numbers stay numbers and dates dates, and complaint
//! counts keep their "< 5".

use crate::Lang;
use crate::report::Masked;
use crate::wire::{Delays, Indicators, Report, ReportTable};
use chrono::NaiveDate;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// Days, one decimal; empty when there is nothing to measure.
    Days(Option<f64>),
    /// A share (0–1), shown as a percentage.
    Share(Option<f64>),
    Date(NaiveDate),
    Masked(Masked),
}

/// One table of the report.
#[derive(Debug, Clone)]
pub struct Table {
    /// File and sheet name: `by_department`.
    pub key: &'static str,
    /// A sheet's name (31 characters at most).
    pub sheet: String,
    pub title: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

impl Cell {
    /// The cell as plain text (CSV, email): days with one decimal, shares as percentages,
    /// dates as YYYY-MM-DD, "< 5" kept; empty when there is nothing to measure.
    /// As the reader's spreadsheet reads a number: a decimal comma in French.
    pub fn text_in(&self, lang: Lang) -> String {
        let text = self.text();
        match self {
            Cell::Days(_) | Cell::Share(_) if lang == Lang::Fr => text.replace('.', ","),
            _ => text,
        }
    }

    pub fn text(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Int(n) => n.to_string(),
            Cell::Days(d) => d.map(|d| format!("{d:.1}")).unwrap_or_default(),
            Cell::Share(s) => s.map(|s| format!("{:.1}%", s * 100.0)).unwrap_or_default(),
            Cell::Date(d) => d.to_string(),
            Cell::Masked(m) => m.text(),
        }
    }
}

fn w(lang: Lang, fr: &str, en: &str) -> String {
    if lang == Lang::En { en.into() } else { fr.into() }
}

fn pick(lang: Lang, fr: &str, en: &str) -> String {
    if lang == Lang::En && !en.is_empty() { en.into() } else { fr.into() }
}

/// Every table of a report, in `lang`.
pub fn tables(r: &Report, lang: Lang) -> Vec<Table> {
    let c = &r.current;
    let p = r.previous.as_ref();
    let prev = w(lang, "Même période l'an dernier", "Same period last year");
    let mut out = vec![summary(c, p, lang)];
    let counts = |lang: Lang, first: (&str, &str)| {
        vec![
            w(lang, first.0, first.1),
            w(lang, "Reçues", "Received"),
            w(lang, "Traitées", "Processed"),
            w(lang, "Refusées", "Refused"),
            w(lang, "En attente à la fin", "Pending at the end"),
        ]
    };
    let mut kind_columns = counts(lang, ("Type", "Kind"));
    kind_columns.push(prev.clone());
    out.push(Table {
        key: ReportTable::ByKind.key(),
        sheet: w(lang, "Par type", "By kind"),
        title: w(lang, "Requêtes par type", "Requests by kind"),
        columns: kind_columns,
        rows: c
            .by_kind
            .iter()
            .map(|k| {
                let before = p.and_then(|p| p.by_kind.iter().find(|x| x.kind == k.kind)).map(|x| x.count);
                vec![
                    Cell::Text(k.kind.label(lang).into()),
                    Cell::Masked(k.count),
                    Cell::Masked(k.processed),
                    Cell::Masked(k.refused),
                    Cell::Masked(k.pending),
                    before.map_or(Cell::Text(String::new()), Cell::Masked),
                ]
            })
            .collect(),
    });
    out.push(Table {
        key: ReportTable::ByChannel.key(),
        sheet: w(lang, "Par canal", "By channel"),
        title: w(lang, "Requêtes par canal", "Requests by channel"),
        columns: counts(lang, ("Canal", "Channel")),
        rows: c
            .by_channel
            .iter()
            .map(|x| {
                vec![
                    Cell::Text(x.channel.label(lang).into()),
                    Cell::Int(x.count),
                    Cell::Int(x.processed),
                    Cell::Int(x.refused),
                    Cell::Int(x.pending),
                ]
            })
            .collect(),
    });
    out.push(Table {
        key: ReportTable::Contacts.key(),
        sheet: w(lang, "Contacts", "Contacts"),
        title: w(lang, "Contacts par canal (premier contact)", "Contacts by channel (first contact)"),
        columns: vec![w(lang, "Canal", "Channel"), w(lang, "Contacts", "Contacts")],
        rows: c
            .first_contact
            .by_channel
            .iter()
            .map(|x| vec![Cell::Text(x.channel.label(lang).into()), Cell::Int(x.count)])
            .collect(),
    });
    out.extend([
        by_department(c, lang),
        top_categories(c, lang),
        months(c, lang),
        unusual(c, lang),
        satisfaction(c, lang),
    ]);
    out
}

fn delay_columns(lang: Lang) -> Vec<String> {
    vec![
        w(lang, "Délai médian (jours)", "Median time (days)"),
        w(lang, "90e centile (jours)", "90th percentile (days)"),
        w(lang, "Fermées avant l'échéance", "Closed before due date"),
    ]
}

fn delay_cells(d: &Delays) -> Vec<Cell> {
    vec![Cell::Days(d.median_days), Cell::Days(d.p90_days), Cell::Share(d.on_time_share)]
}

fn summary(c: &Indicators, p: Option<&Indicators>, lang: Lang) -> Table {
    type Get = fn(&Indicators) -> Cell;
    let lines: Vec<(&str, &str, Get)> = vec![
        ("Requêtes reçues", "Requests received", |i| Cell::Int(i.received)),
        ("Requêtes traitées", "Requests processed", |i| Cell::Int(i.processed)),
        ("Requêtes refusées", "Requests refused", |i| Cell::Int(i.refused)),
        ("En attente à la fin de la période", "Pending at the end of the period", |i| Cell::Int(i.pending_at_end)),
        ("En retard à la fin de la période", "Overdue at the end of the period", |i| Cell::Int(i.overdue_at_end)),
        ("Plaintes reçues", "Complaints received", |i| Cell::Masked(i.complaints_received)),
        ("Plaintes acheminées au directeur", "Complaints sent to the director", |i| {
            Cell::Masked(i.complaints_to_director)
        }),
        ("Contacts (premier contact)", "Contacts (first contact)", |i| Cell::Int(i.first_contact.interactions)),
        ("Résolutions au premier contact", "First-contact resolutions", |i| Cell::Int(i.first_contact_resolutions)),
        ("Part résolue au premier contact", "Share resolved at first contact", |i| Cell::Share(i.first_contact_share)),
        ("Questions résolues sans requête (portail)", "Questions resolved without a request (portal)", |i| {
            Cell::Int(i.first_contact.resolved_without_request)
        }),
        ("Délai médian (jours)", "Median time (days)", |i| Cell::Days(i.delays.median_days)),
        ("Délai au 90e centile (jours)", "90th percentile time (days)", |i| Cell::Days(i.delays.p90_days)),
        ("Fermées avant l'échéance", "Closed before the due date", |i| Cell::Share(i.delays.on_time_share)),
        ("Demandes d'accès fermées", "Access requests closed", |i| Cell::Int(i.access_closed)),
        (
            "Demandes d'accès répondues dans le délai légal",
            "Access requests answered within the legal delay",
            |i| Cell::Int(i.access_in_time),
        ),
        ("Réponses au sondage de satisfaction", "Satisfaction survey answers", |i| Cell::Int(i.satisfaction.answers)),
        ("Satisfaction moyenne (sur 5)", "Average satisfaction (out of 5)", |i| Cell::Days(i.satisfaction.average)),
    ];
    Table {
        key: ReportTable::Summary.key(),
        sheet: w(lang, "Indicateurs", "Indicators"),
        title: w(lang, "Indicateurs", "Indicators"),
        columns: vec![
            w(lang, "Indicateur", "Indicator"),
            w(lang, "Période", "Period"),
            w(lang, "Même période l'an dernier", "Same period last year"),
        ],
        rows: lines
            .into_iter()
            .map(|(fr, en, get)| vec![Cell::Text(w(lang, fr, en)), get(c), p.map_or(Cell::Text(String::new()), get)])
            .collect(),
    }
}

fn by_department(c: &Indicators, lang: Lang) -> Table {
    let mut columns = vec![
        w(lang, "Service", "Department"),
        w(lang, "Reçues", "Received"),
        w(lang, "Traitées", "Processed"),
        w(lang, "Refusées", "Refused"),
    ];
    columns.extend(delay_columns(lang));
    Table {
        key: ReportTable::ByDepartment.key(),
        sheet: w(lang, "Par service", "By department"),
        title: w(lang, "Requêtes par service", "Requests by department"),
        columns,
        rows: c
            .by_department
            .iter()
            .map(|d| {
                let mut row = vec![
                    Cell::Text(pick(lang, &d.name_fr, &d.name_en)),
                    Cell::Int(d.received),
                    Cell::Int(d.processed),
                    Cell::Int(d.refused),
                ];
                row.extend(delay_cells(&d.delays));
                row
            })
            .collect(),
    }
}

fn top_categories(c: &Indicators, lang: Lang) -> Table {
    let mut columns = vec![w(lang, "Catégorie", "Category"), w(lang, "Reçues", "Received")];
    columns.extend(delay_columns(lang));
    Table {
        key: ReportTable::TopCategories.key(),
        sheet: w(lang, "Catégories", "Categories"),
        title: w(lang, "Principales catégories", "Top categories"),
        columns,
        rows: c
            .top_categories
            .iter()
            .map(|x| {
                let mut row = vec![Cell::Text(pick(lang, &x.name_fr, &x.name_en)), Cell::Masked(x.received)];
                row.extend(delay_cells(&x.delays));
                row
            })
            .collect(),
    }
}

fn months(c: &Indicators, lang: Lang) -> Table {
    Table {
        key: ReportTable::Months.key(),
        sheet: w(lang, "Mois par mois", "Month by month"),
        title: w(lang, "Mois par mois", "Month by month"),
        columns: vec![
            w(lang, "Mois", "Month"),
            w(lang, "Reçues", "Received"),
            w(lang, "Traitées", "Processed"),
            w(lang, "Refusées", "Refused"),
        ],
        rows: c
            .months
            .iter()
            .map(|m| vec![Cell::Date(m.month), Cell::Int(m.received), Cell::Int(m.processed), Cell::Int(m.refused)])
            .collect(),
    }
}

fn unusual(c: &Indicators, lang: Lang) -> Table {
    Table {
        key: ReportTable::Unusual.key(),
        sheet: w(lang, "Inusitées", "Unusual"),
        title: w(lang, "Requêtes inusitées", "Unusual requests"),
        columns: vec![w(lang, "Numéro", "Number"), w(lang, "Catégorie", "Category"), w(lang, "Raison", "Reason")],
        rows: c
            .unusual
            .iter()
            .map(|u| {
                vec![
                    Cell::Text(u.number.clone()),
                    Cell::Text(pick(lang, &u.category_fr, &u.category_en)),
                    Cell::Text(u.reason.clone().unwrap_or_else(|| "—".to_string())),
                ]
            })
            .collect(),
    }
}

fn satisfaction(c: &Indicators, lang: Lang) -> Table {
    Table {
        key: ReportTable::Satisfaction.key(),
        sheet: w(lang, "Satisfaction", "Satisfaction"),
        title: w(lang, "Satisfaction (réponses par note)", "Satisfaction (answers by score)"),
        columns: vec![w(lang, "Note", "Score"), w(lang, "Réponses", "Answers")],
        rows: c
            .satisfaction
            .distribution
            .iter()
            .enumerate()
            .map(|(n, count)| vec![Cell::Int(n as i64 + 1), Cell::Int(*count)])
            .collect(),
    }
}

/// A table as CSV: UTF-8 with a byte-order mark (spreadsheets then read the accents),
/// commas, a dot for decimals, shares as percentages, dates as YYYY-MM-DD. Text cells are
/// never formulas (`csv::text_cell`); numbers stay numbers.
pub fn csv(t: &Table, lang: Lang) -> String {
    let sep = crate::csv::separator(lang);
    let cell = |c: &Cell| match c {
        Cell::Text(s) => crate::csv::text_cell(s, sep),
        other => crate::csv::value_cell(&other.text_in(lang), sep),
    };
    let joined = |cells: Vec<String>| cells.join(&sep.to_string());
    let mut out = String::from("\u{feff}");
    out.push_str(&joined(t.columns.iter().map(|c| crate::csv::text_cell(c, sep)).collect()));
    out.push_str("\r\n");
    for row in &t.rows {
        out.push_str(&joined(row.iter().map(cell).collect()));
        out.push_str("\r\n");
    }
    out
}
