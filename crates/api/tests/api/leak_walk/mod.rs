//! The whole-API leak walk: requests of every kind are filed with distinctive names,
//! emails and phones; then every reader (each staff role, another citizen, a visitor, the
//! people who filed) calls every GET operation of the served OpenAPI document, with every
//! id and every value of every enumerated query parameter, and tracking with every
//! number and email; the emails that went out are read too. A response that contains a
//! secret its reader may not know fails the test. A new GET route is walked without
//! editing this file (unknown path parameters get every id the walk knows); any other new
//! operation fails `every_operation_is_walked_or_explained` until it is walked or listed
//! in `unread.rs` with why its answer holds no one's contact.

mod routes;
mod setup;
mod unread;

use std::collections::BTreeMap;
use std::io::Write;

use diesel::prelude::*;
use serde_json::json;

use crate::helpers::*;
use crate::notifications::mailed;

/// Who reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Who {
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
    /// A visitor who follows A by email.
    Follower,
}

pub(crate) const WORKING: [Who; 4] = [Who::Clerk, Who::Responsible, Who::Director, Who::Operator];

/// A string that only some readers may see.
pub(crate) struct Secret {
    text: String,
    what: &'static str,
    may: Vec<Who>,
}

pub(crate) fn secret(texts: &[&str], what: &'static str, may: &[Who]) -> Vec<Secret> {
    texts.iter().map(|t| Secret { text: t.to_string(), what, may: may.to_vec() }).collect()
}

pub(crate) fn with(base: &[Who], more: &[Who]) -> Vec<Who> {
    base.iter().chain(more).copied().collect()
}

/// A request filed for the walk, with the email that tracks it.
pub(crate) struct Filed {
    label: char,
    id: i64,
    number: String,
    email: Option<String>,
}

pub(crate) fn check(secrets: &[Secret], who: Who, place: &str, body: &[u8]) {
    let text = String::from_utf8_lossy(body);
    for s in secrets.iter().filter(|s| !s.may.contains(&who)) {
        assert!(!text.contains(&s.text), "{who:?} reads {} ({:?}) in {place}: {text}", s.what, s.text);
    }
}

/// The (reader × route) pairs walked, with how many calls each.
type Walked = BTreeMap<(String, String), usize>;

#[actix_web::test]
async fn no_reader_learns_what_the_rules_keep_from_them_anywhere_in_the_api() {
    let m = mailed(8).await;
    let tokens = setup::readers(&m.app).await;
    let filed = setup::file_all(&m, &tokens).await;
    let secrets = setup::secrets(&filed);
    let mut walked = Walked::new();
    walk_api(&m.app, m.demo.town, m.demo.pothole, &tokens, &filed, &secrets, &mut walked).await;
    walk_tracking(&m.app, m.demo.town, &filed, &secrets, &mut walked).await;
    walk_emails(&m, &secrets, &mut walked).await;
    let mut out = std::io::stdout().lock();
    let _ =
        writeln!(out, "leak walk: {} (reader × route) pairs, {} calls", walked.len(), walked.values().sum::<usize>());
    for ((who, route), n) in &walked {
        let _ = writeln!(out, "  {who:<14} {route} ×{n}");
    }
    assert!(walked.len() > 200, "the walk covered too little: {}", walked.len());
}

