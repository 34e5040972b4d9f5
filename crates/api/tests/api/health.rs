//! Probes, and a database outage: 503 with Retry-After, then recovery without a restart.

use std::sync::{Arc, Mutex};

use civis_api::config::Settings;
use reqwest::StatusCode;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio::task::JoinHandle;

use crate::helpers::*;

#[actix_web::test]
async fn health_and_ready_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/health", None).await.0, StatusCode::OK);
    let (status, body) = app.get("/ready", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ready");
}

/// A TCP relay between the API and PostgreSQL that can be cut and restored.
struct Relay {
    port: u16,
    target: String,
    tasks: Arc<Mutex<Vec<JoinHandle<()>>>>,
    acceptor: Option<JoinHandle<()>>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind relay");
        let port = listener.local_addr().expect("addr").port();
        let mut relay = Self { port, target, tasks: Arc::default(), acceptor: None };
        relay.serve(listener);
        relay
    }

    fn serve(&mut self, listener: TcpListener) {
        let target = self.target.clone();
        let tasks = self.tasks.clone();
        self.acceptor = Some(tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                let target = target.clone();
                let task = tokio::spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(&target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                tasks.lock().expect("lock").push(task);
            }
        }));
    }

    /// The database "goes down": no new connections, open ones are cut.
    fn cut(&mut self) {
        if let Some(a) = self.acceptor.take() {
            a.abort();
        }
        for t in self.tasks.lock().expect("lock").drain(..) {
            t.abort();
        }
    }

    /// The database "comes back" on the same address.
    async fn restore(&mut self) {
        let socket = TcpSocket::new_v4().expect("socket");
        socket.set_reuseaddr(true).expect("reuseaddr");
        socket.bind(format!("127.0.0.1:{}", self.port).parse().expect("addr")).expect("rebind relay");
        self.serve(socket.listen(64).expect("listen"));
    }
}

#[actix_web::test]
async fn a_database_outage_answers_503_and_the_service_recovers() {
    let db_url = actix_web::web::block(fresh_database).await.expect("db");
    // postgres://user@host:port/name → route host:port through the relay.
    let (head, rest) = db_url.split_once('@').expect("url with user");
    let (hostport, name) = rest.split_once('/').expect("url with database");
    let mut relay = Relay::start(hostport.to_string()).await;
    let mut settings = Settings::for_database(&format!("{head}@127.0.0.1:{}/{name}", relay.port), SECRET);
    settings.db_timeout = std::time::Duration::from_millis(800);
    let app = TestApp::spawn_with(settings).await;

    assert_eq!(app.get("/ready", None).await.0, StatusCode::OK);
    assert_eq!(app.get("/api/v1/towns", None).await.0, StatusCode::OK);

    relay.cut();
    for path in ["/ready", "/api/v1/towns"] {
        let res = app.client.get(format!("{}{path}", app.base)).send().await.expect("send");
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE, "{path}");
        assert!(res.headers().contains_key("retry-after"));
        let p: serde_json::Value = res.json().await.expect("problem");
        assert_eq!(p["code"], "unavailable");
    }

    relay.restore().await;
    let mut recovered = false;
    for _ in 0..50 {
        if app.get("/api/v1/towns", None).await.0 == StatusCode::OK {
            recovered = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(recovered, "the API recovers by itself once the database is back");
    let token = app.staff(CLERK).await;
    assert_eq!(app.get("/api/v1/auth/me", Some(&token)).await.0, StatusCode::OK);
}
