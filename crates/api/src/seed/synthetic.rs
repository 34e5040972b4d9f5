//! Synthetic requests for benchmarks and demos: realistic French descriptions with street
//! names, locations around the town, ten years of dates, mostly closed, with requester
//! contacts, history rows and follow-ups. Inserted set-based, one batch per statement.

use std::io::Write;
use std::time::Instant;

use anyhow::Context;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Double, Int8, Text};

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

const INSERT: &str = r#"
WITH src AS (
    SELECT i,
           $1::timestamptz + make_interval(secs => i * $3 + random() * $3) AS created_at,
           1 + floor(random() * array_length($5::bigint[], 1))::int AS n,
           random() AS r_status, random() AS r_prio, random() AS r_mode, random() AS r_pub
    FROM generate_series($2, $4) AS i
), dated AS (
    SELECT src.*, extract(year FROM created_at)::int AS year,
           row_number() OVER (PARTITION BY extract(year FROM created_at) ORDER BY i) AS rn
    FROM src
), ins AS (
    INSERT INTO requests (municipality_id, number, year, seq, kind, node_id, category_id, department_id,
                          priority, priority_rank, status, is_public, channel, requester_mode, wants_followups,
                          description, address, latitude, longitude, due_date, created_at, updated_at, closed_at,
                          requester_answered)
    SELECT $9, d.year || '-' || lpad(s.seq::text, greatest(5, length(s.seq::text)), '0'), d.year, s.seq,
           ($8::text[])[d.n], ($5::bigint[])[d.n], ($6::bigint[])[d.n], ($7::bigint[])[d.n],
           p.priority, p.rank, st.status,
           d.r_pub < 0.6 AND ($13::bool[])[d.n] AND d.r_mode >= 0.05,
           (ARRAY['web','web','web','phone','phone','counter','email','mobile_app','mail','social_media'])[1 + floor(random() * 10)::int],
           CASE WHEN d.r_mode < 0.05 THEN 'internal' WHEN d.r_mode < 0.15 THEN 'anonymous' ELSE 'identified' END,
           d.r_mode >= 0.15 AND random() < 0.7,
           -- What happened, as the request's category would have it (variants separated by '|').
           split_part(($14::text[])[d.n], '|', 1 + floor(random() * array_length(string_to_array(($14::text[])[d.n], '|'), 1))::int)
             || ' ' || (ARRAY['devant le', 'près du', 'en face du', 'au coin du', 'derrière le'])[1 + floor(random() * 5)::int]
             || ' ' || (10 + floor(random() * 3000)::int)
             || ', ' || CASE WHEN random() < 0.5
                THEN (ARRAY['rue Principale', 'boulevard Curé-Labelle', 'rue des Érables', 'chemin du Lac', 'rue Saint-Jean',
                            'avenue des Pins', 'rue de l''Église', 'montée Sainte-Thérèse', 'rue Notre-Dame', 'rang du Ruisseau',
                            'rue Côté', 'boulevard du Séminaire', 'rue Lévesque', 'place du Marché', 'rue Bélanger'])[1 + floor(random() * 15)::int]
                -- The long tail: 8 000 lesser streets, each name a word of its own (a rare search word).
                ELSE (ARRAY['rue', 'avenue', 'chemin', 'montée'])[1 + floor(random() * 4)::int] || ' '
                     || (ARRAY['Bel', 'Mar', 'Tour', 'Val', 'Beau', 'Ri', 'Fon', 'La', 'Mont', 'Ro', 'Ver', 'Cha', 'Du', 'Gil',
                               'Pel', 'Sau', 'Bou', 'Lan', 'Per', 'Cour'])[1 + floor(random() * 20)::int]
                     || (ARRAY['ve', 'ri', 'la', 'mo', 'ta', 'ni', 'bé', 'so', 'ga', 'lu', 'ro', 'de', 'mi', 'po', 'ca', 'fa',
                               'ge', 'lo', 'sa', 'ti'])[1 + floor(random() * 20)::int]
                     || (ARRAY['ville', 'court', 'mont', 'lière', 'ton', 'bert', 'nac', 'rand', 'vaux', 'mard', 'rette', 'chêne',
                               'lais', 'don', 'vert', 'rois', 'gny', 'meau', 'pont', 'nier'])[1 + floor(random() * 20)::int]
                END
             || '. ' || (ARRAY['Signalé par un résident.', 'Situation dangereuse pour les piétons.', 'Depuis plusieurs jours.',
                                'Merci de vérifier rapidement.', 'Deuxième signalement.', ''])[1 + floor(random() * 6)::int],
           (10 + floor(random() * 3000)::int) || ', rue ' || (ARRAY['Principale', 'des Érables', 'Saint-Jean', 'Notre-Dame', 'Côté'])[1 + floor(random() * 5)::int],
           $10 + (random() - 0.5) * 0.08, $11 + (random() - 0.5) * 0.12,
           (d.created_at + make_interval(days => ($12::int[])[d.n]))::date,
           d.created_at, d.created_at,
           CASE WHEN st.status LIKE 'closed%' THEN d.created_at + make_interval(days => 1 + floor(random() * 30)::int) END,
           st.status LIKE 'closed%'
    FROM dated d
    JOIN LATERAL (SELECT coalesce((SELECT last_value FROM request_counters c
                   WHERE c.municipality_id = $9 AND c.year = d.year), 0) + d.rn AS seq) s ON true
    JOIN LATERAL (SELECT CASE WHEN d.r_prio < 0.05 THEN 'urgent' WHEN d.r_prio < 0.25 THEN 'very_important'
                              WHEN d.r_prio < 0.85 THEN 'important' ELSE 'minor' END AS priority,
                         CASE WHEN d.r_prio < 0.05 THEN 1 WHEN d.r_prio < 0.25 THEN 2
                              WHEN d.r_prio < 0.85 THEN 3 ELSE 4 END::smallint AS rank) p ON true
    JOIN LATERAL (SELECT CASE WHEN d.r_status < CASE WHEN d.created_at < now() - interval '90 days' THEN 0.82 ELSE 0.3 END
                              THEN CASE WHEN random() < 0.12 THEN 'closed_refused' ELSE 'closed_processed' END
                              ELSE (ARRAY['in_progress', 'in_progress', 'transferred', 'not_transferred'])[1 + floor(random() * 4)::int]
                         END AS status) st ON true
    RETURNING id, municipality_id, year, seq, status, requester_mode, created_at
), contacts AS (
    INSERT INTO requester_contacts (request_id, first_name, last_name, phone1, email)
    SELECT id,
           (ARRAY['Marie', 'Jean', 'Sophie', 'Luc', 'Isabelle', 'François', 'Nathalie', 'Pierre', 'Julie', 'Éric'])[1 + floor(random() * 10)::int],
           (ARRAY['Tremblay', 'Gagnon', 'Roy', 'Côté', 'Bouchard', 'Gauthier', 'Morin', 'Lavoie', 'Fortin', 'Gagné'])[1 + floor(random() * 10)::int],
           '450 555-' || lpad((floor(random() * 10000))::int::text, 4, '0'),
           'citoyen' || id || '@example.com'
    FROM ins WHERE requester_mode = 'identified'
), hist AS (
    INSERT INTO history (request_id, municipality_id, at, field, new_value)
    SELECT id, municipality_id, created_at, 'status', status FROM ins
), fu AS (
    INSERT INTO followups (request_id, municipality_id, kind, body, created_at)
    SELECT id, municipality_id, 'external', 'Votre requête a été traitée. Merci de votre signalement.', created_at + interval '1 day'
    FROM ins WHERE status LIKE 'closed%' AND requester_mode = 'identified'
), counters AS (
    INSERT INTO request_counters (municipality_id, year, last_value)
    SELECT municipality_id, year, max(seq) FROM ins GROUP BY municipality_id, year
    ON CONFLICT (municipality_id, year) DO UPDATE SET last_value = greatest(request_counters.last_value, excluded.last_value)
)
SELECT count(*) AS n FROM ins
"#;

