//! The user-facing message of every code the API and the web app use, in French and
//! English. Codes are stable; wording may improve.

use crate::Lang;

/// (code, French, English).
const MESSAGES: &[(&str, &str, &str)] = &[
    // fields
    ("required", "Ce champ est obligatoire.", "This field is required."),
    ("email", "Entrez une adresse courriel valide.", "Enter a valid email address."),
    ("length", "La longueur de ce champ n'est pas valide.", "This field's length is not valid."),
    ("range", "Cette valeur est hors des limites permises.", "This value is out of the allowed range."),
    (
        "slug",
        "Utilisez seulement des minuscules, des chiffres et des traits d'union.",
        "Use only lower-case letters, digits and dashes.",
    ),
    ("duplicate", "Une même valeur figure plus d'une fois.", "The same value appears more than once."),
    ("reason_required", "Dites pourquoi.", "Say why."),
    ("complaint_date_required", "Une plainte indique la date des faits.", "A complaint gives the date of the facts."),
    (
        "file_name_missing",
        "Le fichier doit avoir un nom, avec son extension (.jpg, .pdf…).",
        "The file needs a name, with its extension (.jpg, .pdf…).",
    ),
    ("email_or_account", "Connectez-vous ou entrez une adresse courriel.", "Sign in or enter an email address."),
    (
        "qtype_fixed",
        "Une question à choix reste une question à choix, et une autre ne le devient pas.",
        "A choice question stays a choice question, and another does not become one.",
    ),
    (
        "closes_before_opens",
        "L'heure de fermeture doit suivre l'heure d'ouverture.",
        "The closing time must come after the opening time.",
    ),
    (
        "password_too_short",
        "Le mot de passe doit compter au moins 12 caractères.",
        "The password must be at least 12 characters long.",
    ),
    (
        "password_too_long",
        "Le mot de passe doit compter au plus 128 caractères.",
        "The password must be at most 128 characters long.",
    ),
    (
        "password_common",
        "Ce mot de passe est trop courant : choisissez-en un qu'on ne devinera pas (une phrase de quelques mots, par exemple).",
        "This password is too common: choose one nobody will guess (a phrase of a few words, for instance).",
    ),
    (
        "password_like_email",
        "Le mot de passe ne doit pas reprendre votre adresse courriel.",
        "The password must not repeat your email address.",
    ),
    (
        "email_not_confirmed",
        "Confirmez d'abord votre adresse courriel : nous venons de vous envoyer un nouveau lien.",
        "Confirm your email address first: we just sent you a new link.",
    ),
    (
        "link_invalid",
        "Ce lien n'est plus valide (déjà utilisé ou expiré). Demandez-en un nouveau.",
        "This link is no longer valid (already used or expired). Ask for a new one.",
    ),
    (
        "attachments_full",
        "Cette requête a déjà reçu le nombre maximal de fichiers (10).",
        "This request already has the most files allowed (10).",
    ),
    (
        "documents_full",
        "Cet article a déjà le maximum de documents (10, ou 15 Mo en tout : ils partent dans un seul courriel).",
        "This article already has the most documents allowed (10, or 15 MB in all: they go in one email).",
    ),
    (
        "method_not_allowed",
        "Cette adresse n'accepte pas cette méthode (voir l'en-tête Allow).",
        "This address does not take this method (see the Allow header).",
    ),
    ("password_wrong", "Le mot de passe actuel est incorrect.", "The current password is incorrect."),
    ("invalid_value", "Valeur invalide.", "Invalid value."),
    ("invalid_date", "Date invalide (AAAA-MM-JJ).", "Invalid date (YYYY-MM-DD)."),
    (
        "cursor_invalid",
        "Cette page de résultats n'est plus valide : recommencez depuis la première.",
        "This page of results is no longer valid: start again from the first one.",
    ),
    (
        "invalid_reference",
        "L'élément indiqué n'existe pas dans cette municipalité.",
        "The referenced item does not exist in this municipality.",
    ),
    // answers
    ("expected_text", "Entrez un texte.", "Enter some text."),
    ("too_long", "Ce texte est trop long.", "This text is too long."),
    ("expected_bool", "Répondez par oui ou par non.", "Answer yes or no."),
    ("unknown_option", "Choisissez parmi les options proposées.", "Choose among the options offered."),
    ("expected_number", "Entrez un nombre.", "Enter a number."),
    ("expected_date", "Entrez une date valide (AAAA-MM-JJ).", "Enter a valid date (YYYY-MM-DD)."),
    (
        "unknown_question",
        "Cette question ne s'applique pas à cette catégorie.",
        "This question does not belong to this category.",
    ),
    // request kinds
    (
        "date_in_future",
        "La date des faits ne peut pas être dans le futur.",
        "The date of the facts cannot be in the future.",
    ),
    (
        "complaint_too_late",
        "Une plainte doit être déposée au plus 15 jours après les faits.",
        "A complaint must be filed at most 15 days after the facts.",
    ),
    (
        "attestation_required",
        "Vous devez attester l'exactitude de votre plainte.",
        "You must attest that your complaint is accurate.",
    ),
    (
        "complaint_not_anonymous",
        "Une plainte ne peut être anonyme, sauf si elle concerne la sécurité des personnes ou des biens.",
        "A complaint cannot be anonymous unless it concerns the safety of people or property.",
    ),
    ("transition_forbidden", "Votre rôle ne permet pas cette action.", "Your role does not allow this action."),
    (
        "transition_invalid",
        "Cette action n'est pas possible dans l'état actuel de la requête.",
        "This action is not possible in the request's current status.",
    ),
    // configuration
    ("slug_taken", "Cet identifiant est déjà utilisé.", "This identifier is already used."),
    ("code_taken", "Ce code est déjà utilisé.", "This code is already used."),
    ("unknown_town", "Municipalité inconnue.", "Unknown municipality."),
    ("invalid_parent", "Le parent indiqué n'est pas valide.", "The parent given is not valid."),
    (
        "too_deep",
        "La taxonomie compte au plus trois niveaux (catégorie, évènement, sous-évènement).",
        "The taxonomy has at most three levels (category, event, sub-event).",
    ),
    ("node_retired", "Cette catégorie n'est plus offerte.", "This category is no longer offered."),
    (
        "node_in_use",
        "Cette catégorie est utilisée par des requêtes; retirez-la plutôt.",
        "Requests use this category; retire it instead.",
    ),
    (
        "options_required",
        "Une question à choix doit avoir au moins une option.",
        "A choice question needs at least one option.",
    ),
    ("options_not_allowed", "Seules les questions à choix ont des options.", "Only choice questions have options."),
    // requests
    (
        "internal_staff_only",
        "Seul le personnel peut créer une requête interne.",
        "Only staff can create an internal request.",
    ),
    ("internal_no_requester", "Une requête interne n'a pas de demandeur.", "An internal request has no requester."),
    (
        "anonymous_not_allowed",
        "Cette municipalité n'accepte pas les requêtes anonymes.",
        "This municipality does not accept anonymous requests.",
    ),
    (
        "anonymous_no_contact",
        "Une requête anonyme ne comporte pas de coordonnées.",
        "An anonymous request carries no contact details.",
    ),
    (
        "anonymous_no_followups",
        "Une requête anonyme ne peut pas recevoir de suivis par courriel.",
        "An anonymous request cannot receive email follow-ups.",
    ),
    (
        "requester_required",
        "Indiquez le nom du demandeur ou un moyen de le joindre.",
        "Give the requester's name or a way to reach them.",
    ),
    (
        "email_required_for_followups",
        "Un courriel est requis pour recevoir les suivis.",
        "An email address is required to receive follow-ups.",
    ),
    (
        "public_not_allowed",
        "Les requêtes de cette catégorie ne peuvent pas être publiques.",
        "Requests of this category cannot be public.",
    ),
    (
        "assignee_not_in_department",
        "Cette personne ne fait pas partie du service de la requête.",
        "This person is not in the request's department.",
    ),
    (
        "complaint_never_public",
        "Une plainte est confidentielle : elle ne peut jamais être publique.",
        "A complaint is confidential: it can never be public.",
    ),
    ("complaint_only", "Ce champ ne s'applique qu'aux plaintes.", "This field applies to complaints only."),
    (
        "location_incomplete",
        "Indiquez la latitude et la longitude, ou ni l'une ni l'autre.",
        "Give both latitude and longitude, or neither.",
    ),
    (
        "first_contact_not_allowed",
        "Seuls les commentaires et les demandes d'information se ferment au premier contact.",
        "Only comments and information requests close at first contact.",
    ),
    (
        "legal_provision_required",
        "Un refus d'accès à l'information doit citer la disposition légale.",
        "A refused access to information request must cite the legal provision.",
    ),
    (
        "message_required",
        "Écrivez le message au demandeur : il peut être joint et doit savoir pourquoi sa requête est fermée.",
        "Write the message to the requester: they can be reached and must know why their request is closed.",
    ),
    (
        "requester_not_answered",
        "Le demandeur doit recevoir une réponse avant la fermeture.",
        "The requester must be answered before closing.",
    ),
    (
        "precondition_required",
        "Envoyez l'en-tête If-Match avec la version de la requête.",
        "Send the If-Match header with the request's version.",
    ),
    ("request_closed", "Cette requête est fermée.", "This request is closed."),
    (
        "file_type_not_allowed",
        "Ce type de fichier n'est pas accepté (photos : jpg, jpeg, png; fichiers : pdf, msg, xlsx, xls, doc, docx).",
        "This type of file is not accepted (photos: jpg, jpeg, png; files: pdf, msg, xlsx, xls, doc, docx).",
    ),
    (
        "file_content_mismatch",
        "Le contenu du fichier ne correspond pas à son type.",
        "The file's content does not match its type.",
    ),
    ("file_too_large", "Le fichier dépasse 10 Mo.", "The file is larger than 10 MB."),
    (
        "reply_address_invalid",
        "Ce message ne répond à aucune requête connue (adresse de réponse inconnue ou altérée).",
        "This message answers no known request (unknown or altered reply address).",
    ),
    // HTTP
    ("forbidden", "Vous n'avez pas accès à cette action.", "You do not have access to this action."),
    ("not_found", "Introuvable.", "Not found."),
    (
        "conflict",
        "Cette opération entre en conflit avec des données existantes.",
        "This operation conflicts with existing data.",
    ),
    (
        "version_conflict",
        "Quelqu'un d'autre a modifié cet élément. Rechargez-le puis recommencez.",
        "Someone else changed this item. Reload it and try again.",
    ),
    ("payload_too_large", "Le contenu envoyé est trop volumineux.", "The content sent is too large."),
    ("malformed_json", "Le contenu envoyé n'est pas du JSON valide.", "The content sent is not valid JSON."),
    (
        "content_type",
        "Le contenu doit être envoyé en JSON (application/json).",
        "Content must be sent as JSON (application/json).",
    ),
    ("validation", "Certains champs sont invalides.", "Some fields are invalid."),
    (
        "unavailable",
        "Le service est momentanément indisponible. Réessayez sous peu.",
        "The service is temporarily unavailable. Try again shortly.",
    ),
    ("internal", "Une erreur inattendue est survenue.", "An unexpected error occurred."),
    (
        "search_too_broad",
        "Cette recherche prend trop de temps : ajoutez un critère ou resserrez les dates.",
        "This search takes too long: add a criterion or narrow the dates.",
    ),
    // the address register
    ("register_empty", "Le fichier ne contient aucune adresse.", "The file contains no address."),
    (
        "column_missing",
        "Colonne absente : l'en-tête doit nommer civic_number, street, postal_code, latitude et longitude.",
        "Missing column: the header must name civic_number, street, postal_code, latitude and longitude.",
    ),
    ("civic_number_invalid", "Numéro civique invalide (ex. 12 ou 12A).", "Invalid civic number (e.g. 12 or 12A)."),
    ("street_invalid", "Nom de rue absent ou trop long.", "Street name missing or too long."),
    ("postal_code_invalid", "Code postal invalide (ex. J0R 1R0).", "Invalid postal code (e.g. J0R 1R0)."),
    (
        "latitude_invalid",
        "Latitude invalide (degrés décimaux, ex. 45.86).",
        "Invalid latitude (decimal degrees, e.g. 45.86).",
    ),
    (
        "longitude_invalid",
        "Longitude invalide (degrés décimaux, ex. -74.05).",
        "Invalid longitude (decimal degrees, e.g. -74.05).",
    ),
    (
        "address_repeated",
        "Cette adresse figure déjà plus haut dans le fichier.",
        "This address appears earlier in the file.",
    ),
    (
        "outside_territory",
        "Cet endroit est hors du territoire de la municipalité. Déplacez le repère ou choisissez une adresse de la liste.",
        "This place is outside the town's territory. Move the pin or pick an address from the list.",
    ),
    ("keyword_invalid", "Chaque mot-clé compte de 1 à 60 caractères.", "Each keyword is 1 to 60 characters long."),
    (
        "article_not_yours",
        "Vous pouvez modifier seulement les articles de votre service.",
        "You may edit only your department's articles.",
    ),
    (
        "referral_missing",
        "Indiquez le service ou la personne vers qui le citoyen a été dirigé.",
        "Say which department or person the citizen was referred to.",
    ),
    (
        "occurred_at_range",
        "Le moment du contact doit se situer dans les 30 derniers jours.",
        "The contact must have taken place within the last 30 days.",
    ),
    ("callback_not_open", "Ce contact n'a pas de rappel en attente.", "This contact has no callback waiting."),
    (
        "callback_contact_missing",
        "Pour un rappel, inscrivez le téléphone ou le courriel de la personne.",
        "For a callback, enter the person's phone or email.",
    ),
    (
        "callback_note_missing",
        "Pour un rappel, notez ce que la personne demande.",
        "For a callback, note what the person is asking for.",
    ),
    ("no_documents", "Cet article n'a aucun document à envoyer.", "This article has no document to send."),
    (
        "survey_answered",
        "Merci, votre réponse à ce sondage a déjà été reçue.",
        "Thank you, your answer to this survey was already received.",
    ),
    (
        "period_invalid",
        "La période doit commencer avant sa fin et couvrir au plus cinq ans.",
        "The period must start before it ends and span at most five years.",
    ),
    (
        "person_query_empty",
        "Indiquez le courriel ou le numéro de téléphone de la personne.",
        "Give the person's email or phone number.",
    ),
    (
        "anonymize_unconfirmed",
        "Confirmez que l'anonymisation est définitive : elle ne peut pas être annulée.",
        "Confirm that anonymization is final: it cannot be undone.",
    ),
];

mod accounts;
mod clock;
mod integrations;

/// Every table of messages.
fn all() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    MESSAGES.iter().chain(accounts::MESSAGES).chain(clock::MESSAGES).chain(integrations::MESSAGES)
}

/// The message for a code; a generic one for an unknown code.
pub fn message(code: &str, lang: Lang) -> String {
    let (fr, en) = all()
        .find(|(c, _, _)| *c == code)
        .map(|(_, fr, en)| (*fr, *en))
        .unwrap_or(("Valeur invalide.", "Invalid value."));
    match lang {
        Lang::Fr => fr.to_string(),
        Lang::En => en.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_has_both_messages() {
        let mut seen = std::collections::HashSet::new();
        for (code, fr, en) in all() {
            assert!(seen.insert(code), "{code} twice");
            assert!(!fr.is_empty() && !en.is_empty() && fr != en, "{code}");
        }
        assert_eq!(message("no_such_code", Lang::Fr), "Valeur invalide.");
        assert_eq!(message("required", Lang::En), "This field is required.");
    }
}
