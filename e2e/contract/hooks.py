"""Schemathesis hooks for the API contract run (scripts/contract.sh).

Two things the document alone cannot give schemathesis:

* a serializer for `message/rfc822`, the raw email of `POST /api/v1/inbound/email`;
* the rules the document cannot state. A request valid by the schemas may still be refused
  with 422 when it breaks a rule that JSON Schema has no words for: one field against
  another (a period's start before its end), against stored data (a category that exists in
  this town, a single-use link not used yet) or against a secret list (common passwords).
  `schemathesis.toml` lets `positive_data_acceptance` take 422 (and 412, a stale
  `If-Match`), and the check below takes the place of that latitude: a
  schema-valid request answered 400 fails, and so does a 422 that names any code outside
  RULES_OUTSIDE_THE_DOCUMENT. A length, range, format or required field that the server
  checks but the document forgets therefore still fails the run.
"""

import schemathesis

# Each code a schema-valid request may be refused with, and the rule behind it
# (docs/API.md, "Rules the document cannot state", lists the same).
RULES_OUTSIDE_THE_DOCUMENT = {
    "period_invalid": "a period starts before it ends and spans at most five years",
    "invalid_reference": "an id in the body names something of this town",
    "node_retired": "the category exists in this town and is still offered",
    "cursor_invalid": "a cursor is one the list handed out, for the same sort",
    "link_invalid": "an emailed link's token is genuine, unused and not expired",
    "password_common": "the password is not in the shipped list of common passwords",
    "password_like_email": "the password does not repeat the address",
    "password_wrong": "the current password is the account's",
    "location_incomplete": "a latitude comes with its longitude",
    "no_documents": "an article sent by email has documents",
    "internal_no_requester": "an external follow-up needs a requester to reach",
    "search_too_broad": "a search finishes within the time limit",
    "occurred_at_range": "a contact logged afterwards happened within the last 30 days",
    "requester_required": "an identified request names its requester",
    "referral_missing": "a contact referred elsewhere names where (a department or someone)",
    "callback_contact_missing": "a callback has a phone or an email to call back (either field)",
    "callback_note_missing": "a callback says what to call back about (a note, required for that outcome only)",
    "options_required": "a choice question has choices",
    "options_not_allowed": "only a choice question has choices",
    "invalid_parent": "a category's parent is a category of this town, not itself or below it",
    "closes_before_opens": "a town closes after it opens",
    "hours_of_a_closed_day": "a weekday's own hours name an open day, once (the town's other days decide)",
    "duplicate": "a list names each thing once (a holiday's day, a role)",
    "register_empty": "an address register has lines",
    "qtype_fixed": "a choice question stays one, another does not become one",
    "role_not_allowed": "a town's staff are not given the operator's or the platform's roles",
    "department_required": "a department responsible names the department",
    "file_type_not_allowed": "a file's name gives a type the route accepts",
    "file_content_mismatch": "a file's bytes are of the type its name gives",
    "file_name_missing": "a file comes with its name (its extension gives its type)",
    "column_missing": "an address register has each column, named in English or French",
    "address_repeated": "an address appears once in the register",
    "civic_number_invalid": "a civic number is a number, maybe with a letter",
    "latitude_invalid": "a latitude is a number from -90 to 90",
    "longitude_invalid": "a longitude is a number from -180 to 180",
    "postal_code_invalid": "a postal code is Canadian",
    "street_invalid": "a street has a name",
    "reason_required": "reopening a request says why",
    "email_or_account": "following needs an account or an email address",
    "attachments_full": "a request holds at most 10 files",
    "documents_full": "an article holds at most 10 documents, 15 MB in all",
    "email_not_confirmed": "an account is used once its address is confirmed",
    "first_contact_not_allowed": "only some kinds of request close at first contact",
    "not_access_request": "only an access-to-information request has its deadline extended",
    "access_extension_used": "an access-to-information deadline is extended once (the request's history decides)",
    "hold_not_allowed": "an access request or a complaint does not wait on the citizen (its delay is the law's; the request's kind decides)",
    "person_query_empty": "a person is named by an email or a phone (either field)",
    "reply_address_invalid": "a reply goes to a genuine reply address",
    "public_not_allowed": "the category allows public requests",
    "complaint_never_public": "a complaint is never public",
    "complaint_only": "the field belongs to a complaint",
    "complaint_not_anonymous": "a complaint names its author",
    "complaint_too_late": "a complaint comes within the town's time limit",
    "complaint_date_required": "a complaint (the category's kind) gives the date of the facts",
    "attestation_required": "a complaint is attested",
    "anonymous_not_allowed": "the town or the category accepts anonymous requests",
    "anonymous_no_followups": "an anonymous request asks for no follow-up",
    "anonymous_no_contact": "an anonymous request gives no contact",
    "email_required_for_followups": "follow-ups by email need an address",
    "internal_staff_only": "only staff file internal requests",
    "date_in_future": "the facts happened before today",
    "outside_territory": "the place is in the town's territory",
    "too_deep": "the taxonomy has at most its depth",
    "unknown_town": "a town exists",
    "article_not_yours": "a department writes its own articles",
    "assignee_not_in_department": "the person assigned belongs to the request's department",
    "second_factor_invalid": "a second factor's code is the one the authenticator shows now, used once",
    "channel_application_key_only": "the channel 'application' is an app's with its key (the caller decides)",
    "attribute_unknown": "an Open311 attribute names a question of the service (stored data)",
    "location_required": "an Open311 filing gives lat and long or an address (either field)",
    "date_invalid": "a date names a day of the calendar (2026-02-30 matches the pattern)",
    "date_range_reversed": "an Open311 range ends after it starts",
    "date_range_too_long": "an Open311 range spans at most 90 days",
    "webhook_url_invalid": "a webhook's address is a full https:// URL (the format the document leaves to the server)",
    "webhook_url_private": "a webhook's address is not on a private, loopback or link-local network",
    "multipart_unreadable": "a multipart part's headers are readable (RFC 7578: no control characters in a field's name)",
    "second_factor_off": "a town that asks for a second factor does not stop asking",
}


