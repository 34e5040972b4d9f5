//! What closing a request requires (Prévost, Annexe A; Mont-Saint-Hilaire, "avoir répondu
//! avant de fermer"): a resolution always; the message to the requester whenever they can
//! be reached; the intervention code, the planned date and the performed date where the
//! town requires them; the legal provision when an access-to-information request is
//! refused.

use crate::FieldIssue;
use crate::wire::{Closure, ClosureRequirements, ClosureRules};

/// What closing this request requires, from the town's rules and the request itself.
pub fn requirements(rules: &ClosureRules, requester_reachable: bool, access_request: bool) -> ClosureRequirements {
    ClosureRequirements {
        resolution: true,
        message_to_requester: requester_reachable,
        intervention_code: rules.intervention_code,
        planned_date: rules.planned_date,
        performed_date: rules.performed_date,
        legal_provision_if_refused: access_request,
    }
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|v| v.trim().is_empty())
}

/// The closure's missing fields, each with its code (`closure.<field>`).
pub fn check(closure: &Closure, req: &ClosureRequirements, refusing: bool) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    let mut need = |missing: bool, field: &str, code: &str| {
        if missing {
            issues.push(FieldIssue::new(format!("closure.{field}"), code));
        }
    };
    need(req.resolution && blank(&closure.resolution), "resolution", "required");
    need(req.message_to_requester && blank(&closure.message_to_requester), "message_to_requester", "message_required");
    need(req.intervention_code && blank(&closure.intervention_code), "intervention_code", "required");
    need(req.planned_date && closure.planned_date.is_none(), "planned_date", "required");
    need(req.performed_date && closure.performed_date.is_none(), "performed_date", "required");
    need(
        refusing && req.legal_provision_if_refused && blank(&closure.legal_provision),
        "legal_provision",
        "legal_provision_required",
    );
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(issues: Vec<FieldIssue>) -> Vec<String> {
        issues.into_iter().map(|i| format!("{}:{}", i.field, i.code)).collect()
    }

    #[test]
    fn a_resolution_always_and_the_message_when_the_requester_can_be_reached() {
        let req = requirements(&ClosureRules::default(), true, false);
        assert_eq!(
            fields(check(&Closure::default(), &req, false)),
            ["closure.resolution:required", "closure.message_to_requester:message_required"]
        );
        let unreachable = requirements(&ClosureRules::default(), false, false);
        let done = Closure { resolution: Some("Réparé".into()), ..Default::default() };
        assert!(check(&done, &unreachable, false).is_empty());
        let blank = Closure { resolution: Some("  ".into()), ..Default::default() };
        assert_eq!(fields(check(&blank, &unreachable, false)), ["closure.resolution:required"]);
    }

    #[test]
    fn each_town_chooses_the_code_and_the_dates() {
        let prevost = ClosureRules { intervention_code: true, planned_date: false, performed_date: true };
        let req = requirements(&prevost, false, false);
        let c = Closure { resolution: Some("Fait".into()), ..Default::default() };
        assert_eq!(
            fields(check(&c, &req, false)),
            ["closure.intervention_code:required", "closure.performed_date:required"]
        );
        let full = Closure {
            intervention_code: Some("238 – Demande complétée".into()),
            performed_date: "2026-11-20".parse().ok(),
            ..c
        };
        assert!(check(&full, &req, false).is_empty());
    }

    #[test]
    fn a_refused_access_request_cites_the_law() {
        let req = requirements(&ClosureRules::default(), false, true);
        let c = Closure { resolution: Some("Refusé".into()), ..Default::default() };
        assert_eq!(fields(check(&c, &req, true)), ["closure.legal_provision:legal_provision_required"]);
        assert!(check(&c, &req, false).is_empty());
    }
}
