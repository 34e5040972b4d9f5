//! The whole-API leak walk: requests of every kind are filed with distinctive names,
//! emails and phones; then every reader (each staff role, another citizen, a visitor, the
//! people who filed) calls every GET operation of the served OpenAPI document, with every
//! id and every value of every enumerated query parameter, and tracking with every
//! number and email; the emails that went out are read too. A response that contains a
//! secret its reader may not know fails the test. A new GET route is walked without
//! editing this file (a new required parameter it cannot fill fails loudly).

use std::collections::BTreeMap;
use std::io::Write;

use chrono::Datelike;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::attachments::{jpeg_with_gps, upload};
use crate::helpers::*;
use crate::notifications::{INBOUND_TOKEN, mailed};

/// Who reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Clerk,
    Responsible,
    Director,
    Operator,
    Elected,
    TownAdmin,
    OtherCitizen,
    Visitor,
    /// The citizen who filed A (named) and B (anonymous), signed in.
    FilerA,
    FilerB,
    /// Whoever tracks a request with its number and the requester's email.
    Tracker(char),
    /// A department's notification address.
    Mailbox,
}

const WORKING: [Who; 4] = [Who::Clerk, Who::Responsible, Who::Director, Who::Operator];

/// A string that only some readers may see.
struct Secret {
    text: String,
    what: &'static str,
    may: Vec<Who>,
}

fn secret(texts: &[&str], what: &'static str, may: &[Who]) -> Vec<Secret> {
    texts.iter().map(|t| Secret { text: t.to_string(), what, may: may.to_vec() }).collect()
}

fn with(base: &[Who], more: &[Who]) -> Vec<Who> {
    base.iter().chain(more).copied().collect()
}

/// A request filed for the walk, with the email that tracks it.
struct Filed {
    label: char,
    id: i64,
    number: String,
    email: Option<String>,
}

async fn sign_up(app: &TestApp, first: &str, last: &str, email: &str, phone: &str) -> String {
    let body = json!({"email": email, "password": "mot-de-passe-du-test", "first_name": first, "last_name": last, "phone": phone});
    let (status, created) = app.post("/api/v1/auth/citizen/sign-up", None, body).await;
    assert!(status.is_success(), "{created}");
    let (_, pair) = app
        .post("/api/v1/auth/citizen/sign-in", None, json!({"email": email, "password": "mot-de-passe-du-test"}))
        .await;
    pair["access_token"].as_str().expect("token").to_string()
}

/// Path parameters of a route, and the values to walk for each: the town; the filed
/// requests for `{id}`; their attachments for `{attachment}`; any other parameter gets
/// every id the walk knows (`pool`), so that a new route is walked without teaching it.
fn fill_path(path: &str, town: i64, filed: &[Filed], attachments: &[(i64, i64)], pool: &[i64]) -> Vec<String> {
    let mut out = vec![path.replace("{town_id}", &town.to_string())];
    if path.contains("{id}") {
        out = out.iter().flat_map(|p| filed.iter().map(move |f| p.replace("{id}", &f.id.to_string()))).collect();
    }
    if path.contains("{attachment}") {
        out = out
            .iter()
            .flat_map(|p| {
                attachments
                    .iter()
                    .filter(move |(r, _)| p.contains(&format!("/requests/{r}/")))
                    .map(move |(_, a)| p.replace("{attachment}", &a.to_string()))
            })
            .collect();
    }
    while let Some(param) =
        out.first().and_then(|p| p.find('{').map(|a| p[a..].split_once('}').map(|(x, _)| format!("{x}}}")))).flatten()
    {
        out = out
            .iter()
            .flat_map(|p| pool.iter().map(|v| p.replace(&param, &v.to_string())).collect::<Vec<_>>())
            .collect();
    }
    out
}

/// The enumerated values of a parameter's schema (through `$ref` and `oneOf`).
fn enum_values(doc: &Value, schema: &Value) -> Vec<String> {
    if let Some(r) = schema["$ref"].as_str() {
        let name = r.trim_start_matches("#/components/schemas/");
        return enum_values(doc, &doc["components"]["schemas"][name]);
    }
    if let Some(values) = schema["enum"].as_array() {
        return values.iter().filter_map(|v| v.as_str().map(str::to_string)).collect();
    }
    ["oneOf", "anyOf", "allOf"]
        .iter()
        .filter_map(|k| schema[*k].as_array())
        .flatten()
        .flat_map(|s| enum_values(doc, s))
        .collect()
}

