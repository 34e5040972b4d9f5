//! The demo's second town, Saint-Exemple: its own departments, taxonomy and staff, so that
//! an operator agent serving both towns has something to file under in each.

use chrono::NaiveTime;
use civis_domain::wire::{ClosureRules, NewStaffUser, TownSettings};
use civis_domain::{Lang, Role};
use diesel::PgConnection;

use super::{DEMO_PASSWORD, configure_town, e, holidays};
use crate::service;

/// Saint-Exemple's staff accounts (the demo password).
pub const ACCOUNTS: &[(&str, &str)] = &[
    ("admin@saint-exemple.civis.demo", "town administrator, Saint-Exemple"),
    ("clic@saint-exemple.civis.demo", "first-line clerk, Saint-Exemple"),
];

/// Where Saint-Exemple is: south-east of the demo town.
pub const CENTER: (f64, f64) = (45.80, -73.98);

/// Options (no anonymous requests, the code on closing), departments, taxonomy, staff.
pub fn configure(conn: &mut PgConnection, town: i64) -> anyhow::Result<()> {
    // The demo opens every account at once: no second factor asked (production refuses the demo).
    crate::db::towns::set_second_factor(conn, town, civis_domain::wire::SecondFactorPolicy::Off)?;
    service::towns::put_settings(
        conn,
        town,
        &TownSettings {
            allow_anonymous: false,
            closure_requires: ClosureRules { intervention_code: true, planned_date: false, performed_date: false },
            reminder_lead_days: 3,
            retention_months: None,
            urgent_delay_days: None,
            duplicate_radius_m: 200,
            number_padding: 5,
            business_days: vec![1, 2, 3, 4, 5],
            opens_at: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            closes_at: NaiveTime::from_hms_opt(16, 0, 0).unwrap_or_default(),
            weekday_hours: None,
            sender_name: "Municipalité de Saint-Exemple".into(),
            sender_email: "requetes@saint-exemple.civis.demo".into(),
            holidays: holidays()?,
            second_factor: None,
            hold_limit_days: None,
            phone: Some("819 555-0100".into()),
        },
    )
    .map_err(e)?;
    configure_town(conn, town, "saint-exemple")?;
    let hash = crate::auth::password::hash(DEMO_PASSWORD).map_err(e)?;
    for ((email, _), (first, last, role)) in
        ACCOUNTS.iter().zip([("Sylvie", "Administratrice", Role::TownAdmin), ("Samuel", "Technicien", Role::Clerk)])
    {
        let input = NewStaffUser {
            email: (*email).into(),
            password: DEMO_PASSWORD.into(),
            first_name: first.into(),
            last_name: last.into(),
            language: Lang::Fr,
            roles: vec![role],
            department_id: None,
        };
        service::users::create(conn, town, &input, &hash).map_err(e)?;
    }
    Ok(())
}
