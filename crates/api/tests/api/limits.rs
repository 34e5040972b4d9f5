//! Abuse limits at their real values: each answers 429 with `Retry-After` and a French and
//! English problem once passed, and lets through again once its window has passed (moved
//! back in the table, as an hour passing would). A burst of sign-ins does not starve the
//! other routes of database connections.

use diesel::RunQueryDsl;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::attachments::{jpeg_with_gps, upload};
use crate::helpers::*;

async fn strict(proxy: bool) -> TestApp {
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut s = settings(&db);
    s.rate_limit_factor = 1;
    if proxy {
        s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    }
    TestApp::spawn_with(s).await
}

/// An hour passes for every limit.
fn time_passes(app: &TestApp) {
    diesel::sql_query("UPDATE rate_limits SET window_start = window_start - interval '2 hours'")
        .execute(&mut app.conn())
        .expect("time passes");
}

/// A POST from a client address (through the trusted proxy).
async fn post_from(app: &TestApp, client: &str, path: &str, body: Value) -> reqwest::Response {
    app.client
        .post(format!("{}{path}", app.base))
        .header("x-forwarded-for", client)
        .json(&body)
        .send()
        .await
        .expect("send")
}

/// Asserts a 429 with a Retry-After within the window and a bilingual problem.
async fn refused(res: reqwest::Response, window_secs: u64) {
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()["retry-after"].to_str().expect("ascii").parse().expect("seconds");
    assert!((1..=window_secs).contains(&retry), "retry after {retry}");
    let problem: Value = res.json().await.expect("problem");
    assert_eq!(problem["code"], "too_many_attempts");
    // The wait in words, as Retry-After says it in seconds.
    let minutes = retry.div_ceil(60);
    let (fr, en) = (problem["message_fr"].as_str().unwrap_or(""), problem["message_en"].as_str().unwrap_or(""));
    if minutes <= 1 {
        assert!(fr.ends_with("Réessayez dans une minute.") && en.ends_with("Try again in a minute."), "{fr} / {en}");
    } else if minutes <= 90 {
        assert!(fr.ends_with(&format!("Réessayez dans {minutes} minutes.")), "{fr}");
        assert!(en.ends_with(&format!("Try again in {minutes} minutes.")), "{en}");
    } else {
        assert!(fr.contains("Réessayez dans environ") && en.contains("Try again in about"), "{fr} / {en}");
    }
}

#[actix_web::test]
async fn sign_in_failures_are_limited_per_client_and_per_password() {
    let app = strict(true).await;
    let path = "/api/v1/auth/staff/sign-in";
    for i in 0..20 {
        let wrong = json!({"email": format!("x{i}@nowhere.example"), "password": format!("wrong {i}")});
        assert_eq!(post_from(&app, "203.0.113.7", path, wrong).await.status(), StatusCode::UNAUTHORIZED);
    }
    let right = json!({"email": DIRECTOR, "password": PASSWORD});
    refused(post_from(&app, "203.0.113.7", path, right.clone()).await, 900).await;
    assert_eq!(post_from(&app, "203.0.113.8", path, right.clone()).await.status(), StatusCode::OK, "another client");
    time_passes(&app);
    assert_eq!(post_from(&app, "203.0.113.7", path, right.clone()).await.status(), StatusCode::OK);

    // One password tried on many accounts from many addresses (spraying) stops too.
    for i in 0..10 {
        let spray = json!({"email": format!("victim{i}@demo.example"), "password": "Printemps2026!"});
        assert_eq!(post_from(&app, &format!("192.0.2.{i}"), path, spray).await.status(), StatusCode::UNAUTHORIZED);
    }
    let spray = json!({"email": CLERK, "password": "Printemps2026!"});
    refused(post_from(&app, "192.0.2.99", path, spray).await, 900).await;
    assert_eq!(post_from(&app, "192.0.2.99", path, right).await.status(), StatusCode::OK, "other passwords work");
}

