//! The test harness: each test gets its own database, cloned from a template that holds
//! the migrated schema and the demo seed, and its own server on a free port.

use std::net::TcpListener;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};

use actix_web::web;
use civis_api::config::Settings;
use civis_api::state::AppState;
use civis_api::{app, db, seed};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// Random-looking, as the server demands of `JWT_SECRET` (tests spawn `civis worker` with it).
pub const SECRET: &str = "Xq7Lm2Vt9Rk4Pz8Ws3Nh6Jd1Fb5Gc0Ya7Ue2Io9Kl4Mn8Bv3Cx6Zs1Dq5Tr0Wy";
pub const PASSWORD: &str = seed::DEMO_PASSWORD;

/// Server URL without a database name, from `DATABASE_URL`.
fn server_url() -> String {
    let url =
        std::env::var("DATABASE_URL").expect("DATABASE_URL must point at a PostgreSQL server (make test sets it)");
    match url.rfind('/') {
        Some(i) if url[..i].contains("://") && i > url.find("://").unwrap_or(0) + 2 => url[..i].to_string(),
        _ => url,
    }
}

pub fn admin_conn() -> PgConnection {
    PgConnection::establish(&format!("{}/postgres", server_url())).expect("connect to the postgres database")
}

/// Creates the template once per test run: drops what earlier runs left, migrates, seeds.
fn template() -> &'static str {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE.get_or_init(|| {
        let name = format!("civis_tpl_{}", std::process::id());
        let mut conn = admin_conn();
        let stale: Vec<String> = diesel::sql_query(
            "SELECT datname AS name FROM pg_database WHERE datname LIKE 'civis\\_tpl\\_%' OR datname LIKE 'civis\\_t\\_%'",
        )
        .load::<DbName>(&mut conn)
        .expect("list databases")
        .into_iter()
        .map(|d| d.name)
        .collect();
        for db in stale {
            diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)")).execute(&mut conn).expect("drop stale");
        }
        diesel::sql_query(format!("CREATE DATABASE \"{name}\"")).execute(&mut conn).expect("create template");
        let mut tpl = PgConnection::establish(&format!("{}/{name}", server_url())).expect("connect template");
        db::migrate(&mut tpl).expect("migrate template");
        seed::demo(&mut tpl).expect("seed template");
        drop(tpl);
        name
    })
}

/// The URL of the template (the migrated schema and the demo seed).
pub fn template_url() -> String {
    format!("{}/{}", server_url(), template())
}

#[derive(QueryableByName)]
struct DbName {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

/// A port nobody listens on, for a server or process a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("free port")
}

/// A fresh database cloned from the template; returns its URL.
pub fn fresh_database() -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    let tpl = template();
    let name = format!("civis_t_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    diesel::sql_query(format!("CREATE DATABASE \"{name}\" TEMPLATE \"{tpl}\""))
        .execute(&mut admin_conn())
        .expect("clone template");
    format!("{}/{name}", server_url())
}

/// Test settings for a database: the abuse limits multiplied by 100, so that a test filing
/// many requests from loopback is not refused (`limits` tests them at their real values).
pub fn settings(db_url: &str) -> Settings {
    let mut s = Settings::for_database(db_url, SECRET);
    s.rate_limit_factor = 100;
    s
}

/// A running API over its own database.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db_url: String,
}

impl TestApp {
    pub async fn spawn() -> Self {
        let db_url = web::block(fresh_database).await.expect("fresh database");
        Self::spawn_with(settings(&db_url)).await
    }

    pub async fn spawn_with(settings: Settings) -> Self {
        let db_url = settings.database_url.clone();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let base = format!("http://{}", listener.local_addr().expect("addr"));
        let server = app::server(web::Data::new(AppState::new(settings).expect("state")), listener).expect("server");
        actix_web::rt::spawn(server);
        Self { base, client: reqwest::Client::new(), db_url }
    }

    /// A direct connection to this test's database.
    pub fn conn(&self) -> PgConnection {
        PgConnection::establish(&self.db_url).expect("connect test database")
    }

    /// Today in the demo towns' time zone (the API's "today"), not UTC's: the two differ
    /// for a few hours each evening.
    pub fn town_today(&self) -> chrono::NaiveDate {
        #[derive(QueryableByName)]
        struct Today {
            #[diesel(sql_type = diesel::sql_types::Date)]
            today: chrono::NaiveDate,
        }
        diesel::sql_query("SELECT (now() AT TIME ZONE timezone)::date AS today FROM municipalities WHERE slug = 'demo'")
            .get_result::<Today>(&mut self.conn())
            .expect("town's today")
            .today
    }

