//! Every setting, its environment variable and its default, in one place.
//!
//! Precedence: environment variable > TOML file (`XUESHI_CONFIG`) > default.
//! The README's configuration table mirrors [`SETTINGS`].

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use serde::Deserialize;

/// (environment variable, TOML key, default, meaning) — shown by `xueshi config` and in README.
pub const SETTINGS: &[(&str, &str, &str, &str)] = &[
    (
        "XUESHI_CONFIG",
        "-",
        "(none)",
        "optional TOML file with the keys below",
    ),
    (
        "XUESHI_BIND",
        "bind",
        "127.0.0.1:8080",
        "address the HTTP server listens on",
    ),
    (
        "XUESHI_DATA_DIR",
        "data_dir",
        "./data",
        "SQLite file, local attachments, generated keys",
    ),
    (
        "XUESHI_DATABASE_URL",
        "database_url",
        "sqlite://<data_dir>/xueshi.db",
        "or postgres://user:pass@host/db",
    ),
    (
        "XUESHI_STATIC_DIR",
        "static_dir",
        "./frontend/dist",
        "the built SPA served at /",
    ),
    (
        "XUESHI_JWT_SECRET",
        "jwt_secret",
        "generated into <data_dir>/jwt_secret",
        "HMAC key for access tokens; required with PostgreSQL (share it across instances)",
    ),
    (
        "XUESHI_STORAGE",
        "storage",
        "local",
        "local (files under <data_dir>/files) or s3",
    ),
    (
        "XUESHI_S3_ENDPOINT",
        "s3_endpoint",
        "(none)",
        "e.g. http://127.0.0.1:9000",
    ),
    (
        "XUESHI_S3_BUCKET",
        "s3_bucket",
        "xueshi",
        "bucket (created by the operator)",
    ),
    (
        "XUESHI_S3_REGION",
        "s3_region",
        "us-east-1",
        "region name used for signing",
    ),
    (
        "XUESHI_S3_ACCESS_KEY",
        "s3_access_key",
        "(none)",
        "access key id",
    ),
    (
        "XUESHI_S3_SECRET_KEY",
        "s3_secret_key",
        "(none)",
        "secret access key",
    ),
    (
        "XUESHI_S3_PATH_STYLE",
        "s3_path_style",
        "true",
        "path-style URLs (needed by most non-AWS stores)",
    ),
    (
        "XUESHI_DEMO_DATA",
        "demo_data",
        "true with SQLite, false with PostgreSQL",
        "create demo units and logins when the database is empty",
    ),
    (
        "XUESHI_EVIDENCE_MAX_MB",
        "evidence_max_mb",
        "10",
        "largest evidence image accepted, in MB (D16)",
    ),
    (
        "XUESHI_PUBLIC_URL",
        "public_url",
        "http://<the address listened on>",
        "the address the public reaches; certificates' QR codes point to <public_url>/verify/…",
    ),
    (
        "XUESHI_SIGNING_KEY",
        "signing_key",
        "generated into <data_dir>/signing_key",
        "Ed25519 private key (base64 of the 32-byte seed) signing certificates; required with PostgreSQL",
    ),
    (
        "XUESHI_CERT_FONT",
        "cert_font",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc#2",
        "certificate body font: file#face (face 2 of Noto CJK is Simplified Chinese)",
    ),
    (
        "XUESHI_CERT_FONT_BOLD",
        "cert_font_bold",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc#2",
        "certificate title and seal font: file#face",
    ),
    (
        "XUESHI_SEAL_TEXT",
        "seal_text",
        "浙江省住房和城乡建设厅",
        "the seal's upper arc (the issuing authority)",
    ),
    (
        "XUESHI_SEAL_SUBTEXT",
        "seal_subtext",
        "教育专用章",
        "the seal's line below the star",
    ),
    (
        "XUESHI_VERIFY_PER_MINUTE",
        "verify_per_minute",
        "30",
        "public certificate verifications allowed per client address per minute",
    ),
    (
        "XUESHI_BATCH_MAX",
        "batch_max",
        "5000",
        "most certificates in one batch print (the ZIP is built in memory); choose a lower unit for more",
    ),
    (
        "XUESHI_ROSTER_MARGIN",
        "roster_margin",
        "10",
        "percent a class roster may exceed its 计划培训人数 before the preview warns",
    ),
    (
        "XUESHI_SYNC_PER_MINUTE",
        "sync_per_minute",
        "120",
        "calls one e-learning platform may make per minute (push and read-back), across instances",
    ),
    (
        "XUESHI_BEHIND_PROXY",
        "behind_proxy",
        "false",
        "true behind our load balancer: the client address is the last X-Forwarded-For entry",
    ),
    ("RUST_LOG", "-", "info", "log filter (tracing)"),
];

