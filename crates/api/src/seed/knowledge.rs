//! The demo's first-contact content: articles drawn from the seed documents (library hours,
//! garage-sale permit, dog licence, bulky items, tax account, snow removal, water main
//! break, access to information…), some with a PDF form, and a week of logged contacts, so
//! the agent console and the counts have something to show. Written through the services,
//! like anything staff would write.

use chrono::Duration;
use civis_domain::knowledge::{Audience, ContactChannel, Outcome};
use civis_domain::wire::{ArticleInput, ContactDetails, InteractionInput};
use diesel::prelude::*;

use crate::auth::{Principal, load_principal};
use crate::db::{departments, knowledge as kb, users};
use crate::service;

use super::kb_articles::ARTICLES;

/// A one-page PDF with a title and a line of text (a real file, readable in any viewer).
pub fn pdf(title: &str) -> Vec<u8> {
    let text: String =
        title.chars().map(|c| if c.is_ascii() && c != '(' && c != ')' && c != '\\' { c } else { '-' }).collect();
    let stream = format!(
        "BT /F1 18 Tf 72 720 Td ({text}) Tj ET\nBT /F1 11 Tf 72 690 Td (Ville de Demo - formulaire de demonstration) Tj ET\n"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (n, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// The storage key of a seeded document.
fn key(filename: &str) -> String {
    format!("seed/kb/{filename}")
}

/// The seeded documents' files (stored by `civis seed demo`).
pub fn documents() -> Vec<(String, Vec<u8>)> {
    ARTICLES.iter().filter_map(|a| a.9.map(|f| (key(f), pdf(a.0)))).collect()
}

/// Writes the seeded documents' files to the configured storage (again each time: idempotent).
pub fn store_documents(storage_url: &str, s3: &crate::storage::S3) -> anyhow::Result<usize> {
    let storage = crate::storage::Storage::new(storage_url, s3)?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let docs = documents();
    for (k, bytes) in &docs {
        rt.block_on(storage.put(k, bytes.clone().into())).map_err(super::e)?;
    }
    Ok(docs.len())
}

fn principal(conn: &mut PgConnection, email: &str) -> anyhow::Result<Principal> {
    let user = users::find_by_email(conn, email, "staff")?.ok_or_else(|| anyhow::anyhow!("no account {email}"))?;
    load_principal(conn, user.id).map_err(super::e)?.ok_or_else(|| anyhow::anyhow!("inactive {email}"))
}

/// The articles of the demo town (written by its administrator); their ids, in order.
fn articles(conn: &mut PgConnection, town: i64, admin: &Principal) -> anyhow::Result<Vec<(i64, Option<i64>)>> {
    let nodes = service::taxonomy::tree(conn, town, false).map_err(super::e)?;
    let deps = departments::list(conn, town)?;
    let today = crate::db::towns::clock(conn, town)?.today;
    let mut out = vec![];
    for (title_fr, title_en, body_fr, body_en, keywords, category, dep, public, stale, file) in ARTICLES {
        let node = nodes.iter().find(|n| n.name_fr == *category).map(|n| n.id);
        let input = ArticleInput {
            title_fr: (*title_fr).into(),
            title_en: (*title_en).into(),
            body_fr: (*body_fr).into(),
            body_en: (*body_en).into(),
            keywords: keywords.iter().map(|k| (*k).to_string()).collect(),
            node_ids: node.into_iter().collect(),
            department_id: deps.iter().find(|d| d.code == *dep).map(|d| d.id),
            audience: if *public { Audience::Public } else { Audience::Internal },
            verify_by: Some(if *stale { today - Duration::days(20) } else { today + Duration::days(180) }),
            archived: false,
        };
        let a = service::knowledge::create(conn, admin, town, &input).map_err(super::e)?;
        if let Some(f) = file {
            let bytes = i64::try_from(pdf(title_fr).len()).unwrap_or_default();
            kb::insert_document(conn, town, a.id, (f, "application/pdf", bytes, &key(f)))?;
        }
        out.push((a.id, node));
    }
    Ok(out)
}

/// A week of contacts, as the first line logs them (the same service, real due times).
fn week_of_contacts(conn: &mut PgConnection, town: i64, articles: &[(i64, Option<i64>)]) -> anyhow::Result<()> {
    let clerk = principal(conn, "clic@demo.civis.demo")?;
    let agent = principal(conn, "agent311@civis.demo")?;
    let channels = [
        ContactChannel::Phone,
        ContactChannel::Phone,
        ContactChannel::Phone,
        ContactChannel::Counter,
        ContactChannel::Email,
        ContactChannel::Voicemail,
        ContactChannel::Phone,
        ContactChannel::Web,
        ContactChannel::SocialMedia,
        ContactChannel::Counter,
        ContactChannel::Mail,
    ];
    let now = crate::clock::now();
    for n in 0..42_usize {
        let channel = channels[n % channels.len()];
        let (article, node) = articles[(n * 7) % articles.len()];
        let outcome = match (channel, n % 10) {
            (ContactChannel::Voicemail | ContactChannel::Email, _) => Outcome::Callback,
            (_, 0 | 5) => Outcome::Referred,
            (_, 3) => Outcome::Request,
            _ => Outcome::Answered,
        };
        let hours = i64::try_from(n).unwrap_or_default() * 4 + 1;
        let input = InteractionInput {
            channel,
            node_id: node,
            // What a caller waiting for a callback asked about (invented).
            note: if outcome == Outcome::Callback {
                ["Bac de recyclage brisé", "Question sur le permis de piscine", "Lampadaire éteint depuis une semaine"]
                    [n % 3]
                    .to_string()
            } else {
                String::new()
            },
            // Callers waiting for a callback left a name and a number (invented).
            contact: (outcome == Outcome::Callback).then(|| ContactDetails {
                name: Some(["Gisèle Demers", "Robert Paquin", "Nadia Chaouki", "Luc Bérubé"][n % 4].to_string()),
                email: None,
                phone: Some(format!("450 555-01{:02}", n % 100)),
            }),
            outcome,
            article_ids: if outcome == Outcome::Answered { vec![article] } else { vec![] },
            referred_department_id: None,
            referred_to: (outcome == Outcome::Referred).then(|| "Travaux publics, poste 2201".to_string()),
            occurred_at: Some(now - Duration::hours(hours.min(24 * 7))),
        };
        let who = if n % 3 == 0 { &agent } else { &clerk };
        let logged = service::interactions::log(conn, who, town, &input).map_err(super::e)?;
        // Most callbacks older than two days were made.
        if outcome == Outcome::Callback && hours > 48 && n % 4 != 1 {
            crate::db::interactions::callback_done(conn, town, logged.id, clerk.id)?;
        }
    }
    Ok(())
}

/// The demo town's articles and a week of contacts.
pub fn seed(conn: &mut PgConnection, town: i64) -> anyhow::Result<()> {
    let admin = principal(conn, "admin@demo.civis.demo")?;
    let ids = articles(conn, town, &admin)?;
    week_of_contacts(conn, town, &ids)
}
