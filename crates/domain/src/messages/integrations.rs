//! The messages of integrations: API keys and Open311 GeoReport.

/// (code, French, English).
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "api_key_missing",
        "Une clé d'API de la municipalité est requise (api_key).",
        "An API key issued by the town is required (api_key).",
    ),
    (
        "api_key_invalid",
        "Cette clé d'API n'est pas une clé active de cette municipalité.",
        "This API key is not a live key of this town.",
    ),
    (
        "attribute_unknown",
        "Ce service n'a pas de question de ce code (voir sa définition).",
        "This service has no question with this code (see its definition).",
    ),
    (
        "location_required",
        "Indiquez l'endroit : lat et long, ou address_string.",
        "Give the place: lat and long, or address_string.",
    ),
    (
        "channel_application_key_only",
        "Seule une application munie d'une clé de la municipalité dépose par ce canal.",
        "Only an app with the town's API key files through this channel.",
    ),
    (
        "webhook_url_invalid",
        "Une adresse https:// complète est requise (sans nom d'utilisateur ni mot de passe).",
        "A full https:// address is required (without a user name or password).",
    ),
    (
        "webhook_url_private",
        "Cette adresse est sur un réseau privé, local ou de bouclage : les livraisons n'y vont pas.",
        "This address is on a private, local or loopback network: deliveries do not go there.",
    ),
    (
        "multipart_unreadable",
        "Une partie du formulaire multipart est illisible (son nom contient des caractères de contrôle).",
        "A part of the multipart form cannot be read (its name holds control characters).",
    ),
    ("date_invalid", "Cette date n'existe pas au calendrier.", "This date is not a day of the calendar."),
    ("date_range_reversed", "La date de fin précède la date de début.", "The end date is before the start date."),
    (
        "date_range_too_long",
        "La période demandée dépasse 90 jours.",
        "start_date and end_date may not span more than 90 days.",
    ),
    ("open311_value_invalid", "Valeur non reconnue pour ce paramètre.", "This parameter's value is not one it takes."),
];
