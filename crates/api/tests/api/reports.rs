//! Reports for the council, computed on a small hand-made data set whose expected values
//! are written here: a first quarter of 2025 in the demo town (requests received, closed on
//! time or late, refused, still open, complaints, access requests, contacts, satisfaction,
//! an unusual request); the confidentiality of small complaint counts; the exports.

use diesel::connection::SimpleConnection;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// Files a pothole request and returns its id.
async fn filed(app: &TestApp, demo: &Demo) -> i64 {
    let mut body = demo.pothole_body("Données du rapport");
    body["public"] = json!(false);
    app.file(demo, None, body).await["id"].as_i64().expect("id")
}

/// One request's history: created, closed, status, due date, what it is.
type History<'a> = (&'a str, Option<&'a str>, &'a str, Option<&'a str>, &'a str);

/// The quarter's data: each request's history set in SQL (the API only writes "now").
async fn quarter(app: &TestApp, demo: &Demo) -> Vec<i64> {
    let mut ids = vec![];
    for _ in 0..10 {
        ids.push(filed(app, demo).await);
    }
    let at = |d: &str| format!("'{d} 10:00'::timestamp AT TIME ZONE 'America/Toronto'");
    // (created, closed, status, due, kind/node)
    let rows: [History; 10] = [
        ("2025-01-10", Some("2025-01-12"), "closed_processed", Some("2025-01-15"), "pothole"),
        ("2025-01-20", Some("2025-01-30"), "closed_processed", Some("2025-01-25"), "pothole"),
        ("2025-02-05", Some("2025-02-06"), "closed_refused", Some("2025-02-10"), "pothole"),
        ("2025-03-01", None, "in_progress", Some("2025-03-10"), "pothole"),
        ("2025-03-30", None, "in_progress", Some("2025-04-20"), "pothole"),
        ("2024-12-20", Some("2025-04-05"), "closed_processed", Some("2025-01-05"), "pothole"),
        ("2025-02-10", None, "in_progress", None, "complaint"),
        ("2025-02-11", None, "not_transferred", None, "complaint"),
        ("2025-01-05", Some("2025-01-20"), "closed_processed", Some("2025-01-25"), "access"),
        ("2025-02-01", Some("2025-03-10"), "closed_processed", Some("2025-03-03"), "access"),
    ];
    let mut sql = String::new();
    for (id, (created, closed, status, due, what)) in ids.iter().zip(rows) {
        let (kind, node) = match what {
            "complaint" => ("complaint", demo.complaint),
            "access" => ("access_to_information", demo.access),
            _ => ("request", demo.pothole),
        };
        sql.push_str(&format!(
            "UPDATE requests SET created_at = {}, closed_at = {}, status = '{status}', due_date = {}, kind = '{kind}',
                node_id = {node}, category_id = {node} WHERE id = {id};\n",
            at(created),
            closed.map_or("NULL".to_string(), at),
            due.map_or("NULL".to_string(), |d| format!("'{d}'")),
        ));
    }
    let t = demo.town;
    sql.push_str(&format!(
        "UPDATE requests SET unusual_reason = 'Trou en forme de cœur', first_contact = true WHERE id = {r3};
         UPDATE requests SET unusual_reason = 'Plainte inusitée' WHERE id = {c1};
         INSERT INTO satisfaction (request_id, municipality_id, score, comment, answered_at) VALUES
           ({r1}, {t}, 5, 'Très rapide', {jan13}), ({r2}, {t}, 2, '', {feb1});
         INSERT INTO interactions (municipality_id, channel, outcome, occurred_at, callback_due_at, created_by)
           SELECT {t}, c, o, {feb3}, CASE WHEN o = 'callback' THEN {feb4} END, (SELECT id FROM users WHERE email = '{CLERK}')
             FROM (VALUES ('phone', 'answered'), ('email', 'callback'), ('counter', 'referred')) AS v(c, o);",
        r1 = ids[0],
        r2 = ids[1],
        r3 = ids[2],
        c1 = ids[6],
        jan13 = at("2025-01-13"),
        feb1 = at("2025-02-01"),
        feb3 = at("2025-02-03"),
        feb4 = at("2025-02-04"),
    ));
    app.conn().batch_execute(&sql).expect("the quarter's data");
    ids
}