#[derive(Debug, Clone)]
pub struct Config {
    pub bind: String,
    pub data_dir: PathBuf,
    pub database_url: String,
    pub static_dir: PathBuf,
    pub jwt_secret: Option<String>,
    pub storage: StorageConfig,
    pub demo_data: bool,
    pub evidence_max_bytes: usize,
    pub certificates: CertificateConfig,
    pub behind_proxy: bool,
    /// Percent over 计划培训人数 a roster may reach without a warning.
    pub roster_margin: u32,
    /// Calls one sync platform may make per minute.
    pub sync_per_minute: u32,
}

/// Settings of the certificate feature (issue 6).
#[derive(Clone)]
pub struct CertificateConfig {
    /// Base URL printed into QR codes, without a trailing slash; `None` = the address the
    /// server listens on.
    pub public_url: Option<String>,
    /// Base64 Ed25519 seed; `None` in the embedded mode = generated into the data dir.
    pub signing_key: Option<String>,
    pub font: FontSource,
    pub font_bold: FontSource,
    pub seal_text: String,
    pub seal_subtext: String,
    pub verify_per_minute: u32,
    pub batch_max: u32,
}

// Hand-written so the signing key never reaches a log line.
impl std::fmt::Debug for CertificateConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CertificateConfig")
            .field("public_url", &self.public_url)
            .field("font", &self.font)
            .field("font_bold", &self.font_bold)
            .field("seal_text", &self.seal_text)
            .finish_non_exhaustive()
    }
}

/// A font file and the face inside a collection (`.ttc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FontSource {
    pub path: PathBuf,
    pub index: u32,
}

impl FontSource {
    /// `path#index`, or just a path (face 0).
    pub fn parse(s: &str) -> anyhow::Result<Self> {
        match s.rsplit_once('#') {
            Some((path, index)) => Ok(Self {
                path: path.into(),
                index: index
                    .parse()
                    .with_context(|| format!("font face index must be a number: {s}"))?,
            }),
            None => Ok(Self {
                path: s.into(),
                index: 0,
            }),
        }
    }
}

impl CertificateConfig {
    /// The defaults (tests start from here).
    pub fn defaults() -> Self {
        let noto = |file: &str| FontSource {
            path: PathBuf::from("/usr/share/fonts/opentype/noto").join(file),
            index: 2,
        };
        Self {
            public_url: None,
            signing_key: None,
            font: noto("NotoSansCJK-Regular.ttc"),
            font_bold: noto("NotoSansCJK-Bold.ttc"),
            seal_text: "浙江省住房和城乡建设厅".into(),
            seal_subtext: "教育专用章".into(),
            verify_per_minute: 30,
            batch_max: 5000,
        }
    }
}

#[derive(Debug, Clone)]
pub enum StorageConfig {
    Local { root: PathBuf },
    S3(S3Config),
}

#[derive(Clone)]
pub struct S3Config {
    pub endpoint: String,
    pub bucket: String,
    pub region: String,
    pub access_key: String,
    pub secret_key: String,
    pub path_style: bool,
}

// Hand-written so the secret key never reaches a log line.
impl std::fmt::Debug for S3Config {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Config")
            .field("endpoint", &self.endpoint)
            .field("bucket", &self.bucket)
            .field("region", &self.region)
            .field("path_style", &self.path_style)
            .finish_non_exhaustive()
    }
}

/// The TOML file's shape: every key optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    bind: Option<String>,
    data_dir: Option<PathBuf>,
    database_url: Option<String>,
    static_dir: Option<PathBuf>,
    jwt_secret: Option<String>,
    storage: Option<String>,
    s3_endpoint: Option<String>,
    s3_bucket: Option<String>,
    s3_region: Option<String>,
    s3_access_key: Option<String>,
    s3_secret_key: Option<String>,
    s3_path_style: Option<bool>,
    demo_data: Option<bool>,
    evidence_max_mb: Option<u32>,
    public_url: Option<String>,
    signing_key: Option<String>,
    cert_font: Option<String>,
    cert_font_bold: Option<String>,
    seal_text: Option<String>,
    seal_subtext: Option<String>,
    verify_per_minute: Option<u32>,
    behind_proxy: Option<bool>,
    batch_max: Option<u32>,
    roster_margin: Option<u32>,
    sync_per_minute: Option<u32>,
}

impl Config {
    /// Reads the process environment (and the TOML file it names).
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_lookup(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
    }