/// Query strings to walk: the required parameters filled, then each value of each
/// enumerated parameter in turn.
fn queries(doc: &Value, op: &Value, node: i64) -> Vec<String> {
    let params: Vec<&Value> =
        op["parameters"].as_array().map(|p| p.iter().filter(|p| p["in"] == "query").collect()).unwrap_or_default();
    let mut base = vec![];
    for p in params.iter().filter(|p| p["required"] == true) {
        let name = p["name"].as_str().unwrap_or_default();
        let value = match name {
            "lat" => "45.5017".to_string(),
            "lng" => "-73.5673".to_string(),
            "node_id" => node.to_string(),
            _ => panic!("the leak walk cannot fill the required parameter {name}: teach queries"),
        };
        base.push(format!("{name}={value}"));
    }
    let mut out = vec![base.join("&")];
    for p in &params {
        for v in enum_values(doc, &p["schema"]) {
            let mut q = base.clone();
            q.push(format!("{}={v}", p["name"].as_str().unwrap_or_default()));
            out.push(q.join("&"));
        }
    }
    out
}

fn check(secrets: &[Secret], who: Who, place: &str, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    for s in secrets.iter().filter(|s| !s.may.contains(&who)) {
        assert!(!text.contains(&s.text), "{who:?} reads {} ({:?}) in {place}: {text}", s.what, s.text);
    }
}

