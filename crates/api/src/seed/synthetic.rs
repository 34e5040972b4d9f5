//! Synthetic requests for benchmarks and demos: realistic French descriptions with street
//! names, locations around the town, ten years of dates, mostly closed, with requester
//! contacts, history rows and follow-ups. Inserted set-based, one batch per statement.

use std::io::Write;
use std::time::Instant;

use anyhow::Context;
use diesel::PgConnection;

use crate::db::synthetic::{Batch, RequiredAnswer, insert_batch};
use crate::db::towns;
use crate::service::taxonomy;

/// Rows per INSERT statement.
pub const BATCH: i64 = 20_000;

/// How to generate.
pub struct Synthetic<'a> {
    pub town_slug: &'a str,
    pub count: i64,
    /// Years back from now that the requests spread over.
    pub years: i64,
    /// Centre of the town.
    pub lat: f64,
    pub lng: f64,
    /// Rows per statement (`BATCH` unless a test wants several small ones).
    pub batch: i64,
}

/// Generates `count` requests for a town; prints a progress bar on stderr.
pub fn generate(conn: &mut PgConnection, s: &Synthetic) -> anyhow::Result<i64> {
    let town = towns::find_by_slug(conn, s.town_slug)?.with_context(|| format!("no town {:?}", s.town_slug))?;
    // Every node but complaints, whose required questions the generator can answer (a
    // choice, yes or no): a pothole answers its size.
    let leaves: Vec<_> = taxonomy::tree(conn, town.id, true)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .into_iter()
        .filter(|n| n.effective.kind != civis_domain::RequestKind::Complaint && required_answers(n).is_some())
        .collect();
    anyhow::ensure!(!leaves.is_empty(), "the town has no category the generator can answer");
    let answers: Vec<RequiredAnswer> = leaves.iter().flat_map(|n| required_answers(n).unwrap_or_default()).collect();
    let tree = taxonomy::tree(conn, town.id, true).map_err(|e| anyhow::anyhow!("{e:?}"))?;
    let category_of = |mut id: i64| {
        while let Some(p) = tree.iter().find(|n| n.id == id).and_then(|n| n.parent_id) {
            id = p;
        }
        id
    };
    let nodes: Vec<i64> = leaves.iter().map(|n| n.id).collect();
    let cats: Vec<i64> = leaves.iter().map(|n| category_of(n.id)).collect();
    let deps: Vec<i64> = leaves.iter().map(|n| n.effective.department_id.unwrap_or(0)).collect();
    let kinds: Vec<String> = leaves.iter().map(|n| n.effective.kind.as_str().to_string()).collect();
    let delays: Vec<i32> = leaves.iter().map(|n| n.effective.delay_days.unwrap_or(10)).collect();
    let public: Vec<bool> = leaves.iter().map(|n| n.effective.public_allowed).collect();
    let subjects: Vec<String> = leaves.iter().map(|n| subjects(&n.name_fr)).collect();
    anyhow::ensure!(deps.iter().all(|d| *d > 0), "every category needs a department");

    // The town's addresses: every request at one of them, naming it.
    let register = crate::db::addresses::sample(conn, town.id, 5_000)?;
    let labels: Vec<String> = register
        .iter()
        .map(|h| civis_domain::address::label(h.civic_number.as_deref().unwrap_or_default(), &h.street))
        .collect();
    let lats: Vec<f64> = register.iter().map(|h| h.latitude).collect();
    let lngs: Vec<f64> = register.iter().map(|h| h.longitude).collect();

    let span_secs = s.years * 365 * 86_400;
    let step = span_secs as f64 / s.count.max(1) as f64;
    let start = crate::clock::now() - chrono::Duration::seconds(span_secs);
    let started = Instant::now();
    let mut done = 0;
    while done < s.count {
        let last = (done + s.batch.max(1)).min(s.count) - 1;
        let batch = Batch {
            start,
            first: done,
            step,
            last,
            nodes: &nodes,
            categories: &cats,
            departments: &deps,
            kinds: &kinds,
            town: town.id,
            lat: s.lat,
            lng: s.lng,
            delays: &delays,
            public: &public,
            subjects: &subjects,
            places: (&labels, &lats, &lngs),
            answers: &answers,
        };
        done += insert_batch(conn, &batch)?;
        progress(done, s.count, started);
    }
    eprintln!();
    Ok(done)
}

/// The answers a request of this node needs (its required questions), or none when one
/// cannot be made up (a text, a number, a date: the node is left out).
fn required_answers(n: &civis_domain::wire::TaxonomyNode) -> Option<Vec<RequiredAnswer>> {
    use civis_domain::QuestionType;
    n.questions
        .iter()
        .filter(|q| q.required && q.active)
        .map(|q| {
            let value = match q.qtype {
                QuestionType::YesNo => serde_json::json!(true),
                QuestionType::SingleChoice => serde_json::json!(q.options.iter().find(|o| o.active)?.code),
                _ => return None,
            };
            Some(RequiredAnswer {
                node: n.id,
                question: q.id,
                qtype: q.qtype.as_str().to_string(),
                label_fr: q.label_fr.clone(),
                label_en: q.label_en.clone(),
                value: value.to_string(),
            })
        })
        .collect()
}

/// What a request of a category says happened (variants separated by `|`), so that a
/// generated pothole speaks of a pothole.
fn subjects(category: &str) -> String {
    match category {
        "Nid-de-poule" => "Nid-de-poule profond|Nid-de-poule qui s'agrandit|Trou dans la chaussée",
        "Lampadaire défectueux" => "Lampadaire éteint|Lampadaire qui clignote|Lampadaire allumé le jour",
        "Branche tombée" => "Branche tombée sur la chaussée|Arbre à élaguer|Branche cassée au-dessus du trottoir",
        "Routes provinciales" | "Rues municipales" | "Déneigement" => {
            "Déneigement insuffisant|Glace sur la chaussée|Banc de neige qui bloque la vue"
        }
        "Voirie" => "Trottoir brisé|Feu de circulation défectueux|Panneau d'arrêt renversé",
        "Travaux publics" => "Fuite d'eau dans la rue|Trottoir brisé|Graffiti sur le mur|Odeur d'égout",
        "Animal errant" | "Animaux" => "Chien errant|Chat errant blessé|Chien qui aboie la nuit",
        "Animal mort sur la voie publique" => "Animal mort sur la chaussée|Chevreuil mort sur l'accotement",
        "Vente de garage" => "Vente de garage prévue samedi|Vente de garage de quartier",
        "Permis" => "Demande de permis de rénovation|Demande de permis d'affichage temporaire",
        "Demande d'accès à l'information" => "Demande de copie du procès-verbal|Demande de copie d'un contrat",
        "Collectes et matières résiduelles" | "Information" => {
            "Bac de recyclage non ramassé|Question sur la collecte des encombrants|Horaire de l'écocentre"
        }
        _ => "Situation à vérifier",
    }
    .to_string()
}

fn progress(done: i64, total: i64, started: Instant) {
    let width = 40;
    let filled = usize::try_from(done * width / total.max(1)).unwrap_or(0);
    let rate = done as f64 / started.elapsed().as_secs_f64().max(0.001);
    eprint!(
        "\r[{}{}] {done}/{total} requests, {rate:.0}/s   ",
        "#".repeat(filled),
        " ".repeat(usize::try_from(width).unwrap_or(40).saturating_sub(filled))
    );
    let _ = std::io::stderr().flush();
}
