//! Delivery of the outbox: the `worker` command takes due rows one at a time with
//! `FOR UPDATE SKIP LOCKED` (so several workers never take the same row), sends the email
//! over SMTP and marks it sent in the same transaction. A crash between sending and
//! marking leaves the row pending: it is sent again with the same `Message-ID`, so the
//! resend is recognisable. A failed attempt is retried with exponential backoff and
//! jitter; a permanent refusal, or too many attempts, leaves the row `failed` for an
//! administrator to see and retry (`service::outbox`). The worker also runs the periodic
//! jobs (`crate::jobs`).

pub mod account_mail;
pub mod first_contact;
pub mod follow_mail;
mod kind;
pub mod mail;
pub mod monthly_mail;
pub mod report_mail;
pub mod request_mail;
mod smtp;
pub mod templates;

use smtp::transport;
pub use smtp::{SmtpTarget, SmtpTls, smtp_target};

use std::time::Duration;

use anyhow::Context;
use diesel::prelude::*;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{Message, SmtpTransport, Transport};
use rand::Rng;

use crate::config::Settings;
use crate::db::outbox::{self as db, Due};
use first_contact::DocumentsMail;
pub use kind::Kind;
pub use mail::Mail;
use request_mail::{Links, RequestMail};
use templates::Rendered;

/// How the worker sends.
pub struct Delivery {
    transport: SmtpTransport,
    default_from: Mailbox,
    public_url: String,
    retry_base: Duration,
    max_attempts: i32,
    reply: Option<crate::reply::ReplyKeys>,
    /// Signs the closure email's survey link.
    secret: crate::secrets::Secret,
    /// Where attached documents are read, with a runtime of its own (the worker is a thread).
    storage: Option<(crate::storage::Storage, tokio::runtime::Runtime)>,
}

impl Delivery {
    pub fn new(settings: &Settings) -> anyhow::Result<Self> {
        let url = settings
            .smtp_url
            .as_ref()
            .map(crate::secrets::Hidden::as_str)
            .context("SMTP_URL is not set (the worker needs an SMTP server)")?;
        let transport = transport(url)?;
        Ok(Self {
            transport,
            default_from: settings.mail_from.parse().context("MAIL_FROM")?,
            public_url: settings.public_url.trim_end_matches('/').to_string(),
            retry_base: settings.outbox_retry_base,
            max_attempts: settings.outbox_max_attempts,
            reply: settings.reply_keys(),
            secret: settings.secret.clone(),
            storage: Some((
                crate::storage::Storage::new(&settings.storage_url, &settings.s3)?,
                tokio::runtime::Builder::new_current_thread().enable_all().build().context("worker runtime")?,
            )),
        })
    }

