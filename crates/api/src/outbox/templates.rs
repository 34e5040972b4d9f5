//! What every email shares: the rendered message, HTML escaping, and the frame of a town's
//! notification (paragraphs, one link, the signature, the link that stops a request's
//! emails). Each kind's words are with its payload (`request_mail`, `monthly_mail`, …).

/// A rendered email.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A town's notification: the non-blank paragraphs, the link, the town's signature and,
/// for a citizen, the link that stops the emails about the request.
pub(super) fn frame(
    en: bool,
    town: &str,
    subject: String,
    lines: Vec<String>,
    link: (&str, String),
    unsubscribe: Option<&str>,
) -> Rendered {
    let lines: Vec<String> = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
    let signature = if en {
        format!("— {town} (this email is sent automatically)")
    } else {
        format!("— {town} (ce courriel est envoyé automatiquement)")
    };
    let stop =
        if en { "Stop the emails about this request" } else { "Ne plus recevoir de courriels sur cette requête" };
    let stop_text = unsubscribe.map(|u| format!("\n{stop}: {u}\n")).unwrap_or_default();
    let stop_html = unsubscribe
        .map(|u| format!("<p style=\"font-size:small\"><a href=\"{}\">{}</a></p>\n", esc(u), esc(stop)))
        .unwrap_or_default();
    let text = format!("{}\n\n{}: {}\n\n{signature}\n{stop_text}", lines.join("\n\n"), link.0, link.1);
    let paragraphs: String =
        lines.iter().map(|l| format!("<p>{}</p>", esc(l).replace('\n', "<br>"))).collect::<Vec<_>>().join("\n");
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f24\">\n{paragraphs}\n\
         <p><a href=\"{href}\">{label}</a></p>\n<p style=\"color:#4d5a66\">{sig}</p>\n{stop_html}</body></html>\n",
        lang = if en { "en" } else { "fr" },
        href = esc(&link.1),
        label = esc(link.0),
        sig = esc(&signature),
    );
    Rendered { subject, text, html }
}
