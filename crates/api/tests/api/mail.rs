//! A real SMTP server on loopback for the tests: Python's aiosmtpd writing each message
//! it accepts into a Maildir, read back with mail-parser.

use std::net::TcpStream;

use mail_parser::MimeHeaders;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::free_port;

/// One message as received.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub reply_to: String,
    pub text: String,
    pub html: String,
    pub message_id: String,
    /// Attached files: name and bytes.
    pub attachments: Vec<(String, Vec<u8>)>,
}

pub struct Smtp {
    pub port: u16,
    dir: PathBuf,
    child: Option<Child>,
}

impl Smtp {
    pub fn start() -> Self {
        static N: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!("civis-mail-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(dir.join(sub)).expect("maildir");
        }
        let mut smtp = Self { port: free_port(), dir, child: None };
        // The port was free when asked; another test's server may take it before aiosmtpd
        // binds it. Then aiosmtpd exits, and the next free port is tried.
        for _ in 0..5 {
            if smtp.spawn() {
                return smtp;
            }
            smtp.port = free_port();
        }
        panic!("aiosmtpd did not start on any of five ports");
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Starts (again) on the same port and waits until it accepts connections.
    pub fn resume(&mut self) {
        assert!(self.spawn(), "aiosmtpd did not start again on port {}", self.port);
    }

    /// Starts aiosmtpd on `self.port`; true once it greets (an SMTP "220", not merely
    /// something listening there), false if it exited (the port was taken).
    fn spawn(&mut self) -> bool {
        let mut child = Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{}", self.port),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(&self.dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 -m aiosmtpd (scripts/setup.sh installs it)");
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if child.try_wait().ok().flatten().is_some() {
                return false;
            }
            if greets(self.port) {
                self.child = Some(child);
                return true;
            }
            if Instant::now() > until {
                let _ = child.kill();
                let _ = child.wait();
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<Mail> {
        let mut out = vec![];
        let Ok(entries) = std::fs::read_dir(self.dir.join("new")) else { return out };
        for entry in entries.flatten() {
            let Ok(raw) = std::fs::read(entry.path()) else { continue };
            let Some(m) = mail_parser::MessageParser::default().parse(&raw) else { continue };
            let addr = |a: Option<&mail_parser::Address>| {
                a.and_then(|a| a.first()).map(|a| {
                    let email = a.address().unwrap_or_default();
                    match a.name() {
                        Some(name) => format!("{name} <{email}>"),
                        None => email.to_string(),
                    }
                })
            };
            out.push(Mail {
                to: addr(m.to()).unwrap_or_default(),
                from: addr(m.from()).unwrap_or_default(),
                subject: m.subject().unwrap_or_default().to_string(),
                reply_to: addr(m.reply_to()).unwrap_or_default(),
                text: m.body_text(0).map(|b| b.to_string()).unwrap_or_default(),
                html: m.body_html(0).map(|b| b.to_string()).unwrap_or_default(),
                message_id: m.message_id().unwrap_or_default().to_string(),
                attachments: m
                    .attachments()
                    .map(|a| (a.attachment_name().unwrap_or_default().to_string(), a.contents().to_vec()))
                    .collect(),
            });
        }
        out
    }

    /// The messages to one address.
    pub fn to(&self, address: &str) -> Vec<Mail> {
        self.messages().into_iter().filter(|m| m.to.ends_with(&format!("<{address}>")) || m.to == address).collect()
    }
}

/// Whether an SMTP server answers on the port with its "220" greeting.
fn greets(port: u16) -> bool {
    use std::io::Read;
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else { return false };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let mut banner = [0u8; 3];
    stream.read_exact(&mut banner).is_ok() && &banner == b"220"
}

impl Drop for Smtp {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
