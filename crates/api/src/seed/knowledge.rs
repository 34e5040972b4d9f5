//! The demo's first-contact content: articles drawn from the seed documents (library hours,
//! garage-sale permit, dog licence, bulky items, tax account, snow removal, water main
//! break, access to information…), some with a PDF form, and a week of logged contacts, so
//! the agent console and the counts have something to show. Written through the services,
//! like anything staff would write.

use chrono::{Duration, Utc};
use civis_domain::knowledge::{Audience, ContactChannel, Outcome};
use civis_domain::wire::{ArticleInput, ContactDetails, InteractionInput};
use diesel::prelude::*;

use crate::auth::{Principal, load_principal};
use crate::db::{departments, knowledge as kb, users};
use crate::service;

/// (title FR, title EN, body FR, body EN, keywords, category, department code, public,
/// stale, PDF file name).
type Seed = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    &'static str,
    bool,
    bool,
    Option<&'static str>,
);

const ARTICLES: &[Seed] = &[
    (
        "Heures d'ouverture de la bibliothèque",
        "Library opening hours",
        "La bibliothèque municipale est ouverte :\n\n- mardi au jeudi : 10 h à 20 h\n- vendredi : 10 h à 17 h\n- samedi et dimanche : 10 h à 16 h\n\nElle est fermée le lundi et les jours fériés. Le retour des livres se fait en tout temps par la chute extérieure.",
        "The town library is open:\n\n- Tuesday to Thursday: 10 a.m. to 8 p.m.\n- Friday: 10 a.m. to 5 p.m.\n- Saturday and Sunday: 10 a.m. to 4 p.m.\n\nClosed on Mondays and holidays. Books can be returned at any time through the outside drop box.",
        &["livres", "prêt", "heures"],
        "",
        "loisirs",
        true,
        false,
        None,
    ),
    (
        "Abonnement à la bibliothèque",
        "Library membership",
        "L'abonnement est gratuit pour les résidents, sur présentation d'une preuve de résidence. Les non-résidents paient 40 $ par année.",
        "Membership is free for residents with proof of residence. Non-residents pay $40 a year.",
        &["carte", "abonnement"],
        "",
        "loisirs",
        true,
        false,
        None,
    ),
    (
        "Permis de vente de garage",
        "Garage sale permit",
        "Les ventes de garage sont permises deux fins de semaine par année, sans permis : la fin de semaine de la Journée nationale des patriotes et celle de la fête du Travail.\n\nEn dehors de ces dates, un permis de 10 $ est requis (formulaire ci-joint), au plus deux fois par année.",
        "Garage sales are allowed without a permit on two weekends a year: Patriots' Day weekend and Labour Day weekend.\n\nOutside these dates a $10 permit is required (form attached), at most twice a year.",
        &["vente débarras", "permis"],
        "Vente de garage",
        "urbanisme",
        true,
        false,
        Some("formulaire-vente-de-garage.pdf"),
    ),
    (
        "Médaille pour chien (licence)",
        "Dog tag (licence)",
        "Tout chien gardé sur le territoire doit porter une médaille, renouvelée chaque année au 1er janvier : 30 $ (15 $ pour un chien stérilisé). Elle s'achète à l'hôtel de ville ou par la poste avec le formulaire ci-joint.",
        "Every dog kept in town must wear a tag, renewed every 1 January: $30 ($15 if spayed or neutered). Buy it at the town hall or by mail with the attached form.",
        &["licence", "médaillon", "chien"],
        "Animaux",
        "greffe",
        true,
        false,
        Some("formulaire-medaille-chien.pdf"),
    ),
    (
        "Animal errant : que faire",
        "Stray animal: what to do",
        "Signalez l'animal (espèce, couleur, endroit). Pendant les heures de bureau, le Service aux citoyens avise le contrôleur animalier; le soir et la fin de semaine, un animal agressif se signale au 911.",
        "Report the animal (species, colour, place). During office hours Citizen Services calls the animal control officer; evenings and weekends, report an aggressive animal to 911.",
        &["chat", "chien perdu"],
        "Animal errant",
        "service-citoyens",
        true,
        false,
        None,
    ),
    (
        "Collecte des encombrants (gros morceaux)",
        "Bulky item collection",
        "Les encombrants sont ramassés le premier lundi de chaque mois, de mai à novembre. Déposez-les en bordure de rue la veille après 19 h.\n\n- Acceptés : meubles, matelas, électroménagers sans halocarbures\n- Refusés : matériaux de construction, pneus, produits dangereux (écocentre)",
        "Bulky items are collected on the first Monday of each month, May to November. Put them at the curb the evening before, after 7 p.m.\n\n- Accepted: furniture, mattresses, appliances without halocarbons\n- Refused: building materials, tyres, hazardous products (eco-centre)",
        &["gros morceaux", "meubles", "matelas"],
        "Collectes et matières résiduelles",
        "environnement",
        true,
        false,
        None,
    ),
    (
        "Calendrier des collectes",
        "Collection calendar",
        "Ordures : chaque mardi. Recyclage : un jeudi sur deux. Matières organiques : chaque lundi d'avril à novembre, aux deux semaines l'hiver. Le calendrier complet est joint.",
        "Garbage: every Tuesday. Recycling: every other Thursday. Organics: every Monday from April to November, every two weeks in winter. The full calendar is attached.",
        &["ordures", "recyclage", "bac brun"],
        "Collectes et matières résiduelles",
        "environnement",
        true,
        false,
        Some("calendrier-collectes.pdf"),
    ),
    (
        "Bac brisé ou volé",
        "Broken or stolen bin",
        "La Ville remplace gratuitement un bac brisé par la collecte. Un bac volé se remplace aux frais du citoyen (85 $). Créez une requête dans « Collectes et matières résiduelles ».",
        "The town replaces for free a bin broken by the collection. A stolen bin is replaced at the citizen's cost ($85). File a request under \"Waste collection\".",
        &["bac", "poubelle"],
        "Collectes et matières résiduelles",
        "environnement",
        true,
        false,
        None,
    ),
    (
        "Écocentre : heures et matières acceptées",
        "Eco-centre: hours and accepted materials",
        "L'écocentre est ouvert du mercredi au samedi, de 8 h à 16 h 30, d'avril à novembre. Preuve de résidence exigée. Matières acceptées : bois, métal, matériaux secs, peinture, huiles, appareils électroniques.",
        "The eco-centre is open Wednesday to Saturday, 8 a.m. to 4:30 p.m., April to November. Proof of residence required. Accepted: wood, metal, dry materials, paint, oils, electronics.",
        &["dépotoir", "résidus domestiques dangereux"],
        "Collectes et matières résiduelles",
        "environnement",
        true,
        true,
        None,
    ),
    (
        "Compte de taxes : échéances et paiement",
        "Tax bill: due dates and payment",
        "Le compte de taxes est payable en trois versements : 1er mars, 1er juin et 1er septembre. Paiement par Internet (numéro de matricule comme référence), au comptoir ou par chèque postdaté. Un intérêt de 10 % par année s'applique aux versements en retard.",
        "The tax bill is payable in three instalments: 1 March, 1 June and 1 September. Pay online (roll number as the reference), at the counter or by post-dated cheque. Late instalments bear 10% interest a year.",
        &["taxes foncières", "matricule", "versement"],
        "Information",
        "greffe",
        true,
        false,
        None,
    ),
    (
        "Changement d'adresse pour le compte de taxes",
        "Change of mailing address for the tax bill",
        "Le changement d'adresse postale se fait par écrit (courriel ou lettre signée) au Greffe, avec le numéro de matricule. Le changement de propriétaire est fait d'office à partir de l'acte notarié.",
        "Send the change of mailing address in writing (email or signed letter) to the Town Clerk with the roll number. A change of owner is made automatically from the notarial deed.",
        &["matricule", "propriétaire"],
        "Information",
        "greffe",
        true,
        false,
        None,
    ),
    (
        "Déneigement : stationnement de nuit",
        "Snow removal: overnight parking",
        "Du 15 novembre au 1er avril, le stationnement dans les rues est interdit de minuit à 7 h. Les véhicules nuisant au déneigement peuvent être remorqués aux frais du propriétaire.",
        "From 15 November to 1 April, street parking is forbidden from midnight to 7 a.m. Vehicles in the way of snow removal may be towed at the owner's cost.",
        &["neige", "remorquage", "stationnement"],
        "Déneigement",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Routes provinciales : qui déneige ?",
        "Provincial roads: who clears the snow?",
        "Les routes numérotées (ex. route 117) sont déneigées par le ministère des Transports : dirigez le citoyen vers le 511. La Ville déneige les rues municipales.",
        "Numbered roads (e.g. Route 117) are cleared by the Ministry of Transport: refer the caller to 511. The town clears municipal streets.",
        &["MTQ", "511", "ministère"],
        "Routes provinciales",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Dommages causés par la déneigeuse",
        "Damage caused by the snow plough",
        "Une pelouse ou une clôture endommagée par la déneigeuse est réparée au printemps. Notez l'adresse et créez une requête dans « Déneigement » avec photos si possible.",
        "A lawn or fence damaged by the plough is repaired in the spring. Note the address and file a request under \"Snow removal\", with photos if possible.",
        &["pelouse", "clôture", "gazon"],
        "Déneigement",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Bris d'aqueduc : procédure d'urgence",
        "Water main break: emergency procedure",
        "Un bris d'aqueduc est une urgence :\n\n- pendant les heures de bureau, transférez l'appel à Travaux publics (poste 2201);\n- en dehors des heures, appelez le contremaître de garde (voir le bottin interne);\n- notez l'adresse exacte, si l'eau coule dans la rue ou dans un sous-sol.\n\nCréez ensuite une requête de priorité très urgente.",
        "A water main break is an emergency:\n\n- during office hours, transfer the call to Public Works (ext. 2201);\n- after hours, call the foreman on duty (see the internal directory);\n- note the exact address, and whether water runs in the street or into a basement.\n\nThen file a request with very urgent priority.",
        &["fuite", "eau", "aqueduc", "urgence"],
        "Travaux publics",
        "travaux-publics",
        false,
        false,
        None,
    ),
    (
        "Avis d'ébullition",
        "Boil-water advisory",
        "Lors d'un avis d'ébullition, l'eau doit bouillir une minute avant d'être bue. La liste des rues visées est publiée sur le site de la Ville et transmise par l'alerte citoyenne.",
        "During a boil-water advisory, water must boil for one minute before drinking. The list of streets is published on the town's website and sent through the citizen alert.",
        &["eau potable", "bouillir"],
        "Travaux publics",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Nid-de-poule : délais de réparation",
        "Potholes: repair times",
        "Les nids-de-poule signalés sont colmatés dans un délai de 5 jours ouvrables, plus vite s'ils présentent un danger. Au printemps, les équipes procèdent par secteur.",
        "Reported potholes are filled within 5 working days, sooner if they are dangerous. In spring, crews work sector by sector.",
        &["trou", "chaussée", "asphalte"],
        "Nid-de-poule",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Lampadaire défectueux",
        "Broken street light",
        "Notez le numéro inscrit sur le poteau et l'adresse la plus proche. Hydro-Québec répare les lampadaires fixés à ses poteaux : la Ville transmet la demande.",
        "Note the number on the pole and the nearest address. Hydro-Québec repairs lights fixed to its poles: the town passes the request on.",
        &["éclairage", "lumière de rue"],
        "Lampadaire défectueux",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Demande d'accès à l'information : comment faire",
        "Access to information request: how to",
        "Toute personne peut demander l'accès à un document détenu par la Ville. La demande se fait par écrit au responsable de l'accès (le greffier), avec le formulaire ci-joint ou par courriel. La Ville répond dans les 20 jours, délai prolongeable de 10 jours en avisant le demandeur.\n\nVoir aussi https://www.cai.gouv.qc.ca",
        "Anyone may ask for access to a document held by the town. Write to the access officer (the town clerk) with the attached form or by email. The town answers within 20 days, which may be extended by 10 days with notice.\n\nSee also https://www.cai.gouv.qc.ca",
        &["loi sur l'accès", "greffier", "document"],
        "Demande d'accès à l'information",
        "greffe",
        true,
        false,
        Some("formulaire-acces-information.pdf"),
    ),
    (
        "Déposer une plainte",
        "Filing a complaint",
        "Une plainte porte sur un service non rendu ou rendu de façon inadéquate. Elle est déposée dans les 15 jours suivant les faits, par écrit, et traitée en toute confidentialité par le directeur du Service aux citoyens.",
        "A complaint concerns a service not rendered or rendered inadequately. File it in writing within 15 days of the facts; the director of Citizen Services handles it confidentially.",
        &["insatisfaction", "service non rendu"],
        "Plainte",
        "service-citoyens",
        true,
        false,
        None,
    ),
    (
        "Branche tombée sur la voie publique",
        "Fallen branch on the road",
        "Une branche qui bloque la rue est enlevée le jour même. Une branche tombée sur un terrain privé relève du propriétaire; un fil électrique touché se signale à Hydro-Québec.",
        "A branch blocking the street is removed the same day. A branch on private land is the owner's; a touched power line is reported to Hydro-Québec.",
        &["arbre", "tempête"],
        "Branche tombée",
        "travaux-publics",
        true,
        false,
        None,
    ),
    (
        "Permis de construction et de rénovation",
        "Building and renovation permits",
        "Un permis est requis pour construire, agrandir, rénover la structure, installer une piscine ou une clôture. Le délai de délivrance est de 30 jours pour un dossier complet.",
        "A permit is required to build, extend, renovate the structure, install a pool or a fence. A complete file gets its permit within 30 days.",
        &["rénovation", "piscine", "clôture", "cabanon"],
        "Permis",
        "urbanisme",
        true,
        true,
        None,
    ),
    (
        "Transférer un appel : bottin des services",
        "Transferring a call: department directory",
        "- Travaux publics : poste 2201\n- Urbanisme et permis : poste 2301\n- Greffe : poste 2101\n- Environnement : poste 2401\n- Loisirs et culture : poste 2501\n\nAvant de transférer, notez le sujet et la personne dans le registre des contacts.",
        "- Public Works: ext. 2201\n- Planning and Permits: ext. 2301\n- Town Clerk: ext. 2101\n- Environment: ext. 2401\n- Recreation and Culture: ext. 2501\n\nBefore transferring, note the subject and the person in the contact log.",
        &["poste", "extension", "téléphone"],
        "",
        "service-citoyens",
        false,
        false,
        None,
    ),
    (
        "Rappel d'une boîte vocale ou d'un courriel",
        "Calling back a voicemail or an email",
        "Un message vocal ou un courriel reçoit une réponse au plus tard à la fin du jour ouvrable suivant. Consignez le contact avec le résultat « Rappel à faire » : la file des rappels indique l'échéance.",
        "A voicemail or an email gets an answer by the end of the next working day at the latest. Log the contact with the outcome \"Callback needed\": the callback queue shows when it is due.",
        &["politique", "délai"],
        "",
        "service-citoyens",
        false,
        false,
        None,
    ),
];