/// Every operation of the served document is walked (every GET, and tracking) or listed in
/// `unread::UNREAD` with the reason its answer holds no one's contact its caller may not
/// know; and that list names only operations the document has.
#[actix_web::test]
async fn every_operation_is_walked_or_explained() {
    let app = TestApp::spawn().await;
    let (_, doc) = app.get("/api/openapi.json", None).await;
    let mut operations = std::collections::BTreeSet::new();
    for (path, ops) in doc["paths"].as_object().expect("paths") {
        for method in ["get", "post", "put", "patch", "delete"] {
            if ops.get(method).is_some() {
                operations.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    let walked = |m: &str, p: &str| m == "GET" || (m, p) == ("POST", "/api/v1/towns/{town_id}/track");
    let explained: std::collections::BTreeSet<(String, String)> =
        unread::UNREAD.iter().map(|(m, p, _)| (m.to_string(), p.to_string())).collect();
    let unexplained: Vec<String> = operations
        .iter()
        .filter(|(m, p)| !walked(m, p) && !explained.contains(&(m.clone(), p.clone())))
        .map(|(m, p)| format!("{m} {p}"))
        .collect();
    assert!(unexplained.is_empty(), "operations neither walked nor explained in leak_walk/unread.rs: {unexplained:#?}");
    let stale: Vec<String> =
        explained.iter().filter(|op| !operations.contains(*op)).map(|(m, p)| format!("{m} {p}")).collect();
    assert!(stale.is_empty(), "explained but not in the document: {stale:#?}");
    assert!(unread::UNREAD.iter().all(|(_, _, why)| why.len() > 20), "each reason says why");
}

/// Every GET of the served document, for every reader.
async fn walk_api(
    app: &TestApp,
    town: i64,
    node: i64,
    tokens: &BTreeMap<Who, Option<String>>,
    filed: &[Filed],
    secrets: &[Secret],
    walked: &mut Walked,
) {
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
    let mut pool: Vec<i64> = diesel::sql_query(
        "SELECT id FROM departments UNION SELECT id FROM requests UNION SELECT id FROM interactions
                      UNION SELECT id FROM kb_articles ORDER BY 1",
    )
    .load::<Id>(&mut app.conn())
    .expect("ids")
    .into_iter()
    .map(|x| x.id)
    .collect();
    pool.extend(attachments.iter().map(|(_, a)| *a));
    pool.push(node);
    // The town's slug, as the public reads it (GeoReport's `jurisdiction_id`).
    let (_, towns) = app.get("/api/v1/towns", None).await;
    let slug = towns.as_array().and_then(|t| t.iter().find(|x| x["id"] == town)).and_then(|x| x["slug"].as_str());
    let slug = slug.expect("the walked town is listed").to_string();
    let (_, doc) = app.get("/api/openapi.json", None).await;
    for (template, ops) in doc["paths"].as_object().expect("paths") {
        let Some(op) = ops.get("get") else { continue };
        for path in routes::fill_path(template, town, filed, &attachments, &pool) {
            for query in routes::queries(&doc, op, node, &slug) {
                let url = if query.is_empty() { path.clone() } else { format!("{path}?{query}") };
                for (who, token) in tokens {
                    let mut req = app.client.get(format!("{}{url}", app.base));
                    if let Some(t) = token {
                        req = req.bearer_auth(t);
                    }
                    let res = req.send().await.expect("get");
                    let status = res.status();
                    let body = res.bytes().await.expect("body");
                    assert!(!status.is_server_error(), "{who:?} GET {url}: {status}");
                    check(secrets, *who, &format!("GET {url} ({status})"), &body);
                    *walked.entry((format!("{who:?}"), format!("GET {template}"))).or_default() += 1;
                }
            }
        }
    }
}

/// Tracking: every number with every requester's email; only the matching pair is the requester.
async fn walk_tracking(app: &TestApp, town: i64, filed: &[Filed], secrets: &[Secret], walked: &mut Walked) {
    // Tracking: every number with every requester's email; only the matching pair is the requester.
    let track = format!("/api/v1/towns/{town}/track");
    for x in filed {
        for y in filed.iter().filter_map(|f| f.email.as_deref().map(|e| (f.label, e))) {
            let (status, body) = app.post(&track, None, json!({"number": x.number, "email": y.1})).await;
            let who = if x.label == y.0 { Who::Tracker(x.label) } else { Who::Visitor };
            assert_eq!(status.is_success(), x.label == y.0, "track {} with {}'s email: {body}", x.label, y.0);
            check(secrets, who, &format!("POST {track} ({} with {})", x.label, y.0), body.to_string().as_bytes());
            *walked.entry((format!("{who:?}"), format!("POST {track}"))).or_default() += 1;
        }
    }
}

/// The emails that went out (after the periodic jobs of next month's first day).
async fn walk_emails(m: &crate::notifications::Mailed, secrets: &[Secret], walked: &mut Walked) {
    let app = &m.app;
    let (tc, te) = (Who::Tracker('C'), Who::Tracker('E'));
    // Emails: the department mailboxes, the elected official's monthly list, the requesters.
    let first_of_next_month = app.first_working_day_of_next_month().to_string();
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
        ("hortense.s@exemple.test", Who::Follower),
        // The sign-ups' confirmation links, each to its own address.
        ("anatole.b@exemple.test", Who::FilerB),
        ("passant@exemple.test", Who::OtherCitizen),
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
        check(secrets, who, &format!("the email {:?} to {address}", mail.subject), text.as_bytes());
        *walked.entry((format!("{who:?}"), "email".into())).or_default() += 1;
    }
}
