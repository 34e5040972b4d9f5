//! The messages of the town's clock: legal delays, waiting on the citizen and business hours.

/// (code, French, English).
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "access_extension_used",
        "Le délai de cette demande d'accès a déjà été prolongé.",
        "This access request's deadline was already extended.",
    ),
    (
        "not_access_request",
        "Seule une demande d'accès à l'information peut être prolongée.",
        "Only an access to information request can be extended.",
    ),
    (
        "hold_not_allowed",
        "Une demande d'accès ou une plainte ne peut être mise en attente : son délai est fixé par la loi.",
        "An access request or a complaint cannot be put on hold: its delay is set by law.",
    ),
    (
        "already_waiting",
        "Cette requête attend déjà la réponse du citoyen.",
        "This request is already waiting for the citizen's answer.",
    ),
    (
        "hours_of_a_closed_day",
        "Des heures propres ne se donnent qu'à un jour ouvert, une seule fois.",
        "A day's own hours are given only for an open day, once.",
    ),
    ("not_waiting", "Cette requête n'est pas en attente du citoyen.", "This request is not waiting for the citizen."),
];