    /// Builds the configuration from any key lookup, so tests need not touch the process env.
    pub fn from_lookup(env: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let file = match env("XUESHI_CONFIG") {
            Some(path) => {
                let text = std::fs::read_to_string(&path)
                    .with_context(|| format!("cannot read XUESHI_CONFIG file {path}"))?;
                toml::from_str::<FileConfig>(&text)
                    .with_context(|| format!("invalid XUESHI_CONFIG file {path}"))?
            }
            None => FileConfig::default(),
        };
        let pick = |key: &str, from_file: Option<String>| env(key).or(from_file);
        let flag = |key: &str, from_file: Option<bool>| -> anyhow::Result<Option<bool>> {
            match env(key) {
                Some(v) => parse_bool(key, &v).map(Some),
                None => Ok(from_file),
            }
        };

        let data_dir = pick("XUESHI_DATA_DIR", file.data_dir.map(path_string))
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("./data"));
        let database_url = pick("XUESHI_DATABASE_URL", file.database_url)
            .unwrap_or_else(|| default_sqlite_url(&data_dir));
        let is_sqlite = database_url.starts_with("sqlite:");
        if !is_sqlite && !database_url.starts_with("postgres") {
            bail!(
                "XUESHI_DATABASE_URL must start with sqlite: or postgres:// (got another scheme)"
            );
        }
        let jwt_secret = pick("XUESHI_JWT_SECRET", file.jwt_secret);
        if !is_sqlite && jwt_secret.is_none() {
            bail!(
                "XUESHI_JWT_SECRET is required with PostgreSQL: every API instance must share it"
            );
        }
        if let Some(secret) = &jwt_secret
            && secret.len() < 32
        {
            bail!("XUESHI_JWT_SECRET must be at least 32 characters");
        }

        let storage = match pick("XUESHI_STORAGE", file.storage).as_deref() {
            None | Some("local") => StorageConfig::Local {
                root: data_dir.join("files"),
            },
            Some("s3") => {
                let required = |key: &str, v: Option<String>| {
                    pick(key, v)
                        .with_context(|| format!("{key} is required when XUESHI_STORAGE=s3"))
                };
                StorageConfig::S3(S3Config {
                    endpoint: required("XUESHI_S3_ENDPOINT", file.s3_endpoint)?,
                    bucket: pick("XUESHI_S3_BUCKET", file.s3_bucket)
                        .unwrap_or_else(|| "xueshi".into()),
                    region: pick("XUESHI_S3_REGION", file.s3_region)
                        .unwrap_or_else(|| "us-east-1".into()),
                    access_key: required("XUESHI_S3_ACCESS_KEY", file.s3_access_key)?,
                    secret_key: required("XUESHI_S3_SECRET_KEY", file.s3_secret_key)?,
                    path_style: flag("XUESHI_S3_PATH_STYLE", file.s3_path_style)?.unwrap_or(true),
                })
            }
            Some(other) => bail!("XUESHI_STORAGE must be local or s3 (got {other})"),
        };

        let evidence_max_mb = match env("XUESHI_EVIDENCE_MAX_MB") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .with_context(|| format!("XUESHI_EVIDENCE_MAX_MB must be 1–100 (got {v})"))?,
            None => file.evidence_max_mb.unwrap_or(10),
        };

        let bind = pick("XUESHI_BIND", file.bind).unwrap_or_else(|| "127.0.0.1:8080".into());
        let mut certificates = CertificateConfig::defaults();
        if let Some(url) = pick("XUESHI_PUBLIC_URL", file.public_url) {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                bail!("XUESHI_PUBLIC_URL must start with http:// or https:// (got {url})");
            }
            certificates.public_url = Some(url.trim_end_matches('/').to_owned());
        }
        certificates.signing_key = pick("XUESHI_SIGNING_KEY", file.signing_key);
        if !is_sqlite && certificates.signing_key.is_none() {
            bail!(
                "XUESHI_SIGNING_KEY is required with PostgreSQL: every API instance must sign certificates with the same key"
            );
        }
        if let Some(f) = pick("XUESHI_CERT_FONT", file.cert_font) {
            certificates.font = FontSource::parse(&f)?;
        }
        if let Some(f) = pick("XUESHI_CERT_FONT_BOLD", file.cert_font_bold) {
            certificates.font_bold = FontSource::parse(&f)?;
        }
        if let Some(t) = pick("XUESHI_SEAL_TEXT", file.seal_text) {
            certificates.seal_text = t;
        }
        if let Some(t) = pick("XUESHI_SEAL_SUBTEXT", file.seal_subtext) {
            certificates.seal_subtext = t;
        }
        certificates.verify_per_minute = match env("XUESHI_VERIFY_PER_MINUTE") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| *n >= 1)
                .with_context(|| format!("XUESHI_VERIFY_PER_MINUTE must be ≥ 1 (got {v})"))?,
            None => file.verify_per_minute.unwrap_or(30),
        };
        certificates.batch_max = match env("XUESHI_BATCH_MAX") {
            Some(v) => v
                .parse::<u32>()
                .with_context(|| format!("XUESHI_BATCH_MAX must be a number (got {v})"))?,
            None => file.batch_max.unwrap_or(5000),
        };

        let roster_margin = match env("XUESHI_ROSTER_MARGIN") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= 1000)
                .with_context(|| format!("XUESHI_ROSTER_MARGIN must be 0–1000 (got {v})"))?,
            None => file.roster_margin.unwrap_or(10),
        };

        let sync_per_minute = match env("XUESHI_SYNC_PER_MINUTE") {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100_000).contains(n))
                .with_context(|| format!("XUESHI_SYNC_PER_MINUTE must be 1–100000 (got {v})"))?,
            None => file.sync_per_minute.unwrap_or(120),
        };

        Ok(Config {
            roster_margin,
            sync_per_minute,
            evidence_max_bytes: evidence_max_mb as usize * 1024 * 1024,
            certificates,
            behind_proxy: flag("XUESHI_BEHIND_PROXY", file.behind_proxy)?.unwrap_or(false),
            bind,
            static_dir: pick("XUESHI_STATIC_DIR", file.static_dir.map(path_string))
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("./frontend/dist")),
            demo_data: flag("XUESHI_DEMO_DATA", file.demo_data)?.unwrap_or(is_sqlite),
            data_dir,
            database_url,
            jwt_secret,
            storage,
        })
    }

    pub fn is_sqlite(&self) -> bool {
        self.database_url.starts_with("sqlite:")
    }
}