    /// The demo town's holidays, as its jobs read them: a date a test picks on the town's
    /// calendar skips them (the first working day of January is never the 1st).
    pub fn town_holidays(&self) -> Vec<chrono::NaiveDate> {
        let town = db::towns::find_by_slug(&mut self.conn(), "demo").expect("read").expect("demo town").id;
        db::towns::holidays_of(&mut self.conn(), town).expect("holidays").into_iter().map(|h| h.day).collect()
    }

    /// The first working day of the month after the town's today, on the town's calendar
    /// (the day the elected officials' monthly list goes out).
    pub fn first_working_day_of_next_month(&self) -> chrono::NaiveDate {
        use chrono::Datelike;
        let next = self.town_today().with_day(1).expect("first") + chrono::Months::new(1);
        civis_domain::calendar::first_business_day_of_month(next.year(), next.month(), &self.town_holidays())
            .expect("a working day")
    }

    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let mut req = self.client.request(method, format!("{}{path}", self.base));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.expect("request");
        let status = res.status();
        let text = res.text().await.expect("body");
        (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> (StatusCode, Value) {
        self.call(Method::GET, path, token, None).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::POST, path, token, Some(body)).await
    }

    pub async fn put(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::PUT, path, token, Some(body)).await
    }

    pub async fn patch(&self, path: &str, token: Option<&str>, body: Value) -> (StatusCode, Value) {
        self.call(Method::PATCH, path, token, Some(body)).await
    }

    /// Signs in a demo staff account; returns the whole token pair.
    pub async fn staff_pair(&self, email: &str) -> Value {
        let (status, body) =
            self.post("/api/v1/auth/staff/sign-in", None, json!({"email": email, "password": PASSWORD})).await;
        assert_eq!(status, StatusCode::OK, "sign-in of {email}: {body}");
        body
    }

    /// An access token of a demo staff account.
    pub async fn staff(&self, email: &str) -> String {
        self.staff_pair(email).await["access_token"].as_str().expect("token").to_string()
    }

    /// Opens a citizen account (`body` as for sign-up), confirms its address as its link
    /// would (the link itself is followed in `accounts`), signs it in; the access token.
    pub async fn new_citizen(&self, body: Value) -> String {
        let (status, problem) = self.post("/api/v1/auth/citizen/sign-up", None, body.clone()).await;
        assert_eq!(status, StatusCode::ACCEPTED, "{problem}");
        diesel::sql_query("UPDATE users SET email_confirmed_at = now() WHERE lower(email) = lower($1)")
            .bind::<diesel::sql_types::Text, _>(body["email"].as_str().expect("email"))
            .execute(&mut self.conn())
            .expect("confirm");
        let creds = json!({"email": body["email"], "password": body["password"]});
        let (status, pair) = self.post("/api/v1/auth/citizen/sign-in", None, creds).await;
        assert_eq!(status, StatusCode::OK, "{pair}");
        pair["access_token"].as_str().expect("token").to_string()
    }

    /// Id of a town by slug.
    pub async fn town_id(&self, slug: &str) -> i64 {
        let (_, towns) = self.get("/api/v1/towns", None).await;
        towns
            .as_array()
            .expect("towns")
            .iter()
            .find(|t| t["slug"] == slug)
            .and_then(|t| t["id"].as_i64())
            .expect("town")
    }
}

pub const ADMIN: &str = "admin@demo.civis.demo";
pub const CLERK: &str = "clic@demo.civis.demo";
pub const DIRECTOR: &str = "directeur@demo.civis.demo";
pub const RESPONSIBLE: &str = "travaux@demo.civis.demo";
pub const OPERATOR: &str = "agent311@civis.demo";
pub const ELECTED: &str = "elu@demo.civis.demo";
pub const PLATFORM: &str = "plateforme@civis.demo";
pub const CITIZEN: &str = "citoyen@civis.demo";

/// Ids of the demo town's taxonomy, read through the public API.
pub struct Demo {
    pub town: i64,
    pub pothole: i64,
    pub pothole_size: i64,
    pub snow: i64,
    pub provincial_roads: i64,
    pub animals: i64,
    pub complaint: i64,
    pub access: i64,
    pub information: i64,
    pub garage_sale: i64,
    pub garage_date: i64,
}

