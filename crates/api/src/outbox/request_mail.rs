//! The emails about one request, to its requester and followers (receipt, start, follow-up,
//! closure, reopening) and to the town's staff (assignment, reminder, overdue, replies,
//! internal follow-ups). The payload says what was true when the event happened.

use chrono::NaiveDate;
use civis_domain::Lang;
use serde::{Deserialize, Serialize};

use super::Kind;
use super::templates::{Rendered, frame};

/// The payload of every email about one request.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RequestMail {
    pub town_id: i64,
    pub town_name: String,
    pub town_slug: String,
    pub sender_name: String,
    pub sender_email: String,
    pub request_id: i64,
    pub number: String,
    pub category_fr: String,
    pub category_en: String,
    #[serde(default)]
    pub due_date: Option<NaiveDate>,
    /// How the due date was counted (the receipt says it).
    #[serde(default)]
    pub due_explanation: Option<civis_domain::due::DueExplanation>,
    /// A follow-up's or a reply's text, the closure's message, a reopening's reason.
    #[serde(default)]
    pub body: Option<String>,
    /// Replies to this email reach the request (an external follow-up to its requester).
    #[serde(default)]
    pub reply: bool,
    /// The requester's closure email invites them to the survey.
    #[serde(default)]
    pub survey: bool,
    /// A complaint: staff learn there is one and where, nothing of it.
    #[serde(default)]
    pub confidential: bool,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
}

/// The links the worker adds when it sends (signed with the server's secret).
#[derive(Debug, Default)]
pub struct Links {
    pub survey: Option<String>,
    pub unsubscribe: Option<String>,
}

