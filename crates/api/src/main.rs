//! `civis`: serve the API, deliver emails, apply migrations, print the OpenAPI document,
//! seed data.

use std::net::TcpListener;

use anyhow::Context;
use civis_api::{app, config, config::Settings, db, seed, state::AppState};

/// A connection for the commands that only need the database.
fn connect() -> anyhow::Result<db::Conn> {
    let url = std::env::var("DATABASE_URL").context("DATABASE_URL is not set")?;
    db::Db::new(&Settings::for_database(&url, "")).get()
}
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "civis", version, about = "Citizen-request platform for Quebec municipalities")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the REST API (and the web app) on $BIND.
    Serve,
    /// Deliver the outbox's emails over $SMTP_URL (several workers may run at once); also
    /// runs the periodic jobs every $JOBS_INTERVAL_SECS.
    Worker,
    /// Send only the webhook deliveries until SIGTERM (the worker also does; the benchmark
    /// runs this alone).
    Webhooks,
    /// Attach one email read from stdin (a mail server's pipe) to the request its reply
    /// address names; exits non-zero (the mail bounces) when it names none.
    Inbound,
    /// Run the periodic jobs once (reminders, overdue notices, monthly lists); idempotent.
    Jobs {
        /// The day to run them for (default: each town's today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
    },
    /// Anonymize now the contacts past each town's retention limit (the worker does it
    /// with the jobs); prints what it did and how long it took.
    Retention,
    /// Apply pending database migrations.
    Migrate,
    /// Print the OpenAPI document (what `openapi/openapi.json` holds).
    Openapi,
    /// Seed data.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
    /// Platform administration from the server's shell.
    Admin {
        #[command(subcommand)]
        what: AdminWhat,
    },
}

#[derive(Subcommand)]
enum AdminWhat {
    /// Create a platform administrator. The password is read from the terminal (asked
    /// twice, not shown) or from the first line of stdin; never from an argument.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "Administrateur")]
        first_name: String,
        #[arg(long, default_value = "Plateforme")]
        last_name: String,
        /// fr or en.
        #[arg(long, default_value = "fr")]
        language: civis_domain::Lang,
    },
    /// Reset a staff account's second factor (a platform administrator's lost phone, or
    /// after a new JWT_SECRET): the account enrols again at its next sign-in.
    ResetSecondFactor {
        #[arg(long)]
        email: String,
    },
}

#[derive(Subcommand)]
enum SeedWhat {
    /// The demo towns, their configuration and one account per role (idempotent).
    Demo,
    /// Synthetic requests for a town (benchmarks): set-based inserts with a progress bar.
    Requests {
        /// The town's slug.
        #[arg(long, default_value = "demo")]
        town: String,
        /// How many requests.
        #[arg(long, default_value_t = 10_000)]
        count: i64,
        /// Years back they spread over.
        #[arg(long, default_value_t = 10)]
        years: i64,
        /// Centre of the town (latitude, longitude).
        #[arg(long, default_value_t = 45.867)]
        lat: f64,
        #[arg(long, default_value_t = -74.082, allow_negative_numbers = true)]
        lng: f64,
    },
    /// A synthetic address register for a town (replaces its register).
    Addresses {
        #[arg(long, default_value = "demo")]
        town: String,
        #[arg(long, default_value_t = 1_000)]
        streets: usize,
        #[arg(long, default_value_t = 200)]
        per_street: usize,
        /// Centre of the town (latitude, longitude).
        #[arg(long, default_value_t = 45.868)]
        lat: f64,
        #[arg(long, default_value_t = -74.081, allow_negative_numbers = true)]
        lng: f64,
    },
    /// Synthetic knowledge-base articles for a town (benchmarks).
    Articles {
        /// The town's slug.
        #[arg(long, default_value = "demo")]
        town: String,
        /// How many articles.
        #[arg(long, default_value_t = 10_000)]
        count: usize,
    },
    /// The benchmark data set: towns of uneven size filled with synthetic requests.
    Bench {
        /// Requests in all.
        #[arg(long, default_value_t = 1_000_000)]
        count: i64,
        /// How many towns.
        #[arg(long, default_value_t = 50)]
        towns: i64,
    },
}

