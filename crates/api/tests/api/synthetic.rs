//! A small run of the synthetic generator (the benchmark's data), then queries over it.

use civis_api::seed::synthetic::{Synthetic, generate};
use civis_api::service::requests::{COUNT_CAP, COUNT_WINDOW};
use diesel::{Connection, PgConnection};
use reqwest::StatusCode;

use crate::helpers::*;

#[actix_web::test]
async fn the_generator_fills_a_town_that_the_list_pages_through() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let url = app.db_url.clone();
    let generated = actix_web::web::block(move || {
        let mut conn = PgConnection::establish(&url).expect("connect");
        // The generator draws with PostgreSQL's random(): a fixed seed gives the same town on
        // every run (unseeded, about one run in sixty drew 100 or more waiting requests, and
        // the exact-count case below needs fewer).
        diesel::RunQueryDsl::execute(diesel::sql_query("SELECT setseed(0.25)"), &mut conn).expect("seed");
        generate(
            &mut conn,
            &Synthetic { town_slug: "demo", count: 1_500, years: 10, lat: 45.867, lng: -74.082, batch: 400 },
        )
    })
    .await
    .expect("block")
    .expect("generate");
    assert_eq!(generated, 1_500);
    // Spread over ten years, across batches.
    #[derive(diesel::QueryableByName)]
    struct Span {
        #[diesel(sql_type = diesel::sql_types::Double)]
        years: f64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        distinct_years: i64,
    }
    use diesel::RunQueryDsl;
    let span: Span = diesel::sql_query(
        "SELECT (extract(epoch FROM max(created_at) - min(created_at)) / 31557600)::float8 AS years,
                count(DISTINCT year) AS distinct_years FROM requests",
    )
    .get_result(&mut app.conn())
    .expect("span");
    assert!(span.years > 9.5 && span.distinct_years >= 10, "{} years, {} distinct", span.years, span.distinct_years);

    let clerk = app.staff(CLERK).await;
    let (status, page) = app.get(&format!("{}?tab=closed&limit=100&saved=false", demo.requests()), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    let closed = page["counts"]["closed"]["value"].as_i64().expect("closed");
    let open = page["counts"]["open"]["value"].as_i64().expect("open");
    let waiting = page["counts"]["not_transferred"]["value"].as_i64().expect("not transferred");
    assert_eq!(closed + open + waiting, 1_500);
    assert!((1_050..=1_350).contains(&closed), "about 80 % closed: {closed}");
    assert_eq!(page["items"].as_array().expect("items").len(), 100);
    // With a filter, counts stop at 100 ("100+"); below that they are exact.
    assert!(waiting < COUNT_CAP, "{waiting} waiting: the exact case needs fewer than the cap");
    let (_, filtered) =
        app.get(&format!("{}?priorities=urgent,very_important,important,minor", demo.requests()), Some(&clerk)).await;
    assert_eq!(filtered["counts"]["closed"], serde_json::json!({"value": COUNT_CAP, "capped": true}));
    assert_eq!(filtered["counts"]["open"], serde_json::json!({"value": COUNT_CAP, "capped": true}));
    assert_eq!(filtered["counts"]["not_transferred"], serde_json::json!({"value": waiting, "capped": false}));
    // By department only, the counts are kept exact however many there are.
    #[derive(diesel::QueryableByName)]
    struct Busiest {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        department_id: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let busiest: Busiest = diesel::sql_query(
        "SELECT department_id, count(*) AS n FROM requests WHERE tab = 2 AND department_id IS NOT NULL
         GROUP BY department_id ORDER BY n DESC LIMIT 1",
    )
    .get_result(&mut app.conn())
    .expect("busiest department");
    assert!(busiest.n > COUNT_CAP);
    let (_, by_department) =
        app.get(&format!("{}?departments={}&saved=false", demo.requests(), busiest.department_id), Some(&clerk)).await;
    assert_eq!(by_department["counts"]["closed"], serde_json::json!({"value": busiest.n, "capped": false}));
    // Numbers are unique per year and a new request continues the sequence.
    let created = app.file(&demo, None, demo.pothole_body("Après la génération")).await;
    let (_, found) = app
        .get(
            &format!("{}?keywords={}&saved=false", demo.requests(), created["number"].as_str().expect("n")),
            Some(&clerk),
        )
        .await;
    assert_eq!(found["items"][0]["id"], created["id"]);
    // Accent-insensitive search over generated French text.
    let (_, found) = app
        .get(&format!("{}?keywords=deneigement,insuffisant&tab=closed&saved=false", demo.requests()), Some(&clerk))
        .await;
    assert!(!found["items"].as_array().expect("items").is_empty());
    // A word in most rows ("rue" is in most addresses) is checked row by row rather than
    // through the text index; a street name of the long tail through the index. Both give
    // what PostgreSQL's own match gives, newest first.
    diesel::sql_query("ANALYZE requests").execute(&mut app.conn()).expect("analyze");
    let street: Id = diesel::sql_query(
        "SELECT (regexp_match(description, ', (?:rue|avenue|chemin|montée) ([A-Z][^ .,]+)\\.'))[1] AS word, 0::int8 AS id
         FROM requests WHERE tab = 2 AND description ~ ', (rue|avenue|chemin|montée) [A-Z][^ .,]+(ville|court|mont|lière|ton|bert|nac|rand|vaux|mard|rette|chêne|lais|don|vert|rois|gny|meau|pont|nier)\\.' LIMIT 1",
    )
    .get_result(&mut app.conn())
    .expect("a street of the long tail");
    for words in ["rue", "rue,deneigement", street.word.as_str()] {
        let (status, page) =
            app.get(&format!("{}?keywords={words}&tab=closed&saved=false", demo.requests()), Some(&clerk)).await;
        assert_eq!(status, StatusCode::OK, "{words}");
        let got: Vec<i64> =
            page["items"].as_array().expect("items").iter().map(|i| i["id"].as_i64().expect("id")).collect();
        let condition: Vec<String> =
            words.split(',').map(|w| format!("search @@ plainto_tsquery('public.fr_unaccent', '{w}')")).collect();
        let expected: Vec<Id> = diesel::sql_query(format!(
            "SELECT '' AS word, id FROM requests WHERE tab = 2 AND {} ORDER BY created_at DESC, id DESC LIMIT 25",
            condition.join(" AND ")
        ))
        .load(&mut app.conn())
        .expect("expected");
        assert!(!got.is_empty(), "{words}");
        assert_eq!(got, expected.iter().map(|e| e.id).collect::<Vec<_>>(), "{words}");
    }
    // Common words only: each tab's count looks at its newest rows (the window) and says
    // "n+" when the tab goes on past them; a tab within the window is counted exactly.
    let (_, page) =
        app.get(&format!("{}?keywords=rue,deneigement&tab=closed&saved=false", demo.requests()), Some(&clerk)).await;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let in_window: N = diesel::sql_query(format!(
        "SELECT count(*) FILTER (WHERE search @@ plainto_tsquery('public.fr_unaccent', 'rue')
                                   AND search @@ plainto_tsquery('public.fr_unaccent', 'deneigement')) AS n
         FROM (SELECT search FROM requests WHERE tab = 2 ORDER BY created_at DESC, id DESC LIMIT {COUNT_WINDOW}) w"
    ))
    .get_result(&mut app.conn())
    .expect("window");
    assert!(closed > COUNT_WINDOW && in_window.n <= COUNT_CAP, "{closed} closed, {} in the window", in_window.n);
    assert_eq!(page["counts"]["closed"], serde_json::json!({"value": in_window.n, "capped": true}));
    let waiting_snow: N = diesel::sql_query(
        "SELECT count(*) AS n FROM requests WHERE tab = 0 AND search @@ plainto_tsquery('public.fr_unaccent', 'rue')
           AND search @@ plainto_tsquery('public.fr_unaccent', 'deneigement')",
    )
    .get_result(&mut app.conn())
    .expect("waiting");
    assert_eq!(page["counts"]["not_transferred"], serde_json::json!({"value": waiting_snow.n, "capped": false}));
    let (public_status, public) = app
        .get(&format!("/api/v1/towns/{}/public/requests?lat=45.867&lng=-74.082&radius_m=2000", demo.town), None)
        .await;
    assert_eq!(public_status, StatusCode::OK);
    assert!(!public["items"].as_array().expect("items").is_empty());
    assert!(!public.to_string().contains("@example.com"), "no contact in public views");
    // Around a point the map reads grid cells (small circles) or the whole town (large
    // ones): both give exactly the public requests within the radius, newest first, and
    // the pages follow each other without a gap. The centre is a corner of four cells.
    for radius in [700, 1_500, 8_000] {
        let expected = public_within(&app, demo.town, 45.87, -74.08, radius);
        assert!(!expected.is_empty(), "radius {radius}: the generator spreads requests around the centre");
        let mut got = Vec::new();
        let mut cursor = String::new();
        loop {
            let (status, page) = app
                .get(
                    &format!(
                        "/api/v1/towns/{}/public/requests?lat=45.87&lng=-74.08&radius_m={radius}&limit=40{cursor}",
                        demo.town
                    ),
                    None,
                )
                .await;
            assert_eq!(status, StatusCode::OK, "{page}");
            got.extend(page["items"].as_array().expect("items").iter().map(|i| i["id"].as_i64().expect("id")));
            match page["next_cursor"].as_str() {
                Some(c) if got.len() < 200 => cursor = format!("&cursor={c}"),
                _ => break,
            }
        }
        let n = got.len();
        assert_eq!(got, expected[..n.min(expected.len())], "radius {radius}");
        assert!(n == expected.len() || n >= 200, "radius {radius}: {n} of {}", expected.len());
    }
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::Text)]
    word: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    id: i64,
}

