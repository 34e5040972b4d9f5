//! The email that confirms following a public request (double opt-in): the address gets
//! the request's emails only once it followed this link.

use serde::{Deserialize, Serialize};

use super::templates::{Rendered, esc};

/// The payload of a `follow_confirmation` outbox row.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FollowMail {
    pub town_name: String,
    pub sender_name: String,
    pub sender_email: String,
    pub number: String,
    pub category_fr: String,
    pub category_en: String,
    pub link: String,
}

/// The words of the confirmation.
pub fn render(en: bool, m: &FollowMail) -> Rendered {
    let (subject, line, label, after, signature) = if en {
        (
            format!("Confirm: follow request {} — {}", m.number, m.town_name),
            format!("To receive the news of request {} \"{}\", confirm with this link:", m.number, m.category_en),
            "Follow this request",
            "If you did not ask for this, ignore this email: nothing more will be sent.",
            format!("— {} (this email is sent automatically)", m.town_name),
        )
    } else {
        (
            format!("Confirmez : suivre la requête {} — {}", m.number, m.town_name),
            format!(
                "Pour recevoir les nouvelles de la requête {} « {} », confirmez par ce lien :",
                m.number, m.category_fr
            ),
            "Suivre cette requête",
            "Si vous n'avez rien demandé, ignorez ce courriel : rien d'autre ne sera envoyé.",
            format!("— {} (ce courriel est envoyé automatiquement)", m.town_name),
        )
    };
    let text = format!("{line}\n\n{label}: {}\n\n{after}\n\n{signature}\n", m.link);
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f24\">\n<p>{}</p>\n\
         <p><a href=\"{}\">{}</a></p>\n<p>{}</p>\n<p style=\"color:#4d5a66\">{}</p>\n</body></html>\n",
        esc(&line),
        esc(&m.link),
        esc(label),
        esc(after),
        esc(&signature),
        lang = if en { "en" } else { "fr" },
    );
    Rendered { subject, text, html }
}