#[derive(QueryableByName)]
struct N {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// Generates `count` requests for a town; prints a progress bar on stderr.
pub fn generate(conn: &mut PgConnection, s: &Synthetic) -> anyhow::Result<i64> {
    let town = towns::find_by_slug(conn, s.town_slug)?.with_context(|| format!("no town {:?}", s.town_slug))?;
    let leaves: Vec<_> = taxonomy::tree(conn, town.id, true)
        .map_err(|e| anyhow::anyhow!("{e:?}"))?
        .into_iter()
        .filter(|n| n.questions.iter().all(|q| !q.required) && n.effective.kind != civis_domain::RequestKind::Complaint)
        .collect();
    anyhow::ensure!(!leaves.is_empty(), "the town has no category without required questions");
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

    let span_secs = s.years * 365 * 86_400;
    let step = span_secs as f64 / s.count.max(1) as f64;
    let start = crate::clock::now() - chrono::Duration::seconds(span_secs);
    let started = Instant::now();
    let mut done = 0;
    while done < s.count {
        let last = (done + s.batch.max(1)).min(s.count) - 1;
        let n: N = diesel::sql_query(INSERT)
            .bind::<diesel::sql_types::Timestamptz, _>(start)
            .bind::<Int8, _>(done)
            .bind::<Double, _>(step)
            .bind::<Int8, _>(last)
            .bind::<Array<Int8>, _>(&nodes)
            .bind::<Array<Int8>, _>(&cats)
            .bind::<Array<Int8>, _>(&deps)
            .bind::<Array<Text>, _>(&kinds)
            .bind::<Int8, _>(town.id)
            .bind::<Double, _>(s.lat)
            .bind::<Double, _>(s.lng)
            .bind::<Array<diesel::sql_types::Int4>, _>(&delays)
            .bind::<Array<diesel::sql_types::Bool>, _>(&public)
            .bind::<Array<Text>, _>(&subjects)
            .get_result(conn)?;
        done += n.n;
        progress(done, s.count, started);
    }
    eprintln!();
    Ok(done)
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
