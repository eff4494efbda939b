//! `xueshi`: serve | migrate | openapi | seed-demo | create-admin | verify-token | config

use clap::{Parser, Subcommand};
use tracing_subscriber::EnvFilter;
use xueshi::{auth::Role, config::Config, demo};

#[derive(Parser)]
#[command(name = "xueshi", version, about = "学时登记管理系统")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the HTTP server (API at /api/v1, the SPA at /). The default.
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Print the OpenAPI 3.1 document (`xueshi openapi > openapi/openapi.json`).
    Openapi,
    /// Create the demo units and logins if the database is empty.
    SeedDemo,
    /// Create an administrator account for a real deployment.
    CreateAdmin {
        #[arg(long)]
        username: String,
        #[arg(long)]
        password: String,
        /// sysadmin | province | unit_admin | organiser
        #[arg(long)]
        role: String,
        /// The unit's 统一社会信用代码 (every role but sysadmin).
        #[arg(long)]
        unit: Option<String>,
    },
    /// Check a certificate's QR token offline against the published public key.
    VerifyToken {
        /// The Ed25519 public key, base64 (GET /api/v1/public/certificate-key).
        #[arg(long)]
        public_key: String,
        /// The verification URL from the QR code, or just its token.
        token: String,
    },
    /// Print every setting with its environment variable and default.
    Config,
}

fn main() -> anyhow::Result<()> {
    let command = Cli::parse().command.unwrap_or(Command::Serve);
    if matches!(
        command,
        Command::Serve | Command::Migrate | Command::SeedDemo | Command::CreateAdmin { .. }
    ) {
        init_tracing();
    }
    actix_web::rt::System::new().block_on(run(command))
}

async fn run(command: Command) -> anyhow::Result<()> {
    // These two need no configuration: they must work before any is written.
    match command {
        Command::Openapi => {
            print!("{}", xueshi::app::openapi_json());
            return Ok(());
        }
        Command::VerifyToken { public_key, token } => {
            use xueshi::certificates::signing;
            let key = signing::public_key_from_base64(&public_key)?;
            let token = token.rsplit_once("?t=").map_or(token.as_str(), |(_, t)| t);
            match signing::verify_token(&key, token) {
                Ok(p) => {
                    println!("签名有效 (key {})", signing::key_id(&key));
                    println!("{}", serde_json::to_string_pretty(&p)?);
                    return Ok(());
                }
                Err(e) => anyhow::bail!("签名无效或格式错误：{e:?}"),
            }
        }
        Command::Config => {
            for (env, key, default, meaning) in xueshi::config::SETTINGS {
                println!("{env:<22} {key:<15} {default:<40} {meaning}");
            }
            return Ok(());
        }
        _ => {}
    }
    let mut config = Config::from_env()?;
    match command {
        Command::Serve => {
            let state = xueshi::prepare(&config).await?;
            let (server, addr) = xueshi::listen(state, &config.bind)?;
            tracing::info!(%addr, storage = ?storage_kind(&config), "xueshi listening");
            println!(
                "学时登记管理系统 running at http://{addr}  (API docs: http://{addr}/api/docs)"
            );
            if config.demo_data {
                println!("demo logins (password {}):", demo::DEMO_PASSWORD);
                for (login, who) in demo::logins() {
                    println!("  {login:<20} {who}");
                }
            }
            server.await?;
        }
        Command::Migrate => {
            let db = xueshi::db::connect(&config.database_url).await?;
            xueshi::db::migrate(&db).await?;
            println!("migrations applied");
        }
        Command::SeedDemo => {
            config.demo_data = true;
            let state = xueshi::prepare(&config).await?;
            drop(state);
            println!("demo data present (password {})", demo::DEMO_PASSWORD);
        }
        Command::CreateAdmin {
            username,
            password,
            role,
            unit,
        } => {
            let role = Role::parse(&role).ok_or_else(|| {
                anyhow::anyhow!("unknown role {role}: sysadmin, province, unit_admin or organiser")
            })?;
            config.demo_data = false;
            let state = xueshi::prepare(&config).await?;
            let id = xueshi::auth::accounts::create_admin(
                &state.db,
                &username,
                &password,
                role,
                unit.as_deref(),
            )
            .await?;
            println!("created {username} ({}) id {id}", role.code());
        }
        Command::Openapi | Command::Config | Command::VerifyToken { .. } => {}
    }
    Ok(())
}

fn storage_kind(config: &Config) -> &'static str {
    match config.storage {
        xueshi::config::StorageConfig::Local { .. } => "local",
        xueshi::config::StorageConfig::S3(_) => "s3",
    }
}

fn init_tracing() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stdout()))
        .init();
}