/// Subject, paragraphs, and the link's label and address.
type Words = (String, Vec<String>, (&'static str, String));

/// Renders an email about a request in French or English (`en`).
pub fn render(kind: Kind, en: bool, m: &RequestMail, links: &Links, public_url: &str) -> Rendered {
    let track = format!("{public_url}/t/{}/suivi?numero={}", m.town_slug, m.number);
    let staff = format!("{public_url}/staff/{}/requetes/{}", m.town_id, m.request_id);
    let (subject, mut lines, link) =
        to_requester(kind, en, m, links, track).unwrap_or_else(|| to_staff(kind, en, m, staff));
    if m.confidential {
        lines.push(
            "Plainte confidentielle : son contenu se consulte dans le tableau de bord, selon vos droits. \
             / Confidential complaint: read it in the dashboard, as your rights allow."
                .into(),
        );
    }
    frame(en, &m.town_name, subject, lines, link, links.unsubscribe.as_deref())
}

fn due(m: &RequestMail) -> String {
    m.due_date.map(|d| d.to_string()).unwrap_or_default()
}

/// "Traitement prévu d'ici le vendredi 11 décembre 2026 (5 jours ouvrables à partir du …)."
fn expected(m: &RequestMail, lang: Lang) -> String {
    let fr = lang == Lang::Fr;
    match (&m.due_explanation, m.due_date) {
        (Some(e), _) => {
            let (day, why) = (civis_domain::due::long_day(e.due, lang), e.text(lang));
            if fr {
                format!("Traitement prévu d'ici le {day} ({why}).")
            } else {
                format!("Expected to be handled by {day} ({why}).")
            }
        }
        (None, Some(d)) => {
            if fr {
                format!("Traitement prévu d'ici le {d}.")
            } else {
                format!("Expected to be handled by {d}.")
            }
        }
        (None, None) => String::new(),
    }
}

fn body(m: &RequestMail) -> String {
    m.body.clone().unwrap_or_default()
}

/// The requester's and followers' emails; `None` for the staff's.
fn to_requester(kind: Kind, en: bool, m: &RequestMail, links: &Links, track: String) -> Option<Words> {
    let (number, town) = (&m.number, &m.town_name);
    let category = if en { &m.category_en } else { &m.category_fr };
    let survey = |words: &str| links.survey.as_ref().map(|url| format!("{words} {url}")).unwrap_or_default();
    let follow = if en { "Track my request" } else { "Suivre ma requête" };
    let see = if en { "See the request" } else { "Voir la requête" };
    Some(match (kind, en) {
        (Kind::Receipt, false) => (
            format!("Requête {number} reçue — {town}"),
            vec![
                format!("Nous avons bien reçu votre requête « {category} »."),
                format!("Son numéro est {number}. Gardez-le : avec votre courriel, il vous permet de la suivre."),
                expected(m, Lang::Fr),
            ],
            (follow, track),
        ),
        (Kind::Receipt, true) => (
            format!("Request {number} received — {town}"),
            vec![
                format!("We have received your request \"{category}\"."),
                format!("Its number is {number}. Keep it: with your email, it lets you follow the request."),
                expected(m, Lang::En),
            ],
            (follow, track),
        ),
        (Kind::Started, false) => (
            format!("Votre requête {number} est en traitement"),
            vec![format!("Le service responsable a commencé à traiter votre requête {number} « {category} ».")],
            (follow, track),
        ),
        (Kind::Started, true) => (
            format!("Your request {number} is being processed"),
            vec![format!("The department in charge has started working on your request {number} \"{category}\".")],
            (follow, track),
        ),
        (Kind::ExternalFollowup, false) => (
            format!("Suivi de votre requête {number}"),
            vec![format!("{town} a ajouté un suivi à votre requête {number} :"), body(m)],
            (see, track),
        ),
        (Kind::ExternalFollowup, true) => (
            format!("Update on your request {number}"),
            vec![format!("{town} added an update to your request {number}:"), body(m)],
            (see, track),
        ),
        (Kind::Closed, false) => (
            format!("Votre requête {number} est fermée"),
            vec![
                format!("Votre requête {number} « {category} » est fermée."),
                body(m),
                survey("Votre avis nous aide : une question, moins d'une minute :"),
            ],
            (see, track),
        ),
        (Kind::Closed, true) => (
            format!("Your request {number} is closed"),
            vec![
                format!("Your request {number} \"{category}\" is closed."),
                body(m),
                survey("Your opinion helps us: one question, less than a minute:"),
            ],
            (see, track),
        ),
        (Kind::Reopened, false) => (
            format!("Votre requête {number} est rouverte"),
            vec![format!("Votre requête {number} « {category} » a été rouverte : nous la traitons de nouveau.")],
            (follow, track),
        ),
        (Kind::Reopened, true) => (
            format!("Your request {number} is open again"),
            vec![format!("Your request {number} \"{category}\" has been reopened: we are working on it again.")],
            (follow, track),
        ),
        _ => return None,
    })
}

/// The staff's emails (in French but for a person's own assignment).
fn to_staff(kind: Kind, en: bool, m: &RequestMail, staff: String) -> Words {
    let number = &m.number;
    let category = if en { &m.category_en } else { &m.category_fr };
    let (due, body) = (due(m), body(m));
    let (description, address) = (m.description.clone().unwrap_or_default(), m.address.clone().unwrap_or_default());
    // Departments' emails are French; a person's own assignment is in their language.
    let open = if en && kind == Kind::PersonalAssignment { "Open the request" } else { "Ouvrir la requête" };
    match (kind, en) {
        (Kind::DepartmentReopened, _) => (
            format!("Requête {number} rouverte"),
            vec![
                format!("La requête {number} « {category} » a été rouverte."),
                if body.is_empty() { String::new() } else { format!("Motif : {body}") },
            ],
            (open, staff),
        ),
        (Kind::PersonalAssignment, false) => (
            format!("Requête {number} assignée à vous : {category}"),
            vec![
                format!("La requête {number} « {category} » vous est assignée."),
                description,
                address,
                if due.is_empty() { String::new() } else { format!("Échéance : {due}.") },
            ],
            (open, staff),
        ),
        (Kind::PersonalAssignment, true) => (
            format!("Request {number} assigned to you: {category}"),
            vec![
                format!("Request {number} \"{category}\" is assigned to you."),
                description,
                address,
                if due.is_empty() { String::new() } else { format!("Due: {due}.") },
            ],
            (open, staff),
        ),
        (Kind::Assignment, _) => (
            format!("Nouvelle requête {number} : {category}"),
            vec![
                format!("Une nouvelle requête est assignée à votre service : {number} « {category} »."),
                description,
                address,
                if due.is_empty() { String::new() } else { format!("Échéance : {due}.") },
            ],
            (open, staff),
        ),
        (Kind::Reassignment, _) => (
            format!("Requête {number} transférée à votre service"),
            vec![format!("La requête {number} « {category} » est maintenant assignée à votre service."), description],
            (open, staff),
        ),
        (Kind::Reminder, _) => (
            format!("Rappel : requête {number} à traiter d'ici le {due}"),
            vec![format!("La requête {number} « {category} » arrive à échéance le {due}.")],
            (open, staff),
        ),
        (Kind::Overdue, _) => (
            format!("En retard : requête {number} (échéance {due})"),
            vec![format!("La requête {number} « {category} » a dépassé son échéance du {due}.")],
            (open, staff),
        ),
        (Kind::FirstAnswer, _) => first_answer(m, number, category, (open, staff)),
        (Kind::IncomingReply, _) => (
            format!("Réponse du demandeur — requête {number}"),
            vec![format!("Le demandeur a répondu par courriel au sujet de la requête {number} « {category} » :"), body],
            (open, staff),
        ),
        _ => (
            format!("Suivi interne — requête {number}"),
            vec![format!("Un suivi interne a été ajouté à la requête {number} « {category} » :"), body],
            (open, staff),
        ),
    }
}

/// The department's notice of a first answer promised by the next working day, not given.
fn first_answer(m: &RequestMail, number: &str, category: &str, link: (&'static str, String)) -> Words {
    let day = m.due_date.map(|d| civis_domain::due::long_day(d, Lang::Fr)).unwrap_or_default();
    (
        format!("Première réponse promise — requête {number}"),
        vec![
            format!(
                "La requête {number} « {category} » attend sa première réponse au citoyen, promise d'ici \
                 la fin de la journée du {day} (le jour ouvrable suivant sa réception)."
            ),
            "Un suivi externe la lui envoie et la requête n'est plus signalée.".into(),
        ],
        link,
    )
}