/// The ids of a town's public requests within `radius` metres of a point, newest first,
/// computed the slow way.
fn public_within(app: &TestApp, town: i64, lat: f64, lng: f64, radius: i64) -> Vec<i64> {
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    use diesel::RunQueryDsl;
    let sql = format!(
        "SELECT id FROM requests WHERE municipality_id = {town} AND is_public AND latitude IS NOT NULL
           AND 6371000 * 2 * asin(sqrt(power(sin(radians(latitude - {lat}) / 2), 2) + cos(radians({lat}))
               * cos(radians(latitude)) * power(sin(radians(longitude - ({lng})) / 2), 2))) <= {radius}
         ORDER BY created_at DESC, id DESC"
    );
    let ids: Vec<Id> = diesel::sql_query(sql).load(&mut app.conn()).expect("public within");
    ids.into_iter().map(|i| i.id).collect()
}

#[actix_web::test]
async fn synthetic_requests_speak_of_their_category() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    let mut conn = app.conn();
    let spec = Synthetic { town_slug: "demo", count: 300, years: 1, lat: 45.5, lng: -73.5, batch: 300 };
    generate(&mut conn, &spec).expect("generate");
    #[derive(diesel::QueryableByName)]
    struct Wrong {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let wrong: Wrong = diesel::sql_query(
        "SELECT count(*) AS n FROM requests r JOIN taxonomy_nodes t ON t.id = r.node_id
          WHERE (t.name_fr = 'Nid-de-poule' AND r.description !~ '^(Nid-de-poule|Trou)')
             OR (t.name_fr = 'Lampadaire défectueux' AND r.description !~ '^Lampadaire')
             OR (t.name_fr IN ('Animal errant', 'Animaux') AND r.description !~ '^(Chien|Chat)')",
    )
    .get_result(&mut conn)
    .expect("count");
    assert_eq!(wrong.n, 0, "every generated description matches its category");
}

