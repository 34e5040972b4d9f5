//! The staff list: tabs and counts, every filter and sort, keyset paging, saved filter,
//! favorites.

use std::collections::HashSet;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Follows `next_cursor` to the end.
async fn all_pages(app: &TestApp, token: &str, first: &str) -> Vec<i64> {
    let mut out = Vec::new();
    let (status, mut page) = app.get(first, Some(token)).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    loop {
        out.extend(ids(&page));
        let Some(cursor) = page["next_cursor"].as_str() else { break };
        let sep = if first.contains('?') { '&' } else { '?' };
        page = app.get(&format!("{first}{sep}cursor={cursor}"), Some(token)).await.1;
    }
    out
}

struct Fixture {
    app: TestApp,
    demo: Demo,
    clerk: String,
    /// (id, description)
    rows: Vec<(Value, String)>,
}

async fn fixture() -> Fixture {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let mut rows = Vec::new();
    let specs = [
        (demo.pothole, "Nid-de-poule profond boulevard Curé-Labelle", "urgent"),
        (demo.provincial_roads, "Déneigement insuffisant sur la route 117", "very_important"),
        (demo.provincial_roads, "Deneigement de la route 158 : banc de neige", "important"),
        (demo.animals, "Chien errant près de l'école", "minor"),
        (demo.garage_sale, "Vente de garage samedi", "important"),
        (demo.pothole, "Trou dans la chaussée rue Principale", "important"),
    ];
    for (i, (node, description, priority)) in specs.iter().enumerate() {
        let mut body = json!({"node_id": node, "description": description, "priority": priority,
            "requester": {"first_name": "Test", "email": format!("t{i}@example.com")}});
        if *node == demo.pothole {
            body["answers"] = json!([{"question_id": demo.pothole_size, "value": "moyen"}]);
        }
        if *node == demo.garage_sale {
            body["answers"] = json!([{"question_id": demo.garage_date, "value": "2027-05-15"}]);
        }
        let created = app.file(&demo, Some(&clerk), body).await;
        rows.push((created["id"].clone(), description.to_string()));
    }
    // One internal task, one closed request.
    let internal = app
        .file(&demo, Some(&clerk), json!({"node_id": demo.snow, "description": "Tâche interne : sabler le stationnement", "requester_mode": "internal"}))
        .await;
    rows.push((internal["id"].clone(), "internal".into()));
    let closed = &rows[3].0;
    app.post(
        &format!("{}/transitions", demo.request(closed)),
        Some(&clerk),
        json!({"action": "close_refused", "closure": {"resolution": "Traitée", "intervention_code": "238 – Demande complétée", "performed_date": "2026-11-02", "message_to_requester": "Hors juridiction"}}),
    )
    .await;
    Fixture { app, demo, clerk, rows }
}