impl Demo {
    pub async fn load(app: &TestApp) -> Self {
        let town = app.town_id("demo").await;
        let (_, tree) = app.get(&format!("/api/v1/towns/{town}/taxonomy"), None).await;
        let nodes = tree.as_array().expect("nodes").clone();
        let node =
            |name: &str| nodes.iter().find(|n| n["name_fr"] == name).unwrap_or_else(|| panic!("node {name}")).clone();
        let id = |v: &Value| v.as_i64().expect("id");
        let pothole = node("Nid-de-poule");
        let garage = node("Vente de garage");
        Self {
            town,
            pothole: id(&pothole["id"]),
            pothole_size: id(&pothole["questions"][0]["id"]),
            snow: id(&node("Déneigement")["id"]),
            provincial_roads: id(&node("Routes provinciales")["id"]),
            animals: id(&node("Animaux")["id"]),
            complaint: id(&node("Plainte")["id"]),
            access: id(&node("Demande d'accès à l'information")["id"]),
            information: id(&node("Collectes et matières résiduelles")["id"]),
            garage_sale: id(&garage["id"]),
            garage_date: id(&garage["questions"][0]["id"]),
        }
    }

    /// A valid pothole request body, identified, wanting follow-ups, public.
    pub fn pothole_body(&self, description: &str) -> Value {
        json!({
            "node_id": self.pothole,
            "description": description,
            "address": "123, rue Principale",
            "latitude": 45.8617, "longitude": -74.0873,
            "answers": [{"question_id": self.pothole_size, "value": "grand"}],
            "requester": {"first_name": "Jeanne", "last_name": "Tremblay", "email": "jeanne@example.com", "phone1": "450 555-0101"},
            "wants_followups": true,
            "public": true
        })
    }

    pub fn requests(&self) -> String {
        format!("/api/v1/towns/{}/requests", self.town)
    }

    pub fn request(&self, id: &Value) -> String {
        format!("/api/v1/towns/{}/requests/{id}", self.town)
    }
}

impl TestApp {
    /// A new staff account of Saint-Exemple (another town than the demo's) with these roles,
    /// signed in: its access token.
    pub async fn foreign_staff(&self, email: &str, roles: &[&str]) -> String {
        let other = self.town_id("saint-exemple").await;
        let pa = self.staff(PLATFORM).await;
        let password = "st-exemple-password";
        let body = json!({"email": email, "password": password, "first_name": "A", "last_name": "B", "roles": roles});
        let (status, created) = self.post(&format!("/api/v1/admin/towns/{other}/users"), Some(&pa), body).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        let (_, pair) =
            self.post("/api/v1/auth/staff/sign-in", None, json!({"email": email, "password": password})).await;
        pair["access_token"].as_str().expect("token").to_string()
    }

    /// A citizen's access token.
    pub async fn citizen(&self) -> String {
        let (status, pair) =
            self.post("/api/v1/auth/citizen/sign-in", None, json!({"email": CITIZEN, "password": PASSWORD})).await;
        assert_eq!(status, StatusCode::OK);
        pair["access_token"].as_str().expect("token").to_string()
    }

    /// Files a request and asserts it was accepted.
    pub async fn file(&self, demo: &Demo, token: Option<&str>, body: Value) -> Value {
        let (status, created) = self.post(&demo.requests(), token, body).await;
        assert_eq!(status, StatusCode::CREATED, "{created}");
        created
    }

    /// The current ETag of a request.
    pub async fn etag(&self, demo: &Demo, token: &str, id: &Value) -> String {
        let res =
            self.client.get(format!("{}{}", self.base, demo.request(id))).bearer_auth(token).send().await.expect("get");
        res.headers()["etag"].to_str().expect("etag").to_string()
    }

    /// A call with an `If-Match` header.
    pub async fn with_if_match(
        &self,
        method: Method,
        path: &str,
        token: &str,
        etag: &str,
        body: Value,
    ) -> (StatusCode, Value) {
        let res = self
            .client
            .request(method, format!("{}{path}", self.base))
            .bearer_auth(token)
            .header("if-match", etag)
            .json(&body)
            .send()
            .await
            .expect("send");
        let status = res.status();
        (status, res.json().await.unwrap_or(Value::Null))
    }
}

/// moto's S3 server on a free port, with one bucket.
pub struct Moto {
    child: std::process::Child,
    pub endpoint: String,
}

impl Moto {
    pub async fn start() -> Self {
        let port = free_port();
        let mut child = std::process::Command::new("python3")
            .args(["-m", "moto.server", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("python3 -m moto.server (scripts/setup.sh installs moto[server])");
        let endpoint = format!("http://127.0.0.1:{port}");
        let client = reqwest::Client::new();
        for _ in 0..200 {
            if client.put(format!("{endpoint}/civis-files")).send().await.is_ok_and(|r| r.status().is_success()) {
                return Self { child, endpoint };
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        let _ = child.kill();
        let _ = child.wait();
        panic!("moto did not start");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The ids of a page of a list (`items[].id`), in order.
pub fn ids(page: &Value) -> Vec<i64> {
    page["items"].as_array().expect("items").iter().filter_map(|r| r["id"].as_i64()).collect()
}