fn main() -> anyhow::Result<()> {
    init_logging();
    match Cli::parse().command {
        Command::Openapi => {
            print!("{}", app::openapi_json());
            Ok(())
        }
        Command::Migrate => {
            let applied = db::migrate(&mut *connect()?)?;
            println!(
                "migrations applied: {}",
                if applied.is_empty() { "none pending".into() } else { applied.join(", ") }
            );
            Ok(())
        }
        Command::Seed { what } => seed_command(what),
        Command::Admin { what: AdminWhat::Create { email, first_name, last_name, language } } => {
            create_admin(&email, (&first_name, &last_name), language)
        }
        Command::Admin { what: AdminWhat::ResetSecondFactor { email } } => {
            civis_api::service::second_factor::reset_from_shell(&mut *connect()?, &email)
                .map_err(|e| anyhow::anyhow!("not reset: {}", e.problem().message_en))?;
            println!("The second factor of {email} is reset; the account enrols again at its next sign-in.");
            Ok(())
        }
        Command::Serve => serve(production_checked(Settings::from_env()?)?),
        Command::Worker => {
            civis_api::worker::run(&production_checked(Settings::from_env()?)?, civis_api::worker::stop_on_signals())
        }
        Command::Webhooks => {
            civis_api::hooks::run(&production_checked(Settings::from_env()?)?, civis_api::worker::stop_on_signals())
        }
        Command::Inbound => inbound(),
        Command::Retention => retention(),
        Command::Jobs { date } => {
            let report = civis_api::jobs::run(&mut *connect()?, date).map_err(|e| anyhow::anyhow!("{e}"))?;
            let settings = Settings::from_env()?;
            civis_api::storage::Storage::new(&settings.storage_url, &settings.s3)?
                .delete_blocking(&report.removed_files);
            println!("{report:?}");
            Ok(())
        }
    }
}

/// Logs to standard output; `LOG_FORMAT=json`: one JSON object per line (the event's
/// fields at the top level, no span fields: a span may carry a request's address with its
/// query).
fn init_logging() {
    let filter =
        tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,actix_server=warn".into());
    if std::env::var("LOG_FORMAT").is_ok_and(|f| f.trim() == "json") {
        tracing_subscriber::fmt()
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .with_env_filter(filter)
            .init();
    } else {
        tracing_subscriber::fmt().with_env_filter(filter).init();
    }
}

/// `civis seed …`: the demo, or the benchmark's data.
fn seed_command(what: SeedWhat) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let took = || started.elapsed().as_secs_f64();
    match what {
        SeedWhat::Demo => {
            // Demo accounts open with a published password: never on a production install.
            if config::production()? {
                anyhow::bail!(
                    "`civis seed demo` makes accounts with a published password: not with CIVIS_ENV=production"
                );
            }
            let mut conn = connect()?;
            let created = seed::demo(&mut conn)?;
            println!("{}", if created { "Demo seeded." } else { "Demo already present." });
            let stored = seed::knowledge::store_documents(&config::storage_url(), &config::s3_from_env())?;
            println!("{stored} knowledge-base documents stored.");
            println!("Demo accounts (password: {}):", seed::DEMO_PASSWORD);
            for (email, what) in seed::DEMO_ACCOUNTS.iter().chain(seed::saint_exemple::ACCOUNTS) {
                println!("  {email:<32} {what}");
            }
        }
        SeedWhat::Requests { town, count, years, lat, lng } => {
            let spec =
                seed::synthetic::Synthetic { town_slug: &town, count, years, lat, lng, batch: seed::synthetic::BATCH };
            let n = seed::synthetic::generate(&mut *connect()?, &spec)?;
            println!("{n} requests generated for {town} in {:.1} s", took());
        }
        SeedWhat::Addresses { town, streets, per_street, lat, lng } => {
            let mut conn = connect()?;
            let id = civis_api::db::towns::find_by_slug(&mut conn, &town)?.context("no such town")?.id;
            seed::register::import(&mut conn, id, (lat, lng), streets, per_street)?;
            println!("{} addresses imported for {town} in {:.1} s", streets * per_street, took());
        }
        SeedWhat::Articles { town, count } => {
            let n = seed::kb_bench::articles(&mut *connect()?, &town, count)?;
            println!("{n} articles for {town} written in {:.1} s", took());
        }
        SeedWhat::Bench { count, towns } => {
            seed::bench::generate_bench(&mut *connect()?, count, towns)?;
            println!("{count} requests in {towns} towns generated in {:.1} s", took());
        }
    }
    Ok(())
}

