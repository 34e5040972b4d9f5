//! `civis`: serve the API, apply migrations, print the OpenAPI document, seed data.

use std::net::TcpListener;

use anyhow::Context;
use civis_api::{app, config::Settings, db, seed, state::AppState};
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
    /// Apply pending database migrations.
    Migrate,
    /// Print the OpenAPI document (what `openapi/openapi.json` holds).
    Openapi,
    /// Seed data.
    Seed {
        #[command(subcommand)]
        what: SeedWhat,
    },
}

#[derive(Subcommand)]
enum SeedWhat {
    /// The demo towns, their configuration and one account per role (idempotent).
    Demo,
}

fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info,actix_server=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Openapi => {
            print!("{}", app::openapi_json());
            Ok(())
        }
        Command::Migrate => {
            let settings = Settings::from_env()?;
            let applied = db::migrate(&mut *db::Db::new(&settings).get()?)?;
            println!(
                "migrations applied: {}",
                if applied.is_empty() { "none pending".into() } else { applied.join(", ") }
            );
            Ok(())
        }
        Command::Seed { what: SeedWhat::Demo } => {
            let settings = Settings::from_env()?;
            let mut conn = db::Db::new(&settings).get()?;
            let created = seed::demo(&mut conn)?;
            println!("{}", if created { "Demo seeded." } else { "Demo already present." });
            println!("Demo accounts (password: {}):", seed::DEMO_PASSWORD);
            for (email, what) in seed::DEMO_ACCOUNTS {
                println!("  {email:<28} {what}");
            }
            Ok(())
        }
        Command::Serve => serve(Settings::from_env()?),
    }
}

#[actix_web::main]
async fn serve(settings: Settings) -> anyhow::Result<()> {
    let listener = TcpListener::bind(&settings.bind).with_context(|| format!("cannot bind {}", settings.bind))?;
    tracing::info!(address = %settings.bind, "serving");
    let state = actix_web::web::Data::new(AppState::new(settings));
    app::server(state, listener)?.await?;
    Ok(())
}