/// A one-page PDF with a title and a line of text (a real file, readable in any viewer).
pub fn pdf(title: &str) -> Vec<u8> {
    let text: String =
        title.chars().map(|c| if c.is_ascii() && c != '(' && c != ')' && c != '\\' { c } else { '-' }).collect();
    let stream = format!(
        "BT /F1 18 Tf 72 720 Td ({text}) Tj ET\nBT /F1 11 Tf 72 690 Td (Ville de Demo - formulaire de demonstration) Tj ET\n"
    );
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".to_string(),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
        format!("<< /Length {} >>\nstream\n{stream}endstream", stream.len()),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = vec![];
    for (n, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", n + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes(),
    );
    out
}

/// The storage key of a seeded document.
fn key(filename: &str) -> String {
    format!("seed/kb/{filename}")
}

/// The seeded documents' files (stored by `civis seed demo`).
pub fn documents() -> Vec<(String, Vec<u8>)> {
    ARTICLES.iter().filter_map(|a| a.9.map(|f| (key(f), pdf(a.0)))).collect()
}

/// Writes the seeded documents' files to the configured storage (again each time: idempotent).
pub fn store_documents(storage_url: &str, s3: &crate::storage::S3) -> anyhow::Result<usize> {
    let storage = crate::storage::Storage::new(storage_url, s3)?;
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let docs = documents();
    for (k, bytes) in &docs {
        rt.block_on(storage.put(k, bytes.clone().into())).map_err(super::e)?;
    }
    Ok(docs.len())
}