fn path_string(p: PathBuf) -> String {
    p.to_string_lossy().into_owned()
}

fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("xueshi.db").display())
}

fn parse_bool(key: &str, v: &str) -> anyhow::Result<bool> {
    match v.to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => bail!("{key} must be true or false (got {v})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn cfg(pairs: &[(&str, &str)]) -> anyhow::Result<Config> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_embedded_mode() -> anyhow::Result<()> {
        let c = cfg(&[])?;
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert!(c.is_sqlite());
        assert!(c.database_url.contains("data/xueshi.db"));
        assert!(c.demo_data);
        assert!(matches!(c.storage, StorageConfig::Local { .. }));
        Ok(())
    }

    #[test]
    fn postgres_requires_a_shared_jwt_secret() {
        let err = cfg(&[("XUESHI_DATABASE_URL", "postgres://x@localhost/db")]);
        assert!(err.is_err());
        let ok = cfg(&[
            ("XUESHI_DATABASE_URL", "postgres://x@localhost/db"),
            ("XUESHI_JWT_SECRET", "0123456789abcdef0123456789abcdef"),
            (
                "XUESHI_SIGNING_KEY",
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            ),
        ]);
        assert!(ok.is_ok_and(|c| !c.demo_data));
    }

    #[test]
    fn toml_file_is_read_and_env_wins() -> anyhow::Result<()> {
        let path = std::env::temp_dir().join(format!("xueshi-{}.toml", uuid::Uuid::new_v4()));
        std::fs::write(
            &path,
            "bind = \"0.0.0.0:9000\"\ndata_dir = \"/srv/x\"\ndemo_data = false\n",
        )?;
        let file = path.to_string_lossy().into_owned();
        let c = cfg(&[("XUESHI_CONFIG", &file), ("XUESHI_BIND", "127.0.0.1:1")]);
        let typo = {
            std::fs::write(&path, "bnid = \"x\"\n")?;
            cfg(&[("XUESHI_CONFIG", &file)])
        };
        std::fs::remove_file(&path)?;
        let c = c?;
        assert_eq!(c.bind, "127.0.0.1:1");
        assert_eq!(c.data_dir, PathBuf::from("/srv/x"));
        assert!(!c.demo_data);
        assert!(typo.is_err(), "unknown keys are refused");
        Ok(())
    }

    #[test]
    fn s3_needs_endpoint_and_keys() {
        assert!(cfg(&[("XUESHI_STORAGE", "s3")]).is_err());
        let c = cfg(&[
            ("XUESHI_STORAGE", "s3"),
            ("XUESHI_S3_ENDPOINT", "http://127.0.0.1:9000"),
            ("XUESHI_S3_ACCESS_KEY", "ak"),
            ("XUESHI_S3_SECRET_KEY", "sk-secret"),
        ]);
        let c = c.expect("valid s3 config");
        assert!(!format!("{:?}", c.storage).contains("sk-secret"));
    }
}
