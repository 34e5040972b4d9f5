//! What the wizard collects, what each step checks before asking the API, and the body
//! it files.

use std::collections::HashMap;

use civis_domain::wire::{AnswerInput, NewRequest, Requester, RequesterMode, TaxonomyNode, Territory, TownPublic};
use civis_domain::{Channel, Lang, Priority, RequestKind};
use leptos::prelude::*;
use serde_json::Value;

use super::{Step, questions, requester};
use crate::api::Problem;

/// Everything the wizard collects (signals are `Copy`, so the steps share it freely).
#[derive(Clone, Copy)]
pub struct Form {
    pub staff: bool,
    pub town: RwSignal<Option<TownPublic>>,
    pub tree: RwSignal<Option<Result<Vec<TaxonomyNode>, Problem>>>,
    /// Category, event, sub-event as chosen.
    pub path: RwSignal<Vec<i64>>,
    pub answers: RwSignal<HashMap<i64, Value>>,
    pub pin: RwSignal<Option<(f64, f64)>>,
    pub address: RwSignal<String>,
    /// The address came from the pin (the next pin may replace it).
    pub auto_address: RwSignal<bool>,
    /// Where the map should look (an address or street chosen from the suggestions).
    pub focus: RwSignal<Option<(f64, f64)>>,
    /// The town's outline and duplicate radius.
    pub territory: RwSignal<Option<Territory>>,
    /// The request followed instead of filing a duplicate (ends the wizard), and whether
    /// following is already on (an account) or awaits the emailed link.
    pub followed: RwSignal<Option<(civis_domain::wire::NearbyRequest, bool)>>,
    /// The open requests of the same category near the pin (drawn on the map).
    pub nearby: RwSignal<Vec<civis_domain::wire::NearbyRequest>>,
    /// The one this request reports again ("Signaler aussi"): linked once filed.
    pub also_reports: RwSignal<Option<civis_domain::wire::NearbyRequest>>,
    pub description: RwSignal<String>,
    pub date_of_facts: RwSignal<String>,
    pub attested: RwSignal<bool>,
    pub safety_concern: RwSignal<bool>,
    /// Complaints: the employee concerned (seen by the director alone).
    pub employee_concerned: RwSignal<String>,
    pub mode: RwSignal<RequesterMode>,
    pub first_name: RwSignal<String>,
    pub last_name: RwSignal<String>,
    pub phone1: RwSignal<String>,
    pub phone2: RwSignal<String>,
    pub email: RwSignal<String>,
    pub postal_address: RwSignal<String>,
    pub wants_followups: RwSignal<bool>,
    pub public: RwSignal<bool>,
    pub channel: RwSignal<Channel>,
    pub priority: RwSignal<Option<Priority>>,
    /// Photos (the requester's) and, for staff, files, sent once the request is filed.
    pub photos: RwSignal<Vec<web_sys::File>, LocalStorage>,
    pub files: RwSignal<Vec<web_sys::File>, LocalStorage>,
    pub err: RwSignal<Option<Problem>>,
    /// The wizard's part loaded on demand (`later`): none until asked for.
    pub later: RwSignal<Option<Result<super::later::Draw, Problem>>>,
}

impl Form {
    /// What the agent already knows from the call: the caller (a name of several words is
    /// split at its last space), the note as the description, the call's channel.
    pub(super) fn fill_from_call(&self, call: civis_domain::wire::Interaction) {
        self.description.set(call.note.clone());
        self.channel.set(call.channel.request_channel());
        if let Some(contact) = call.contact.map(civis_domain::privacy::Shown::into_inner) {
            let name = contact.name.unwrap_or_default();
            let (first, last) = name.trim().rsplit_once(' ').unwrap_or(("", name.trim()));
            self.first_name.set(first.trim().to_string());
            self.last_name.set(last.trim().to_string());
            self.phone1.set(contact.phone.unwrap_or_default());
            self.email.set(contact.email.unwrap_or_default());
        }
    }

    pub(super) fn new(staff: bool) -> Self {
        Self {
            staff,
            town: RwSignal::new(None),
            tree: RwSignal::new(None),
            path: RwSignal::new(vec![]),
            answers: RwSignal::new(HashMap::new()),
            pin: RwSignal::new(None),
            address: RwSignal::new(String::new()),
            auto_address: RwSignal::new(false),
            focus: RwSignal::new(None),
            territory: RwSignal::new(None),
            followed: RwSignal::new(None),
            nearby: RwSignal::new(vec![]),
            also_reports: RwSignal::new(None),
            description: RwSignal::new(String::new()),
            date_of_facts: RwSignal::new(String::new()),
            attested: RwSignal::new(false),
            safety_concern: RwSignal::new(false),
            employee_concerned: RwSignal::new(String::new()),
            mode: RwSignal::new(RequesterMode::Identified),
            first_name: RwSignal::new(String::new()),
            last_name: RwSignal::new(String::new()),
            phone1: RwSignal::new(String::new()),
            phone2: RwSignal::new(String::new()),
            email: RwSignal::new(String::new()),
            postal_address: RwSignal::new(String::new()),
            wants_followups: RwSignal::new(!staff),
            public: RwSignal::new(false),
            channel: RwSignal::new(if staff { Channel::Phone } else { Channel::Web }),
            priority: RwSignal::new(None),
            photos: RwSignal::new_local(vec![]),
            files: RwSignal::new_local(vec![]),
            err: RwSignal::new(None),
            later: RwSignal::new(None),
        }
    }

