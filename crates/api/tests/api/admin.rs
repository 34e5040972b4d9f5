//! A town administrator configures the town; the platform administrator manages towns
//! and operator agents.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

fn find<'a>(nodes: &'a Value, id: &Value) -> Option<&'a Value> {
    nodes.as_array()?.iter().find(|n| &n["id"] == id)
}

#[actix_web::test]
async fn taxonomy_nodes_inherit_and_retire_without_disappearing() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let base = format!("/api/v1/admin/towns/{town}");

    let (status, dep) = app
        .post(
            &format!("{base}/departments"),
            Some(&admin),
            json!({"code": "parcs", "name_fr": "Parcs", "name_en": "Parks"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{dep}");
    let (status, cat) = app
        .post(&format!("{base}/taxonomy"), Some(&admin), json!({"name_fr": "Parcs et espaces verts", "name_en": "Parks", "department_id": dep["id"], "delay_days": 7, "public_allowed": true}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{cat}");
    assert_eq!(cat["level"], "category");
    let (_, event) = app
        .post(
            &format!("{base}/taxonomy"),
            Some(&admin),
            json!({"parent_id": cat["id"], "name_fr": "Arbres", "name_en": "Trees", "default_priority": "urgent"}),
        )
        .await;
    assert_eq!(event["level"], "event");
    let (_, sub) = app
        .post(
            &format!("{base}/taxonomy"),
            Some(&admin),
            json!({"parent_id": event["id"], "name_fr": "Arbre tombé", "name_en": "Fallen tree", "delay_days": 1}),
        )
        .await;
    assert_eq!(sub["level"], "sub_event");
    // Inherited: department and public flag from the category, priority from the event;
    // the sub-event's own delay wins.
    assert_eq!(sub["department_id"], Value::Null);
    assert_eq!(sub["effective"]["department_id"], dep["id"]);
    assert_eq!(sub["effective"]["priority"], "urgent");
    assert_eq!(sub["effective"]["delay_days"], 1);
    assert_eq!(sub["effective"]["public_allowed"], true);
    assert_eq!(sub["effective"]["kind"], "request");

    // Three levels at most.
    let (status, problem) = app
        .post(
            &format!("{base}/taxonomy"),
            Some(&admin),
            json!({"parent_id": sub["id"], "name_fr": "x", "name_en": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "too_deep");

    // Changing the category's delay flows down to the event, not to the sub-event.
    let (status, _) = app
        .put(&format!("{base}/taxonomy/{}", cat["id"]), Some(&admin), json!({"name_fr": "Parcs", "name_en": "Parks", "department_id": dep["id"], "delay_days": 14, "public_allowed": true}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, tree) = app.get(&format!("{base}/taxonomy"), Some(&admin)).await;
    assert_eq!(find(&tree, &event["id"]).expect("event")["effective"]["delay_days"], 14);
    assert_eq!(find(&tree, &sub["id"]).expect("sub")["effective"]["delay_days"], 1);

    // Retiring the event hides it and its sub-event from the public, not from the admin.
    let (status, retired) = app.post(&format!("{base}/taxonomy/{}/retire", event["id"]), Some(&admin), json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(retired["active"], false);
    let (_, public) = app.get(&format!("/api/v1/towns/{town}/taxonomy"), None).await;
    assert!(find(&public, &cat["id"]).is_some());
    assert!(find(&public, &event["id"]).is_none());
    assert!(find(&public, &sub["id"]).is_none());
    let (_, tree) = app.get(&format!("{base}/taxonomy"), Some(&admin)).await;
    assert!(find(&tree, &sub["id"]).is_some());
    app.post(&format!("{base}/taxonomy/{}/restore", event["id"]), Some(&admin), json!({})).await;
    let (_, public) = app.get(&format!("/api/v1/towns/{town}/taxonomy"), None).await;
    assert!(find(&public, &sub["id"]).is_some());
}

#[actix_web::test]
async fn questions_and_options_are_managed_in_both_languages() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let base = format!("/api/v1/admin/towns/{town}");
    let (_, tree) = app.get(&format!("{base}/taxonomy"), Some(&admin)).await;
    let pothole =
        tree.as_array().expect("nodes").iter().find(|n| n["name_fr"] == "Nid-de-poule").expect("pothole").clone();
    assert_eq!(pothole["questions"][0]["qtype"], "single_choice");
    assert_eq!(pothole["questions"][0]["options"].as_array().expect("options").len(), 3);

    let (status, problem) = app
        .post(
            &format!("{base}/taxonomy/{}/questions", pothole["id"]),
            Some(&admin),
            json!({"qtype": "multiple_choice", "label_fr": "Où?", "label_en": "Where?"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "options_required");

    let (status, q) = app
        .post(&format!("{base}/taxonomy/{}/questions", pothole["id"]), Some(&admin), json!({
            "qtype": "multiple_choice", "label_fr": "Où se trouve-t-il?", "label_en": "Where is it?", "required": true, "position": 3,
            "options": [{"code": "chaussee", "label_fr": "Chaussée", "label_en": "Roadway"}]
        }))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{q}");
    let (status, q2) = app
        .post(
            &format!("{base}/questions/{}/options", q["id"]),
            Some(&admin),
            json!({"code": "trottoir", "label_fr": "Trottoir", "label_en": "Sidewalk", "position": 2}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(q2["options"].as_array().expect("options").len(), 2);
    let (status, problem) = app
        .post(
            &format!("{base}/questions/{}/options", q["id"]),
            Some(&admin),
            json!({"code": "trottoir", "label_fr": "Encore", "label_en": "Again"}),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "code_taken");

    // Retire an option: the public no longer sees it.
    let opt_id = &q2["options"][1]["id"];
    let (status, _) = app
        .put(
            &format!("{base}/questions/{}/options/{opt_id}", q["id"]),
            Some(&admin),
            json!({"code": "trottoir", "label_fr": "Trottoir", "label_en": "Sidewalk", "active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, public) = app.get(&format!("/api/v1/towns/{town}/taxonomy"), None).await;
    let node = find(&public, &pothole["id"]).expect("pothole");
    let pq = node["questions"].as_array().expect("questions").iter().find(|x| x["id"] == q["id"]).expect("question");
    assert_eq!(pq["label_en"], "Where is it?");
    assert_eq!(pq["options"].as_array().expect("options").len(), 1);
}

#[actix_web::test]
async fn town_options_are_saved_and_checked() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let path = format!("/api/v1/admin/towns/{town}/settings");
    let settings = json!({
        "allow_anonymous": false, "closure_requires": {"intervention_code": true, "planned_date": false, "performed_date": true}, "reminder_lead_days": 5, "number_padding": 6,
        "duplicate_radius_m": 300, "retention_months": 24, "business_days": [1, 2, 3, 4], "opens_at": "09:00:00", "closes_at": "16:00:00",
        "sender_name": "Ville de Démo", "sender_email": "ville@demo.example",
        "holidays": [{"day": "2027-06-24", "name": "Fête nationale"}]
    });
    let (status, saved) = app.put(&path, Some(&admin), settings.clone()).await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    // Left out, the second-factor policy and the phone stay as they were (the demo's).
    let mut expected = settings.clone();
    expected["second_factor"] = json!("off");
    expected["phone"] = json!("450 555-0100");
    expected["urgent_delay_days"] = json!(null);
    expected["hold_limit_days"] = json!(30);
    expected["weekday_hours"] = json!([]);
    assert_eq!(saved["settings"], expected);
    let (_, towns) = app.get("/api/v1/towns", None).await;
    assert!(towns.as_array().expect("towns").iter().any(|t| t["id"] == town && t["allow_anonymous"] == false));
    // The phone citizens call, on the portal's list of towns.
    let mut with_phone = settings.clone();
    with_phone["phone"] = json!(" 450 555-0199 ");
    let (status, saved) = app.put(&path, Some(&admin), with_phone).await;
    assert_eq!((status, saved["settings"]["phone"].clone()), (StatusCode::OK, json!("450 555-0199")));
    let (_, towns) = app.get("/api/v1/towns", None).await;
    assert!(towns.as_array().expect("towns").iter().any(|t| t["id"] == town && t["phone"] == "450 555-0199"));

    let mut bad = settings.clone();
    bad["reminder_lead_days"] = json!(99);
    bad["business_days"] = json!([1, 8]);
    bad["sender_email"] = json!("pas un courriel");
    bad["retention_months"] = json!(0);
    let (status, problem) = app.put(&path, Some(&admin), bad).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let fields: Vec<&str> =
        problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
    assert!(fields.contains(&"reminder_lead_days") && fields.contains(&"retention_months"), "{problem}");
    // Nothing was changed by the refused call.
    let (_, town_now) = app.get(&format!("/api/v1/admin/towns/{town}"), Some(&admin)).await;
    assert_eq!(town_now["settings"]["reminder_lead_days"], 5);
}

#[actix_web::test]
async fn a_weekday_may_keep_its_own_hours_on_an_open_day_only() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let path = format!("/api/v1/admin/towns/{town}/settings");
    let (_, current) = app.get(&format!("/api/v1/admin/towns/{town}"), Some(&admin)).await;
    let mut settings = current["settings"].clone();
    let friday = json!([{"weekday": 5, "opens": "08:30:00", "closes": "12:00:00"}]);
    settings["weekday_hours"] = friday.clone();
    let (status, saved) = app.put(&path, Some(&admin), settings.clone()).await;
    assert_eq!((status, &saved["settings"]["weekday_hours"]), (StatusCode::OK, &friday), "{saved}");
    // Left out of a change, they stay.
    settings.as_object_mut().expect("settings").remove("weekday_hours");
    let (_, saved) = app.put(&path, Some(&admin), settings.clone()).await;
    assert_eq!(saved["settings"]["weekday_hours"], friday);

    let refused = [
        (json!([{"weekday": 6, "opens": "09:00:00", "closes": "12:00:00"}]), "hours_of_a_closed_day"),
        (
            json!([{"weekday": 5, "opens": "09:00:00", "closes": "12:00:00"}, {"weekday": 5, "opens": "13:00:00", "closes": "15:00:00"}]),
            "hours_of_a_closed_day",
        ),
        (json!([{"weekday": 5, "opens": "12:00:00", "closes": "08:30:00"}]), "closes_before_opens"),
    ];
    for (hours, code) in refused {
        settings["weekday_hours"] = hours.clone();
        let (status, problem) = app.put(&path, Some(&admin), settings.clone()).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{hours}");
        assert_eq!(
            (&problem["errors"][0]["field"], &problem["errors"][0]["code"]),
            (&json!("weekday_hours"), &json!(code))
        );
        assert!(problem["errors"][0]["message_fr"].as_str().is_some_and(|m| !m.is_empty()), "{problem}");
    }
    let (_, town_now) = app.get(&format!("/api/v1/admin/towns/{town}"), Some(&admin)).await;
    assert_eq!(town_now["settings"]["weekday_hours"], friday, "nothing changed by the refused calls");
}

#[actix_web::test]
async fn a_town_administrator_manages_staff_and_roles() {
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    let admin = app.staff(ADMIN).await;
    let base = format!("/api/v1/admin/towns/{town}/users");
    let (_, deps) = app.get(&format!("/api/v1/admin/towns/{town}/departments"), Some(&admin)).await;
    let dep = deps.as_array().expect("deps").iter().find(|d| d["code"] == "urbanisme").expect("dep")["id"].clone();

    let new = json!({"email": "nouvelle@demo.example", "password": "mot-de-passe-solide", "first_name": "Nadia", "last_name": "Nouvelle", "roles": ["department_responsible"]});
    let (status, problem) = app.post(&base, Some(&admin), new.clone()).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "department_required");

    let mut with_dep = new.clone();
    with_dep["department_id"] = dep.clone();
    let (status, user) = app.post(&base, Some(&admin), with_dep.clone()).await;
    assert_eq!(status, StatusCode::CREATED, "{user}");
    assert_eq!(user["grants"][0]["department_id"], dep);
    assert_eq!(app.post(&base, Some(&admin), with_dep).await.0, StatusCode::CONFLICT);

    let (status, problem) =
        app.patch(&format!("{base}/{}", user["id"]), Some(&admin), json!({"roles": ["operator_agent"]})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem["errors"][0]["code"], "role_not_allowed");

    let (_, pair) = app
        .post(
            "/api/v1/auth/staff/sign-in",
            None,
            json!({"email": "nouvelle@demo.example", "password": "mot-de-passe-solide"}),
        )
        .await;
    let token = pair["access_token"].as_str().expect("token").to_string();
    assert_eq!(app.get("/api/v1/auth/me", Some(&token)).await.0, StatusCode::OK);

    let (status, user) = app
        .patch(
            &format!("{base}/{}", user["id"]),
            Some(&admin),
            json!({"roles": ["clerk", "elected_official"], "active": false}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{user}");
    assert_eq!(user["grants"].as_array().expect("grants").len(), 2);
    assert_eq!(user["active"], false);
    // A deactivated account's token stops working at once.
    let (status, _) = app.get("/api/v1/auth/me", Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    // The staff list reads its caller in its own statement: the same answer.
    let (status, _) = app.get(&format!("/api/v1/towns/{town}/requests"), Some(&token)).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // The operator agent also serves another town: a town administrator cannot deactivate them.
    let (_, staff) = app.get(&base, Some(&admin)).await;
    let op = staff.as_array().expect("staff").iter().find(|u| u["email"] == OPERATOR).expect("operator").clone();
    assert!(
        op["grants"].as_array().expect("grants").iter().all(|g| g["municipality_id"] == town),
        "other towns' grants are not shown"
    );
    let (status, _) = app.patch(&format!("{base}/{}", op["id"]), Some(&admin), json!({"active": false})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn the_platform_administrator_manages_towns_and_operators() {
    let app = TestApp::spawn().await;
    let pa = app.staff(PLATFORM).await;
    let (status, town) =
        app.post("/api/v1/platform/towns", Some(&pa), json!({"slug": "prevost", "name": "Ville de Prévost"})).await;
    assert_eq!(status, StatusCode::CREATED, "{town}");
    assert_eq!(town["settings"]["number_padding"], 5);
    let (status, problem) =
        app.post("/api/v1/platform/towns", Some(&pa), json!({"slug": "prevost", "name": "Encore"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(problem["code"], "slug_taken");
    let (status, _) = app.post("/api/v1/platform/towns", Some(&pa), json!({"slug": "Pas Valide", "name": "X"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);

    let demo = app.town_id("demo").await;
    let (status, op) = app
        .post("/api/v1/platform/operators", Some(&pa), json!({"email": "agent2@civis.example", "password": "centre-d-appels-2026", "first_name": "Ana", "last_name": "Agente", "town_ids": [demo, town["id"]]}))
        .await;
    assert_eq!(status, StatusCode::CREATED, "{op}");
    assert_eq!(op["grants"].as_array().expect("grants").len(), 2);
    let (status, op) = app
        .put(&format!("/api/v1/platform/operators/{}/towns", op["id"]), Some(&pa), json!({"town_ids": [town["id"]]}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(op["grants"].as_array().expect("grants").len(), 1);

    // Deactivating a town hides it from the public.
    let (status, _) =
        app.patch(&format!("/api/v1/platform/towns/{}", town["id"]), Some(&pa), json!({"active": false})).await;
    assert_eq!(status, StatusCode::OK);
    let (_, towns) = app.get("/api/v1/towns", None).await;
    assert!(!towns.as_array().expect("towns").iter().any(|t| t["id"] == town["id"]));
    assert_eq!(app.get(&format!("/api/v1/towns/{}/taxonomy", town["id"]), None).await.0, StatusCode::NOT_FOUND);

    // Only the platform administrator.
    let admin = app.staff(ADMIN).await;
    let (status, _) = app.post("/api/v1/platform/towns", Some(&admin), json!({"slug": "autre", "name": "Autre"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/api/v1/platform/operators", None).await.0, StatusCode::UNAUTHORIZED);
}

/// A platform administrator granted a role in a town is still the platform's: the town's
/// administrator can neither rename nor deactivate the account, nor change its roles.
#[actix_web::test]
async fn a_town_administrator_cannot_touch_a_platform_administrator() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::spawn().await;
    let town = app.town_id("demo").await;
    app.conn()
        .batch_execute(&format!(
            "INSERT INTO user_grants (user_id, municipality_id, role)
             SELECT id, {town}, 'clerk' FROM users WHERE email = '{PLATFORM}'"
        ))
        .expect("grant");
    let admin = app.staff(ADMIN).await;
    let (status, users) = app.get(&format!("/api/v1/admin/towns/{town}/users"), Some(&admin)).await;
    assert_eq!(status, StatusCode::OK, "{users}");
    let pa = users.as_array().expect("users").iter().find(|u| u["email"] == PLATFORM).expect("listed")["id"].clone();
    for change in [json!({"active": false}), json!({"first_name": "Usurpé"}), json!({"roles": ["clerk", "director"]})]
    {
        let (status, problem) =
            app.patch(&format!("/api/v1/admin/towns/{town}/users/{pa}"), Some(&admin), change.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{change}: {problem}");
    }
    // The platform administrator still signs in, under the same name.
    let (status, me) = app.get("/api/v1/auth/me", Some(&app.staff(PLATFORM).await)).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_ne!(me["first_name"], "Usurpé");
}
