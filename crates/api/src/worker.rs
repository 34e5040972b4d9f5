//! The worker process (`civis worker`): the periodic jobs, then the outbox's emails, until
//! SIGTERM or Ctrl-C; beside them, on a thread of their own, the webhook deliveries
//! (`hooks`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use diesel::prelude::*;

use crate::config::Settings;
use crate::outbox::{Delivery, deliver_one};

/// The worker: delivers what is due, then waits `poll` (short polling: a new message is
/// picked up within that time). Reconnects when the database goes away. When `stop` is set
/// (SIGTERM, Ctrl-C) it finishes the email it is sending and returns.
pub fn run(settings: &Settings, stop: Arc<AtomicBool>) -> anyhow::Result<()> {
    let delivery = Delivery::new(settings)?;
    let storage = crate::storage::Storage::new(&settings.storage_url, &settings.s3)?;
    let poll = settings.outbox_poll;
    tracing::info!(poll_ms = poll.as_millis() as u64, "outbox worker started");
    let hooks = {
        let (settings, stop) = (settings.clone(), stop.clone());
        std::thread::spawn(move || crate::hooks::run(&settings, stop))
    };
    let mut jobs_ran: Option<std::time::Instant> = None;
    let stopped = || stop.load(Ordering::Relaxed);
    while !stopped() {
        match PgConnection::establish(&settings.database_url) {
            Ok(mut conn) => {
                while !stopped() {
                    // The periodic jobs, at start and then every JOBS_INTERVAL_SECS.
                    if jobs_ran.is_none_or(|t| t.elapsed() >= settings.jobs_interval) {
                        match crate::jobs::run(&mut conn, None) {
                            Ok(report) => {
                                storage.delete_blocking(&report.removed_files);
                                tracing::info!(?report, "periodic jobs ran");
                            }
                            Err(e) => tracing::warn!(error = %e, "periodic jobs failed"),
                        }
                        jobs_ran = Some(std::time::Instant::now());
                    }
                    // One email at a time, looking at `stop` between two.
                    let mut failed = None;
                    while !stopped() {
                        match deliver_one(&mut conn, &delivery) {
                            Ok(true) => {}
                            Ok(false) => break,
                            Err(e) => {
                                failed = Some(e);
                                break;
                            }
                        }
                    }
                    if let Some(e) = failed {
                        tracing::warn!(error = %e, "outbox: database error, reconnecting");
                        break;
                    }
                    nap(poll, &stop);
                }
            }
            Err(e) => tracing::warn!(error = %e, "outbox: cannot connect to the database"),
        }
        nap(poll.max(Duration::from_millis(500)), &stop);
    }
    match hooks.join() {
        Ok(Err(e)) => tracing::warn!(error = %e, "webhooks: the sender stopped"),
        Err(_) => tracing::warn!("webhooks: the sender panicked"),
        Ok(Ok(())) => {}
    }
    tracing::info!("outbox worker stopped");
    Ok(())
}

/// Sleeps `d`, waking early when `stop` is set.
fn nap(d: Duration, stop: &AtomicBool) {
    let until = std::time::Instant::now() + d;
    while !stop.load(Ordering::Relaxed) && std::time::Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50).min(until.saturating_duration_since(std::time::Instant::now())));
    }
}

/// A flag set by SIGTERM or Ctrl-C (SIGINT), for the worker's graceful stop.
pub fn stop_on_signals() -> Arc<AtomicBool> {
    let stop = Arc::new(AtomicBool::new(false));
    let flag = stop.clone();
    std::thread::spawn(move || {
        let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() else { return };
        rt.block_on(async {
            use tokio::signal::unix::{SignalKind, signal};
            let Ok(mut term) = signal(SignalKind::terminate()) else { return };
            tokio::select! {
                _ = term.recv() => {}
                _ = tokio::signal::ctrl_c() => {}
            }
        });
        tracing::info!("stopping: finishing the email being sent");
        flag.store(true, Ordering::Relaxed);
    });
    stop
}
