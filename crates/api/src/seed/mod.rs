//! Seed data. Demo data: two towns, each with departments and a taxonomy (drawn from the seed
//! documents), and one account per role. Running it again changes nothing.

use chrono::NaiveTime;
use civis_domain::due::DelayUnit;
use civis_domain::wire::{
    ClosureRules, DepartmentInput, Holiday, NewOperator, NewStaffUser, NewTown, NodeInput, OptionInput, QuestionInput,
    SignUpRequest, TownSettings,
};
use civis_domain::{Lang, QuestionType, RequestKind, Role};
use diesel::prelude::*;

use crate::auth::password;
use crate::db::{towns, users};
use crate::error::ApiError;
use crate::service;

pub mod bench;
mod demo_check;
mod kb_articles;
pub mod kb_bench;
pub mod knowledge;
mod public_works;
pub mod register;
pub mod saint_exemple;
pub mod synthetic;

pub use demo_check::demo_passwords_left;

/// Where the demo town is (its requests and its address register).
pub const DEMO_CENTER: (f64, f64) = (45.868, -74.081);

/// The password of every demo account.
pub const DEMO_PASSWORD: &str = "demo-civis-2026";

/// The demo accounts: (email, what they are).
pub const DEMO_ACCOUNTS: &[(&str, &str)] = &[
    ("plateforme@civis.demo", "platform administrator"),
    ("admin@demo.civis.demo", "town administrator, Ville de Démo"),
    ("clic@demo.civis.demo", "first-line clerk, Ville de Démo"),
    ("directeur@demo.civis.demo", "citizen-services director, Ville de Démo"),
    ("travaux@demo.civis.demo", "department responsible, Travaux publics"),
    ("agent311@civis.demo", "operator agent, Ville de Démo and Saint-Exemple"),
    ("elu@demo.civis.demo", "elected official, Ville de Démo"),
    ("voirie@demo.civis.demo", "Travaux publics, a colleague to assign requests to"),
    ("citoyen@civis.demo", "citizen (portal account)"),
];

fn e(err: ApiError) -> anyhow::Error {
    anyhow::anyhow!("{err:?}")
}

fn node(parent: Option<i64>, fr: &str, en: &str) -> NodeInput {
    NodeInput {
        parent_id: parent,
        name_fr: fr.into(),
        name_en: en.into(),
        kind: None,
        department_id: None,
        default_priority: None,
        delay_days: None,
        delay_unit: None,
        public_allowed: None,
        after_hours_department_id: None,
        first_answer_next_day: None,
        position: 0,
    }
}

fn opt(code: &str, fr: &str, en: &str, position: i32) -> OptionInput {
    OptionInput { code: code.into(), label_fr: fr.into(), label_en: en.into(), position, active: true }
}

fn question(
    qtype: QuestionType,
    fr: &str,
    en: &str,
    required: bool,
    position: i32,
    options: Vec<OptionInput>,
) -> QuestionInput {
    QuestionInput {
        qtype,
        label_fr: fr.into(),
        label_en: en.into(),
        help_fr: String::new(),
        help_en: String::new(),
        required,
        position,
        active: true,
        options,
    }
}

/// Quebec's statutory holidays, as the demo towns observe them, from last year to two years
/// ahead of the year when seeded (so that the demo's calendar holds on any day).
fn holidays() -> anyhow::Result<Vec<Holiday>> {
    let year = chrono::Datelike::year(&crate::clock::now());
    Ok((year - 1..=year + 2)
        .flat_map(civis_domain::holidays::quebec)
        .map(|(day, name)| Holiday { day, name: name.into() })
        .collect())
}

/// Seeds the demo once; returns false when it was already there.
pub fn demo(conn: &mut PgConnection) -> anyhow::Result<bool> {
    if towns::find_by_slug(conn, "demo")?.is_some() {
        return Ok(false);
    }
    conn.transaction(demo_in_tx)?;
    Ok(true)
}

