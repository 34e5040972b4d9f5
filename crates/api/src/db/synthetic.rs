//! The benchmark's and demo's bulk writes (`civis seed synthetic`, `civis seed articles`):
//! thousands of rows per statement, generated in the database from arrays of the town's
//! categories. Written as text: `generate_series`, `unnest` and data-modifying CTEs over
//! generated rows are beyond the DSL.

use chrono::{DateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Double, Int4, Int8, Text, Timestamptz};

use crate::error::ApiError;

/// One batch of synthetic requests: rows `first..=last`, created `step` seconds apart from
/// `start`, each of a leaf chosen at random (the arrays are per leaf, in the same order).
pub struct Batch<'a> {
    pub start: DateTime<Utc>,
    pub first: i64,
    pub step: f64,
    pub last: i64,
    pub nodes: &'a [i64],
    pub categories: &'a [i64],
    pub departments: &'a [i64],
    pub kinds: &'a [String],
    pub town: i64,
    /// The town's centre.
    pub lat: f64,
    pub lng: f64,
    pub delays: &'a [i32],
    pub public: &'a [bool],
    /// What a request of each leaf says happened (variants separated by `|`).
    pub subjects: &'a [String],
    /// Addresses of the town's register (label, latitude, longitude, in the same order):
    /// each request is at one of them and names it. Empty without a register: then around
    /// the centre, with invented addresses.
    pub places: (&'a [String], &'a [f64], &'a [f64]),
    /// The answers each node's required questions get.
    pub answers: &'a [RequiredAnswer],
}

/// An answer to a node's required question, as the generator gives it.
pub struct RequiredAnswer {
    pub node: i64,
    pub question: i64,
    pub qtype: String,
    pub label_fr: String,
    pub label_en: String,
    /// JSON.
    pub value: String,
}

