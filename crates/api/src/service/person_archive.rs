//! A person's file as one archive (Loi 25): `dossier.json` (the data, as the API answers
//! it) and `dossier.html` (a readable summary in French or English, standalone, printable),
//! in a ZIP. The director makes it for an access request; a citizen downloads their own.

use std::io::Write;

use civis_domain::Lang;
use civis_domain::wire::{PersonFile, PersonRole};
use zip::write::SimpleFileOptions;

use crate::error::ApiError;

/// The archive of `files` (one per town, with the town's name).
pub fn archive(files: &[(String, PersonFile)], lang: Lang) -> Result<Vec<u8>, ApiError> {
    let data: Vec<_> = files.iter().map(|(town, f)| serde_json::json!({ "town": town, "file": f })).collect();
    let json = serde_json::to_vec_pretty(&data).map_err(|e| ApiError::caused("file json", e))?;
    let (json_name, html_name) = match lang {
        Lang::Fr => ("dossier.json", "dossier.html"),
        Lang::En => ("file.json", "file.html"),
    };
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let fail = |e: &dyn std::fmt::Display| ApiError::internal(format!("file archive: {e}"));
    for (name, bytes) in [(json_name, json), (html_name, html(files, lang).into_bytes())] {
        zip.start_file(name, opts).map_err(|e| fail(&e))?;
        zip.write_all(&bytes).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The words of the summary.
struct Words {
    title: &'static str,
    lead: &'static str,
    generated: &'static str,
    requests: &'static str,
    messages: &'static str,
    calls: &'static str,
    attachments: &'static str,
    surveys: &'static str,
    account: &'static str,
    none: &'static str,
    requester: &'static str,
    follower: &'static str,
    contact: &'static str,
}

const FR: Words = Words {
    title: "Dossier de renseignements personnels",
    lead: "Ce que la municipalité détient à votre sujet (Loi 25), trouvé par courriel ou téléphone. Les heures sont en UTC.",
    generated: "Produit le",
    requests: "Requêtes",
    messages: "Messages échangés",
    calls: "Appels et rappels",
    attachments: "Fichiers envoyés",
    surveys: "Réponses aux sondages",
    account: "Compte citoyen",
    none: "Aucun.",
    requester: "demandeur",
    follower: "suit la requête",
    contact: "Coordonnées",
};

const EN: Words = Words {
    title: "Personal information file",
    lead: "What the town holds about you (Quebec's Law 25), found by email or phone. Times are in UTC.",
    generated: "Made on",
    requests: "Requests",
    messages: "Messages",
    calls: "Calls and callbacks",
    attachments: "Files sent",
    surveys: "Survey answers",
    account: "Citizen account",
    none: "None.",
    requester: "requester",
    follower: "follows the request",
    contact: "Contact",
};

fn when(t: chrono::DateTime<chrono::Utc>) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// A section: its title with the count, then its items (or "none").
fn section(out: &mut String, title: &str, none: &str, items: Vec<String>) {
    out.push_str(&format!("<h3>{} ({})</h3>\n", esc(title), items.len()));
    if items.is_empty() {
        out.push_str(&format!("<p class=\"none\">{}</p>\n", esc(none)));
    } else {
        out.push_str("<ul>\n");
        for item in items {
            out.push_str(&format!("<li>{item}</li>\n"));
        }
        out.push_str("</ul>\n");
    }
}

/// The readable summary: a standalone page (no script, no outside resource).
pub fn html(files: &[(String, PersonFile)], lang: Lang) -> String {
    let w = if lang == Lang::Fr { &FR } else { &EN };
    let mut out = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title>\n<style>body{{font:16px/1.5 sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1b1f24}}h2{{border-bottom:2px solid #1f4e8c}}li{{margin:.4rem 0}}.none,.muted{{color:#555}}</style></head><body>\n<h1>{}</h1>\n<p>{}</p>\n",
        lang.as_str(),
        esc(w.title),
        esc(w.title),
        esc(w.lead)
    );
    for (town, f) in files {
        out.push_str(&format!(
            "<h2>{}</h2>\n<p class=\"muted\">{} {}</p>\n",
            esc(town),
            w.generated,
            when(f.generated_at)
        ));
        town_part(&mut out, w, f, lang);
    }
    out.push_str("</body></html>\n");
    out
}

/// The person's requests, each with the contact the town holds.
fn requests(w: &Words, f: &PersonFile, lang: Lang) -> Vec<String> {
    f.requests
        .iter()
        .map(|r| {
            let role = if r.role == PersonRole::Requester { w.requester } else { w.follower };
            let contact = r.contact.as_ref().map(|c| {
                let parts = [format!("{} {}", c.first_name, c.last_name).trim().to_string()]
                    .into_iter()
                    .chain(
                        [c.email.clone(), c.phone1.clone(), c.phone2.clone(), c.postal_address.clone()]
                            .into_iter()
                            .flatten(),
                    )
                    .filter(|s| !s.is_empty())
                    .map(|s| esc(&s))
                    .collect::<Vec<_>>();
                format!("<br>{} : {}", w.contact, parts.join(" · "))
            });
            format!(
                "<strong>{}</strong> — {} — {} — {} — {}{}<br><span class=\"muted\">{}</span>",
                esc(&r.number),
                r.kind.label(lang),
                r.status.label(lang),
                role,
                when(r.created_at),
                contact.unwrap_or_default(),
                esc(&r.description)
            )
        })
        .collect()
}

/// The person's calls, with who called and what was noted.
fn calls(f: &PersonFile) -> Vec<String> {
    f.calls
        .iter()
        .map(|c| {
            let who = [c.name.clone(), c.email.clone(), c.phone.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" · ");
            let note = if c.note.is_empty() { String::new() } else { format!("<br>{}", esc(&c.note)) };
            format!(
                "{} — {}{}{}",
                when(c.occurred_at),
                esc(&who),
                c.request_number.as_deref().map(|n| format!(" — {}", esc(n))).unwrap_or_default(),
                note
            )
        })
        .collect()
}

fn town_part(out: &mut String, w: &Words, f: &PersonFile, lang: Lang) {
    section(out, w.requests, w.none, requests(w, f, lang));
    let messages = f
        .messages
        .iter()
        .map(|m| format!("<strong>{}</strong> — {}<br>{}", esc(&m.number), when(m.created_at), esc(&m.body)))
        .collect();
    section(out, w.messages, w.none, messages);
    section(out, w.calls, w.none, calls(f));
    let files = f
        .attachments
        .iter()
        .map(|a| {
            format!(
                "<strong>{}</strong> — {} ({}, {} o) — {}",
                esc(&a.number),
                esc(&a.filename),
                esc(&a.content_type),
                a.size_bytes,
                when(a.created_at)
            )
        })
        .collect();
    section(out, w.attachments, w.none, files);
    let surveys = f
        .surveys
        .iter()
        .map(|s| format!("<strong>{}</strong> — {}/5 — {}", esc(&s.number), s.score, esc(&s.comment)))
        .collect();
    section(out, w.surveys, w.none, surveys);
    let account = f
        .account
        .iter()
        .map(|a| format!("{} {} · {} — {}", esc(&a.first_name), esc(&a.last_name), esc(&a.email), when(a.created_at)))
        .collect();
    section(out, w.account, w.none, account);
}
