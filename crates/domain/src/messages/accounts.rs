//! The messages of accounts: sign-in, sign-up, passwords, the second factor.

/// (code, French, English).
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    ("invalid_credentials", "Courriel ou mot de passe incorrect.", "Incorrect email or password."),
    ("too_many_attempts", "Trop de tentatives en peu de temps.", "Too many attempts in a short time."),
    ("unauthorized", "Veuillez vous connecter.", "Please sign in."),
    (
        "token_expired",
        "Votre session a expiré. Veuillez vous reconnecter.",
        "Your session has expired. Please sign in again.",
    ),
    (
        "invalid_refresh_token",
        "Votre session n'est plus valide. Veuillez vous reconnecter.",
        "Your session is no longer valid. Please sign in again.",
    ),
    ("email_taken", "Un compte utilise déjà cette adresse courriel.", "An account already uses this email address."),
    ("role_not_allowed", "Ce rôle ne peut pas être attribué ici.", "This role cannot be granted here."),
    (
        "department_required",
        "Un responsable de service doit être rattaché à un service.",
        "A department head must belong to a department.",
    ),
    (
        "second_factor_required",
        "Entrez le code de votre application d'authentification (ou un code de récupération).",
        "Enter the code from your authenticator app (or a recovery code).",
    ),
    (
        "second_factor_invalid",
        "Ce code n'est pas valide ou a déjà servi. Entrez le code affiché maintenant.",
        "This code is not valid or was already used. Enter the code shown now.",
    ),
    (
        "second_factor_enrolment_required",
        "Votre rôle exige la double authentification : ajoutez une application d'authentification pour continuer.",
        "Your role requires two-factor sign-in: add an authenticator app to continue.",
    ),
    (
        "second_factor_enrolled",
        "Ce compte a déjà une double authentification. Un administrateur peut la réinitialiser.",
        "This account already has two-factor sign-in. An administrator can reset it.",
    ),
    (
        "second_factor_off",
        "La double authentification ne peut pas être désactivée pour la municipalité.",
        "Two-factor sign-in cannot be turned off for the town.",
    ),
];