#[actix_web::test]
async fn sign_up_reset_follow_and_feedback_are_limited() {
    let app = strict(false).await;
    let demo = Demo::load(&app).await;
    let sign_up = |i: usize| json!({"email": format!("n{i}@example.org"), "password": "trois pommes sur la table", "first_name": "N", "last_name": "N"});
    for i in 0..5 {
        assert_eq!(app.post("/api/v1/auth/citizen/sign-up", None, sign_up(i)).await.0, StatusCode::ACCEPTED);
    }
    let res = app.client.post(format!("{}/api/v1/auth/citizen/sign-up", app.base)).json(&sign_up(6)).send().await;
    refused(res.expect("send"), 3600).await;
    // Past the limit nothing of the sign-up is looked at (no password policy, no hashing):
    // a password the policy would refuse is refused by the limit first.
    let weak = json!({"email": "n8@example.org", "password": "azertyuiop123", "first_name": "N", "last_name": "N"});
    let res = app.client.post(format!("{}/api/v1/auth/citizen/sign-up", app.base)).json(&weak).send().await;
    refused(res.expect("send"), 3600).await;

    let reset = json!({"email": CITIZEN, "kind": "citizen"});
    for _ in 0..3 {
        assert_eq!(app.post("/api/v1/auth/password-reset", None, reset.clone()).await.0, StatusCode::ACCEPTED);
    }
    let res = app.client.post(format!("{}/api/v1/auth/password-reset", app.base)).json(&reset).send().await;
    refused(res.expect("send"), 3600).await;

    let existing = app.file(&demo, Some(&app.staff(CLERK).await), demo.pothole_body("Nid-de-poule")).await;
    let follow = format!("/api/v1/towns/{}/public/requests/{}/follow", demo.town, existing["id"]);
    for _ in 0..5 {
        assert_eq!(app.post(&follow, None, json!({"email": "suiveur@example.com"})).await.0, StatusCode::ACCEPTED);
    }
    let res = app.client.post(format!("{}{follow}", app.base)).json(&json!({"email": "suiveur@example.com"})).send();
    refused(res.await.expect("send"), 3600).await;

    time_passes(&app);
    assert_eq!(app.post("/api/v1/auth/citizen/sign-up", None, sign_up(7)).await.0, StatusCode::ACCEPTED);
    assert_eq!(app.post("/api/v1/auth/password-reset", None, reset).await.0, StatusCode::ACCEPTED);
    assert_eq!(app.post(&follow, None, json!({"email": "suiveur@example.com"})).await.0, StatusCode::ACCEPTED);
}

#[actix_web::test]
async fn guessing_at_tracking_stops_after_a_few_misses() {
    let app = strict(false).await;
    let demo = Demo::load(&app).await;
    let created = app.file(&demo, Some(&app.staff(CLERK).await), demo.pothole_body("Nid-de-poule")).await;
    let track = format!("/api/v1/towns/{}/track", demo.town);
    // Emails guessed for a known number: the number stops answering after five misses,
    // even to its requester, for the window.
    for i in 0..5 {
        let guess = json!({"number": created["number"], "email": format!("guess{i}@example.com")});
        assert_eq!(app.post(&track, None, guess).await.0, StatusCode::NOT_FOUND);
    }
    let right = json!({"number": created["number"], "email": "jeanne@example.com"});
    refused(app.client.post(format!("{}{track}", app.base)).json(&right).send().await.expect("send"), 3600).await;
    time_passes(&app);
    assert_eq!(app.post(&track, None, right).await.0, StatusCode::OK);
}

