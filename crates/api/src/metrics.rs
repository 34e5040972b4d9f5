//! The server's metrics in the Prometheus text format: requests and their latency by
//! route pattern (bounded labels: patterns, not addresses), the database pool, the
//! outbox's backlog and the periodic jobs' last successes. `docs/OPERATIONS.md` says what
//! each means and what to alert on.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

/// Upper bounds of the latency histogram, in seconds.
const BUCKETS: [f64; 11] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Default, Clone)]
struct Latency {
    count: u64,
    sum: f64,
    /// Counts at or under each bound of `BUCKETS`.
    buckets: [u64; BUCKETS.len()],
}

/// Counters kept by the server since it started.
#[derive(Default)]
pub struct Metrics {
    /// (route, method, status) → requests.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    /// (route, method) → latency.
    latency: Mutex<BTreeMap<(String, String), Latency>>,
}

fn label(s: &str) -> String {
    s.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// A method as a label: the standard ones by name, any other as `OTHER`, so that a client
/// making methods up cannot grow the series without bound.
fn method_label(method: &str) -> &str {
    const KNOWN: [&str; 9] = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
    KNOWN.into_iter().find(|m| *m == method).unwrap_or("OTHER")
}

impl Metrics {
    /// Counts one answered request.
    pub fn record(&self, route: &str, method: &str, status: u16, seconds: f64) {
        let method = method_label(method);
        if let Ok(mut r) = self.requests.lock() {
            *r.entry((route.to_string(), method.to_string(), status)).or_default() += 1;
        }
        if let Ok(mut l) = self.latency.lock() {
            let e = l.entry((route.to_string(), method.to_string())).or_default();
            e.count += 1;
            e.sum += seconds;
            for (i, bound) in BUCKETS.iter().enumerate() {
                if seconds <= *bound {
                    e.buckets[i] += 1;
                }
            }
        }
    }

    /// The HTTP part of the page.
    fn render_http(&self, out: &mut String) {
        let _ =
            writeln!(out, "# HELP civis_http_requests_total Requests answered, by route pattern, method and status.");
        let _ = writeln!(out, "# TYPE civis_http_requests_total counter");
        if let Ok(r) = self.requests.lock() {
            for ((route, method, status), n) in r.iter() {
                let _ = writeln!(
                    out,
                    "civis_http_requests_total{{route=\"{}\",method=\"{method}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
        let _ =
            writeln!(out, "# HELP civis_http_request_duration_seconds Time to answer, by route pattern and method.");
        let _ = writeln!(out, "# TYPE civis_http_request_duration_seconds histogram");
        let Ok(l) = self.latency.lock() else { return };
        for ((route, method), h) in l.iter() {
            let labels = format!("route=\"{}\",method=\"{method}\"", label(route));
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                let _ = writeln!(out, "civis_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}");
            }
            let _ = writeln!(out, "civis_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}", h.count);
            let _ = writeln!(out, "civis_http_request_duration_seconds_sum{{{labels}}} {}", h.sum);
            let _ = writeln!(out, "civis_http_request_duration_seconds_count{{{labels}}} {}", h.count);
        }
    }
}

/// What the database says at scrape time.
pub struct Snapshot {
    pub pool: (u32, u32, u32),
    pub outbox: crate::db::metrics::OutboxState,
    pub jobs: Vec<crate::db::metrics::JobRun>,
    pub hashers: crate::auth::password::HasherStats,
    pub reads: Option<Reads>,
}

/// Where the reads that tolerate lag went, when there are standbys.
pub struct Reads {
    pub primary: u64,
    /// Each standby: its name, its lag (none while down), the reads it served.
    pub standbys: Vec<(String, Option<f64>, u64)>,
}

impl Reads {
    pub fn of(replicas: Option<&crate::db::replicas::Replicas>) -> Option<Self> {
        replicas.map(|r| Self {
            primary: r.primary_reads(),
            standbys: r.list.iter().map(|s| (s.name.clone(), s.lag().map(|l| l.as_secs_f64()), s.reads())).collect(),
        })
    }

    fn render(&self, out: &mut String) {
        let _ = writeln!(
            out,
            "# HELP civis_db_reads_total Reads that tolerate lag, by the server that answered them.\n\
             # TYPE civis_db_reads_total counter\ncivis_db_reads_total{{server=\"primary\"}} {}",
            self.primary
        );
        for (name, _, reads) in &self.standbys {
            let _ = writeln!(out, "civis_db_reads_total{{server=\"{}\"}} {reads}", label(name));
        }
        let _ = writeln!(
            out,
            "# HELP civis_db_replica_up Whether each standby answers and is still a standby.\n\
             # TYPE civis_db_replica_up gauge"
        );
        for (name, lag, _) in &self.standbys {
            let _ = writeln!(out, "civis_db_replica_up{{server=\"{}\"}} {}", label(name), u8::from(lag.is_some()));
        }
        let _ = writeln!(
            out,
            "# HELP civis_db_replica_lag_seconds How long ago the primary wrote what each standby has not replayed yet.\n\
             # TYPE civis_db_replica_lag_seconds gauge"
        );
        for (name, lag, _) in &self.standbys {
            if let Some(lag) = lag {
                let _ = writeln!(out, "civis_db_replica_lag_seconds{{server=\"{}\"}} {lag}", label(name));
            }
        }
    }
}

fn gauge(out: &mut String, name: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}");
}

/// The whole page.
pub fn render(metrics: &Metrics, snap: &Snapshot) -> String {
    let mut out = String::new();
    metrics.render_http(&mut out);
    let (open, idle, max) = snap.pool;
    gauge(&mut out, "civis_db_pool_in_use", "Database connections lent to requests now.", open.saturating_sub(idle));
    gauge(&mut out, "civis_db_pool_open", "Database connections open now.", open);
    gauge(&mut out, "civis_db_pool_max", "Most database connections the pool opens.", max);
    let timeouts = crate::db::POOL_TIMEOUTS.load(Ordering::Relaxed);
    let _ = writeln!(
        out,
        "# HELP civis_db_pool_timeouts_total Requests that waited for a connection in vain (503).\n\
         # TYPE civis_db_pool_timeouts_total counter\ncivis_db_pool_timeouts_total {timeouts}"
    );
    if let Some(reads) = &snap.reads {
        reads.render(&mut out);
    }
    let h = snap.hashers;
    gauge(&mut out, "civis_password_hashers_max", "Password hashes allowed at once.", h.workers);
    gauge(&mut out, "civis_password_hashers_busy", "Password hashes running now.", h.busy);
    gauge(&mut out, "civis_password_hashers_peak", "Most password hashes run at once since the start.", h.peak);
    let _ = writeln!(
        out,
        "# HELP civis_password_hash_refused_total Password checks refused at once (503) because the hashers were full.\n\
         # TYPE civis_password_hash_refused_total counter\ncivis_password_hash_refused_total {}",
        h.refused
    );
    gauge(&mut out, "civis_outbox_pending", "Emails waiting to be sent.", snap.outbox.pending);
    gauge(
        &mut out,
        "civis_outbox_oldest_pending_seconds",
        "Age of the oldest email waiting (0 when none).",
        snap.outbox.oldest_pending_secs.round(),
    );
    gauge(
        &mut out,
        "civis_outbox_failed",
        "Emails given up on (to retry from the administration).",
        snap.outbox.failed,
    );
    let _ = writeln!(
        out,
        "# HELP civis_job_last_success_timestamp_seconds When each periodic job last succeeded (Unix time).\n\
         # TYPE civis_job_last_success_timestamp_seconds gauge"
    );
    for j in &snap.jobs {
        let at = j.last_success.map_or(0, |t| t.timestamp());
        let _ = writeln!(out, "civis_job_last_success_timestamp_seconds{{job=\"{}\"}} {at}", label(&j.job));
    }
    out
}
