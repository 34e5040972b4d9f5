//! The operations of the served document that the walk does not call as every reader, each
//! with why its answer holds no one's contact the reader may not know. A new operation is
//! neither walked nor here until someone says which: `every_operation_is_walked_or_explained`
//! fails and names it.

/// Method, path template, reason.
pub(super) const UNREAD: &[(&str, &str, &str)] = &[
    // The town's configuration: no person in or out.
    ("PUT", "/api/v1/admin/towns/{town_id}/addresses", CONFIG),
    (
        "POST",
        "/api/v1/admin/towns/{town_id}/api-keys",
        "an app's name and its new secret, to the town administrator who issues it",
    ),
    ("DELETE", "/api/v1/admin/towns/{town_id}/api-keys/{id}", "the key as listed: an app's name, no person"),
    (
        "POST",
        "/open311/v2/requests.{format}",
        "an app files: answers the new number and a token, never a contact (tests/api/open311.rs reads it back)",
    ),
    (
        "POST",
        "/api/v1/admin/towns/{town_id}/webhooks",
        "an endpoint's address and its new secret, to the town administrator who registers it",
    ),
    ("PUT", "/api/v1/admin/towns/{town_id}/webhooks/{id}", CONFIG),
    (
        "POST",
        "/api/v1/admin/towns/{town_id}/webhooks/{id}/deliveries/{delivery}/resend",
        "a delivery as listed: event, status, tries; its body is sent to the endpoint, never answered",
    ),
    ("POST", "/api/v1/admin/towns/{town_id}/departments", CONFIG),
    ("PUT", "/api/v1/admin/towns/{town_id}/departments/{id}", CONFIG),
    ("PUT", "/api/v1/admin/towns/{town_id}/questions/{id}", CONFIG),
    ("POST", "/api/v1/admin/towns/{town_id}/questions/{id}/options", CONFIG),
    ("PUT", "/api/v1/admin/towns/{town_id}/questions/{id}/options/{option_id}", CONFIG),
    ("PUT", "/api/v1/admin/towns/{town_id}/settings", CONFIG),
    ("POST", "/api/v1/admin/towns/{town_id}/taxonomy", CONFIG),
    ("PUT", "/api/v1/admin/towns/{town_id}/taxonomy/{id}", CONFIG),
    ("POST", "/api/v1/admin/towns/{town_id}/taxonomy/{id}/questions", CONFIG),
    ("POST", "/api/v1/admin/towns/{town_id}/taxonomy/{id}/restore", CONFIG),
    ("POST", "/api/v1/admin/towns/{town_id}/taxonomy/{id}/retire", CONFIG),
    ("POST", "/api/v1/towns/{town_id}/kb/articles", CONFIG),
    ("PUT", "/api/v1/towns/{town_id}/kb/articles/{id}", CONFIG),
    ("POST", "/api/v1/towns/{town_id}/kb/articles/{id}/documents", CONFIG),
    ("PUT", "/api/v1/towns/{town_id}/reports/summary", "the director's text of a period; answers with nothing"),
    (
        "POST",
        "/api/v1/towns/{town_id}/privacy/anonymize",
        "the director's; answers with counts, never whom (tests/api/anonymize.rs); walking it would erase the planted contacts",
    ),
    ("POST", "/api/v1/platform/towns", PLATFORM),
    ("PATCH", "/api/v1/platform/towns/{id}", PLATFORM),
    ("POST", "/api/v1/platform/operators", PLATFORM),
    ("PUT", "/api/v1/platform/operators/{id}/towns", PLATFORM),
    // Staff accounts: the town's own staff, to its administrator (tests/api/isolation.rs).
    ("POST", "/api/v1/admin/towns/{town_id}/users", STAFF_ACCOUNTS),
    ("PATCH", "/api/v1/admin/towns/{town_id}/users/{id}", STAFF_ACCOUNTS),
    (
        "DELETE",
        "/api/v1/admin/towns/{town_id}/users/{id}/second-factor",
        "answers 204 with nothing (tests/api/second_factor.rs)",
    ),
    (
        "POST",
        "/api/v1/public/department-email/confirm",
        "answers the department's name and the address just confirmed, to whoever holds the link sent to that address",
    ),
    (
        "POST",
        "/api/v1/admin/towns/{town_id}/outbox/{id}/retry",
        "answers with the row as GET …/outbox shows it: recipients masked (service/outbox.rs)",
    ),
    // The caller's own session and account.
    ("POST", "/api/v1/auth/citizen/confirm", OWN),
    ("POST", "/api/v1/auth/citizen/sign-in", OWN),
    ("POST", "/api/v1/auth/citizen/sign-up", "answers 202 with nothing, known address or not (tests/api/accounts.rs)"),
    ("POST", "/api/v1/auth/password", OWN),
    ("POST", "/api/v1/auth/second-factor", OWN),
    ("POST", "/api/v1/auth/second-factor/confirm", OWN),
    ("POST", "/api/v1/auth/password-reset", "answers 202 with nothing, known address or not (tests/api/accounts.rs)"),
    ("POST", "/api/v1/auth/password-reset/complete", OWN),
    ("DELETE", "/api/v1/auth/refresh", OWN),
    ("POST", "/api/v1/auth/refresh", OWN),
    ("POST", "/api/v1/auth/sign-out", OWN),
    ("POST", "/api/v1/auth/staff/sign-in", OWN),
    ("DELETE", "/api/v1/me/saved-filter", OWN),
    ("PUT", "/api/v1/me/saved-filter", OWN),
    (
        "POST",
        "/api/v1/me/requests/{id}/information",
        "the signed-in requester's own words back (tests/api/leaks.rs, tracking)",
    ),
    // Public answers with a status only.
    ("POST", "/api/v1/public/follow/confirm", NOTHING),
    ("POST", "/api/v1/public/unsubscribe", NOTHING),
    ("POST", "/api/v1/towns/{town_id}/public/help/{id}/answered", NOTHING),
    ("POST", "/api/v1/towns/{town_id}/public/requests/{id}/follow", NOTHING),
    ("POST", "/api/v1/towns/{town_id}/public/satisfaction", NOTHING),
    (
        "POST",
        "/api/v1/inbound/email",
        "the mail relay's hook, behind its token; answers with the request's and follow-up's ids only",
    ),
    // Writes that answer with what the matching GET shows, built by the same function.
    ("POST", "/api/v1/towns/{town_id}/requests", "answers with id, number, status, due date and an upload token"),
    ("PATCH", "/api/v1/towns/{town_id}/requests/{id}", SAME_AS_DETAIL),
    ("POST", "/api/v1/towns/{town_id}/requests/{id}/assignee", SAME_AS_DETAIL),
    ("POST", "/api/v1/towns/{town_id}/requests/{id}/extend-deadline", SAME_AS_DETAIL),
    ("POST", "/api/v1/towns/{town_id}/requests/{id}/hold", SAME_AS_DETAIL),
    ("POST", "/api/v1/towns/{town_id}/requests/{id}/resume", SAME_AS_DETAIL),
    ("POST", "/api/v1/towns/{town_id}/requests/{id}/transitions", SAME_AS_DETAIL),
    ("PUT", "/api/v1/towns/{town_id}/requests/{id}/unusual", NOTHING),
    ("PUT", "/api/v1/towns/{town_id}/requests/{id}/favorite", NOTHING),
    ("DELETE", "/api/v1/towns/{town_id}/requests/{id}/favorite", NOTHING),
    (
        "POST",
        "/api/v1/towns/{town_id}/requests/{id}/followups",
        "answers with the follow-up as GET …/followups shows it (followup_view under the reader's disclosure)",
    ),
    (
        "POST",
        "/api/v1/towns/{town_id}/requests/{id}/attachments",
        "answers with the file's metadata as GET …/attachments shows it to the uploader",
    ),
    ("POST", "/api/v1/towns/{town_id}/interactions", CALLS),
    ("POST", "/api/v1/towns/{town_id}/interactions/{id}/callback-done", CALLS),
    ("POST", "/api/v1/towns/{town_id}/interactions/{id}/request", CALLS),
    (
        "POST",
        "/api/v1/towns/{town_id}/kb/articles/{id}/send",
        "emails an article's documents to a caller; answers with how many went",
    ),
];

const CONFIG: &str = "the town's configuration: no person's data in or out";
const PLATFORM: &str = "the platform's towns and operators (staff accounts), to the platform administrator";
const STAFF_ACCOUNTS: &str = "the town's staff accounts, to its administrator only (tests/api/isolation.rs)";
const OWN: &str = "the caller's own session or account";
const NOTHING: &str = "answers with a status and no body";
const SAME_AS_DETAIL: &str = "answers with the request as GET …/requests/{id} shows it to the caller (detail_of)";
const CALLS: &str = "answers with the call as GET …/interactions shows it: its contact under the rule of the request it \
                     became (tests/api/leaks.rs)";