#[actix_web::test]
async fn no_reader_learns_what_the_rules_keep_from_them_anywhere_in_the_api() {
    let m = mailed(8).await;
    let (app, demo) = (&m.app, &m.demo);
    let today = app.town_today();
    let mut tokens: BTreeMap<Who, Option<String>> = BTreeMap::new();
    for (who, email) in [
        (Who::Clerk, CLERK),
        (Who::Responsible, RESPONSIBLE),
        (Who::Director, DIRECTOR),
        (Who::Operator, OPERATOR),
        (Who::Elected, ELECTED),
        (Who::TownAdmin, ADMIN),
    ] {
        tokens.insert(who, Some(app.staff(email).await));
    }
    let filer_a = sign_up(app, "Zéphirine", "Quenneville", "zephirine.q@exemple.test", "514 555-7311").await;
    let filer_b = sign_up(app, "Anatole", "Brisebois", "anatole.b@exemple.test", "514 555-7322").await;
    let other = sign_up(app, "Paul", "Passant", "passant@exemple.test", "514 555-7300").await;
    tokens.insert(Who::FilerA, Some(filer_a.clone()));
    tokens.insert(Who::FilerB, Some(filer_b.clone()));
    tokens.insert(Who::OtherCitizen, Some(other));
    tokens.insert(Who::Visitor, None);
    let staff = |w: Who| tokens[&w].clone().expect("token");
    let mut filed = vec![];
    let mut record = |label: char, created: &Value, email: Option<&str>| {
        filed.push(Filed {
            label,
            id: created["id"].as_i64().expect("id"),
            number: created["number"].as_str().expect("number").into(),
            email: email.map(Into::into),
        });
    };

    // A: named and public, by a signed-in citizen.
    let mut a = demo.pothole_body("Trou devant l'école");
    a["requester"] = json!({"email": "zephirine.q@exemple.test", "phone1": "514 555-7311"});
    let a = app.file(demo, Some(&filer_a), a).await;
    record('A', &a, Some("zephirine.q@exemple.test"));
    // B: anonymous and public, by another signed-in citizen.
    let b = json!({"node_id": demo.pothole, "description": "Trou rue des Érables", "requester_mode": "anonymous",
                   "public": true, "latitude": 45.5018, "longitude": -73.5672,
                   "answers": [{"question_id": demo.pothole_size, "value": "petit"}]});
    let b = app.file(demo, Some(&filer_b), b).await;
    record('B', &b, None);
    // C: a complaint by a visitor, naming an employee; a reply by email and a photo follow.
    let c = json!({"node_id": demo.complaint, "description": "description-plainte-RB2 au comptoir",
                   "requester": {"first_name": "Gertrude", "last_name": "Lavallée", "email": "gertrude.l@exemple.test", "phone1": "514 555-7333"},
                   "wants_followups": true, "date_of_facts": today.to_string(), "attested": true,
                   "employee_concerned": "Hubert Malenfant"});
    let c = app.file(demo, None, c).await;
    record('C', &c, Some("gertrude.l@exemple.test"));
    let rc = demo.request(&c["id"]);
    let (s, _) =
        upload(app, &rc, None, c["upload_token"].as_str(), "gertrude-lavallee.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .post(
            &format!("{rc}/followups"),
            Some(&staff(Who::Director)),
            json!({"kind": "external", "body": "Enquête ouverte."}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // D: an internal task, with an internal note.
    let d = json!({"node_id": demo.pothole, "description": "Tâche interne de voirie", "requester_mode": "internal",
                   "answers": [{"question_id": demo.pothole_size, "value": "petit"}]});
    let d = app.file(demo, Some(&staff(Who::Clerk)), d).await;
    record('D', &d, None);
    let (s, _) = app
        .post(
            &format!("{}/followups", demo.request(&d["id"])),
            Some(&staff(Who::Clerk)),
            json!({"kind": "internal", "body": "note-interne-PW4"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // E: named and public, by a visitor with a photo; staff add an internal photo and an answer.
    let mut e = demo.pothole_body("Trou rue Principale");
    e["requester"] = json!({"first_name": "Bérénice", "last_name": "Fauteux", "email": "berenice.f@exemple.test", "phone1": "514 555-7344"});
    let e = app.file(demo, None, e).await;
    record('E', &e, Some("berenice.f@exemple.test"));
    let re = demo.request(&e["id"]);
    let (s, _) = upload(app, &re, None, e["upload_token"].as_str(), "berenice-fauteux.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(s, StatusCode::CREATED);
    let clerk = staff(Who::Clerk);
    let (_, note) = app
        .post(&format!("{re}/followups"), Some(&clerk), json!({"kind": "internal", "body": "Photo de l'équipe."}))
        .await;
    let fields = [("kind", "photo".to_string()), ("followup_id", note["id"].to_string())];
    let (s, _) = upload(app, &re, Some(&clerk), None, "photo-interne-YT7.jpg", jpeg_with_gps(), &fields).await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, _) = app
        .post(&format!("{re}/followups"), Some(&clerk), json!({"kind": "external", "body": "Réparation prévue."}))
        .await;
    assert_eq!(s, StatusCode::CREATED);
    // F: an operator agent's intake, not yet transferred.
    let mut f = demo.pothole_body("Appel au 311");
    f["public"] = json!(false);
    f["requester"] = json!({"first_name": "Fernand", "last_name": "Ouellette", "email": "fernand.o@exemple.test"});
    let f = app.file(demo, Some(&staff(Who::Operator)), f).await;
    record('F', &f, Some("fernand.o@exemple.test"));

    // The complainant answers by email.
    m.deliver().await;
    let to_c = m.smtp.to("gertrude.l@exemple.test");
    let reply_to = to_c.iter().find(|x| x.subject.starts_with("Suivi")).expect("follow-up to C").reply_to.clone();
    let raw = format!(
        "From: Gertrude <gertrude.l@exemple.test>\r\nTo: {reply_to}\r\nSubject: Re\r\nMessage-ID: <walk@mail.example>\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nréponse-plaignante-KV9"
    );
    let res = app
        .client
        .post(format!("{}/api/v1/inbound/email", app.base))
        .bearer_auth(INBOUND_TOKEN)
        .header("content-type", "message/rfc822")
        .body(raw)
        .send()
        .await
        .expect("inbound");
    assert_eq!(res.status(), StatusCode::CREATED);

    let (tc, te) = (Who::Tracker('C'), Who::Tracker('E'));
    let mut secrets = vec![];
    let a_may = with(&WORKING, &[Who::FilerA, Who::Tracker('A')]);
    secrets.extend(secret(&["Zéphirine", "Quenneville", "zephirine.q@", "555-7311"], "A's requester", &a_may));
    secrets.extend(secret(
        &["Anatole", "Brisebois", "anatole.b@", "555-7322"],
        "B's anonymous requester",
        &[Who::FilerB],
    ));
    let c_who = [Who::Director, tc];
    secrets.extend(secret(&["Gertrude", "Lavallée", "gertrude.l@", "555-7333"], "the complainant", &c_who));
    secrets.extend(secret(&["gertrude-lavallee"], "the complainant's file name", &[Who::Director]));
    secrets.extend(secret(&["réponse-plaignante-KV9"], "the complainant's reply", &c_who));
    secrets.extend(secret(&["Malenfant"], "the employee concerned", &[Who::Director]));
    secrets.extend(secret(&["description-plainte-RB2"], "the complaint's content", &with(&WORKING, &[tc])));
    secrets.extend(secret(&[&filed[2].number], "the complaint's number", &with(&WORKING, &[tc, Who::Mailbox])));
    secrets.extend(secret(&["note-interne-PW4"], "an internal note", &with(&WORKING, &[Who::Elected, Who::Mailbox])));
    let e_may = with(&WORKING, &[te]);
    secrets.extend(secret(
        &["Bérénice", "Fauteux", "berenice.f@", "555-7344", "berenice-fauteux"],
        "E's requester",
        &e_may,
    ));
    secrets.extend(secret(&["photo-interne-YT7"], "a staff photo on an internal note", &WORKING));
    secrets.extend(secret(
        &["Fernand", "Ouellette", "fernand.o@"],
        "F's requester",
        &with(&WORKING, &[Who::Tracker('F')]),
    ));

    #[derive(QueryableByName)]
    struct Att {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        request_id: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let attachments: Vec<(i64, i64)> = diesel::sql_query("SELECT request_id, id FROM attachments ORDER BY id")
        .load::<Att>(&mut app.conn())
        .expect("attachments")
        .into_iter()
        .map(|a| (a.request_id, a.id))
        .collect();

    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let mut pool: Vec<i64> = diesel::sql_query("SELECT id FROM departments UNION SELECT id FROM requests ORDER BY 1")
        .load::<Id>(&mut app.conn())
        .expect("ids")
        .into_iter()
        .map(|x| x.id)
        .collect();
    pool.extend(attachments.iter().map(|(_, a)| *a));
    let (_, doc) = app.get("/api/openapi.json", None).await;
    let mut walked: BTreeMap<(String, String), usize> = BTreeMap::new();
    for (template, ops) in doc["paths"].as_object().expect("paths") {
        let Some(op) = ops.get("get") else { continue };
        for path in fill_path(template, demo.town, &filed, &attachments, &pool) {
            for query in queries(&doc, op, demo.pothole) {
                let url = if query.is_empty() { path.clone() } else { format!("{path}?{query}") };
                for (who, token) in &tokens {
                    let mut req = app.client.get(format!("{}{url}", app.base));
                    if let Some(t) = token {
                        req = req.bearer_auth(t);
                    }
                    let res = req.send().await.expect("get");
                    let status = res.status();
                    let body = res.bytes().await.expect("body");
                    assert!(!status.is_server_error(), "{who:?} GET {url}: {status}");
                    check(&secrets, *who, &format!("GET {url} ({status})"), &body);
                    *walked.entry((format!("{who:?}"), format!("GET {template}"))).or_default() += 1;
                }
            }
        }
    }
    // Tracking: every number with every requester's email; only the matching pair is the requester.
    let track = format!("/api/v1/towns/{}/track", demo.town);
    for x in &filed {
        for y in filed.iter().filter_map(|f| f.email.as_deref().map(|e| (f.label, e))) {
            let (status, body) = app.post(&track, None, json!({"number": x.number, "email": y.1})).await;
            let who = if x.label == y.0 { Who::Tracker(x.label) } else { Who::Visitor };
            assert_eq!(status.is_success(), x.label == y.0, "track {} with {}'s email: {body}", x.label, y.0);
            check(&secrets, who, &format!("POST {track} ({} with {})", x.label, y.0), body.to_string().as_bytes());
            *walked.entry((format!("{who:?}"), format!("POST {track}"))).or_default() += 1;
        }
    }
    // Emails: the department mailboxes, the elected official's monthly list, the requesters.
    let first_of_next_month = (today.with_day(1).expect("day") + chrono::Months::new(1)).to_string();
    let db = app.db_url.clone();
    actix_web::web::block(move || {
        let mut conn = PgConnection::establish(&db).expect("connect");
        civis_api::jobs::run(&mut conn, first_of_next_month.parse().ok()).expect("jobs")
    })
    .await
    .expect("jobs");
    m.deliver().await;
    let readers: BTreeMap<&str, Who> = [
        ("elu@demo.civis.demo", Who::Elected),
        ("zephirine.q@exemple.test", Who::Tracker('A')),
        ("gertrude.l@exemple.test", tc),
        ("berenice.f@exemple.test", te),
        ("fernand.o@exemple.test", Who::Tracker('F')),
    ]
    .into_iter()
    .collect();
    let mails = m.smtp.messages();
    assert!(mails.iter().any(|x| x.to.contains("elu@")), "the monthly list went out");
    for mail in &mails {
        let address = mail.to.rsplit('<').next().unwrap_or(&mail.to).trim_end_matches('>');
        let who = match readers.get(address) {
            Some(w) => *w,
            None if address.ends_with(".civis.demo") => Who::Mailbox,
            None => panic!("an email to {address}, whom the walk does not know"),
        };
        let text = format!("{}\n{}\n{}", mail.subject, mail.text, mail.html);
        check(&secrets, who, &format!("the email {:?} to {address}", mail.subject), text.as_bytes());
        *walked.entry((format!("{who:?}"), "email".into())).or_default() += 1;
    }

    let mut out = std::io::stdout().lock();
    let _ =
        writeln!(out, "leak walk: {} (reader × route) pairs, {} calls", walked.len(), walked.values().sum::<usize>());
    for ((who, route), n) in &walked {
        let _ = writeln!(out, "  {who:<14} {route} ×{n}");
    }
    assert!(walked.len() > 200, "the walk covered too little: {}", walked.len());
}