fn principal(conn: &mut PgConnection, email: &str) -> anyhow::Result<Principal> {
    let user = users::find_by_email(conn, email, "staff")?.ok_or_else(|| anyhow::anyhow!("no account {email}"))?;
    load_principal(conn, user.id).map_err(super::e)?.ok_or_else(|| anyhow::anyhow!("inactive {email}"))
}

/// The articles of the demo town (written by its administrator); their ids, in order.
fn articles(conn: &mut PgConnection, town: i64, admin: &Principal) -> anyhow::Result<Vec<(i64, Option<i64>)>> {
    let nodes = service::taxonomy::tree(conn, town, false).map_err(super::e)?;
    let deps = departments::list(conn, town)?;
    let today = kb::today(conn, town)?;
    let mut out = vec![];
    for (title_fr, title_en, body_fr, body_en, keywords, category, dep, public, stale, file) in ARTICLES {
        let node = nodes.iter().find(|n| n.name_fr == *category).map(|n| n.id);
        let input = ArticleInput {
            title_fr: (*title_fr).into(),
            title_en: (*title_en).into(),
            body_fr: (*body_fr).into(),
            body_en: (*body_en).into(),
            keywords: keywords.iter().map(|k| (*k).to_string()).collect(),
            node_ids: node.into_iter().collect(),
            department_id: deps.iter().find(|d| d.code == *dep).map(|d| d.id),
            audience: if *public { Audience::Public } else { Audience::Internal },
            verify_by: Some(if *stale { today - Duration::days(20) } else { today + Duration::days(180) }),
            archived: false,
        };
        let a = service::knowledge::create(conn, admin, town, &input).map_err(super::e)?;
        if let Some(f) = file {
            let bytes = i64::try_from(pdf(title_fr).len()).unwrap_or_default();
            kb::insert_document(conn, town, a.id, (f, "application/pdf", bytes, &key(f)))?;
        }
        out.push((a.id, node));
    }
    Ok(out)
}

