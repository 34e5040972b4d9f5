//! `civis-bench`: drives one HTTP scenario and prints one JSON line of results.
//!
//! At a fixed rate the driver is open-loop: request *k* is due at `start + k / rate` and its
//! latency is measured from that time, so a slow server cannot hide its queueing
//! (no coordinated omission). At saturation (`--rate 0`) `--concurrency` workers send back
//! to back. Paths and bodies are templates: `${int:A:B}`, `${float:A:B}`, `${pick:a|b|c}`,
//! `${row:a|b|c}` (the same item in the path and the body of one request).

use std::sync::Arc;
use std::time::{Duration, Instant};

use clap::Parser;
use hdrhistogram::Histogram;
use rand::Rng;
use tokio::sync::{Mutex, Semaphore};

#[derive(Parser, Clone)]
struct Args {
    /// Name printed with the results.
    #[arg(long)]
    name: String,
    /// The server, or several separated by commas (each request goes to one at random, as
    /// behind a load balancer).
    #[arg(long, default_value = "http://127.0.0.1:8090")]
    base: String,
    #[arg(long)]
    token: Option<String>,
    #[arg(long, default_value = "GET")]
    method: String,
    /// Path template.
    #[arg(long)]
    path: String,
    /// JSON body template.
    #[arg(long)]
    body: Option<String>,
    /// Requests per second; 0 for saturation.
    #[arg(long, default_value_t = 0)]
    rate: u64,
    /// Seconds of measurement.
    #[arg(long, default_value_t = 10)]
    duration: u64,
    /// Workers at saturation; the cap of requests in flight at a fixed rate is 16 times it.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
}

/// Fills a template's placeholders with random values.
/// `${row:a|b|c}` takes the request's `row`-th item (modulo the list's length), the same
/// in the path and the body: a town in the address and one of its categories in the body.
fn render(template: &str, rng: &mut impl Rng, row: usize) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('}') else { break };
        let inner = &rest[start + 2..start + end];
        let mut parts = inner.splitn(2, ':');
        let value = match (parts.next(), parts.next()) {
            (Some("int"), Some(range)) => {
                let (a, b) = range.split_once(':').unwrap_or(("0", "0"));
                let (a, b): (i64, i64) = (a.parse().unwrap_or(0), b.parse().unwrap_or(0));
                rng.random_range(a..=b.max(a)).to_string()
            }
            (Some("float"), Some(range)) => {
                let (a, b) = range.split_once(':').unwrap_or(("0", "0"));
                let (a, b): (f64, f64) = (a.parse().unwrap_or(0.0), b.parse().unwrap_or(0.0));
                format!("{:.6}", a + rng.random::<f64>() * (b - a))
            }
            (Some("pick"), Some(list)) => {
                let items: Vec<&str> = list.split('|').collect();
                items[rng.random_range(0..items.len())].to_string()
            }
            (Some("row"), Some(list)) => {
                let items: Vec<&str> = list.split('|').collect();
                items[row % items.len()].to_string()
            }
            _ => format!("${{{inner}}}"),
        };
        out.push_str(&value);
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    out
}

struct Totals {
    hist: Histogram<u64>,
    ok: u64,
    errors: u64,
}

async fn one(client: &reqwest::Client, args: &Args) -> bool {
    let (path, body, base) = {
        let mut rng = rand::rng();
        let bases: Vec<&str> = args.base.split(',').collect();
        let base = bases[rng.random_range(0..bases.len())];
        let row = rng.random_range(0..usize::MAX);
        (render(&args.path, &mut rng, row), args.body.as_deref().map(|b| render(b, &mut rng, row)), base)
    };
    let method = reqwest::Method::from_bytes(args.method.as_bytes()).unwrap_or(reqwest::Method::GET);
    let mut req = client.request(method, format!("{base}{path}"));
    if let Some(t) = &args.token {
        req = req.bearer_auth(t);
    }
    if let Some(b) = body {
        req = req.header("content-type", "application/json").body(b);
    }
    match req.send().await {
        Ok(res) => {
            let ok = res.status().is_success();
            let _ = res.bytes().await;
            ok
        }
        Err(_) => false,
    }
}

async fn record(totals: &Mutex<Totals>, micros: u64, ok: bool) {
    let mut t = totals.lock().await;
    let _ = t.hist.record(micros.max(1));
    if ok { t.ok += 1 } else { t.errors += 1 }
}

#[tokio::main]
async fn main() {
    let args = Args::parse();
    let client = reqwest::Client::builder().pool_max_idle_per_host(1024).build().unwrap_or_default();
    let totals = Arc::new(Mutex::new(Totals {
        hist: Histogram::new_with_bounds(1, 60_000_000, 3).expect("valid histogram bounds"),
        ok: 0,
        errors: 0,
    }));
    // Warm-up: a second of traffic that is not measured.
    for _ in 0..args.concurrency * 4 {
        one(&client, &args).await;
    }
    let start = Instant::now();
    let deadline = start + Duration::from_secs(args.duration);
    if args.rate == 0 {
        let mut workers = Vec::new();
        for _ in 0..args.concurrency {
            let (client, args, totals) = (client.clone(), args.clone(), totals.clone());
            workers.push(tokio::spawn(async move {
                while Instant::now() < deadline {
                    let t0 = Instant::now();
                    let ok = one(&client, &args).await;
                    record(&totals, t0.elapsed().as_micros() as u64, ok).await;
                }
            }));
        }
        for w in workers {
            let _ = w.await;
        }
    } else {
        let in_flight = Arc::new(Semaphore::new(args.concurrency * 16));
        let interval = Duration::from_secs_f64(1.0 / args.rate as f64);
        let mut tasks = Vec::new();
        let mut k: u32 = 0;
        loop {
            let due = start + interval * k;
            if due >= deadline {
                break;
            }
            tokio::time::sleep_until(due.into()).await;
            let permit = in_flight.clone().acquire_owned().await;
            let (client, args, totals) = (client.clone(), args.clone(), totals.clone());
            tasks.push(tokio::spawn(async move {
                let _permit = permit;
                let ok = one(&client, &args).await;
                record(&totals, due.elapsed().as_micros() as u64, ok).await;
            }));
            k += 1;
        }
        for t in tasks {
            let _ = t.await;
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    let t = totals.lock().await;
    let ms = |q: f64| t.hist.value_at_quantile(q) as f64 / 1000.0;
    println!(
        "{}",
        serde_json::json!({
            "name": args.name,
            "rate": args.rate,
            "requests": t.ok + t.errors,
            "errors": t.errors,
            "throughput": ((t.ok + t.errors) as f64 / elapsed).round(),
            "p50_ms": ms(0.50), "p95_ms": ms(0.95), "p99_ms": ms(0.99), "max_ms": t.hist.max() as f64 / 1000.0,
        })
    );
}
