//! The emails of first contact, each with its typed payload: an article's documents sent to
//! a citizen (the files are attached at sending time, read from storage by the worker, so
//! the outbox row stays small and a storage outage only delays the email), and the reminder
//! of a callback to the town's first-line team (no one's name or number in it).

use serde::{Deserialize, Serialize};

use super::templates::{Rendered, esc};

/// One document to attach.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MailDocument {
    pub filename: String,
    pub content_type: String,
    pub storage_key: String,
}

/// The payload of an `article_documents` outbox row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentsMail {
    pub town_name: String,
    pub sender_name: String,
    pub sender_email: String,
    pub title: String,
    pub note: String,
    pub documents: Vec<MailDocument>,
}

/// The words of the documents email (the files are attached by the worker).
pub fn render_documents(lang: &str, m: &DocumentsMail) -> Rendered {
    let en = lang == "en";
    let names: Vec<String> = m.documents.iter().map(|d| format!("- {}", d.filename)).collect();
    let (subject, intro, signature) = if en {
        (
            format!("Documents: {} — {}", m.title, m.town_name),
            format!("As requested, here are the documents about \"{}\", attached:", m.title),
            format!("— {} (sent at your request)", m.town_name),
        )
    } else {
        (
            format!("Documents : {} — {}", m.title, m.town_name),
            format!("Comme demandé, voici en pièces jointes les documents au sujet de « {} » :", m.title),
            format!("— {} (envoyé à votre demande)", m.town_name),
        )
    };
    let note = m.note.trim();
    let mut text = String::new();
    if !note.is_empty() {
        text.push_str(note);
        text.push_str("\n\n");
    }
    text.push_str(&format!("{intro}\n{}\n\n{signature}\n", names.join("\n")));
    let items: String = m.documents.iter().map(|d| format!("<li>{}</li>", esc(&d.filename))).collect();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f24\">\n{note}<p>{intro}</p>\n\
         <ul>{items}</ul>\n<p style=\"color:#4d5a66\">{sig}</p>\n</body></html>\n",
        lang = if en { "en" } else { "fr" },
        note = if note.is_empty() { String::new() } else { format!("<p>{}</p>\n", esc(note).replace('\n', "<br>")) },
        intro = esc(&intro),
        sig = esc(&signature),
    );
    Rendered { subject, text, html }
}

/// The payload of a `callback_reminder` outbox row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CallbackMail {
    pub town_name: String,
    pub town_id: i64,
    pub sender_name: String,
    pub sender_email: String,
    /// The channel, in French and English.
    pub channel_fr: String,
    pub channel_en: String,
    /// When it is due, in the town's time (`2026-11-24 16:30`).
    pub due: String,
    pub overdue: bool,
}

/// A callback to make: the channel and when it is due; the details are in the console.
pub fn render_callback(lang: &str, m: &CallbackMail, public_url: &str) -> Rendered {
    let en = lang == "en";
    let link = format!("{public_url}/staff/{}/premier-contact", m.town_id);
    let (subject, line, label, signature) = match (en, m.overdue) {
        (false, false) => (
            format!("Rappel à faire d'ici le {} — {}", m.due, m.town_name),
            format!("Un contact ({}) attend un rappel d'ici le {}.", m.channel_fr, m.due),
            "Ouvrir la file des rappels",
            format!("— {} (ce courriel est envoyé automatiquement)", m.town_name),
        ),
        (false, true) => (
            format!("Rappel en retard (échéance {}) — {}", m.due, m.town_name),
            format!("Un contact ({}) attendait un rappel au plus tard le {}.", m.channel_fr, m.due),
            "Ouvrir la file des rappels",
            format!("— {} (ce courriel est envoyé automatiquement)", m.town_name),
        ),
        (true, false) => (
            format!("Callback due by {} — {}", m.due, m.town_name),
            format!("A contact ({}) is waiting for a callback by {}.", m.channel_en, m.due),
            "Open the callback queue",
            format!("— {} (this email is sent automatically)", m.town_name),
        ),
        (true, true) => (
            format!("Overdue callback (due {}) — {}", m.due, m.town_name),
            format!("A contact ({}) was due a callback by {}.", m.channel_en, m.due),
            "Open the callback queue",
            format!("— {} (this email is sent automatically)", m.town_name),
        ),
    };
    let text = format!(
        "{line}

{label}: {link}

{signature}
"
    );
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f24\">\n<p>{line}</p>\n\
         <p><a href=\"{href}\">{label}</a></p>\n<p style=\"color:#4d5a66\">{sig}</p>\n</body></html>\n",
        lang = if en { "en" } else { "fr" },
        line = esc(&line),
        href = esc(&link),
        label = esc(label),
        sig = esc(&signature),
    );
    Rendered { subject, text, html }
}