/// A week of contacts, as the first line logs them (the same service, real due times).
fn week_of_contacts(conn: &mut PgConnection, town: i64, articles: &[(i64, Option<i64>)]) -> anyhow::Result<()> {
    let clerk = principal(conn, "clic@demo.civis.demo")?;
    let agent = principal(conn, "agent311@civis.demo")?;
    let channels = [
        ContactChannel::Phone,
        ContactChannel::Phone,
        ContactChannel::Phone,
        ContactChannel::Counter,
        ContactChannel::Email,
        ContactChannel::Voicemail,
        ContactChannel::Phone,
        ContactChannel::Web,
        ContactChannel::SocialMedia,
        ContactChannel::Counter,
        ContactChannel::Mail,
    ];
    let now = Utc::now();
    for n in 0..42_usize {
        let channel = channels[n % channels.len()];
        let (article, node) = articles[(n * 7) % articles.len()];
        let outcome = match (channel, n % 10) {
            (ContactChannel::Voicemail | ContactChannel::Email, _) => Outcome::Callback,
            (_, 0 | 5) => Outcome::Referred,
            (_, 3) => Outcome::Request,
            _ => Outcome::Answered,
        };
        let hours = i64::try_from(n).unwrap_or_default() * 4 + 1;
        let input = InteractionInput {
            channel,
            node_id: node,
            note: String::new(),
            // Callers waiting for a callback left a name and a number (invented).
            contact: (outcome == Outcome::Callback).then(|| ContactDetails {
                name: Some(["Gisèle Demers", "Robert Paquin", "Nadia Chaouki", "Luc Bérubé"][n % 4].to_string()),
                email: None,
                phone: Some(format!("450 555-01{:02}", n % 100)),
            }),
            outcome,
            article_ids: if outcome == Outcome::Answered { vec![article] } else { vec![] },
            referred_department_id: None,
            referred_to: (outcome == Outcome::Referred).then(|| "Travaux publics, poste 2201".to_string()),
            occurred_at: Some(now - Duration::hours(hours.min(24 * 7))),
        };
        let who = if n % 3 == 0 { &agent } else { &clerk };
        let logged = service::interactions::log(conn, who, town, &input).map_err(super::e)?;
        // Most callbacks older than two days were made.
        if outcome == Outcome::Callback && hours > 48 && n % 4 != 1 {
            crate::db::interactions::callback_done(conn, town, logged.id, clerk.id)?;
        }
    }
    Ok(())
}

/// The demo town's articles and a week of contacts.
pub fn seed(conn: &mut PgConnection, town: i64) -> anyhow::Result<()> {
    let admin = principal(conn, "admin@demo.civis.demo")?;
    let ids = articles(conn, town, &admin)?;
    week_of_contacts(conn, town, &ids)
}