    fn message(&self, row: &Due) -> Result<Message, Failure> {
        let mail = Mail::read(&row.kind, &row.payload).map_err(Failure::permanent)?;
        let r = self.render(&mail, &row.language, &row.recipient)?;
        let from = match mail.sender() {
            Some((name, email)) => match email.parse() {
                Ok(address) => Mailbox::new(Some(name.to_string()).filter(|n| !n.is_empty()), address),
                Err(_) => self.default_from.clone(),
            },
            None => self.default_from.clone(),
        };
        let to: Mailbox = row.recipient.parse().map_err(|e| Failure::permanent(format!("recipient: {e}")))?;
        let mut builder = Message::builder().from(from).to(to);
        if let (Some(keys), Some(m)) = (&self.reply, mail.request().filter(|m| m.reply)) {
            let address =
                keys.address(m.request_id).parse().map_err(|e| Failure::permanent(format!("reply-to: {e}")))?;
            builder = builder.reply_to(Mailbox::new(None, address));
        }
        let body = MultiPart::alternative_plain_html(r.text, r.html);
        let body = match &mail {
            Mail::ArticleDocuments(m) => self.with_documents(body, m)?,
            Mail::CouncilReport(m) => {
                let xlsx = ContentType::parse("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
                    .map_err(|e| Failure::permanent(e.to_string()))?;
                MultiPart::mixed().multipart(body).singlepart(
                    Attachment::new(m.filename.clone()).body(m.workbook().map_err(Failure::permanent)?, xlsx),
                )
            }
            _ => body,
        };
        builder
            .subject(r.subject)
            .message_id(Some(format!("<{}>", row.message_id)))
            .multipart(body)
            .map_err(|e| Failure::permanent(format!("message: {e}")))
    }

    /// The email's words in the recipient's language.
    fn render(&self, mail: &Mail, lang: &str, recipient: &str) -> Result<Rendered, Failure> {
        let (en, url, kind) = (lang == "en", self.public_url.as_str(), mail.kind());
        Ok(match mail {
            Mail::MonthlyDepartment(m) | Mail::MonthlyElected(m) => monthly_mail::render(kind, en, m, url),
            Mail::ArticleDocuments(m) => first_contact::render_documents(lang, m),
            Mail::CallbackReminder(m) => first_contact::render_callback(lang, m, url),
            Mail::CouncilReport(m) => report_mail::render(lang, m, url),
            Mail::FollowConfirmation(m) => follow_mail::render(en, m),
            Mail::AccountConfirmation(m)
            | Mail::AccountExists(m)
            | Mail::PasswordReset(m)
            | Mail::PasswordChanged(m)
            | Mail::SignInAttempts(m)
            | Mail::SecondFactorReset(m)
            | Mail::DepartmentEmail(m)
            | Mail::WebhookDisabled(m) => account_mail::render(kind, lang, m)
                .ok_or_else(|| Failure::permanent(format!("{} has no account words", kind.as_str())))?,
            other => {
                let m = other.request().ok_or_else(|| Failure::permanent(format!("{} unrendered", kind.as_str())))?;
                request_mail::render(kind, en, m, &self.links(kind, m, recipient), url)
            }
        })
    }

    /// A request's email to a citizen carries the link that stops them; the closure email
    /// to the requester (not to a follower) the survey's.
    fn links(&self, kind: Kind, m: &RequestMail, recipient: &str) -> Links {
        let unsubscribe = kind.to_requester().then(|| {
            let token = crate::reply::unsubscribe_token(&self.secret, m.request_id, recipient);
            format!("{}/desabonnement#{token}", self.public_url)
        });
        let survey = (kind == Kind::Closed && m.survey).then(|| {
            let token = crate::reply::survey_token(&self.secret, m.request_id);
            // After `#`: a fragment never reaches a server, so proxies and logs never hold it.
            format!("{}/t/{}/satisfaction#{token}", self.public_url, m.town_slug)
        });
        Links { survey, unsubscribe }
    }

    /// The message's text with the documents attached (read now: a storage error is retried).
    fn with_documents(&self, body: MultiPart, mail: &DocumentsMail) -> Result<MultiPart, Failure> {
        let (storage, rt) = self.storage.as_ref().ok_or_else(|| Failure::permanent("no storage".into()))?;
        let mut mixed = MultiPart::mixed().multipart(body);
        for d in &mail.documents {
            let bytes = rt
                .block_on(storage.get(&d.storage_key))
                .map_err(|e| Failure { permanent: false, error: format!("document {}: {e}", d.storage_key) })?;
            let content_type = ContentType::parse(&d.content_type)
                .map_err(|e| Failure::permanent(format!("document type {}: {e}", d.content_type)))?;
            mixed = mixed.singlepart(Attachment::new(d.filename.clone()).body(bytes.to_vec(), content_type));
        }
        Ok(mixed)
    }

    fn send(&self, row: &Due) -> Result<(), Failure> {
        let message = self.message(row)?;
        self.transport
            .send(&message)
            .map(drop)
            .map_err(|e| Failure { permanent: e.is_permanent(), error: e.to_string() })
    }

    /// When to try again after `attempts` failures: base × 2^(attempts−1), at most an hour,
    /// times a random factor between 0.5 and 1.5 so that workers do not retry in step.
    fn backoff(&self, attempts: i32) -> Duration {
        let exp = 2u32.saturating_pow(u32::try_from(attempts.saturating_sub(1)).unwrap_or(0).min(20));
        let base = self.retry_base.saturating_mul(exp).min(Duration::from_secs(3600));
        base.mul_f64(rand::rng().random_range(0.5..1.5))
    }
}

struct Failure {
    permanent: bool,
    error: String,
}

impl Failure {
    fn permanent(error: String) -> Self {
        Self { permanent: true, error }
    }
}

/// Emails the SMTP server accepted whose record did not reach the database (it went away
/// between the two: a failover): (id, attempts). Recorded first once it is back, so that
/// no email goes out twice; process-wide, as the worker is one process.
static SENT_UNRECORDED: std::sync::Mutex<Vec<(i64, i32)>> = std::sync::Mutex::new(Vec::new());

/// Records the emails sent whose record was lost with the database.
fn record_sent(conn: &mut PgConnection) -> anyhow::Result<()> {
    let Ok(mut unrecorded) = SENT_UNRECORDED.lock() else { return Ok(()) };
    while let Some(&(id, attempts)) = unrecorded.last() {
        db::mark_sent(conn, id, attempts)?;
        tracing::info!(outbox = id, "email sent before the database went away, recorded now");
        unrecorded.pop();
    }
    Ok(())
}

/// Delivers at most one due message; `true` when one was handled (sent or rescheduled).
pub fn deliver_one(conn: &mut PgConnection, d: &Delivery) -> anyhow::Result<bool> {
    record_sent(conn)?;
    let mut sent = None;
    let done = conn.transaction(|conn| {
        let Some(row) = db::next_due(conn)? else { return Ok(false) };
        let attempts = row.attempts + 1;
        match d.send(&row) {
            Ok(()) => {
                sent = Some((row.id, attempts));
                db::mark_sent(conn, row.id, attempts)?;
                tracing::info!(outbox = row.id, kind = %row.kind, "email sent");
            }
            Err(f) => {
                let failed = f.permanent || attempts >= d.max_attempts;
                let wait = d.backoff(attempts).as_secs_f64();
                db::mark_attempt_failed(conn, row.id, attempts, &f.error, failed, wait)?;
                // The log names no one: SMTP errors often repeat the address.
                let error = f.error.replace(&row.recipient, &civis_domain::privacy::mask_email(&row.recipient));
                tracing::warn!(outbox = row.id, attempts, failed, error = %civis_domain::privacy::redact_contacts(&error), "email not sent");
            }
        }
        Ok(true)
    });
    if let (Err(_), Some(s)) = (&done, sent)
        && let Ok(mut unrecorded) = SENT_UNRECORDED.lock()
    {
        unrecorded.push(s);
    }
    done
}

/// Delivers until nothing is due (tests, and the worker's inner loop).
pub fn drain(conn: &mut PgConnection, d: &Delivery) -> anyhow::Result<usize> {
    let mut n = 0;
    while deliver_one(conn, d)? {
        n += 1;
    }
    Ok(n)
}