#[actix_web::test]
async fn visitors_file_and_upload_within_limits() {
    let app = strict(false).await;
    let demo = Demo::load(&app).await;
    let mut last = Value::Null;
    for i in 0..10 {
        last = app.file(&demo, None, demo.pothole_body(&format!("Nid-de-poule {i}"))).await;
    }
    let path = format!("/api/v1/towns/{}/requests", demo.town);
    let res = app.client.post(format!("{}{path}", app.base)).json(&demo.pothole_body("Encore")).send().await;
    refused(res.expect("send"), 3600).await;
    // Staff file for callers without limit.
    app.file(&demo, Some(&app.staff(CLERK).await), demo.pothole_body("Au comptoir")).await;
    time_passes(&app);
    app.file(&demo, None, demo.pothole_body("Une heure plus tard")).await;

    let token = last["upload_token"].as_str().expect("upload token");
    let request = demo.request(&last["id"]);
    for i in 0..10 {
        let (s, body) = upload(&app, &request, None, Some(token), &format!("p{i}.jpg"), jpeg_with_gps(), &[]).await;
        assert_eq!(s, StatusCode::CREATED, "{body}");
    }
    let (s, body) = upload(&app, &request, None, Some(token), "p11.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!(s, StatusCode::TOO_MANY_REQUESTS, "{body}");
    // Past the token's window, the request itself is full.
    time_passes(&app);
    let (s, body) = upload(&app, &request, None, Some(token), "p12.jpg", jpeg_with_gps(), &[]).await;
    assert_eq!((s, body["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("attachments_full")), "{body}");
}

#[actix_web::test]
async fn fifty_sign_ins_at_once_leave_the_other_routes_answering() {
    // Fifty sign-ins with one password from fifty addresses: within the limits raised five
    // times (the spraying limit counts attempts in flight as well).
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut s = settings(&db);
    s.rate_limit_factor = 5;
    s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    let app = TestApp::spawn_with(s).await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let list = demo.requests();
    let app = &app;
    let sign_ins = (0..50).map(|i| async move {
        let body = json!({"email": DIRECTOR, "password": PASSWORD});
        let res = post_from(app, &format!("198.51.100.{i}"), "/api/v1/auth/staff/sign-in", body).await;
        (res.status(), ())
    });
    let lists = async {
        let mut statuses = vec![];
        for _ in 0..20 {
            statuses.push(app.get(&list, Some(&clerk)).await.0);
        }
        statuses
    };
    let (signed, listed) = futures_util::join!(futures_util::future::join_all(sign_ins), lists);
    assert!(signed.iter().all(|(s, _)| *s == StatusCode::OK), "{:?}", signed.iter().map(|x| x.0).collect::<Vec<_>>());
    assert!(listed.iter().all(|s| *s == StatusCode::OK), "{listed:?}");
}

#[test]
fn the_client_address_comes_from_the_header_only_through_a_trusted_proxy() {
    use civis_api::http::client::{client_key, client_of};
    let ip = |s: &str| s.parse::<std::net::IpAddr>().expect("ip");
    let net = |s: &str| s.parse::<ipnet::IpNet>().expect("net");
    let (proxy, inner) = (ip("10.0.0.1"), ip("10.0.0.2"));
    let ours = [net("10.0.0.1/32"), net("10.0.0.2/32")];
    // A client talking directly cannot pick its address.
    assert_eq!(client_of(Some(ip("198.51.100.9")), &["203.0.113.1"], &ours), Some(ip("198.51.100.9")));
    // Through the proxies, the last address none of them is; what the client wrote before it is ignored.
    assert_eq!(client_of(Some(proxy), &["6.6.6.6, 203.0.113.1, 10.0.0.2"], &ours), Some(ip("203.0.113.1")));
    assert_eq!(client_of(Some(proxy), &[], &ours), Some(proxy));
    // Proxies as a network (CIDR), the way a load balancer's pool is known.
    let pool = [net("10.0.0.0/24")];
    assert_eq!(client_of(Some(inner), &["6.6.6.6, 203.0.113.1, 10.0.0.7"], &pool), Some(ip("203.0.113.1")));
    // A hop written with its port is that address, not a reason to skip to the spoofable left.
    assert_eq!(client_of(Some(proxy), &["6.6.6.6, 203.0.113.1:5123"], &ours), Some(ip("203.0.113.1")));
    assert_eq!(client_of(Some(proxy), &["6.6.6.6, [2001:db8::7]:443"], &ours), Some(ip("2001:db8::7")));
    // A hop that is not an address ends the walk at the last proxy.
    assert_eq!(client_of(Some(proxy), &["6.6.6.6, garbage"], &ours), Some(proxy));
    // IPv6 clients count by their /64; IPv4 ones whole.
    assert_eq!(client_key(ip("2001:db8:1:2:aaaa::1")), client_key(ip("2001:db8:1:2:bbbb::9")));
    assert_ne!(client_key(ip("2001:db8:1:2::1")), client_key(ip("2001:db8:1:3::1")));
    assert_eq!(client_key(ip("2001:db8:1:2::1")), "2001:db8:1:2::/64");
    assert_eq!(client_key(ip("203.0.113.1")), "203.0.113.1");
    assert_eq!(client_key(ip("::ffff:203.0.113.1")), "203.0.113.1");
    // Unset, the proxies are the private networks: behind a proxy on one, each visitor is
    // themself (not the proxy's one address, sharing one limit); a public client is not
    // believed. `none` trusts no one.
    let default = civis_api::config::proxies_from(None).expect("default");
    assert_eq!(client_of(Some(ip("10.1.2.3")), &["203.0.113.1"], &default), Some(ip("203.0.113.1")));
    assert_eq!(client_of(Some(ip("::1")), &["2001:db8::5"], &default), Some(ip("2001:db8::5")));
    assert_eq!(client_of(Some(ip("198.51.100.9")), &["203.0.113.1"], &default), Some(ip("198.51.100.9")));
    let none = civis_api::config::proxies_from(Some("none")).expect("none");
    assert_eq!(client_of(Some(ip("10.1.2.3")), &["203.0.113.1"], &none), Some(ip("10.1.2.3")));
    assert!(civis_api::config::proxies_from(Some("10.0.0.0/33")).is_err());
}

#[actix_web::test]
async fn answers_of_the_public_are_limited_per_client() {
    let app = strict(false).await;
    let demo = Demo::load(&app).await;
    let (_, hits) = app.get(&format!("/api/v1/towns/{}/public/help", demo.town), None).await;
    let id = hits[0]["id"].as_i64().expect("a public article");
    let path = format!("/api/v1/towns/{}/public/help/{id}/answered", demo.town);
    for _ in 0..30 {
        assert_eq!(app.post(&path, None, json!({})).await.0, StatusCode::NO_CONTENT);
    }
    refused(app.client.post(format!("{}{path}", app.base)).json(&json!({})).send().await.expect("send"), 3600).await;
    time_passes(&app);
    assert_eq!(app.post(&path, None, json!({})).await.0, StatusCode::NO_CONTENT);
}

/// How many of `sign_ins` answered each status.
fn tally(statuses: &[StatusCode]) -> std::collections::BTreeMap<u16, usize> {
    let mut t = std::collections::BTreeMap::new();
    for s in statuses {
        *t.entry(s.as_u16()).or_default() += 1;
    }
    t
}

#[actix_web::test]
async fn a_burst_from_one_client_gets_no_more_guesses_than_its_limits_and_others_still_sign_in() {
    const METRICS: &str = "metrics-scraper-token-for-the-burst";
    let db = actix_web::web::block(fresh_database).await.expect("db");
    let mut s = settings(&db);
    s.rate_limit_factor = 1;
    s.trusted_proxies = vec!["127.0.0.1/32".parse().expect("net")];
    s.metrics_token = Some(METRICS.into());
    let app = TestApp::spawn_with(s).await;
    let attacker = "203.0.113.66";
    let sign_ins = (0..200).map(|i| {
        post_from(
            &app,
            attacker,
            "/api/v1/auth/staff/sign-in",
            json!({"email": format!("x{i}@nowhere.example"), "password": format!("guess number {i}")}),
        )
    });
    let sign_ups = (0..200).map(|i| {
        let body = json!({"email": format!("burst{i}@example.org"), "password": "trois pommes sur la table", "first_name": "B", "last_name": "B"});
        post_from(&app, attacker, "/api/v1/auth/citizen/sign-up", body)
    });
    // Meanwhile, staff elsewhere sign in one after another.
    let others = async {
        let mut took = vec![];
        for i in 0..20 {
            let start = std::time::Instant::now();
            let res = post_from(
                &app,
                &format!("192.0.2.{i}"),
                "/api/v1/auth/staff/sign-in",
                json!({"email": DIRECTOR, "password": PASSWORD}),
            )
            .await;
            assert_eq!(res.status(), StatusCode::OK, "another client's sign-in");
            took.push(start.elapsed());
        }
        took
    };
    let burst = async {
        let (a, b) =
            futures_util::join!(futures_util::future::join_all(sign_ins), futures_util::future::join_all(sign_ups));
        (
            a.iter().map(reqwest::Response::status).collect::<Vec<_>>(),
            b.iter().map(reqwest::Response::status).collect::<Vec<_>>(),
        )
    };
    let ((guesses, sign_ups), mut took) = futures_util::join!(burst, others);
    let (guesses, sign_ups) = (tally(&guesses), tally(&sign_ups));
    // Every answer is a guess tried (401) or refused at once (429, 503); no more than the limits.
    assert!(guesses.keys().all(|s| [401, 429, 503].contains(s)), "{guesses:?}");
    assert!(guesses.get(&401).copied().unwrap_or(0) <= 20, "guesses tried: {guesses:?}");
    assert!(sign_ups.keys().all(|s| [202, 429, 503].contains(s)), "{sign_ups:?}");
    assert!(sign_ups.get(&202).copied().unwrap_or(0) <= 5, "sign-ups hashed: {sign_ups:?}");
    took.sort();
    assert!(took[18] < std::time::Duration::from_secs(1), "others' p95 {:?}", took[18]);
    // The hashers never ran more at once than their bound.
    let page = app.client.get(format!("{}/metrics", app.base)).bearer_auth(METRICS).send().await.expect("scrape");
    let page = page.text().await.expect("page");
    let value = |name: &str| -> f64 {
        page.lines()
            .find(|l| l.starts_with(&format!("{name} ")))
            .and_then(|l| l.rsplit(' ').next())
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {page}"))
    };
    assert!(value("civis_password_hashers_peak") >= 1.0);
    assert!(value("civis_password_hashers_peak") <= value("civis_password_hashers_max"), "{page}");
}

#[actix_web::test]
async fn a_stranger_cannot_lock_the_owner_out_and_the_owner_is_told() {
    let app = strict(true).await;
    let path = "/api/v1/auth/staff/sign-in";
    // Wrong passwords for the clerk from thirty addresses (a botnet, or a fuzzer).
    for i in 0..30 {
        let guess = json!({"email": CLERK, "password": format!("not the password {i}")});
        assert_eq!(post_from(&app, &format!("198.51.100.{i}"), path, guess).await.status(), StatusCode::UNAUTHORIZED);
    }
    // The clerk, at the counter, signs in as usual.
    let right = json!({"email": CLERK, "password": PASSWORD});
    assert_eq!(post_from(&app, "192.0.2.10", path, right.clone()).await.status(), StatusCode::OK);
    // ... and is told once that someone is guessing.
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let notices: Count =
        diesel::sql_query("SELECT count(*) AS n FROM outbox WHERE kind = 'sign_in_attempts' AND recipient = $1")
            .bind::<diesel::sql_types::Text, _>(CLERK)
            .get_result(&mut app.conn())
            .expect("notices");
    assert_eq!(notices.n, 1);
    // One guesser is throttled on that account after five tries, even with the right password.
    for i in 0..5 {
        let guess = json!({"email": CLERK, "password": format!("still not it {i}")});
        assert_eq!(post_from(&app, "203.0.113.5", path, guess).await.status(), StatusCode::UNAUTHORIZED);
    }
    refused(post_from(&app, "203.0.113.5", path, right.clone()).await, 900).await;
    // Other accounts from that client, and the clerk from elsewhere, are not.
    assert_eq!(
        post_from(&app, "203.0.113.5", path, json!({"email": DIRECTOR, "password": PASSWORD})).await.status(),
        StatusCode::OK
    );
    assert_eq!(post_from(&app, "192.0.2.10", path, right).await.status(), StatusCode::OK);
}

/// A minute passes for the filing burst window.
fn a_minute_passes(app: &TestApp) {
    diesel::sql_query(
        "UPDATE rate_limits SET window_start = window_start - interval '61 seconds' WHERE bucket = 'filing_client_burst'",
    )
    .execute(&mut app.conn())
    .expect("a minute passes");
}

#[actix_web::test]
async fn a_kiosk_files_for_a_hundred_people_an_hour_and_an_attacker_is_stopped() {
    let app = strict(true).await;
    let demo = Demo::load(&app).await;
    let path = demo.requests();
    let person = |i: usize| {
        let mut body = demo.pothole_body(&format!("Au comptoir de la bibliothèque {i}"));
        body["requester"]["email"] = json!(format!("personne{i}@example.org"));
        body
    };
    // A library's kiosk: a hundred people in the hour, ten a minute at most.
    let kiosk = "198.51.100.50";
    let mut mine = Value::Null;
    for i in 0..100 {
        if i > 0 && i % 10 == 0 {
            a_minute_passes(&app);
        }
        let res = post_from(&app, kiosk, &path, person(i)).await;
        assert_eq!(res.status(), StatusCode::CREATED, "filing {i}");
        mine = res.json().await.expect("created");
    }
    a_minute_passes(&app);
    refused(post_from(&app, kiosk, &path, person(100)).await, 3600).await;
    // A script from one address is stopped within the minute.
    let script = "203.0.113.77";
    let mut filed = 0;
    for i in 0..30 {
        if post_from(&app, script, &path, person(200 + i)).await.status() == StatusCode::CREATED {
            filed += 1;
        }
    }
    assert_eq!(filed, 10, "ten in the burst window");
    // An attacker with one address and one email: ten an hour, whatever the pace.
    let attacker = "203.0.113.99";
    let mut filed = 0;
    for i in 0..1000 {
        if i % 10 == 0 {
            a_minute_passes(&app);
        }
        let res = post_from(&app, attacker, &path, demo.pothole_body(&format!("Pourriel {i}"))).await;
        match res.status() {
            StatusCode::CREATED => filed += 1,
            s => assert_eq!(s, StatusCode::TOO_MANY_REQUESTS),
        }
    }
    assert_eq!(filed, 10, "one email files ten an hour");

    // Someone at the kiosk tracks their request: others' misses there do not refuse them.
    let track = format!("/api/v1/towns/{}/track", demo.town);
    for i in 0..12 {
        let guess = json!({"number": format!("2099-{i:05}"), "email": format!("inconnu{i}@example.org")});
        let status = post_from(&app, kiosk, &track, guess).await.status();
        assert!([StatusCode::NOT_FOUND, StatusCode::TOO_MANY_REQUESTS].contains(&status), "{status}");
    }
    refused(post_from(&app, kiosk, &track, json!({"number": "2099-00099", "email": "x@example.org"})).await, 3600)
        .await;
    let right = json!({"number": mine["number"], "email": "personne99@example.org"});
    assert_eq!(post_from(&app, kiosk, &track, right).await.status(), StatusCode::OK);
}
