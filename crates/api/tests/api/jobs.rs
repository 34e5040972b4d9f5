//! The periodic jobs through the outbox and a real SMTP server: reminders and overdue
//! notices to the department once per due date; monthly lists once a month, without
//! personal information.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::*;
use crate::notifications::{Mailed, TP, mailed};

fn run_jobs(m: &Mailed, day: &str) -> civis_api::jobs::Report {
    let day: chrono::NaiveDate = day.parse().expect("date");
    civis_api::jobs::run(&mut m.app.conn(), Some(day)).expect("jobs")
}

#[actix_web::test]
async fn reminders_and_overdue_notices_go_to_the_department_once() {
    let m = mailed(8).await;
    let created = m.app.file(&m.demo, None, m.body("Rappel", "rappel@example.com", "fr")).await;
    let number = created["number"].as_str().expect("number").to_string();
    diesel::sql_query("UPDATE requests SET due_date = '2026-12-04' WHERE id = $1")
        .bind::<diesel::sql_types::BigInt, _>(created["id"].as_i64().expect("id"))
        .execute(&mut m.app.conn())
        .expect("due date");
    // The town reminds 2 working days ahead: not yet on Tuesday, on Wednesday, once.
    assert_eq!(run_jobs(&m, "2026-12-01").reminders, 0);
    assert_eq!(run_jobs(&m, "2026-12-02").reminders, 1);
    assert_eq!(run_jobs(&m, "2026-12-02").reminders, 0, "run twice the same day, sent once");
    assert_eq!(run_jobs(&m, "2026-12-03").reminders, 0, "one reminder per due date");
    // While another worker runs the town's jobs (it holds the town's lock), this one skips
    // the town; once the other is done, the work is there for the next run.
    let mut other = m.app.conn();
    diesel::sql_query("BEGIN").execute(&mut other).expect("begin");
    diesel::sql_query(format!("SELECT pg_advisory_xact_lock({}, {})", civis_api::db::jobs::JOBS_LOCK, m.demo.town))
        .execute(&mut other)
        .expect("the town's jobs lock");
    assert_eq!(run_jobs(&m, "2026-12-07").overdue, 0, "the town is skipped while locked");
    diesel::sql_query("ROLLBACK").execute(&mut other).expect("rollback");
    // Past the due date: one overdue notice.
    assert_eq!(run_jobs(&m, "2026-12-07").overdue, 1);
    assert_eq!(run_jobs(&m, "2026-12-08").overdue, 0);
    m.deliver().await;
    let dept = m.smtp.to(TP);
    let reminder: Vec<_> = dept.iter().filter(|x| x.subject.starts_with("Rappel")).collect();
    assert_eq!(reminder.len(), 1);
    assert_eq!(reminder[0].subject, format!("Rappel : requête {number} à traiter d'ici le 2026-12-04"));
    let late: Vec<_> = dept.iter().filter(|x| x.subject.starts_with("En retard")).collect();
    assert_eq!(late.len(), 1);
    assert!(late[0].text.contains(&number));
    assert!(
        m.smtp.to("rappel@example.com").iter().all(|x| !x.subject.contains("Rappel")),
        "the requester is not reminded"
    );
}

#[actix_web::test]
async fn monthly_lists_are_sent_once_and_carry_no_personal_information() {
    let m = mailed(8).await;
    let open =
        m.app.file(&m.demo, None, m.body("Chez Jeanne Tremblay au 12, rue Secrète", "jeanne@example.com", "fr")).await;
    let done = m.app.file(&m.demo, None, m.body("Trou comblé chez Marc", "marc@example.com", "fr")).await;
    let clerk = m.app.staff(CLERK).await;
    let close = json!({"action": "close_processed", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Fait."}});
    let (s, body) = m.app.post(&format!("{}/transitions", m.demo.request(&done["id"])), Some(&clerk), close).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    // The first working day of the month after, on the town's calendar (its holidays
    // too: in December it is never the 1st of January): elected officials' lists, once.
    let closed_month = m.app.town_today();
    let day = m.app.first_working_day_of_next_month();
    let day_s = day.to_string();
    assert_eq!(run_jobs(&m, &day_s).elected_lists, 1);
    assert_eq!(run_jobs(&m, &day_s).elected_lists, 0, "run twice, sent once");
    m.deliver().await;
    let elu: Vec<_> =
        m.smtp.to("elu@demo.civis.demo").into_iter().filter(|x| x.subject.contains("listes mensuelles")).collect();
    assert_eq!(elu.len(), 1, "{elu:?}");
    let text = &elu[0].text;
    assert!(text.contains(open["number"].as_str().expect("n")), "{text}");
    assert!(text.contains(done["number"].as_str().expect("n")), "last month's completed: {text}");
    for secret in ["Tremblay", "jeanne@example.com", "Secrète", "Marc", "marc@example.com"] {
        assert!(!text.contains(secret) && !elu[0].html.contains(secret), "{secret} in {text}");
    }

    // The department responsibles' list, on the first working day of the month's last week.
    let last_week = civis_domain::calendar::first_business_day_of_last_week(
        chrono::Datelike::year(&closed_month),
        chrono::Datelike::month(&closed_month),
        &m.app.town_holidays(),
    )
    .expect("last week")
    .to_string();
    let first = run_jobs(&m, &last_week).department_lists;
    assert!(first >= 1, "{first}");
    assert_eq!(run_jobs(&m, &last_week).department_lists, 0);
    m.deliver().await;
    let resp = m.smtp.to("travaux@demo.civis.demo");
    assert_eq!(resp.len(), 1, "the department responsible of Travaux publics: {resp:?}");
    assert!(resp[0].text.contains(open["number"].as_str().expect("n")));
    assert!(!resp[0].text.contains(done["number"].as_str().expect("n")), "completed ones are not listed");
}

#[actix_web::test]
async fn the_quarterly_and_annual_reports_reach_the_council_once_with_the_workbook() {
    let m = mailed(8).await;
    // 4 January 2027: the first working day of the quarter (the 1st is a holiday, then a
    // weekend) — the last quarter of 2026 and the year 2026 go out.
    let report = run_jobs(&m, "2027-01-04");
    assert_eq!(report.council_reports, 4, "the elected official and the director, quarter and year");
    assert_eq!(run_jobs(&m, "2027-01-05").council_reports, 0, "a second run sends nothing");
    m.deliver().await;
    for who in ["elu@demo.civis.demo", "directeur@demo.civis.demo"] {
        let got: Vec<_> =
            m.smtp.to(who).into_iter().filter(|x| x.subject.starts_with("Reddition de comptes")).collect();
        assert_eq!(got.len(), 2, "{who}: {got:?}");
        let quarter = got.iter().find(|x| x.subject.contains("trimestrielle")).expect("the quarter");
        assert_eq!(quarter.subject, "Reddition de comptes trimestrielle 2026-10-01 – 2026-12-31 — Ville de Démo");
        assert!(quarter.text.contains("Requêtes reçues"), "{}", quarter.text);
        assert_eq!(quarter.attachments.len(), 1);
        assert_eq!(quarter.attachments[0].0, "rapport-2026-10-01-2026-12-31.xlsx");
        assert!(quarter.attachments[0].1.starts_with(b"PK"), "a workbook");
        let year = got.iter().find(|x| x.subject.contains("annuelle")).expect("the year");
        assert_eq!(year.attachments[0].0, "rapport-2026-01-01-2026-12-31.xlsx");
    }
    assert!(m.smtp.to("clic@demo.civis.demo").iter().all(|x| !x.subject.starts_with("Reddition")), "the council only");
}
