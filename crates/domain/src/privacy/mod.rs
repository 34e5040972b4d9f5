//! Who may know who asked: the one rule for every place a person related to the requester
//! can appear (the contact, the history's actor, the author of a reply by email, the
//! uploader of a photo, emails, the outbox, lists and reports).
//!
//! - Anonymous requests reveal no one to anyone; internal requests have no requester.
//! - A complaint's complainant, what they send after filing (replies, photos, files) and
//!   the employee concerned are for the citizen-services director alone.
//! - Elected officials never see a person, nor complaints except as counts.
//! - The public never sees who asked.
//!
//! Staff who act on a request stay named to the town's staff.

mod shown;
pub use shown::{Held, Shown};

use crate::people::{ActorKind, RequesterMode};
use crate::{RequestKind, RoleSet};

/// Who reads a request.
#[derive(Clone, Copy, Debug)]
pub enum Reader<'a> {
    /// Staff of the request's town, with their roles there.
    Staff(&'a RoleSet),
    /// The person who filed it, signed in to their account.
    Requester,
    /// Whoever holds the number and the requester's email (tracking, and the tracked view
    /// of "Mes requêtes"): the request and what was said on it, never a person's name,
    /// since an email and a number are easier to come by than an account.
    Tracker,
    /// Anyone else: the public portal, another citizen, a follower.
    Public,
}

/// What one reader may know of one request.
/// Only the rule makes one (its functions below; `non_exhaustive`: no literal outside
/// this crate).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Disclosure {
    /// The request at all (its number, description, status). For the public, the request
    /// must also be public, which the caller checks.
    pub request: bool,
    /// Who asked: the requester's contact details, and their name wherever they acted.
    pub requester: bool,
    /// What the requester sent after filing: replies by email, their photos and files.
    pub requester_material: bool,
    /// The employee concerned by a complaint.
    pub employee_concerned: bool,
    /// The names of staff who acted on the request.
    pub staff_names: bool,
    /// Free text (the description, follow-ups) as written; otherwise the emails, phone
    /// numbers and postal codes in it are masked ([`Disclosure::text`]).
    pub whole_text: bool,
}

impl Disclosure {
    /// The same, with free text as written (staff reading what the public reads).
    pub fn with_whole_text(self) -> Self {
        Self { whole_text: true, ..self }
    }

    /// A call that became no request: its caller is seen by the roles that see contacts.
    pub fn of_call(roles: &crate::role::RoleSet) -> Self {
        let sees = roles.can_see_contact();
        Self {
            request: false,
            requester: sees,
            requester_material: false,
            employee_concerned: false,
            staff_names: true,
            whole_text: true,
        }
    }

    /// A free text as this reader may read it.
    pub fn text(&self, text: String) -> String {
        if self.whole_text { text } else { crate::contacts::mask_public(&text) }
    }

    /// Whether the name of someone who acted (`who`) may be shown.
    pub fn names(&self, who: ActorKind) -> bool {
        match who {
            ActorKind::Staff => self.staff_names,
            ActorKind::Requester => self.requester,
            ActorKind::System => false,
        }
    }
}

/// What the rule needs of a request: its kind, its requester mode and its department.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct About {
    pub kind: RequestKind,
    pub mode: RequesterMode,
    /// The department it is transferred to (a complaint is read by that department's
    /// responsible only).
    pub department: Option<i64>,
}

impl About {
    pub fn new(kind: RequestKind, mode: RequesterMode, department: Option<i64>) -> Self {
        Self { kind, mode, department }
    }
}

/// What `reader` may know of a request of this kind and requester mode.
pub fn disclosure(reader: Reader, kind: RequestKind, mode: RequesterMode) -> Disclosure {
    disclosure_of(reader, About::new(kind, mode, None))
}

