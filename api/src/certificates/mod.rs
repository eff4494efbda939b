//! 学时登记证明 (issue 6): a signed, sealed PDF per person and year, verifiable by anyone
//! online (number or QR code) or offline (the QR token against the published key).

pub mod batch;
pub mod entity;
pub mod fonts;
pub mod model;
pub mod pdf;
pub mod routes;
pub mod seal;
pub mod service;
pub mod signing;

use tokio::sync::Notify;

use crate::{
    config::CertificateConfig,
    error::{AppError, AppResult},
};

/// Everything the feature needs, loaded once at start.
pub struct Certifier {
    pub key: signing::CertKey,
    fonts: Result<fonts::Fonts, String>,
    public_url: std::sync::OnceLock<String>,
    pub seal_text: String,
    pub seal_subtext: String,
    pub verify_per_minute: u32,
    /// Most persons in one batch print.
    pub batch_max: u32,
    /// Nudges this instance's re-issuer after a decision commits.
    pub wake: Notify,
}

impl Certifier {
    pub fn new(config: &CertificateConfig, data_dir: &std::path::Path) -> anyhow::Result<Self> {
        let key = signing::CertKey::load(config.signing_key.as_deref(), data_dir)?;
        let fonts = fonts::Fonts::load(&config.font, &config.font_bold).map_err(|e| {
            // Said loudly once at start; the endpoints then answer 503 with the same words.
            tracing::error!("学时登记证明功能不可用：{e:#}");
            format!("{e:#}")
        });
        Ok(Self {
            key,
            fonts,
            public_url: config
                .public_url
                .as_deref()
                .map(|u| u.trim_end_matches('/').to_owned())
                .map(std::sync::OnceLock::from)
                .unwrap_or_default(),
            seal_text: config.seal_text.clone(),
            seal_subtext: config.seal_subtext.clone(),
            verify_per_minute: config.verify_per_minute,
            batch_max: config.batch_max,
            wake: Notify::new(),
        })
    }

    pub fn fonts(&self) -> AppResult<&fonts::Fonts> {
        self.fonts.as_ref().map_err(|e| {
            AppError::unavailable(
                "certificate_font_missing",
                format!("学时登记证明暂不可用：{e}"),
            )
        })
    }

    /// Without `XUESHI_PUBLIC_URL`, QR codes point at the address the server listens on.
    pub fn listening_on(&self, addr: std::net::SocketAddr) {
        let host = if addr.ip().is_unspecified() {
            std::net::SocketAddr::new([127, 0, 0, 1].into(), addr.port())
        } else {
            addr
        };
        let _ = self.public_url.set(format!("http://{host}"));
    }

    pub fn public_url(&self) -> &str {
        self.public_url
            .get()
            .map_or("http://127.0.0.1:8080", String::as_str)
    }

    /// Lets the re-issuer look now rather than at its next tick.
    pub fn wake(&self) {
        self.wake.notify_one();
    }
}