/// The report of a year of the generator's data equals straight SQL counts of it.
#[actix_web::test]
async fn a_years_report_over_the_generators_data_equals_direct_counts() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let url = app.db_url.clone();
    actix_web::web::block(move || {
        let mut conn = PgConnection::establish(&url).expect("connect");
        generate(
            &mut conn,
            &Synthetic { town_slug: "demo", count: 3_000, years: 3, lat: 45.867, lng: -74.082, batch: 1000 },
        )
    })
    .await
    .expect("block")
    .expect("generate");
    let year = chrono::Datelike::year(&app.town_today()) - 1;
    let (from, to) = (format!("{year}-01-01"), format!("{year}-12-31"));
    #[derive(diesel::QueryableByName)]
    struct Direct {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        received: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        processed: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        refused: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        pending: i64,
    }
    use diesel::RunQueryDsl;
    let lo = format!("('{from}'::date)::timestamp AT TIME ZONE 'America/Toronto'");
    let hi = format!("('{to}'::date + 1)::timestamp AT TIME ZONE 'America/Toronto'");
    let direct: Direct = diesel::sql_query(format!(
        "SELECT count(*) FILTER (WHERE created_at >= {lo} AND created_at < {hi}) AS received,
                count(*) FILTER (WHERE status = 'closed_processed' AND closed_at >= {lo} AND closed_at < {hi}) AS processed,
                count(*) FILTER (WHERE status = 'closed_refused' AND closed_at >= {lo} AND closed_at < {hi}) AS refused,
                count(*) FILTER (WHERE created_at < {hi} AND (closed_at IS NULL OR closed_at >= {hi})) AS pending
           FROM requests WHERE municipality_id = {}",
        demo.town
    ))
    .get_result(&mut app.conn())
    .expect("direct counts");
    assert!(direct.received > 500, "a year of data: {}", direct.received);
    let clerk = app.staff(CLERK).await;
    let (status, r) = app.get(&format!("/api/v1/towns/{}/reports?from={from}&to={to}", demo.town), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK, "{r}");
    let c = &r["current"];
    assert_eq!(c["received"], direct.received);
    assert_eq!(c["processed"], direct.processed);
    assert_eq!(c["refused"], direct.refused);
    assert_eq!(c["pending_at_end"], direct.pending);
    let by_month: i64 =
        c["months"].as_array().expect("months").iter().map(|m| m["received"].as_i64().expect("n")).sum();
    assert_eq!(by_month, direct.received, "the months add up");
    let by_department: i64 =
        c["by_department"].as_array().expect("deps").iter().map(|d| d["received"].as_i64().expect("n")).sum();
    assert_eq!(by_department, direct.received, "the departments add up");
}

