//! Request kinds and the rules each one carries.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{DomainError, FieldIssue, Lang};

/// What a citizen asks of the town.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "diesel", derive(diesel::expression::AsExpression, diesel::deserialize::FromSqlRow), diesel(sql_type = diesel::sql_types::Text))]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RequestKind {
    /// A request or report needing a municipal action (a pothole, a fallen branch).
    Request,
    /// A written, attested complaint, handled confidentially by the citizen-services director.
    Complaint,
    /// A formal application for permission (garage sale, temporary sign).
    Permit,
    /// A comment or suggestion.
    Comment,
    /// An information request, answered at first contact when possible.
    Information,
    /// A claim for damage to property or person.
    Claim,
    /// An access-to-information request, with its legal deadline.
    AccessToInformation,
}

crate::wire_enum!(RequestKind {
    Request => "request",
    Complaint => "complaint",
    Permit => "permit",
    Comment => "comment",
    Information => "information",
    Claim => "claim",
    AccessToInformation => "access_to_information",
});

/// A complaint must come at most this many days after the facts.
pub const COMPLAINT_FACTS_WINDOW_DAYS: i64 = 15;

impl RequestKind {
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Request, Lang::Fr) => "Requête",
            (Self::Request, Lang::En) => "Request",
            (Self::Complaint, Lang::Fr) => "Plainte",
            (Self::Complaint, Lang::En) => "Complaint",
            (Self::Permit, Lang::Fr) => "Demande de permis",
            (Self::Permit, Lang::En) => "Permit application",
            (Self::Comment, Lang::Fr) => "Commentaire",
            (Self::Comment, Lang::En) => "Comment",
            (Self::Information, Lang::Fr) => "Demande d'information",
            (Self::Information, Lang::En) => "Information request",
            (Self::Claim, Lang::Fr) => "Réclamation",
            (Self::Claim, Lang::En) => "Claim",
            (Self::AccessToInformation, Lang::Fr) => "Demande d'accès à l'information",
            (Self::AccessToInformation, Lang::En) => "Access to information request",
        }
    }

    /// Comments and information requests may be closed at first contact.
    pub fn may_close_at_first_contact(self) -> bool {
        matches!(self, Self::Comment | Self::Information)
    }

    /// Complaints are confidential: the complainant and the employee concerned are shown
    /// to the director only.
    pub fn is_confidential(self) -> bool {
        matches!(self, Self::Complaint)
    }
}

/// What the kind rules look at when a request is filed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KindInput {
    pub received_on: NaiveDate,
    pub date_of_facts: Option<NaiveDate>,
    pub attested: bool,
    pub anonymous: bool,
    pub safety_concern: bool,
}

/// Checks the rules of a kind. A complaint needs the date of the facts (not after receipt,
/// at most 15 days before), the requester's attestation, and is never anonymous unless it
/// concerns the safety of people or property.
pub fn check_kind_rules(kind: RequestKind, input: &KindInput) -> Result<(), Vec<FieldIssue>> {
    let mut issues = Vec::new();
    if kind == RequestKind::Complaint {
        match input.date_of_facts {
            None => issues.push(FieldIssue::new("date_of_facts", "complaint_date_required")),
            Some(d) if d > input.received_on => issues.push(FieldIssue::new("date_of_facts", "date_in_future")),
            Some(d) if (input.received_on - d).num_days() > COMPLAINT_FACTS_WINDOW_DAYS => {
                issues.push(FieldIssue::new("date_of_facts", "complaint_too_late"));
            }
            Some(_) => {}
        }
        if !input.attested {
            issues.push(FieldIssue::new("attested", "attestation_required"));
        }
        if input.anonymous && !input.safety_concern {
            issues.push(FieldIssue::new("anonymous", "complaint_not_anonymous"));
        }
    }
    if issues.is_empty() { Ok(()) } else { Err(issues) }
}

/// Whether an access-to-information deadline may be extended (once, A-2.1 art. 47; the
/// new date is `crate::due::access`).
pub fn check_extension(kind: RequestKind, already_extended: bool) -> Result<(), DomainError> {
    if kind != RequestKind::AccessToInformation {
        return Err(DomainError::Rule("not_access_request"));
    }
    if already_extended {
        return Err(DomainError::Rule("access_extension_used"));
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn complaint(facts: Option<&str>, attested: bool, anonymous: bool, safety: bool) -> Result<(), Vec<FieldIssue>> {
        let input = KindInput {
            received_on: d("2026-11-20"),
            date_of_facts: facts.map(d),
            attested,
            anonymous,
            safety_concern: safety,
        };
        check_kind_rules(RequestKind::Complaint, &input)
    }

    fn codes(r: Result<(), Vec<FieldIssue>>) -> Vec<String> {
        r.err().unwrap_or_default().into_iter().map(|i| i.code).collect()
    }

    #[test]
    fn complaint_window_is_fifteen_days() {
        assert!(complaint(Some("2026-11-05"), true, false, false).is_ok());
        assert_eq!(codes(complaint(Some("2026-11-04"), true, false, false)), ["complaint_too_late"]);
        assert_eq!(codes(complaint(Some("2026-11-21"), true, false, false)), ["date_in_future"]);
        assert_eq!(codes(complaint(None, true, false, false)), ["complaint_date_required"]);
    }

    #[test]
    fn complaint_is_attested_and_named_unless_about_safety() {
        assert_eq!(codes(complaint(Some("2026-11-19"), false, false, false)), ["attestation_required"]);
        assert_eq!(codes(complaint(Some("2026-11-19"), true, true, false)), ["complaint_not_anonymous"]);
        assert!(complaint(Some("2026-11-19"), true, true, true).is_ok());
    }

    #[test]
    fn other_kinds_have_no_complaint_rules() {
        let input = KindInput {
            received_on: d("2026-11-20"),
            date_of_facts: None,
            attested: false,
            anonymous: true,
            safety_concern: false,
        };
        for kind in RequestKind::ALL.into_iter().filter(|k| *k != RequestKind::Complaint) {
            assert!(check_kind_rules(kind, &input).is_ok(), "{kind}");
        }
    }

    #[test]
    fn access_to_information_has_one_extension() {
        assert_eq!(check_extension(RequestKind::AccessToInformation, false), Ok(()));
        assert_eq!(
            check_extension(RequestKind::AccessToInformation, true),
            Err(DomainError::Rule("access_extension_used"))
        );
        assert_eq!(check_extension(RequestKind::Request, false), Err(DomainError::Rule("not_access_request")));
    }

    #[test]
    fn first_contact_and_confidentiality() {
        let first: Vec<_> = RequestKind::ALL.into_iter().filter(|k| k.may_close_at_first_contact()).collect();
        assert_eq!(first, [RequestKind::Comment, RequestKind::Information]);
        assert!(RequestKind::Complaint.is_confidential());
        assert!("plainte".parse::<RequestKind>().is_err());
        assert_eq!("access_to_information".parse::<RequestKind>(), Ok(RequestKind::AccessToInformation));
    }
}