#[actix_web::test]
async fn tabs_counts_and_every_filter() {
    let Fixture { app, demo, clerk, rows } = fixture().await;
    let base = demo.requests();
    let (status, page) = app.get(&format!("{base}?saved=false"), Some(&clerk)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(page["counts"]["open"], json!({"value": 6, "capped": false}));
    assert_eq!(page["counts"]["closed"]["value"], 1);
    assert_eq!(page["counts"]["not_transferred"]["value"], 0);
    assert_eq!(ids(&page).len(), 6);
    let internal = page["items"].as_array().expect("items").iter().find(|r| r["id"] == rows[6].0).expect("internal");
    assert_eq!(internal["internal"], true);

    let q = |query: &str| format!("{base}?{query}");
    let id_of = |i: usize| rows[i].0.as_i64().expect("id");
    // Accent-insensitive French search, every keyword required.
    let (_, p) = app.get(&q("keywords=deneigement"), Some(&clerk)).await;
    assert_eq!(ids(&p).into_iter().collect::<HashSet<_>>(), HashSet::from([id_of(1), id_of(2)]));
    let (_, p) = app.get(&q("keywords=déneigement,117"), Some(&clerk)).await;
    assert_eq!(ids(&p), [id_of(1)]);
    let (_, p) = app.get(&q("keywords=nids-de-poules"), Some(&clerk)).await;
    assert_eq!(ids(&p), [id_of(0)], "stemming finds the plural");
    // Categories include their descendants.
    let (_, tree) = app.get(&format!("/api/v1/towns/{}/taxonomy", demo.town), None).await;
    let travaux =
        tree.as_array().expect("tree").iter().find(|n| n["name_fr"] == "Travaux publics").expect("cat")["id"].clone();
    let (_, p) = app.get(&q(&format!("categories={travaux}")), Some(&clerk)).await;
    assert_eq!(
        ids(&p).into_iter().collect::<HashSet<_>>(),
        HashSet::from([id_of(0), id_of(1), id_of(2), id_of(5), id_of(6)])
    );
    let (_, p) = app.get(&q(&format!("categories={}", demo.provincial_roads)), Some(&clerk)).await;
    assert_eq!(ids(&p).len(), 2);
    // Internal only, priorities, several departments.
    let (_, p) = app.get(&q("internal_only=true"), Some(&clerk)).await;
    assert_eq!(ids(&p), [id_of(6)]);
    let (_, p) = app.get(&q("priorities=urgent,very_important"), Some(&clerk)).await;
    // The internal task inherits "very important" from Déneigement.
    assert_eq!(ids(&p).into_iter().collect::<HashSet<_>>(), HashSet::from([id_of(0), id_of(1), id_of(6)]));
    let (_, d0) = app.get(&demo.request(&rows[0].0), Some(&clerk)).await;
    let (_, d4) = app.get(&demo.request(&rows[4].0), Some(&clerk)).await;
    let (_, p) =
        app.get(&q(&format!("departments={},{}", d0["department_id"], d4["department_id"])), Some(&clerk)).await;
    assert_eq!(ids(&p).len(), 6);
    // Date ranges.
    let today = app.town_today();
    let (_, p) = app.get(&q(&format!("created_from={today}&created_to={today}")), Some(&clerk)).await;
    assert_eq!(ids(&p).len(), 6);
    let (_, p) = app.get(&q(&format!("created_to={}", today - chrono::Duration::days(1))), Some(&clerk)).await;
    assert!(ids(&p).is_empty());
    let (_, p) =
        app.get(&q(&format!("due_from={}&due_to={}", today, today + chrono::Duration::days(5))), Some(&clerk)).await;
    assert!(ids(&p).contains(&id_of(0)) && !ids(&p).contains(&id_of(4)), "pothole due in 5 days, garage sale in 15");
    // The filter changes the counts too.
    let (_, p) = app.get(&q("keywords=chien"), Some(&clerk)).await;
    assert_eq!(p["counts"]["open"]["value"], 0);
    assert_eq!(p["counts"]["closed"]["value"], 1);
    // Bad filter values are 400, not 500; a cursor the list did not hand out is 422.
    for bad in ["priorities=apocalyptic", "departments=abc", "tab=archived", "created_from=2026-13-01"] {
        let (status, p) = app.get(&q(bad), Some(&clerk)).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{bad}: {p}");
    }
    let (status, p) = app.get(&q("cursor=garbage"), Some(&clerk)).await;
    assert_eq!((status, p["errors"][0]["code"].as_str()), (StatusCode::UNPROCESSABLE_ENTITY, Some("cursor_invalid")));
}

#[actix_web::test]
async fn sorts_order_as_asked() {
    let Fixture { app, demo, clerk, .. } = fixture().await;
    let base = demo.requests();
    let (_, p) = app.get(&format!("{base}?sort=priority&saved=false"), Some(&clerk)).await;
    let ranks: Vec<&str> =
        p["items"].as_array().expect("items").iter().filter_map(|r| r["priority"].as_str()).collect();
    assert_eq!(&ranks[..2], ["urgent", "very_important"]);
    assert_eq!(ranks.last(), Some(&"important"));
    let (_, p) = app.get(&format!("{base}?sort=due&saved=false"), Some(&clerk)).await;
    let dues: Vec<Option<&str>> =
        p["items"].as_array().expect("items").iter().map(|r| r["due_date"].as_str()).collect();
    let dated: Vec<&str> = dues.iter().flatten().copied().collect();
    let mut sorted = dated.clone();
    sorted.sort();
    assert_eq!(dated, sorted);
    assert!(dues.iter().skip_while(|d| d.is_some()).all(|d| d.is_none()), "undated last: {dues:?}");
    let (_, p) = app.get(&format!("{base}?sort=department&saved=false"), Some(&clerk)).await;
    let deps: Vec<i64> =
        p["items"].as_array().expect("items").iter().filter_map(|r| r["department_id"].as_i64()).collect();
    let mut sorted = deps.clone();
    sorted.sort();
    assert_eq!(deps, sorted);
    let (_, p) = app.get(&format!("{base}?saved=false"), Some(&clerk)).await;
    let created: Vec<&str> =
        p["items"].as_array().expect("items").iter().filter_map(|r| r["created_at"].as_str()).collect();
    let mut sorted = created.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(created, sorted, "newest first");
}

#[actix_web::test]
async fn keyset_pages_neither_skip_nor_repeat_while_rows_are_added() {
    let Fixture { app, demo, clerk, .. } = fixture().await;
    for i in 0..14 {
        app.file(&demo, Some(&clerk), json!({"node_id": demo.snow, "description": format!("Rue glacée numéro {i}"), "requester": {"first_name": "X", "phone1": "1"}})).await;
    }
    for (round, sort) in ["created", "due", "priority", "department"].into_iter().enumerate() {
        let first = format!("{}?sort={sort}&limit=4&saved=false", demo.requests());
        let expected: HashSet<i64> = all_pages(&app, &clerk, &first).await.into_iter().collect();
        assert_eq!(expected.len(), 20 + 3 * round);

        // Read the first page, add rows, then read on.
        let (_, page) = app.get(&first, Some(&clerk)).await;
        assert_eq!(ids(&page).len(), 4);
        let next = page["next"].as_str().expect("next link").to_string();
        assert!(next.contains("cursor=") && next.contains("sort=") && next.starts_with("/api/v1/towns/"), "{next}");
        let mut added = HashSet::new();
        for i in 0..3 {
            let c = app.file(&demo, Some(&clerk), json!({"node_id": demo.snow, "description": format!("Ajoutée {sort} {i}"), "requester": {"first_name": "X", "phone1": "1"}})).await;
            added.insert(c["id"].as_i64().expect("id"));
        }
        let mut seen: Vec<i64> = ids(&page);
        let mut cursor = page["next_cursor"].as_str().map(str::to_string);
        while let Some(c) = cursor {
            let (_, p) = app.get(&format!("{first}&cursor={c}"), Some(&clerk)).await;
            seen.extend(ids(&p));
            cursor = p["next_cursor"].as_str().map(str::to_string);
        }
        let unique: HashSet<i64> = seen.iter().copied().collect();
        assert_eq!(unique.len(), seen.len(), "{sort}: a row was repeated");
        assert!(expected.is_subset(&unique), "{sort}: a row was skipped");
        assert!(unique.difference(&expected).all(|id| added.contains(id)));
        let _ = Method::GET;
    }
}

#[actix_web::test]
async fn the_saved_filter_applies_until_cleared_and_favorites_are_starred() {
    let Fixture { app, demo, clerk, rows } = fixture().await;
    let (status, _) = app
        .put("/api/v1/me/saved-filter", Some(&clerk), json!({"keywords": ["déneigement"], "sort": "priority"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    // A new sign-in gets the same filter applied.
    let clerk2 = app.staff(CLERK).await;
    let (_, saved) = app.get("/api/v1/me/saved-filter", Some(&clerk2)).await;
    assert_eq!(saved["keywords"], json!(["déneigement"]));
    let (_, p) = app.get(&demo.requests(), Some(&clerk2)).await;
    assert_eq!(
        ids(&p),
        [rows[1].0.as_i64().expect("id"), rows[2].0.as_i64().expect("id")],
        "filtered and sorted by priority"
    );
    let (_, p) = app.get(&format!("{}?saved=false", demo.requests()), Some(&clerk2)).await;
    assert_eq!(ids(&p).len(), 6);
    let res = app.call(Method::DELETE, "/api/v1/me/saved-filter", Some(&clerk2), None).await;
    assert_eq!(res.0, StatusCode::NO_CONTENT);
    let (_, p) = app.get(&demo.requests(), Some(&clerk2)).await;
    assert_eq!(ids(&p).len(), 6);
    // Another user's saved filter is theirs alone.
    let director = app.staff(DIRECTOR).await;
    assert_eq!(app.get("/api/v1/me/saved-filter", Some(&director)).await.1, Value::Null);

    // Favorites.
    let star = format!("{}/favorite", demo.request(&rows[5].0));
    assert_eq!(app.call(Method::PUT, &star, Some(&clerk), None).await.0, StatusCode::NO_CONTENT);
    let (_, p) = app.get(&format!("{}?favorites_only=true", demo.requests()), Some(&clerk)).await;
    assert_eq!(ids(&p), [rows[5].0.as_i64().expect("id")]);
    assert_eq!(p["items"][0]["favorite"], true);
    let (_, p) = app.get(&format!("{}?favorites_only=true", demo.requests()), Some(&director)).await;
    assert!(ids(&p).is_empty(), "favorites are per user");
    app.call(Method::DELETE, &star, Some(&clerk), None).await;
    let (_, d) = app.get(&demo.request(&rows[5].0), Some(&clerk)).await;
    assert_eq!(d["favorite"], false);
}

#[actix_web::test]
async fn late_work_is_flagged_counted_and_filtered() {
    let app = TestApp::spawn().await;
    let demo = Demo::load(&app).await;
    let clerk = app.staff(CLERK).await;
    let today = app.town_today();
    let mut ids = vec![];
    for (label, due) in
        [("late", today - chrono::Duration::days(30)), ("soon", today), ("later", today + chrono::Duration::days(60))]
    {
        let created = app.file(&demo, Some(&clerk), demo.pothole_body(label)).await;
        let etag = app.etag(&demo, &clerk, &created["id"]).await;
        let (s, _) = app
            .with_if_match(
                Method::PATCH,
                &demo.request(&created["id"]),
                &clerk,
                &etag,
                json!({"due_date": due.to_string()}),
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        ids.push(created["id"].clone());
    }
    let (_, page) = app.get(&format!("{}?saved=false&sort=due", demo.requests()), Some(&clerk)).await;
    let late: Vec<(Value, Value)> =
        page["items"].as_array().expect("items").iter().map(|r| (r["id"].clone(), r["lateness"].clone())).collect();
    assert_eq!(
        late,
        [(ids[0].clone(), json!("overdue")), (ids[1].clone(), json!("due_soon")), (ids[2].clone(), Value::Null)]
    );
    assert_eq!(page["counts"]["overdue"]["open"], json!({"value": 1, "capped": false}));
    assert_eq!(page["counts"]["overdue"]["not_transferred"]["value"], 0);
    let (_, only) = app.get(&format!("{}?overdue=true", demo.requests()), Some(&clerk)).await;
    let listed: Vec<&Value> = only["items"].as_array().expect("items").iter().map(|r| &r["id"]).collect();
    assert_eq!(listed, [&ids[0]]);
    let (_, d) = app.get(&demo.request(&ids[0]), Some(&clerk)).await;
    assert_eq!(d["lateness"], "overdue");
    assert_eq!(d["days_late"], 30);
    // Closed, it is no longer late.
    let close = json!({"action": "close_processed", "closure": {"resolution": "Fait", "intervention_code": "238", "performed_date": today.to_string(), "message_to_requester": "Fait."}});
    let (s, d) = app.post(&format!("{}/transitions", demo.request(&ids[0])), Some(&clerk), close).await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert!(d["lateness"].is_null() && d["days_late"].is_null());
    let (_, page) = app.get(&format!("{}?saved=false", demo.requests()), Some(&clerk)).await;
    assert_eq!(page["counts"]["overdue"]["open"]["value"], 0);
    // Late work is never closed: under the overdue filter the closed tab is empty, its
    // count 0, though the closed request was once late.
    let (s, page) = app.get(&format!("{}?saved=false&tab=closed&overdue=true", demo.requests()), Some(&clerk)).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    assert_eq!((page["items"].as_array().map(Vec::len), &page["counts"]["closed"]["value"]), (Some(0), &json!(0)));
}

/// Under a date range and sorted by another column, the page is read month by month and
/// merged: every page in order, none skipped or repeated, nothing from outside the range,
/// across months, years, equal due dates and requests without one.
#[actix_web::test]
async fn every_sort_under_a_date_range_spans_months() {
    use diesel::connection::SimpleConnection;
    let Fixture { app, demo, clerk, .. } = fixture().await;
    let mut made = Vec::new();
    for i in 0..14 {
        let c = app.file(&demo, Some(&clerk), json!({"node_id": demo.snow, "description": format!("Rue {i}"), "requester": {"first_name": "X", "phone1": "1"}})).await;
        made.push(c["id"].as_i64().expect("id"));
    }
    // Created over three years; due dates crossing the creation order, some equal, some none.
    let plan = [
        ("2024-12-31 23:30-05", Some("2025-03-01")), // 04:30 UTC on 1 January: December in the town
        ("2025-01-15 10:00-05", Some("2025-01-20")),
        ("2025-01-20 10:00-05", None),
        ("2025-02-03 10:00-05", Some("2025-01-20")),
        ("2025-02-28 23:59-05", Some("2024-12-01")),
        ("2025-03-01 00:00-05", Some("2025-02-01")),
        ("2025-06-10 10:00-04", Some("2025-01-20")),
        ("2025-12-31 10:00-05", None),
        ("2026-01-01 00:30-05", Some("2023-05-05")), // after the range
        ("2023-06-01 10:00-04", Some("2025-01-01")), // before it
        ("2025-04-04 10:00-04", Some("2025-04-04")),
        ("2025-04-05 10:00-04", Some("2025-04-04")),
        ("2025-04-06 10:00-04", Some("2025-04-04")),
        ("2025-09-09 10:00-04", Some("2026-09-09")),
    ];
    let mut sql = String::new();
    for (id, (created, due)) in made.iter().zip(plan) {
        let due = due.map_or("NULL".into(), |d| format!("'{d}'"));
        sql.push_str(&format!("UPDATE requests SET created_at = '{created}', due_date = {due} WHERE id = {id};\n"));
    }
    app.conn().batch_execute(&sql).expect("dates");
    // Each sort under each range: the unfiltered list's order, less what is outside.
    let created_2025: HashSet<i64> = (0..14).filter(|i| !matches!(i, 0 | 8 | 9)).map(|i| made[i]).collect();
    let due_2025: HashSet<i64> = [0, 1, 3, 5, 6, 9, 10, 11, 12].iter().map(|&i| made[i]).collect();
    for sort in ["due", "created", "priority", "department"] {
        let base = format!("{}?sort={sort}&saved=false", demo.requests());
        let all = all_pages(&app, &clerk, &base).await;
        for (range, set) in [
            ("created_from=2025-01-01&created_to=2025-12-31", &created_2025),
            ("due_from=2025-01-01&due_to=2025-12-31", &due_2025),
        ] {
            let expected: Vec<i64> = all.iter().copied().filter(|id| set.contains(id)).collect();
            for limit in [3, 50] {
                let got = all_pages(&app, &clerk, &format!("{base}&{range}&limit={limit}")).await;
                assert_eq!(got, expected, "sorted by {sort} under {range}, pages of {limit}");
            }
        }
    }
    // Open-ended on either side: from the town's first request, or up to now.
    let to = format!("{}?sort=due&created_to=2025-01-31&saved=false", demo.requests());
    let got = all_pages(&app, &clerk, &to).await;
    assert_eq!(got, [made[9], made[1], made[0], made[2]], "until January 2025");
    let from = format!("{}?sort=due&created_from=2026-01-01&saved=false", demo.requests());
    let got = all_pages(&app, &clerk, &from).await;
    assert_eq!(got.first(), Some(&made[8]), "due in 2023, created in 2026");
    assert!(!got.iter().any(|id| made[..8].contains(id) || made[9..].contains(id)));
}