fn demo_in_tx(conn: &mut PgConnection) -> anyhow::Result<()> {
    let town =
        service::towns::create(conn, &NewTown { slug: "demo".into(), name: "Ville de Démo".into() }).map_err(e)?.id;
    let other = service::towns::create(
        conn,
        &NewTown { slug: "saint-exemple".into(), name: "Municipalité de Saint-Exemple".into() },
    )
    .map_err(e)?
    .id;
    // The demo opens every account at once: no second factor asked (production refuses the demo).
    crate::db::towns::set_second_factor(conn, town, civis_domain::wire::SecondFactorPolicy::Off)?;
    service::towns::put_settings(
        conn,
        town,
        &TownSettings {
            allow_anonymous: true,
            // Prévost's rule: the intervention code and the date it was done.
            closure_requires: ClosureRules { intervention_code: true, planned_date: false, performed_date: true },
            reminder_lead_days: 2,
            retention_months: Some(36),
            // An urgent request is due the next working day.
            urgent_delay_days: Some(1),
            duplicate_radius_m: 150,
            number_padding: 5,
            business_days: vec![1, 2, 3, 4, 5],
            opens_at: NaiveTime::from_hms_opt(8, 30, 0).unwrap_or_default(),
            closes_at: NaiveTime::from_hms_opt(16, 30, 0).unwrap_or_default(),
            weekday_hours: None,
            sender_name: "Ville de Démo — Service aux citoyens".into(),
            sender_email: "requetes@demo.civis.demo".into(),
            holidays: holidays()?,
            second_factor: None,
            hold_limit_days: None,
            phone: Some("450 555-0100".into()),
        },
    )
    .map_err(e)?;

    let tp = configure_town(conn, town, "demo")?;
    saint_exemple::configure(conn, other)?;
    // Synthetic address registers: 2 400 doors in Démo, 1 200 in Saint-Exemple.
    register::import(conn, town, DEMO_CENTER, 40, 60)?;
    register::import(conn, other, saint_exemple::CENTER, 20, 60)?;
    demo_accounts(conn, town, other, tp)?;
    knowledge::seed(conn, town)
}

/// Departments, taxonomy and questions of a town, drawn from the seed documents; returns
/// the id of Travaux publics.
pub fn configure_town(conn: &mut PgConnection, town: i64, slug: &str) -> anyhow::Result<i64> {
    let deps = departments(conn, town, slug)?;
    let (pothole, garage_sale) = taxonomy(conn, town, &deps)?;
    questions(conn, town, pothole, garage_sale)?;
    Ok(deps.public_works)
}

/// The demo town's departments.
struct Departments {
    public_works: i64,
    planning: i64,
    clerk: i64,
    citizens: i64,
    environment: i64,
}

fn departments(conn: &mut PgConnection, town: i64, slug: &str) -> anyhow::Result<Departments> {
    let dep = |conn: &mut PgConnection, code: &str, fr: &str, en: &str| -> anyhow::Result<i64> {
        let input = DepartmentInput {
            code: code.into(),
            name_fr: fr.into(),
            name_en: en.into(),
            responsible_user_id: None,
            notification_email: Some(format!("{code}@{slug}.civis.demo")),
            active: true,
        };
        Ok(service::departments::create(conn, town, &input, service::departments::EmailCheck::Trusted).map_err(e)?.id)
    };
    let public_works = dep(conn, "travaux-publics", "Travaux publics", "Public Works")?;
    let planning = dep(conn, "urbanisme", "Urbanisme et permis", "Planning and Permits")?;
    let clerk = dep(conn, "greffe", "Greffe", "Town Clerk")?;
    let citizens = dep(conn, "service-citoyens", "Service aux citoyens", "Citizen Services")?;
    let environment = dep(conn, "environnement", "Environnement", "Environment")?;
    dep(conn, "loisirs", "Loisirs et culture", "Recreation and Culture")?;

    Ok(Departments { public_works, planning, clerk, citizens, environment })
}

/// The demo town's categories; returns the pothole's and the garage sale's nodes (they have
/// questions).
fn taxonomy(conn: &mut PgConnection, town: i64, deps: &Departments) -> anyhow::Result<(i64, i64)> {
    let (tp, urb, greffe, sac, env) = (deps.public_works, deps.planning, deps.clerk, deps.citizens, deps.environment);
    let add = |conn: &mut PgConnection, n: NodeInput| -> anyhow::Result<i64> {
        Ok(service::taxonomy::create_node(conn, town, &n).map_err(e)?.id)
    };
    let nid = public_works::public_works(conn, town, tp)?;
    let animaux = add(
        conn,
        NodeInput {
            department_id: Some(env),
            delay_days: Some(3),
            public_allowed: Some(false),
            ..node(None, "Animaux", "Animals")
        },
    )?;
    add(conn, node(Some(animaux), "Animal errant", "Stray animal"))?;
    add(conn, node(Some(animaux), "Animal mort sur la voie publique", "Dead animal on the road"))?;
    let permis = add(
        conn,
        NodeInput {
            department_id: Some(urb),
            kind: Some(RequestKind::Permit),
            delay_days: Some(15),
            ..node(None, "Permis", "Permits")
        },
    )?;
    let vente = add(conn, node(Some(permis), "Vente de garage", "Garage sale"))?;
    add(
        conn,
        NodeInput {
            department_id: Some(sac),
            kind: Some(RequestKind::Complaint),
            delay_days: Some(30),
            ..node(None, "Plainte", "Complaint")
        },
    )?;
    add(
        conn,
        NodeInput {
            department_id: Some(greffe),
            kind: Some(RequestKind::AccessToInformation),
            ..node(None, "Demande d'accès à l'information", "Access to information request")
        },
    )?;
    let info = add(
        conn,
        NodeInput {
            department_id: Some(sac),
            kind: Some(RequestKind::Information),
            delay_days: Some(2),
            delay_unit: Some(DelayUnit::WorkingDays),
            // Mont-Saint-Hilaire's CLIC: a first answer by the end of the next working day.
            first_answer_next_day: Some(true),
            ..node(None, "Information", "Information")
        },
    )?;
    add(conn, node(Some(info), "Collectes et matières résiduelles", "Waste collection"))?;

    Ok((nid, vente))
}

