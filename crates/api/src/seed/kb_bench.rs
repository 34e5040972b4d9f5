//! Synthetic knowledge bases for the benchmark (`civis seed articles`): articles made of the
//! words towns use (services, places, procedures), in French and English, with keywords and
//! categories, written in batches; then the town's vocabulary for typo tolerance.

use diesel::PgConnection;

use crate::db::synthetic as kb;

const TOPICS: &[(&str, &str)] = &[
    ("Heures d'ouverture de la bibliothèque", "Library opening hours"),
    ("Permis de vente de garage", "Garage sale permit"),
    ("Collecte des encombrants", "Bulky item collection"),
    ("Déneigement et stationnement de nuit", "Snow removal and overnight parking"),
    ("Médaille pour chien", "Dog tag"),
    ("Compte de taxes foncières", "Property tax bill"),
    ("Bris d'aqueduc", "Water main break"),
    ("Écocentre et résidus dangereux", "Eco-centre and hazardous waste"),
    ("Demande d'accès à l'information", "Access to information request"),
    ("Permis de piscine", "Pool permit"),
    ("Inscription aux activités de loisirs", "Recreation registration"),
    ("Location de salle communautaire", "Community hall rental"),
    ("Abattage d'arbre", "Tree cutting"),
    ("Nid-de-poule et chaussée", "Potholes and roadway"),
    ("Lampadaire défectueux", "Broken street light"),
    ("Bac de recyclage", "Recycling bin"),
    ("Avis d'ébullition", "Boil-water advisory"),
    ("Fosse septique et vidange", "Septic tank emptying"),
    ("Permis de rénovation", "Renovation permit"),
    ("Stationnement sur rue", "Street parking"),
];
const PLACES: &[&str] = &[
    "secteur nord",
    "secteur sud",
    "centre-ville",
    "parc des Érables",
    "aréna",
    "hôtel de ville",
    "chalet du lac",
    "rue Principale",
    "montée Sainte-Thérèse",
    "boulevard du Curé-Labelle",
    "quartier des Pins",
    "école primaire",
];
const SENTENCES: &[&str] = &[
    "Le formulaire se remplit en ligne ou au comptoir de l'hôtel de ville.",
    "Les frais sont payables par carte, chèque ou argent comptant.",
    "Le délai de traitement est de dix jours ouvrables pour un dossier complet.",
    "Une preuve de résidence est exigée.",
    "Le service est offert du lundi au vendredi, de 8 h 30 à 16 h 30.",
    "En dehors des heures de bureau, communiquez avec la ligne d'urgence.",
    "Le règlement municipal précise les conditions et les exceptions.",
    "Les citoyens sont avisés par l'alerte municipale et sur le site de la Ville.",
    "Une inspection peut être demandée avant la délivrance du permis.",
    "Les matières refusées doivent être apportées à l'écocentre.",
];

/// Writes `count` articles for a town (by slug) and its vocabulary; returns how many.
pub fn articles(conn: &mut PgConnection, slug: &str, count: usize) -> anyhow::Result<usize> {
    let town = crate::db::towns::find_by_slug(conn, slug)?.ok_or_else(|| anyhow::anyhow!("no town {slug}"))?.id;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |n: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or_default() % n.max(1)
    };
    for chunk in (0..count).collect::<Vec<_>>().chunks(1000) {
        let (mut tf, mut te, mut bf, mut be, mut au) = (vec![], vec![], vec![], vec![], vec![]);
        for n in chunk {
            let (fr, en) = TOPICS[next(TOPICS.len())];
            let place = PLACES[next(PLACES.len())];
            tf.push(format!("{fr} — {place} ({n})"));
            te.push(format!("{en} — {place} ({n})"));
            let body: Vec<&str> = (0..4).map(|_| SENTENCES[next(SENTENCES.len())]).collect();
            bf.push(format!("{fr}, {place}. {}", body.join(" ")));
            be.push(format!("{en}, {place}. See the French text for details."));
            au.push(if next(4) == 0 { "internal" } else { "public" }.to_string());
        }
        kb::insert_articles(conn, town, [&tf, &te, &bf, &be, &au])?;
    }
    kb::learn_vocabulary(conn, town)?;
    Ok(count)
}
