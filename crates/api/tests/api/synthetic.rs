//! A small run of the synthetic generator (the benchmark's data), then queries over it.

use civis_api::seed::synthetic::{Synthetic, generate};
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
    // With a filter, counts stop at 1 000 ("1 000+"); below that they are exact.
    let (_, filtered) =
        app.get(&format!("{}?priorities=urgent,very_important,important,minor", demo.requests()), Some(&clerk)).await;
    assert_eq!(filtered["counts"]["closed"], serde_json::json!({"value": 1000, "capped": true}));
    assert_eq!(filtered["counts"]["open"]["value"], open);
    assert_eq!(filtered["counts"]["open"]["capped"], false);
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
    let (_, public) = app
        .get(&format!("/api/v1/towns/{}/public/requests?lat=45.867&lng=-74.082&radius_m=2000", demo.town), None)
        .await;
    assert!(!public["items"].as_array().expect("items").is_empty());
    assert!(!public.to_string().contains("@example.com"), "no contact in public views");
}