/// What `reader` may know of this request. A complaint is the director's and the first
/// line's (clerks, operator agents); a department responsible reads one only once it is
/// transferred to their department, and never learns who complained.
pub fn disclosure_of(reader: Reader, about: About) -> Disclosure {
    let confidential = about.kind.is_confidential();
    let someone_asked = about.mode == RequesterMode::Identified;
    match reader {
        Reader::Staff(roles) => {
            let reads_it = !confidential || roles.can_read_every_complaint() || roles.serves(about.department);
            let request = roles.can_read_requests() && reads_it;
            let cleared = !confidential || roles.can_see_confidential();
            Disclosure {
                request,
                requester: request && someone_asked && roles.can_see_contact() && cleared,
                requester_material: request && roles.can_work_requests() && cleared,
                employee_concerned: request && confidential && roles.can_see_confidential(),
                staff_names: request,
                whole_text: true,
            }
        }
        Reader::Requester => Disclosure {
            request: true,
            requester: someone_asked,
            requester_material: true,
            employee_concerned: false,
            staff_names: false,
            whole_text: true,
        },
        Reader::Tracker => Disclosure {
            request: true,
            requester: false,
            requester_material: true,
            employee_concerned: false,
            staff_names: false,
            whole_text: true,
        },
        Reader::Public => Disclosure {
            request: !confidential,
            requester: false,
            requester_material: !confidential,
            employee_concerned: false,
            staff_names: false,
            whole_text: false,
        },
    }
}

/// A count of complaints in what leaves the staff (elected officials' lists, exports):
/// under 5 it could point at someone, so it reads "< 5".
pub fn complaint_count(n: i64) -> String {
    if (1..5).contains(&n) { "< 5".to_string() } else { n.to_string() }
}

/// An email address shown to someone who may see that an email went out but not to whom:
/// its first character and its domain (`j•••@example.com`).
pub fn mask_email(email: &str) -> String {
    match email.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            format!("{first}•••@{domain}")
        }
        None => "•••".to_string(),
    }
}