/// The demo as `make run` seeds it (a year of 1 000 requests) looks like the town: every
/// request inside its outline, at a register address its description names, open requests
/// both late and not yet due beside the closed ones, and potholes among them (their
/// required question answered).
#[actix_web::test]
async fn the_demos_requests_lie_in_the_town_at_the_addresses_they_name() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let mut conn = app.conn();
    diesel::sql_query("SELECT setseed(0.5)").execute(&mut conn).expect("seed");
    let spec = Synthetic { town_slug: "demo", count: 1_000, years: 1, lat: 45.5, lng: -73.5, batch: 1_000 };
    assert_eq!(generate(&mut conn, &spec).expect("generate"), 1_000);
    #[derive(diesel::QueryableByName)]
    struct Placed {
        #[diesel(sql_type = diesel::sql_types::Double)]
        latitude: f64,
        #[diesel(sql_type = diesel::sql_types::Double)]
        longitude: f64,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        named: bool,
        #[diesel(sql_type = diesel::sql_types::Bool)]
        is_public: bool,
    }
    let rows: Vec<Placed> = diesel::sql_query(format!(
        "SELECT latitude, longitude, description LIKE '%' || address || '.%' AS named, is_public
           FROM requests WHERE municipality_id = {}",
        demo.town
    ))
    .load(&mut conn)
    .expect("requests");
    assert_eq!(rows.len(), 1_000);
    assert!(rows.iter().filter(|r| r.is_public).count() > 300, "a public map worth looking at");
    for r in &rows {
        let inside =
            civis_api::service::addresses::is_inside(&mut conn, demo.town, r.latitude, r.longitude).expect("outline");
        assert!(inside, "({}, {}) lies outside the town", r.latitude, r.longitude);
        assert!(r.named, "the description names the request's address");
    }
    #[derive(diesel::QueryableByName)]
    struct Mix {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        late: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        not_due: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        closed: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        potholes: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        unanswered: i64,
    }
    let today = app.town_today();
    let mix: Mix = diesel::sql_query(format!(
        "SELECT count(*) FILTER (WHERE closed_at IS NULL AND due_date < '{today}') AS late,
                count(*) FILTER (WHERE closed_at IS NULL AND due_date >= '{today}') AS not_due,
                count(*) FILTER (WHERE closed_at IS NOT NULL) AS closed,
                count(*) FILTER (WHERE node_id = {pothole}) AS potholes,
                count(*) FILTER (WHERE node_id = {pothole} AND NOT EXISTS (SELECT 1 FROM answers a WHERE a.request_id = r.id)) AS unanswered
           FROM requests r WHERE municipality_id = {}",
        demo.town,
        pothole = demo.pothole
    ))
    .get_result(&mut conn)
    .expect("mix");
    assert!(
        mix.late >= 25 && mix.not_due >= 10 && mix.closed >= 600 && mix.potholes >= 10 && mix.unanswered == 0,
        "late {}, not yet due {}, closed {}, potholes {} ({} unanswered)",
        mix.late,
        mix.not_due,
        mix.closed,
        mix.potholes,
        mix.unanswered
    );
}