/// `civis admin create`: the first platform administrator (the password read from stdin).
fn create_admin(email: &str, name: (&str, &str), language: civis_domain::Lang) -> anyhow::Result<()> {
    let password = read_password()?;
    let id = civis_api::service::install::create_platform_admin(&mut *connect()?, email, name, language, &password)
        .map_err(|e| {
            let p = e.problem();
            let fields: Vec<String> = p.errors.iter().map(|f| format!("{}: {}", f.field, f.message_en)).collect();
            anyhow::anyhow!("not created: {} {}", p.message_en, fields.join(" "))
        })?;
    println!("Platform administrator {email} created (id {id}).");
    Ok(())
}

/// `civis inbound`: one email on stdin, attached to its request.
fn inbound() -> anyhow::Result<()> {
    use std::io::Read;
    let settings = Settings::from_env()?;
    let keys = settings.reply_keys().context("REPLY_DOMAIN is not set")?;
    let mut raw = Vec::new();
    std::io::stdin().take(12 * 1024 * 1024).read_to_end(&mut raw)?;
    let limits = civis_api::limits::Limiter::new(&settings.secret, settings.rate_limit_factor);
    let received = civis_api::service::inbound::receive(&mut *connect()?, &keys, &limits, &raw)
        .map_err(|e| anyhow::anyhow!("not attached: {e}"))?;
    println!("{}", serde_json::to_string(&received)?);
    Ok(())
}

/// `civis retention`: the towns' retention periods applied now.
fn retention() -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let (anonymized, files) = civis_api::jobs::retention::run(&mut *connect()?, civis_api::clock::now())
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let settings = Settings::from_env()?;
    civis_api::storage::Storage::new(&settings.storage_url, &settings.s3)?.delete_blocking(&files);
    println!(
        "anonymized {anonymized} contacts, removed {} files, in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A production install (`CIVIS_ENV=production`) does not start while demo accounts still
/// open with the demo password.
fn production_checked(settings: Settings) -> anyhow::Result<Settings> {
    if settings.production {
        let left = civis_api::seed::demo_passwords_left(&mut *connect()?)
            .map_err(|e| anyhow::anyhow!("checking demo accounts: {e}"))?;
        if !left.is_empty() {
            anyhow::bail!(
                "CIVIS_ENV=production, but these demo accounts still have the demo password: {}. \
Deactivate them or change their passwords (or install without `seed demo`).",
                left.join(", ")
            );
        }
    }
    Ok(settings)
}

/// A password from the terminal (not echoed, asked twice) or stdin's first line.
fn read_password() -> anyhow::Result<String> {
    use std::io::{BufRead, IsTerminal};
    let stdin = std::io::stdin();
    let line = || -> anyhow::Result<String> {
        let mut s = String::new();
        stdin.lock().read_line(&mut s)?;
        Ok(s.trim_end_matches(['\r', '\n']).to_string())
    };
    if !stdin.is_terminal() {
        return line();
    }
    let echo = |on: bool| std::process::Command::new("stty").arg(if on { "echo" } else { "-echo" }).status();
    eprint!("Password (12 characters or more): ");
    let _ = echo(false);
    let first = line();
    eprint!("\nAgain: ");
    let second = line();
    let _ = echo(true);
    eprintln!();
    let (first, second) = (first?, second?);
    anyhow::ensure!(first == second, "the two passwords differ");
    Ok(first)
}

#[actix_web::main]
async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listener = TcpListener::bind(&settings.bind).with_context(|| format!("cannot bind {}", settings.bind))?;
    tracing::info!(address = %settings.bind, "serving");
    let state = actix_web::web::Data::new(AppState::new(settings)?);
    app::server(state, listener)?.await?;
    Ok(())
}