/// A text for a log: email addresses become `<email>` and phone numbers (7, 10 or 11
/// digits with the usual separators) `<phone>`. Server errors can quote a value (a database
/// constraint, a mail server's refusal); logs keep no one's contact.
pub fn redact_contacts(text: &str) -> String {
    crate::contacts::replace(text, &crate::contacts::Masks { email: "<email>", phone: "<phone>", postal_code: None })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Role;

    fn staff(roles: &[Role], kind: RequestKind, mode: RequesterMode) -> Disclosure {
        disclosure(Reader::Staff(&RoleSet::new(roles.iter().copied())), kind, mode)
    }

    #[test]
    fn anonymous_requests_reveal_no_one() {
        for role in Role::ALL {
            for kind in RequestKind::ALL {
                assert!(!staff(&[role], kind, RequesterMode::Anonymous).requester, "{role} {kind}");
            }
        }
        assert!(!disclosure(Reader::Public, RequestKind::Request, RequesterMode::Anonymous).requester);
    }

    #[test]
    fn working_staff_know_who_asked_but_not_a_complainant() {
        let (req, id) = (RequestKind::Request, RequesterMode::Identified);
        for role in [Role::OperatorAgent, Role::Clerk, Role::DepartmentResponsible, Role::Director] {
            assert!(staff(&[role], req, id).requester, "{role}");
        }
        let complaint = RequestKind::Complaint;
        for role in [Role::OperatorAgent, Role::Clerk] {
            let d = staff(&[role], complaint, id);
            assert!(d.request && !d.requester && !d.requester_material && !d.employee_concerned, "{role}");
        }
        let d = staff(&[Role::Director], complaint, id);
        assert!(d.requester && d.requester_material && d.employee_concerned);
    }

    #[test]
    fn a_department_reads_a_complaint_only_once_it_is_transferred_to_it() {
        let travaux = RoleSet::with_departments([Role::DepartmentResponsible], [7]);
        let about = |department| About::new(RequestKind::Complaint, RequesterMode::Identified, department);
        assert!(!disclosure_of(Reader::Staff(&travaux), about(Some(8))).request, "another department's");
        assert!(!disclosure_of(Reader::Staff(&travaux), about(None)).request, "not transferred yet");
        let d = disclosure_of(Reader::Staff(&travaux), about(Some(7)));
        assert!(d.request && !d.requester && !d.requester_material && !d.employee_concerned);
        // Any other request of the town, whatever its department.
        let other = About::new(RequestKind::Request, RequesterMode::Identified, Some(8));
        assert!(disclosure_of(Reader::Staff(&travaux), other).request);
    }

    #[test]
    fn elected_officials_see_no_person_and_complaints_only_as_counts() {
        let elected = [Role::ElectedOfficial];
        let d = staff(&elected, RequestKind::Request, RequesterMode::Identified);
        assert!(d.request && !d.requester && !d.requester_material && d.staff_names);
        assert!(!staff(&elected, RequestKind::Complaint, RequesterMode::Identified).request);
        // With a clerk's role too, the clerk's rights (the union, never more).
        let both = staff(&[Role::ElectedOfficial, Role::Clerk], RequestKind::Request, RequesterMode::Identified);
        assert!(both.requester);
        let admin_and_elected =
            staff(&[Role::ElectedOfficial, Role::TownAdmin], RequestKind::Request, RequesterMode::Identified);
        assert!(!admin_and_elected.requester && !admin_and_elected.requester_material);
    }

    #[test]
    fn the_public_never_sees_who_asked() {
        for kind in RequestKind::ALL {
            let d = disclosure(Reader::Public, kind, RequesterMode::Identified);
            assert!(!d.requester && !d.staff_names && !d.employee_concerned);
        }
        assert!(!disclosure(Reader::Public, RequestKind::Complaint, RequesterMode::Identified).request);
    }

    #[test]
    fn a_tracker_reads_the_request_but_no_name() {
        for kind in RequestKind::ALL {
            let d = disclosure(Reader::Tracker, kind, RequesterMode::Identified);
            assert!(d.request && d.requester_material && !d.requester && !d.staff_names && !d.employee_concerned);
            assert!(!d.names(ActorKind::Requester) && !d.names(ActorKind::Staff));
        }
    }

    #[test]
    fn the_public_reads_free_text_with_contacts_masked_staff_whole() {
        let text = || "Voisin : 819 556-0000, voisin@exemple.ca".to_string();
        let public = disclosure(Reader::Public, RequestKind::Request, RequesterMode::Identified);
        assert_eq!(public.text(text()), "Voisin : [téléphone masqué], [courriel masqué]");
        assert_eq!(
            staff(&[Role::ElectedOfficial], RequestKind::Request, RequesterMode::Identified).text(text()),
            text()
        );
        assert_eq!(disclosure(Reader::Tracker, RequestKind::Request, RequesterMode::Identified).text(text()), text());
    }

    #[test]
    fn names_follow_the_disclosure() {
        let d = staff(&[Role::Clerk], RequestKind::Complaint, RequesterMode::Identified);
        assert!(d.names(ActorKind::Staff) && !d.names(ActorKind::Requester) && !d.names(ActorKind::System));
    }

    #[test]
    fn masked_addresses_keep_the_domain_only() {
        assert_eq!(mask_email("jeanne.tremblay@example.com"), "j•••@example.com");
        assert_eq!(mask_email("nobody"), "•••");
    }

    #[test]
    fn small_complaint_counts_are_hidden() {
        assert_eq!(complaint_count(0), "0");
        assert_eq!(complaint_count(1), "< 5");
        assert_eq!(complaint_count(4), "< 5");
        assert_eq!(complaint_count(5), "5");
    }

    #[test]
    fn logs_keep_no_contact() {
        let line = "550 5.1.1 <lea.tremblay@example.com>: Recipient rejected; Key (phone)=(450 555-0101) exists, id 42";
        let r = redact_contacts(line);
        assert!(!r.contains("lea.tremblay") && !r.contains("555-0101"), "{r}");
        assert!(
            r.contains("<email>") && r.contains("<phone>") && r.contains("id 42") && r.contains("550 5.1.1"),
            "{r}"
        );
        assert_eq!(redact_contacts("request 2026-00042 closed"), "request 2026-00042 closed");
    }
}
