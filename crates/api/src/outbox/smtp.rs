//! The SMTP connection of the worker: TLS unless the relay is on this machine.

use std::time::Duration;

use anyhow::Context;
use lettre::SmtpTransport;
use lettre::transport::smtp::authentication::Credentials;

/// How the worker talks to its SMTP server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpTarget {
    pub host: String,
    pub port: u16,
    pub credentials: Option<(String, String)>,
    pub tls: SmtpTls,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmtpTls {
    /// `smtps://`: TLS from the first byte (port 465).
    Implicit,
    /// `smtp://` to another machine: STARTTLS, and no message is sent without it.
    Required,
    /// `smtp://` to a relay on this machine (loopback): STARTTLS when offered.
    LocalRelay,
}

/// Reads `smtp://[user:password@]host[:port]` or `smtps://…`. Credentials and messages
/// never cross a network in clear: plain SMTP is only for a relay on loopback.
pub fn smtp_target(url: &str) -> anyhow::Result<SmtpTarget> {
    let (implicit, rest) = match (url.strip_prefix("smtps://"), url.strip_prefix("smtp://")) {
        (Some(r), _) => (true, r),
        (None, Some(r)) => (false, r),
        _ => anyhow::bail!("SMTP_URL must start with smtp:// or smtps://"),
    };
    let (auth, host) = match rest.rsplit_once('@') {
        Some((auth, host)) => (Some(auth), host),
        None => (None, rest),
    };
    let host = host.trim_end_matches('/');
    let default_port = if implicit { 465 } else { 25 };
    // `[::1]:25` or `[::1]` (IPv6 in brackets), else `host:25` or `host`.
    let (host, port) = match host.strip_prefix('[') {
        Some(v6) => {
            let (h, rest) = v6.split_once(']').with_context(|| format!("SMTP_URL: unclosed [ in {host:?}"))?;
            (h, rest.strip_prefix(':'))
        }
        None => host.rsplit_once(':').map_or((host, None), |(h, p)| (h, Some(p))),
    };
    let port = match port {
        Some(p) => p.parse::<u16>().with_context(|| format!("SMTP_URL port {p:?}"))?,
        None => default_port,
    };
    let host = host.to_string();
    let local = host == "localhost" || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback());
    let tls = match (implicit, local) {
        (true, _) => SmtpTls::Implicit,
        (false, true) => SmtpTls::LocalRelay,
        (false, false) => SmtpTls::Required,
    };
    let credentials = auth.and_then(|a| a.split_once(':')).map(|(u, p)| (u.to_string(), p.to_string()));
    Ok(SmtpTarget { host, port, credentials, tls })
}

pub(super) fn transport(url: &str) -> anyhow::Result<SmtpTransport> {
    use lettre::transport::smtp::client::{Tls, TlsParameters};
    let t = smtp_target(url)?;
    let mut params = TlsParameters::builder(t.host.clone());
    // A private certificate authority (a town's own relay): SMTP_CA_FILE, in PEM.
    if let Some(path) = std::env::var("SMTP_CA_FILE").ok().filter(|p| !p.trim().is_empty()) {
        let pem = std::fs::read(&path).with_context(|| format!("SMTP_CA_FILE: cannot read {path}"))?;
        let cert = lettre::transport::smtp::client::Certificate::from_pem(&pem).context("SMTP_CA_FILE")?;
        params = params.add_root_certificate(cert);
    }
    let params = params.build().context("TLS settings of SMTP_URL")?;
    let tls = match t.tls {
        SmtpTls::Implicit => Tls::Wrapper(params),
        SmtpTls::Required => Tls::Required(params),
        SmtpTls::LocalRelay => Tls::Opportunistic(params),
    };
    let mut builder =
        SmtpTransport::builder_dangerous(&t.host).port(t.port).tls(tls).timeout(Some(Duration::from_secs(10)));
    if let Some((user, password)) = t.credentials {
        builder = builder.credentials(Credentials::new(user, password));
    }
    Ok(builder.build())
}