@schemathesis.hook
def before_call(ctx, case, kwargs):
    """The run's administrator keeps the demo's `off` second-factor policy: a generated
    `privileged` or `all` would make the account enrol before anything else, and every
    later call of the run would test only that refusal (tests/api/second_factor.rs tests it)."""
    if case.method.upper() == "PUT" and case.path.endswith("/settings") and isinstance(case.body, dict):
        case.body.pop("second_factor", None)


@schemathesis.serializer("message/rfc822")
def rfc822(ctx, value):
    """A raw email: the generated text, as bytes."""
    if isinstance(value, bytes):
        return value
    return str(value).encode("utf-8", "surrogatepass")


# Fields whose every rule comes from stored data: a category's questions decide which
# answers are required and what each must be (text, yes or no, a choice, a number); the
# town's closure rules decide what closing a request must say.
FIELDS_OUTSIDE_THE_DOCUMENT = ("answers.", "closure.")


def _codes(response):
    try:
        body = response.json()
    except Exception:  # noqa: BLE001 - a body that is not JSON names no rule
        return ["<not a problem body>"]
    errors = [e for e in body.get("errors") or [] if not str(e.get("field", "")).startswith(FIELDS_OUTSIDE_THE_DOCUMENT)]
    if body.get("errors") and not errors:
        return []
    return [e.get("code") for e in errors] or [body.get("code")]


@schemathesis.check
def refusals_name_a_rule_outside_the_document(ctx, response, case):
    """A schema-valid request is refused only for a rule the document cannot state."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return None
    if response.status_code == 400 and case.path.startswith("/open311/"):
        # GeoReport answers every refusal 400 (the spec's); `Civis-Rule` names the rules.
        rules = [r for v in response.headers.get("civis-rule", []) for r in v.split(",") if r]
        unknown = [r for r in rules if r not in RULES_OUTSIDE_THE_DOCUMENT] or ([] if rules else ["<no rule named>"])
        if unknown:
            raise AssertionError(f"A schema-valid GeoReport request was refused for {unknown}: {response.text[:300]}")
        return None
    if response.status_code == 400:
        raise AssertionError(f"A schema-valid request was refused as malformed: {response.text[:300]}")
    if response.status_code == 422:
        unknown = [c for c in _codes(response) if c not in RULES_OUTSIDE_THE_DOCUMENT]
        if unknown:
            raise AssertionError(
                f"A schema-valid request was refused for {unknown}: a rule the document could state "
                f"(length, range, format, required) but does not. {response.text[:300]}"
            )
    return None