    /// The node chosen last (the one the request is filed under).
    pub fn node(&self) -> Option<TaxonomyNode> {
        let id = self.path.with(|p| p.last().copied())?;
        self.tree
            .with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).and_then(|t| t.iter().find(|n| n.id == id).cloned()))
    }

    pub fn kind(&self) -> Option<RequestKind> {
        self.node().map(|n| n.effective.kind)
    }

    /// Whether the pin is past the town's territory (the API refuses it too).
    pub fn outside(&self) -> bool {
        let pin = self.pin.get();
        self.territory.with(|t| matches!((t, pin), (Some(t), Some((a, b))) if !t.contains(a, b)))
    }

    fn opt(s: RwSignal<String>) -> Option<String> {
        let v = s.get_untracked().trim().to_string();
        (!v.is_empty()).then_some(v)
    }

    /// Field errors of one step, found before asking the API.
    pub(super) fn check(&self, step: Step) -> Vec<(String, &'static str)> {
        match step {
            Step::Town => {
                self.town.with_untracked(Option::is_none).then(|| ("town".into(), "required")).into_iter().collect()
            }
            Step::Category => {
                self.path.with_untracked(Vec::is_empty).then(|| ("node_id".into(), "required")).into_iter().collect()
            }
            Step::Questions => questions::check(self),
            Step::Location => {
                untrack(|| self.outside()).then(|| ("latitude".into(), "outside_territory")).into_iter().collect()
            }
            Step::Description => {
                let mut out = vec![];
                if self.description.with_untracked(|d| d.trim().is_empty()) {
                    out.push(("description".into(), "required"));
                }
                if self.kind() == Some(RequestKind::Complaint) {
                    if self.date_of_facts.with_untracked(|d| d.trim().is_empty()) {
                        out.push(("date_of_facts".into(), "required"));
                    }
                    if !self.attested.get_untracked() {
                        out.push(("attested".into(), "attestation_required"));
                    }
                }
                out
            }
            Step::Attachments | Step::Review => vec![],
            Step::Requester => requester::check(self),
        }
    }

    pub(super) fn body(&self, lang: Lang) -> Option<NewRequest> {
        let node = self.node()?;
        let mode = self.mode.get_untracked();
        let requester = (mode == RequesterMode::Identified).then(|| Requester {
            first_name: self.first_name.get_untracked().trim().into(),
            last_name: self.last_name.get_untracked().trim().into(),
            phone1: Self::opt(self.phone1),
            phone2: Self::opt(self.phone2),
            email: Self::opt(self.email),
            postal_address: Self::opt(self.postal_address),
        });
        let answers = self
            .answers
            .get_untracked()
            .into_iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(question_id, value)| AnswerInput { question_id, value })
            .collect();
        let pin = self.pin.get_untracked();
        Some(NewRequest {
            node_id: node.id,
            description: self.description.get_untracked().trim().into(),
            address: Self::opt(self.address),
            latitude: pin.map(|p| p.0),
            longitude: pin.map(|p| p.1),
            answers,
            channel: self.staff.then(|| self.channel.get_untracked()),
            requester_mode: mode,
            requester,
            wants_followups: mode == RequesterMode::Identified && self.wants_followups.get_untracked(),
            public: self.public.get_untracked()
                && node.effective.public_allowed
                && node.effective.kind != RequestKind::Complaint
                && mode != RequesterMode::Internal,
            language: Some(lang),
            date_of_facts: Self::opt(self.date_of_facts).and_then(|d| d.parse().ok()),
            attested: self.attested.get_untracked(),
            safety_concern: self.safety_concern.get_untracked(),
            employee_concerned: (node.effective.kind == RequestKind::Complaint)
                .then(|| Self::opt(self.employee_concerned))
                .flatten(),
            priority: self.priority.get_untracked(),
            // Only while it is still among the requests near the pin for this category.
            also_reports: self
                .also_reports
                .get_untracked()
                .filter(|r| self.nearby.with_untracked(|n| n.iter().any(|x| x.id == r.id)))
                .map(|r| r.id),
        })
    }
}