fn questions(conn: &mut PgConnection, town: i64, nid: i64, vente: i64) -> anyhow::Result<()> {
    let q = |conn: &mut PgConnection, node: i64, input: QuestionInput| -> anyhow::Result<()> {
        service::taxonomy::create_question(conn, town, node, &input).map_err(e).map(drop)
    };
    q(
        conn,
        nid,
        question(
            QuestionType::SingleChoice,
            "Dimension approximative du nid-de-poule",
            "Approximate size of the pothole",
            true,
            1,
            vec![
                opt("petit", "Petit (moins de 30 cm)", "Small (under 30 cm)", 1),
                opt("moyen", "Moyen (30 à 60 cm)", "Medium (30 to 60 cm)", 2),
                opt("grand", "Grand (plus de 60 cm)", "Large (over 60 cm)", 3),
            ],
        ),
    )?;
    q(
        conn,
        nid,
        question(
            QuestionType::YesNo,
            "Représente-t-il un danger pour les cyclistes?",
            "Is it a danger to cyclists?",
            false,
            2,
            vec![],
        ),
    )?;
    q(conn, vente, question(QuestionType::Date, "Date de la vente", "Date of the sale", true, 1, vec![]))?;
    q(conn, vente, question(QuestionType::Number, "Nombre de jours", "Number of days", false, 2, vec![]))?;

    Ok(())
}

fn demo_accounts(conn: &mut PgConnection, town: i64, other: i64, tp: i64) -> anyhow::Result<()> {
    let hash = password::hash(DEMO_PASSWORD).map_err(e)?;
    users::insert(
        conn,
        &users::NewUserRow {
            email: "plateforme@civis.demo",
            password_hash: &hash,
            first_name: "Paule",
            last_name: "Plateforme",
            phone: None,
            language: "fr",
            kind: "staff",
            platform_admin: true,
            email_confirmed_at: Some(crate::clock::now()),
        },
    )?;
    let staff = |conn: &mut PgConnection, email: &str, first: &str, last: &str, roles: Vec<Role>, dep: Option<i64>| {
        let input = NewStaffUser {
            email: email.into(),
            password: DEMO_PASSWORD.into(),
            first_name: first.into(),
            last_name: last.into(),
            language: Lang::Fr,
            roles,
            department_id: dep,
        };
        service::users::create(conn, town, &input, &hash).map_err(e).map(|u| u.id)
    };
    staff(conn, "admin@demo.civis.demo", "Alain", "Administrateur", vec![Role::TownAdmin], None)?;
    staff(conn, "clic@demo.civis.demo", "Claire", "Technicienne", vec![Role::Clerk], None)?;
    staff(conn, "directeur@demo.civis.demo", "Denis", "Directeur", vec![Role::Director], None)?;
    let resp =
        staff(conn, "travaux@demo.civis.demo", "Thomas", "Travaux", vec![Role::DepartmentResponsible], Some(tp))?;
    staff(conn, "elu@demo.civis.demo", "Élise", "Conseillère", vec![Role::ElectedOfficial], None)?;
    // A second person of Travaux publics, so that a request can be handed to a colleague.
    staff(conn, "voirie@demo.civis.demo", "Paula", "Voirie", vec![Role::DepartmentResponsible], Some(tp))?;
    service::users::create_operator(
        conn,
        &NewOperator {
            email: "agent311@civis.demo".into(),
            password: DEMO_PASSWORD.into(),
            first_name: "Olivier".into(),
            last_name: "Agent".into(),
            language: Lang::Fr,
            town_ids: vec![town, other],
        },
        &hash,
    )
    .map_err(e)?;
    crate::db::departments::set_responsible(conn, tp, resp)?;
    let citizen = SignUpRequest {
        email: "citoyen@civis.demo".into(),
        password: DEMO_PASSWORD.into(),
        first_name: "Camille".into(),
        last_name: "Citoyenne".into(),
        language: Lang::Fr,
        phone: Some("450 555-0142".into()),
    };
    users::insert(
        conn,
        &users::NewUserRow {
            email: &citizen.email,
            password_hash: &hash,
            first_name: &citizen.first_name,
            last_name: &citizen.last_name,
            phone: citizen.phone.as_deref(),
            language: "fr",
            kind: "citizen",
            platform_admin: false,
            email_confirmed_at: Some(crate::clock::now()),
        },
    )?;
    Ok(())
}