fn q1(t: i64) -> String {
    format!("/api/v1/towns/{t}/reports?from=2025-01-01&to=2025-03-31&compare=true")
}

#[actix_web::test]
async fn each_indicator_of_a_hand_made_quarter() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let ids = quarter(&app, &demo).await;
    let director = app.staff(DIRECTOR).await;
    let (status, r) = app.get(&q1(demo.town), Some(&director)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let c = &r["current"];
    assert_eq!(r["masked"], false);
    assert_eq!(c["received"], 9);
    assert_eq!(c["processed"], 4);
    assert_eq!(c["refused"], 1);
    assert_eq!(c["pending_at_end"], 5, "two open, two complaints, one closed after the quarter");
    assert_eq!(c["overdue_at_end"], 2);
    assert_eq!(c["complaints_received"], json!({"count": 2, "fewer_than": null}));
    assert_eq!(c["complaints_to_director"]["count"], 1);
    let kind = |k: &str| {
        c["by_kind"].as_array().expect("kinds").iter().find(|x| x["kind"] == k).expect("kind")["count"]["count"].clone()
    };
    assert_eq!(kind("request"), 5);
    assert_eq!(kind("access_to_information"), 2);
    // By kind: processed, refused and pending at the end (complaints exact for the director).
    let of = |k: &str| c["by_kind"].as_array().expect("kinds").iter().find(|x| x["kind"] == k).expect("kind").clone();
    let triple = |k: &str| {
        let x = of(k);
        (x["processed"]["count"].clone(), x["refused"]["count"].clone(), x["pending"]["count"].clone())
    };
    assert_eq!(triple("request"), (json!(2), json!(1), json!(3)), "R1 and R2; R3; R4, R5 and R6");
    assert_eq!(triple("access_to_information"), (json!(2), json!(0), json!(0)));
    assert_eq!(triple("complaint"), (json!(0), json!(0), json!(2)));
    // By channel: all filed on the web.
    let web =
        c["by_channel"].as_array().expect("channels").iter().find(|x| x["channel"] == "web").expect("web").clone();
    assert_eq!(
        (web["count"].clone(), web["processed"].clone(), web["refused"].clone(), web["pending"].clone()),
        (json!(9), json!(4), json!(1), json!(5))
    );
    // Resolution times of the five closed: 1, 2, 10, 15 and 37 days less an hour (the clocks
    // moved forward on 9 March): the 90th percentile is 15 + 0.6 × (36.958 − 15).
    assert_eq!(c["delays"]["closed"], 5);
    assert!((c["delays"]["median_days"].as_f64().expect("median") - 10.0).abs() < 0.01, "{}", c["delays"]);
    assert!((c["delays"]["p90_days"].as_f64().expect("p90") - 28.175).abs() < 0.001, "{}", c["delays"]);
    assert!((c["delays"]["on_time_share"].as_f64().expect("share") - 0.6).abs() < 1e-9);
    assert_eq!((c["access_closed"].clone(), c["access_in_time"].clone()), (json!(2), json!(1)));
    let months: Vec<(i64, i64, i64)> = c["months"]
        .as_array()
        .expect("months")
        .iter()
        .map(|m| {
            (m["received"].as_i64().expect("n"), m["processed"].as_i64().expect("n"), m["refused"].as_i64().expect("n"))
        })
        .collect();
    assert_eq!(months, vec![(3, 3, 0), (4, 0, 1), (2, 1, 0)]);
    assert_eq!(c["satisfaction"]["answers"], 2);
    assert_eq!(c["satisfaction"]["average"], 3.5);
    assert_eq!(c["satisfaction"]["distribution"], json!([0, 1, 0, 0, 1]));
    assert_eq!(c["first_contact"]["interactions"], 3);
    assert_eq!(c["first_contact_resolutions"], 2, "one call answered, one request handled at first contact");
    assert!((c["first_contact_share"].as_f64().expect("share") - 2.0 / 12.0).abs() < 1e-9);
    // Unusual requests: the number, category and reason; never a complaint.
    let unusual = c["unusual"].as_array().expect("unusual");
    assert_eq!(unusual.len(), 1);
    assert_eq!(unusual[0]["reason"], "Trou en forme de cœur");
    assert_eq!(unusual[0]["category_fr"], "Nid-de-poule");
    // The department: all nine were Travaux publics'.
    let works = c["by_department"]
        .as_array()
        .expect("deps")
        .iter()
        .find(|d| d["name_fr"] == "Travaux publics")
        .expect("TP")
        .clone();
    assert_eq!(
        (works["received"].clone(), works["processed"].clone(), works["refused"].clone()),
        (json!(9), json!(4), json!(1))
    );
    // A year earlier: nothing.
    assert_eq!(r["previous"]["received"], 0);
    // No person anywhere.
    let text = r.to_string();
    for secret in ["Jeanne", "Tremblay", "jeanne@example.com", "Données du rapport", "123, rue Principale"] {
        assert!(!text.contains(secret), "{secret}");
    }
    let _ = ids;
}