const INSERT: &str = r#"
WITH src AS (
    SELECT i,
           $1::timestamptz + make_interval(secs => i * $3 + random() * $3) AS created_at,
           1 + floor(random() * array_length($5::bigint[], 1))::int AS n,
           random() AS r_status, random() AS r_prio, random() AS r_mode, random() AS r_pub, random() AS r_hold,
           1 + floor(random() * greatest(cardinality($15::text[]), 1))::int AS pi
    FROM generate_series($2, $4) AS i
), dated AS (
    SELECT src.*, extract(year FROM created_at)::int AS year,
           row_number() OVER (PARTITION BY extract(year FROM created_at) ORDER BY i) AS rn
    FROM src
), ins AS (
    INSERT INTO requests (municipality_id, number, year, seq, kind, node_id, category_id, department_id,
                          priority, priority_rank, status, is_public, channel, requester_mode, wants_followups,
                          description, address, latitude, longitude, due_date, created_at, updated_at, closed_at,
                          requester_answered, resolution, closure_message, waiting_since, waiting_reason)
    SELECT $9, d.year || '-' || lpad(s.seq::text, greatest(5, length(s.seq::text)), '0'), d.year, s.seq,
           ($8::text[])[d.n], ($5::bigint[])[d.n], ($6::bigint[])[d.n], ($7::bigint[])[d.n],
           p.priority, p.rank, st.status,
           d.r_pub < 0.6 AND ($13::bool[])[d.n] AND d.r_mode >= 0.05,
           (ARRAY['web','web','web','phone','phone','counter','email','mobile_app','mail','social_media'])[1 + floor(random() * 10)::int],
           CASE WHEN d.r_mode < 0.05 THEN 'internal' WHEN d.r_mode < 0.15 THEN 'anonymous' ELSE 'identified' END,
           d.r_mode >= 0.15 AND random() < 0.7,
           -- What happened, as the request's category would have it (variants separated by '|').
           split_part(($14::text[])[d.n], '|', 1 + floor(random() * array_length(string_to_array(($14::text[])[d.n], '|'), 1))::int)
             || ' ' || (ARRAY['devant le', 'près du', 'en face du', 'à côté du', 'derrière le'])[1 + floor(random() * 5)::int]
             || ' ' || CASE WHEN cardinality($15::text[]) > 0 THEN ($15::text[])[d.pi] ELSE (10 + floor(random() * 3000)::int)
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
                END END
             || '. ' || (ARRAY['Signalé par un résident.', 'Situation dangereuse pour les piétons.', 'Depuis plusieurs jours.',
                                'Merci de vérifier rapidement.', 'Deuxième signalement.', ''])[1 + floor(random() * 6)::int],
           CASE WHEN cardinality($15::text[]) > 0 THEN ($15::text[])[d.pi]
                ELSE (10 + floor(random() * 3000)::int) || ', rue ' || (ARRAY['Principale', 'des Érables', 'Saint-Jean', 'Notre-Dame', 'Côté'])[1 + floor(random() * 5)::int] END,
           -- At the address's door, within a few metres; without a register, around the centre.
           CASE WHEN cardinality($15::text[]) > 0 THEN ($16::float8[])[d.pi] + (random() - 0.5) * 0.00008
                ELSE $10 + (random() - 0.5) * 0.08 END,
           CASE WHEN cardinality($15::text[]) > 0 THEN ($17::float8[])[d.pi] + (random() - 0.5) * 0.00008
                ELSE $11 + (random() - 0.5) * 0.12 END,
           CASE WHEN NOT h.held THEN (d.created_at + make_interval(days => ($12::int[])[d.n]))::date END,
           d.created_at, d.created_at,
           CASE WHEN st.status LIKE 'closed%' THEN d.created_at + make_interval(days => 1 + floor(random() * 30)::int) END,
           st.status LIKE 'closed%',
           CASE st.status WHEN 'closed_processed' THEN 'Intervention effectuée'
                          WHEN 'closed_refused' THEN 'Hors de la compétence de la municipalité' END,
           CASE st.status WHEN 'closed_processed' THEN 'Votre requête a été traitée. Merci de votre signalement.'
                          WHEN 'closed_refused' THEN 'Cette demande ne relève pas de la municipalité.' END,
           CASE WHEN h.held THEN least(now()::date, (d.created_at + interval '2 days')::date) END,
           CASE WHEN h.held THEN (ARRAY['Photo manquante', 'Adresse à confirmer', 'Précisions demandées'])[1 + floor(random() * 3)::int] END
    FROM dated d
    JOIN LATERAL (SELECT coalesce((SELECT last_value FROM request_counters c
                   WHERE c.municipality_id = $9 AND c.year = d.year), 0) + d.rn AS seq) s ON true
    JOIN LATERAL (SELECT CASE WHEN d.r_prio < 0.05 THEN 'urgent' WHEN d.r_prio < 0.25 THEN 'very_important'
                              WHEN d.r_prio < 0.85 THEN 'important' ELSE 'minor' END AS priority,
                         CASE WHEN d.r_prio < 0.05 THEN 1 WHEN d.r_prio < 0.25 THEN 2
                              WHEN d.r_prio < 0.85 THEN 3 ELSE 4 END::smallint AS rank) p ON true
    -- Closed: of the last 90 days' requests, more the older they are (a week-old request is
    -- seldom closed yet: some open ones are late, some not yet due); 97 % of the rest of the
    -- year's; 82 % of older ones (the long history's backlog the benchmarks have always had).
    JOIN LATERAL (SELECT CASE WHEN d.r_status < CASE WHEN d.created_at >= now() - interval '90 days'
                                                          THEN 0.05 + 0.85 * extract(epoch FROM now() - d.created_at) / 7776000
                                                     WHEN d.created_at >= now() - interval '365 days' THEN 0.97
                                                     ELSE 0.82 END
                              THEN CASE WHEN random() < 0.12 THEN 'closed_refused' ELSE 'closed_processed' END
                              ELSE (ARRAY['in_progress', 'in_progress', 'transferred', 'not_transferred'])[1 + floor(random() * 4)::int]
                         END AS status) st ON true
    -- Waiting on the citizen (issue 32): 3 % of the open requests of an identified requester,
    -- access requests and complaints aside; their due date is empty while they wait.
    JOIN LATERAL (SELECT d.r_hold < 0.03 AND st.status IN ('in_progress', 'transferred') AND d.r_mode >= 0.15
                         AND ($8::text[])[d.n] NOT IN ('access_to_information', 'complaint') AS held) h ON true
    RETURNING id, municipality_id, node_id, year, seq, status, requester_mode, created_at, closed_at, resolution, closure_message
), answered AS (
    INSERT INTO answers (request_id, question_id, qtype, question_label_fr, question_label_en, value)
    SELECT i.id, a.q, a.t, a.fr, a.en, a.v::jsonb
    FROM ins i JOIN unnest($18::int8[], $19::int8[], $20::text[], $21::text[], $22::text[], $23::text[])
                    AS a(node, q, t, fr, en, v) ON a.node = i.node_id
), closed AS (
    -- Each closed request's closure, as staff would have written it (the timeline shows it).
    INSERT INTO closures (municipality_id, request_id, refused, resolution, message, closed_at)
    SELECT municipality_id, id, status = 'closed_refused', resolution, closure_message, closed_at
    FROM ins WHERE status LIKE 'closed%'
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

/// Inserts a batch of requests with their contacts, closures, history and follow-ups; returns how many.
pub fn insert_batch(conn: &mut PgConnection, b: &Batch) -> Result<i64, ApiError> {
    let n: N = diesel::sql_query(INSERT)
        .bind::<Timestamptz, _>(b.start)
        .bind::<Int8, _>(b.first)
        .bind::<Double, _>(b.step)
        .bind::<Int8, _>(b.last)
        .bind::<Array<Int8>, _>(b.nodes)
        .bind::<Array<Int8>, _>(b.categories)
        .bind::<Array<Int8>, _>(b.departments)
        .bind::<Array<Text>, _>(b.kinds)
        .bind::<Int8, _>(b.town)
        .bind::<Double, _>(b.lat)
        .bind::<Double, _>(b.lng)
        .bind::<Array<Int4>, _>(b.delays)
        .bind::<Array<Bool>, _>(b.public)
        .bind::<Array<Text>, _>(b.subjects)
        .bind::<Array<Text>, _>(b.places.0)
        .bind::<Array<Double>, _>(b.places.1)
        .bind::<Array<Double>, _>(b.places.2)
        .bind::<Array<Int8>, _>(b.answers.iter().map(|a| a.node).collect::<Vec<_>>())
        .bind::<Array<Int8>, _>(b.answers.iter().map(|a| a.question).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(b.answers.iter().map(|a| a.qtype.clone()).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(b.answers.iter().map(|a| a.label_fr.clone()).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(b.answers.iter().map(|a| a.label_en.clone()).collect::<Vec<_>>())
        .bind::<Array<Text>, _>(b.answers.iter().map(|a| a.value.clone()).collect::<Vec<_>>())
        .get_result(conn)?;
    Ok(n.n)
}

/// Inserts knowledge-base articles: titles (French, English), bodies (French, English) and
/// audiences, one per article in the same order, all with the keyword "synthétique".
pub fn insert_articles(conn: &mut PgConnection, town: i64, columns: [&[String]; 5]) -> Result<(), ApiError> {
    let [tf, te, bf, be, au] = columns;
    diesel::sql_query(
        "INSERT INTO kb_articles (municipality_id, title_fr, title_en, body_fr, body_en, audience, keywords)
         SELECT $1, t.*, ARRAY['synthétique'] FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS t",
    )
    .bind::<BigInt, _>(town)
    .bind::<Array<Text>, _>(tf)
    .bind::<Array<Text>, _>(te)
    .bind::<Array<Text>, _>(bf)
    .bind::<Array<Text>, _>(be)
    .bind::<Array<Text>, _>(au)
    .execute(conn)?;
    Ok(())
}

/// The town's vocabulary from its articles, folded as the service folds it (unaccent and
/// lower case), for typo tolerance; then fresh statistics.
pub fn learn_vocabulary(conn: &mut PgConnection, town: i64) -> Result<(), ApiError> {
    conn.batch_execute(&format!(
        "INSERT INTO kb_words (municipality_id, word)
         SELECT DISTINCT {town}, w FROM kb_articles a,
                regexp_split_to_table(lower(public.unaccent(a.title_fr || ' ' || a.title_en || ' ' || a.body_fr || ' ' || a.body_en)), '[^a-z0-9]+') w
          WHERE a.municipality_id = {town} AND length(w) BETWEEN 4 AND 40
         ON CONFLICT DO NOTHING;
         ANALYZE kb_articles; ANALYZE kb_words;"
    ))?;
    Ok(())
}
