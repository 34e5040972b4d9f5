//! The emails' words, in French and English, as plain text and HTML. A template reads the
//! payload written with the outbox row (`service::notify`), so a message says what was true
//! when its event happened.

use serde_json::Value;

use super::Kind;

/// A rendered email.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

pub(super) fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

fn field<'a>(p: &'a Value, name: &str) -> &'a str {
    p.get(name).and_then(Value::as_str).unwrap_or("")
}

fn count(p: &Value, key: &str) -> usize {
    p.get(key).and_then(Value::as_array).map_or(0, Vec::len)
}

/// One line a request: number, category, department, status, due date. Never a person.
fn list(p: &Value, key: &str, en: bool) -> String {
    let lang = if en { civis_domain::Lang::En } else { civis_domain::Lang::Fr };
    let items = p.get(key).and_then(Value::as_array).cloned().unwrap_or_default();
    if items.is_empty() {
        return if en { "(none)".into() } else { "(aucune)".into() };
    }
    items
        .iter()
        .map(|i| {
            let status = i["status"].as_str().and_then(|s| s.parse::<civis_domain::Status>().ok());
            format!(
                "{} — {} — {} — {} — {}",
                field(i, "number"),
                field(i, if en { "category_en" } else { "category_fr" }),
                field(i, "department"),
                status.map(|s| s.label(lang)).unwrap_or_default(),
                i["due_date"].as_str().unwrap_or("—"),
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The survey's invitation and link, when the email carries one.
fn survey(p: &Value, words: &str) -> String {
    let url = field(p, "survey_url");
    if url.is_empty() { String::new() } else { format!("{words} {url}") }
}

/// Renders a notification for `lang` (`fr` or `en`); `public_url` makes the links.
pub fn render(kind: Kind, lang: &str, p: &Value, public_url: &str) -> Rendered {
    let en = lang == "en";
    let number = field(p, "number");
    let town = field(p, "town_name");
    let category = if en { field(p, "category_en") } else { field(p, "category_fr") };
    let body = field(p, "body");
    let track = format!("{public_url}/t/{}/suivi?numero={number}", field(p, "town_slug"));
    let dashboard = format!("{public_url}/staff/{}", p.get("town_id").and_then(Value::as_i64).unwrap_or_default());
    let staff = format!("{dashboard}/requetes/{}", p.get("request_id").and_then(Value::as_i64).unwrap_or_default());
    let due = field(p, "due_date");
    let (subject, lines, link): (String, Vec<String>, (&str, String)) = match (kind, en) {
        (Kind::Receipt, false) => (
            format!("Requête {number} reçue — {town}"),
            vec![
                format!("Nous avons bien reçu votre requête « {category} »."),
                format!("Son numéro est {number}. Gardez-le : avec votre courriel, il vous permet de la suivre."),
                if due.is_empty() { String::new() } else { format!("Traitement prévu d'ici le {due}.") },
            ],
            ("Suivre ma requête", track),
        ),
        (Kind::Receipt, true) => (
            format!("Request {number} received — {town}"),
            vec![
                format!("We have received your request \"{category}\"."),
                format!("Its number is {number}. Keep it: with your email, it lets you follow the request."),
                if due.is_empty() { String::new() } else { format!("Expected to be handled by {due}.") },
            ],
            ("Track my request", track),
        ),
        (Kind::Started, false) => (
            format!("Votre requête {number} est en traitement"),
            vec![format!("Le service responsable a commencé à traiter votre requête {number} « {category} ».")],
            ("Suivre ma requête", track),
        ),
        (Kind::Started, true) => (
            format!("Your request {number} is being processed"),
            vec![format!("The department in charge has started working on your request {number} \"{category}\".")],
            ("Track my request", track),
        ),
        (Kind::ExternalFollowup, false) => (
            format!("Suivi de votre requête {number}"),
            vec![format!("{town} a ajouté un suivi à votre requête {number} :"), body.to_string()],
            ("Voir la requête", track),
        ),
        (Kind::ExternalFollowup, true) => (
            format!("Update on your request {number}"),
            vec![format!("{town} added an update to your request {number}:"), body.to_string()],
            ("See the request", track),
        ),
        (Kind::Closed, false) => (
            format!("Votre requête {number} est fermée"),
            vec![
                format!("Votre requête {number} « {category} » est fermée."),
                body.to_string(),
                survey(p, "Votre avis nous aide : une question, moins d'une minute :"),
            ],
            ("Voir la requête", track),
        ),
        (Kind::Closed, true) => (
            format!("Your request {number} is closed"),
            vec![
                format!("Your request {number} \"{category}\" is closed."),
                body.to_string(),
                survey(p, "Your opinion helps us: one question, less than a minute:"),
            ],
            ("See the request", track),
        ),
        (Kind::Reopened, false) => (
            format!("Votre requête {number} est rouverte"),
            vec![format!("Votre requête {number} « {category} » a été rouverte : nous la traitons de nouveau.")],
            ("Suivre ma requête", track),
        ),
        (Kind::Reopened, true) => (
            format!("Your request {number} is open again"),
            vec![format!("Your request {number} \"{category}\" has been reopened: we are working on it again.")],
            ("Track my request", track),
        ),
        (Kind::DepartmentReopened, _) => (
            format!("Requête {number} rouverte"),
            vec![
                format!("La requête {number} « {category} » a été rouverte."),
                if body.is_empty() { String::new() } else { format!("Motif : {body}") },
            ],
            ("Ouvrir la requête", staff),
        ),
        (Kind::PersonalAssignment, false) => (
            format!("Requête {number} assignée à vous : {category}"),
            vec![
                format!("La requête {number} « {category} » vous est assignée."),
                field(p, "description").to_string(),
                field(p, "address").to_string(),
                if due.is_empty() { String::new() } else { format!("Échéance : {due}.") },
            ],
            ("Ouvrir la requête", staff),
        ),
        (Kind::PersonalAssignment, true) => (
            format!("Request {number} assigned to you: {category}"),
            vec![
                format!("Request {number} \"{category}\" is assigned to you."),
                field(p, "description").to_string(),
                field(p, "address").to_string(),
                if due.is_empty() { String::new() } else { format!("Due: {due}.") },
            ],
            ("Open the request", staff),
        ),
        (Kind::Assignment, _) => (
            format!("Nouvelle requête {number} : {category}"),
            vec![
                format!("Une nouvelle requête est assignée à votre service : {number} « {category} »."),
                field(p, "description").to_string(),
                field(p, "address").to_string(),
                if due.is_empty() { String::new() } else { format!("Échéance : {due}.") },
            ],
            ("Ouvrir la requête", staff),
        ),
        (Kind::Reassignment, _) => (
            format!("Requête {number} transférée à votre service"),
            vec![
                format!("La requête {number} « {category} » est maintenant assignée à votre service."),
                field(p, "description").to_string(),
            ],
            ("Ouvrir la requête", staff),
        ),
        (Kind::Reminder, _) => (
            format!("Rappel : requête {number} à traiter d'ici le {due}"),
            vec![format!("La requête {number} « {category} » arrive à échéance le {due}.")],
            ("Ouvrir la requête", staff),
        ),
        (Kind::Overdue, _) => (
            format!("En retard : requête {number} (échéance {due})"),
            vec![format!("La requête {number} « {category} » a dépassé son échéance du {due}.")],
            ("Ouvrir la requête", staff),
        ),
        (Kind::MonthlyDepartment, _) => {
            let open = list(p, "open", en);
            if en {
                (
                    format!("{town} — your department's open requests ({})", field(p, "month")),
                    vec![format!("{} requests not yet completed:", count(p, "open")), open],
                    ("Open the dashboard", dashboard.clone()),
                )
            } else {
                (
                    format!("{town} — requêtes non complétées de votre service ({})", field(p, "month")),
                    vec![format!("{} requêtes non complétées :", count(p, "open")), open],
                    ("Ouvrir le tableau de bord", dashboard.clone()),
                )
            }
        }
        (Kind::MonthlyElected, _) => {
            let (open, done) = (list(p, "open", en), list(p, "done", en));
            if en {
                (
                    format!("{town} — monthly request lists ({})", field(p, "month")),
                    vec![
                        format!("Requests not yet completed: {}", count(p, "open")),
                        open,
                        format!("Requests completed in {}: {}", field(p, "last_month"), count(p, "done")),
                        done,
                        format!(
                            "Complaints (counted, not listed): {} not completed, {} completed in {}.",
                            field(p, "complaints_open"),
                            field(p, "complaints_done"),
                            field(p, "last_month")
                        ),
                    ],
                    ("Open the dashboard", dashboard.clone()),
                )
            } else {
                (
                    format!("{town} — listes mensuelles des requêtes ({})", field(p, "month")),
                    vec![
                        format!("Requêtes non complétées : {}", count(p, "open")),
                        open,
                        format!("Requêtes complétées en {} : {}", field(p, "last_month"), count(p, "done")),
                        done,
                        format!(
                            "Plaintes (comptées, non listées) : {} non complétées, {} complétées en {}.",
                            field(p, "complaints_open"),
                            field(p, "complaints_done"),
                            field(p, "last_month")
                        ),
                    ],
                    ("Ouvrir le tableau de bord", dashboard.clone()),
                )
            }
        }
        (Kind::IncomingReply, _) => (
            format!("Réponse du demandeur — requête {number}"),
            vec![
                format!("Le demandeur a répondu par courriel au sujet de la requête {number} « {category} » :"),
                body.to_string(),
            ],
            ("Ouvrir la requête", staff),
        ),
        // Typed payloads, rendered by `first_contact`, `report_mail` and `account_mail` (the worker never comes here).
        (
            Kind::ArticleDocuments
            | Kind::CallbackReminder
            | Kind::CouncilReport
            | Kind::AccountConfirmation
            | Kind::AccountExists
            | Kind::PasswordReset
            | Kind::PasswordChanged
            | Kind::FollowConfirmation,
            _,
        ) => (String::new(), vec![], ("", String::new())),
        (Kind::InternalFollowup, _) => (
            format!("Suivi interne — requête {number}"),
            vec![format!("Un suivi interne a été ajouté à la requête {number} « {category} » :"), body.to_string()],
            ("Ouvrir la requête", staff),
        ),
    };
    let mut lines: Vec<String> = lines.into_iter().filter(|l| !l.trim().is_empty()).collect();
    if p.get("confidential").and_then(Value::as_bool) == Some(true) {
        lines.push(
            "Plainte confidentielle : son contenu se consulte dans le tableau de bord, selon vos droits. \
             / Confidential complaint: read it in the dashboard, as your rights allow."
                .into(),
        );
    }
    let signature = if en {
        format!("— {town} (this email is sent automatically)")
    } else {
        format!("— {town} (ce courriel est envoyé automatiquement)")
    };
    let unsubscribe = field(p, "unsubscribe_url");
    let stop =
        if en { "Stop the emails about this request" } else { "Ne plus recevoir de courriels sur cette requête" };
    let stop_text = if unsubscribe.is_empty() { String::new() } else { format!("\n{stop}: {unsubscribe}\n") };
    let stop_html = if unsubscribe.is_empty() {
        String::new()
    } else {
        format!("<p style=\"font-size:small\"><a href=\"{}\">{}</a></p>\n", esc(unsubscribe), esc(stop))
    };
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
