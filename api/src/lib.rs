//! Xueshi (学时登记管理系统): the API service as a library, so the binary and the black-box
//! tests start exactly the same server.

pub mod app;
pub mod audit;
pub mod auth;
pub mod calendar;
pub mod certificates;
pub mod claims;
pub mod classes;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod fields;
pub mod health;
pub mod hours;
pub mod notifications;
pub mod orgs;
pub mod people;
pub mod review;
pub mod rules;
pub mod standing;
pub mod storage;
pub mod sync;

use std::{net::SocketAddr, path::Path};

use actix_web::{HttpServer, dev::Server, web};
use anyhow::Context;
use rand::RngCore;

use crate::{app::AppState, auth::JwtKeys, config::Config, storage::signed_url::UrlSigner};

/// Connects, migrates, opens the storage, loads the keys and (when enabled and the database
/// is empty) seeds the demo data.
pub async fn prepare(config: &Config) -> anyhow::Result<web::Data<AppState>> {
    if config.is_sqlite() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!("cannot create data directory {}", config.data_dir.display())
        })?;
    }
    let db = db::connect(&config.database_url)
        .await
        .context("cannot connect to the database")?;
    db::migrate(&db).await.context("migrations failed")?;
    let storage = storage::build(&config.storage).await?;
    let secret = match &config.jwt_secret {
        Some(s) => s.as_bytes().to_vec(),
        None => load_or_create_secret(&config.data_dir.join("jwt_secret"))?,
    };
    let certificates = std::sync::Arc::new(certificates::Certifier::new(
        &config.certificates,
        &config.data_dir,
    )?);
    if config.demo_data && demo::seed_if_empty(&db).await? {
        demo::seed_claims(&db, storage.as_ref()).await?;
        tracing::info!("demo data created");
    }
    Ok(web::Data::new(AppState {
        db,
        storage,
        evidence_max_bytes: config.evidence_max_bytes,
        jwt: JwtKeys::new(&secret),
        signer: UrlSigner::new(&secret),
        certificates,
        behind_proxy: config.behind_proxy,
        roster_margin: config.roster_margin,
        sync_per_minute: config.sync_per_minute,
        static_dir: config.static_dir.clone(),
        openapi_json: app::openapi_json(),
    }))
}

/// Binds and returns the running server (not yet awaited) and its address; bind to port 0
/// for a free port.
pub fn listen(state: web::Data<AppState>, bind: &str) -> anyhow::Result<(Server, SocketAddr)> {
    let app_state = state.clone();
    let server = HttpServer::new(move || app::build(app_state.clone()))
        .bind(bind)
        .with_context(|| format!("cannot listen on {bind}"))?;
    let addr = server
        .addrs()
        .first()
        .copied()
        .context("server has no address")?;
    state.certificates.listening_on(addr);
    certificates::service::spawn_reissuer(state.clone());
    Ok((server.shutdown_timeout(5).run(), addr))
}

/// The JWT secret of the embedded mode: generated once, kept in the data dir (mode 0600).
fn load_or_create_secret(path: &Path) -> anyhow::Result<Vec<u8>> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let s = existing.trim();
        if s.len() >= 32 {
            return Ok(s.as_bytes().to_vec());
        }
    }
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    let secret = hex::encode(bytes);
    write_private(path, &secret).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(secret.into_bytes())
}

pub(crate) fn write_private(path: &Path, content: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    opts.open(path)?.write_all(content.as_bytes())
}
