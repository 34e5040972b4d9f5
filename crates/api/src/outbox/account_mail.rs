//! The emails of accounts, each with its typed payload: confirm a new citizen account,
//! "you already have an account" (a sign-up with a known address, so the sign-up answer
//! itself reveals nothing), a password-reset link, and the notice that a password changed.
//! Links carry their token after `#`, so it never reaches a server log or a `Referer`.

use serde::{Deserialize, Serialize};

use super::Kind;
use super::templates::{Rendered, esc};

/// The payload of every account email.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccountMail {
    pub first_name: String,
    /// The link to follow (none for the password-changed notice).
    pub link: Option<String>,
}

/// The words of an account email; `None` for a kind that is not an account's.
pub fn render(kind: Kind, lang: &str, m: &AccountMail) -> Option<Rendered> {
    words(kind, lang == "en").map(|w| compose(lang, &w, m))
}

/// Subject, paragraphs and the link's label.
struct Words {
    subject: &'static str,
    lines: [&'static str; 2],
    label: &'static str,
}

fn words(kind: Kind, en: bool) -> Option<Words> {
    let w = |subject, a, b, label| Some(Words { subject, lines: [a, b], label });
    match (kind, en) {
        (Kind::AccountConfirmation, false) => w(
            "Confirmez votre adresse courriel — Civis",
            "Pour activer votre compte citoyen, confirmez votre adresse en suivant ce lien (valable 24 heures) :",
            "Si vous n'avez pas créé de compte, ignorez ce courriel : rien ne sera envoyé à cette adresse.",
            "Confirmer mon adresse",
        ),
        (Kind::AccountConfirmation, true) => w(
            "Confirm your email address — Civis",
            "To activate your citizen account, confirm your address by following this link (valid 24 hours):",
            "If you did not create an account, ignore this email: nothing will be sent to this address.",
            "Confirm my address",
        ),
        (Kind::AccountExists, false) => w(
            "Vous avez déjà un compte — Civis",
            "Quelqu'un (vous, sans doute) a voulu créer un compte avec cette adresse, qui en a déjà un. \
Si vous avez oublié votre mot de passe, choisissez-en un nouveau :",
            "Si ce n'était pas vous, ignorez ce courriel : votre compte n'a pas changé.",
            "Choisir un nouveau mot de passe",
        ),
        (Kind::AccountExists, true) => w(
            "You already have an account — Civis",
            "Someone (you, no doubt) tried to open an account with this address, which already has one. \
If you forgot your password, choose a new one:",
            "If it was not you, ignore this email: your account has not changed.",
            "Choose a new password",
        ),
        (Kind::DepartmentEmail, false) => w(
            "Confirmez l'adresse des avis d'un service — Civis",
            "Un administrateur de la municipalité veut envoyer à cette adresse les avis des requêtes du service nommé ci-dessus \
(elles peuvent contenir le nom et les coordonnées des citoyens). Si cette adresse est bien celle du service, confirmez-la \
en suivant ce lien (valable 7 jours) :",
            "Si vous ne connaissez pas ce service, ignorez ce courriel : rien ne sera envoyé à cette adresse.",
            "Confirmer cette adresse",
        ),
        (Kind::DepartmentEmail, true) => w(
            "Confirm the address of a department's notices — Civis",
            "An administrator of the town wants to send the notices of the requests of the department named above to this \
address (they may hold citizens' names and contact details). If this is the department's address, confirm it by \
following this link (valid 7 days):",
            "If you do not know this department, ignore this email: nothing will be sent to this address.",
            "Confirm this address",
        ),
        (Kind::PasswordReset, false) => w(
            "Nouveau mot de passe — Civis",
            "Pour choisir un nouveau mot de passe, suivez ce lien. Il sert une seule fois et expire dans 30 minutes :",
            "Si vous n'avez rien demandé, ignorez ce courriel : votre mot de passe reste le même.",
            "Choisir un nouveau mot de passe",
        ),
        (Kind::PasswordReset, true) => w(
            "New password — Civis",
            "To choose a new password, follow this link. It works once and expires in 30 minutes:",
            "If you did not ask for anything, ignore this email: your password stays the same.",
            "Choose a new password",
        ),
        _ => notice_words(kind, en),
    }
}

/// The notices about an account's security (no link): a changed password, someone
/// guessing, a reset second factor.
fn notice_words(kind: Kind, en: bool) -> Option<Words> {
    let w = |subject, a, b, label| Some(Words { subject, lines: [a, b], label });
    match (kind, en) {
        (Kind::PasswordChanged, false) => w(
            "Votre mot de passe a été changé — Civis",
            "Le mot de passe de votre compte vient d'être changé, et vos autres sessions ont été fermées.",
            "Si ce n'était pas vous, choisissez sans tarder un nouveau mot de passe (« Mot de passe oublié ») \
et prévenez votre municipalité.",
            "",
        ),
        (Kind::PasswordChanged, true) => w(
            "Your password was changed — Civis",
            "Your account's password was just changed, and your other sessions were signed out.",
            "If it was not you, choose a new password at once (\"Forgot password\") and tell your town.",
            "",
        ),
        (Kind::SignInAttempts, false) => w(
            "Tentatives de connexion à votre compte — Civis",
            "Au moins dix tentatives de connexion avec un mauvais mot de passe ont visé votre compte dans la dernière heure. \
Votre compte n'est pas bloqué : vous pouvez vous connecter comme d'habitude.",
            "Si ce n'était pas vous et que votre mot de passe sert aussi ailleurs, choisissez-en un nouveau \
(« Mot de passe oublié ») et prévenez votre municipalité.",
            "",
        ),
        (Kind::SignInAttempts, true) => w(
            "Sign-in attempts on your account — Civis",
            "At least ten sign-in attempts with a wrong password targeted your account in the last hour. \
Your account is not locked: you can sign in as usual.",
            "If it was not you and your password is also used elsewhere, choose a new one (\"Forgot password\") \
and tell your town.",
            "",
        ),
        (Kind::WebhookDisabled, false) => w(
            "Un webhook de votre municipalité a été désactivé — Civis",
            "Un point de terminaison webhook de votre municipalité a refusé ses livraisons pendant plus d'une journée : \
il a été désactivé. Ses livraisons en attente sont gardées.",
            "Corrigez l'adresse ou le serveur qui la reçoit, puis réactivez-le dans Administration › Intégrations ; \
les livraisons reprendront dans l'ordre.",
            "Ouvrir l'administration",
        ),
        (Kind::WebhookDisabled, true) => w(
            "A webhook of your town was disabled — Civis",
            "A webhook endpoint of your town refused its deliveries for more than a day: it was disabled. \
Its pending deliveries are kept.",
            "Fix the address or the server behind it, then turn it on again in Administration › Integrations; \
deliveries resume in order.",
            "Open the administration",
        ),
        (Kind::SecondFactorReset, false) => w(
            "Double authentification réinitialisée — Civis",
            "Un administrateur de votre municipalité a réinitialisé la double authentification de votre compte. \
À votre prochaine connexion, vous ajouterez de nouveau une application d'authentification.",
            "Si vous n'avez rien demandé, prévenez sans tarder votre municipalité.",
            "",
        ),
        (Kind::SecondFactorReset, true) => w(
            "Two-factor sign-in reset — Civis",
            "An administrator of your town reset your account's two-factor sign-in. \
At your next sign-in you will add an authenticator app again.",
            "If you did not ask for this, tell your town at once.",
            "",
        ),
        _ => None,
    }
}

fn compose(lang: &str, w: &Words, m: &AccountMail) -> Rendered {
    let en = lang == "en";
    let hello = if en { format!("Hello {},", m.first_name) } else { format!("Bonjour {},", m.first_name) };
    let signature = if en {
        "— Civis (this email is sent automatically)"
    } else {
        "— Civis (ce courriel est envoyé automatiquement)"
    };
    let link_text = m.link.as_deref().map(|l| format!("{}: {l}\n\n", w.label)).unwrap_or_default();
    let text = format!("{hello}\n\n{}\n\n{link_text}{}\n\n{signature}\n", w.lines[0], w.lines[1]);
    let link_html =
        m.link.as_deref().map(|l| format!("<p><a href=\"{}\">{}</a></p>\n", esc(l), esc(w.label))).unwrap_or_default();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><body style=\"font-family:sans-serif;color:#1b1f24\">\n\
         <p>{}</p>\n<p>{}</p>\n{link_html}<p>{}</p>\n<p style=\"color:#4d5a66\">{}</p>\n</body></html>\n",
        esc(&hello),
        esc(w.lines[0]),
        esc(w.lines[1]),
        esc(signature),
        lang = if en { "en" } else { "fr" },
    );
    Rendered { subject: w.subject.to_string(), text, html }
}