#[actix_web::test]
async fn small_complaint_counts_read_fewer_than_five_outside_the_staff() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    quarter(&app, &demo).await;
    let elected = app.staff(ELECTED).await;
    let (status, r) = app.get(&q1(demo.town), Some(&elected)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    assert_eq!(r["masked"], true);
    assert_eq!(r["current"]["complaints_received"], json!({"count": null, "fewer_than": 5}));
    let complaint = r["current"]["by_kind"]
        .as_array()
        .expect("kinds")
        .iter()
        .find(|x| x["kind"] == "complaint")
        .expect("c")
        .clone();
    assert_eq!(complaint["count"]["fewer_than"], 5);
    assert_eq!(complaint["pending"]["fewer_than"], 5, "two complaints pending: masked too");
    // Complaints counted apart: no total, channel, month or department gives them back by
    // subtraction (the director's report counts 9 received, 5 pending).
    let c = &r["current"];
    assert_eq!((c["received"].clone(), c["pending_at_end"].clone()), (json!(7), json!(3)));
    let others: i64 = c["by_kind"]
        .as_array()
        .expect("kinds")
        .iter()
        .filter(|x| x["kind"] != "complaint")
        .map(|x| x["count"]["count"].as_i64().expect("shown"))
        .sum();
    assert_eq!(others, 7, "the other kinds add up to the total");
    let web =
        c["by_channel"].as_array().expect("channels").iter().find(|x| x["channel"] == "web").expect("web").clone();
    assert_eq!((web["count"].clone(), web["pending"].clone()), (json!(7), json!(3)));
    let months: i64 = c["months"].as_array().expect("months").iter().map(|m| m["received"].as_i64().expect("n")).sum();
    assert_eq!(months, 7);
    let deps: i64 =
        c["by_department"].as_array().expect("deps").iter().map(|d| d["received"].as_i64().expect("n")).sum();
    assert_eq!(deps, 7);
    // The unusual request's reason is staff's free text: its number and category only.
    let unusual = c["unusual"].as_array().expect("unusual");
    assert_eq!(unusual.len(), 1);
    assert!(unusual[0]["reason"].is_null(), "{unusual:?}");
    assert!(!r.to_string().contains("cœur"));
    // Exports leave the staff: masked for the director too.
    let director = app.staff(DIRECTOR).await;
    let url = format!(
        "{}/api/v1/towns/{}/reports/export.csv?from=2025-01-01&to=2025-03-31&table=summary",
        app.base, demo.town
    );
    let res = app.client.get(&url).bearer_auth(&director).send().await.expect("csv");
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.expect("text");
    assert!(csv.starts_with('\u{feff}'));
    // A French spreadsheet's separator and decimal mark (it opens a "," file in one column);
    // English ones for an English export.
    assert!(csv.contains("Plaintes reçues;< 5;0"), "{csv}");
    assert!(csv.contains("Requêtes reçues;7;0"), "complaints counted apart: {csv}");
    assert!(
        !csv.lines().any(|l| l.contains(|c: char| c.is_ascii_digit()) && l.contains('.')),
        "no decimal point: {csv}"
    );
    let en = app.client.get(format!("{url}&lang=en")).bearer_auth(&director).send().await.expect("csv");
    let en = en.text().await.expect("text");
    assert!(en.contains("Complaints received,< 5,0"), "{en}");
    let xlsx = app
        .client
        .get(format!(
            "{}/api/v1/towns/{}/reports/export.xlsx?from=2025-01-01&to=2025-03-31&lang=en",
            app.base, demo.town
        ))
        .bearer_auth(&director)
        .send()
        .await
        .expect("xlsx");
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.expect("bytes").starts_with(b"PK"), "a zip file");
    // An unknown table (not one of the document's), a reversed period: said so.
    let (status, _) = app
        .get(
            &format!("/api/v1/towns/{}/reports/export.csv?from=2025-01-01&to=2025-03-31&table=nope", demo.town),
            Some(&director),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) =
        app.get(&format!("/api/v1/towns/{}/reports?from=2025-03-31&to=2025-01-01", demo.town), Some(&director)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[actix_web::test]
async fn who_reads_reports_and_who_writes_the_summary() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let t = demo.town;
    for (who, expected) in
        [(DIRECTOR, 200), (CLERK, 200), (ELECTED, 200), (ADMIN, 200), (RESPONSIBLE, 403), (OPERATOR, 403)]
    {
        let token = app.staff(who).await;
        assert_eq!(app.get(&q1(t), Some(&token)).await.0.as_u16(), expected, "{who}");
    }
    assert_eq!(app.get(&q1(t), Some(&app.citizen().await)).await.0, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&q1(t), None).await.0, StatusCode::UNAUTHORIZED);
    let foreign = app.foreign_staff("rapport@st-exemple.example", &["director"]).await;
    assert_eq!(app.get(&q1(t), Some(&foreign)).await.0, StatusCode::NOT_FOUND);
    // The director writes the period's summary; it comes with the report.
    let summary = json!({"from": "2025-01-01", "to": "2025-03-31", "body": "Hiver doux : moins de nids-de-poule."});
    let director = app.staff(DIRECTOR).await;
    let url = format!("/api/v1/towns/{t}/reports/summary");
    assert_eq!(app.put(&url, Some(&app.staff(CLERK).await), summary.clone()).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.put(&url, Some(&director), summary).await.0, StatusCode::NO_CONTENT);
    let (_, r) = app.get(&q1(t), Some(&app.staff(ELECTED).await)).await;
    assert_eq!(r["summary"], "Hiver doux : moins de nids-de-poule.");
    // Staff flag a request unusual; an elected official cannot.
    let id = filed(&app, &demo).await;
    let flag = format!("/api/v1/towns/{t}/requests/{id}/unusual");
    assert_eq!(
        app.put(&flag, Some(&app.staff(CLERK).await), json!({"reason": "Rare"})).await.0,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.put(&flag, Some(&app.staff(ELECTED).await), json!({"reason": "Rare"})).await.0,
        StatusCode::FORBIDDEN
    );
    let (status, problem): (StatusCode, Value) = app.put(&flag, Some(&director), json!({"reason": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{problem}");
}

/// Names staff typed that a spreadsheet would run as formulas (`=HYPERLINK(…)`, `+SUM(…)`)
/// leave in the CSV export as text: a leading apostrophe, quoted (OWASP "CSV Injection").
#[actix_web::test]
async fn csv_exports_carry_formulas_as_text() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    quarter(&app, &demo).await;
    app.conn()
        .batch_execute(&format!(
            "UPDATE departments SET name_fr = '=HYPERLINK(\"http://evil.example\",\"x\")'
              WHERE id = (SELECT department_id FROM requests WHERE node_id = {p} LIMIT 1);
             UPDATE taxonomy_nodes SET name_fr = '+SUM(1;2)' WHERE id = {p};",
            p = demo.pothole
        ))
        .expect("names");
    let director = app.staff(DIRECTOR).await;
    let export = |table: &str| {
        format!(
            "{}/api/v1/towns/{}/reports/export.csv?from=2025-01-01&to=2025-03-31&table={table}",
            app.base, demo.town
        )
    };
    let by_department = app.client.get(export("by_department")).bearer_auth(&director).send().await.expect("csv");
    let by_department = by_department.text().await.expect("text");
    assert!(by_department.contains("\n\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\";"), "{by_department}");
    assert!(!by_department.contains("\n=HYPERLINK"), "{by_department}");
    let categories = app.client.get(export("top_categories")).bearer_auth(&director).send().await.expect("csv");
    let categories = categories.text().await.expect("text");
    assert!(categories.contains("\"'+SUM(1;2)\""), "{categories}");
}
