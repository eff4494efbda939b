//! Test harness: starts the real server on a free port with a fresh database (SQLite file,
//! or a new PostgreSQL database when `XUESHI_TEST_DATABASE_URL` is set) and a temporary
//! data directory, and talks to it over HTTP like any client.

use std::path::PathBuf;

use actix_web::web;
use reqwest::{Client, Response, StatusCode};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use xueshi::{
    app::AppState,
    config::{CertificateConfig, Config, S3Config, StorageConfig},
};

/// Base64 Ed25519 seed of the test servers' certificate key.
pub const TEST_SIGNING_KEY: &str = "dGVzdC1zaWduaW5nLWtleS10ZXN0LXNpZ25pbmcta2U=";

pub use xueshi::demo::DEMO_PASSWORD;

/// Demo unit codes.
pub mod units {
    pub const ROOT: &str = "11330000002482010G";
    /// 浙江省建设投资集团有限公司 (二级, a group).
    pub const JT: &str = "91330000142925110M";
    /// 浙江省建工集团有限责任公司 (三级 under JT).
    pub const JG: &str = "91330000142937230K";
    /// 浙江省二建建设集团有限公司 (三级 under JT).
    pub const EJ: &str = "91330000142920540B";
    /// 浙江省建筑设计研究院 (二级).
    pub const SJY: &str = "123300004700051302";
}

pub struct TestApp {
    pub base: String,
    pub client: Client,
    pub state: web::Data<AppState>,
    pub backend: &'static str,
    _dir: tempfile::TempDir,
}

/// `postgres` when the suite runs against PostgreSQL, else `sqlite`.
pub fn backend() -> &'static str {
    if std::env::var("XUESHI_TEST_DATABASE_URL").is_ok() {
        "postgres"
    } else {
        "sqlite"
    }
}

/// A fresh, empty database URL for one test.
pub async fn fresh_database_url(dir: &std::path::Path) -> anyhow::Result<String> {
    match std::env::var("XUESHI_TEST_DATABASE_URL") {
        Ok(admin_url) => {
            let name = format!("xt_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&admin_url).await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE {name}"))
                .await?;
            admin.close().await?;
            let (base, _) = admin_url
                .rsplit_once('/')
                .ok_or_else(|| anyhow::anyhow!("XUESHI_TEST_DATABASE_URL needs a database path"))?;
            Ok(format!("{base}/{name}"))
        }
        Err(_) => Ok(format!(
            "sqlite://{}?mode=rwc",
            dir.join("test.db").display()
        )),
    }
}

impl TestApp {
    /// A server with the demo data seeded.
    pub async fn spawn() -> Self {
        Self::spawn_with(true).await
    }

    pub async fn spawn_with(demo: bool) -> Self {
        Self::spawn_full(demo, None).await
    }

    /// A server whose attachments go to the given storage instead of the temp dir.
    pub async fn spawn_with_storage(storage: StorageConfig) -> Self {
        Self::spawn_full(false, Some(storage)).await
    }

    /// Demo data, with attachments in the given storage.
    pub async fn spawn_demo_with_storage(storage: StorageConfig) -> Self {
        Self::spawn_full(true, Some(storage)).await
    }

    async fn spawn_full(demo: bool, storage: Option<StorageConfig>) -> Self {
        Self::spawn_configured(demo, storage, |_| {}).await
    }

    /// Demo data and a change to the configuration (e.g. a small rate limit).
    pub async fn spawn_tuned(tune: impl FnOnce(&mut Config)) -> Self {
        Self::spawn_configured(true, None, tune).await
    }

    async fn spawn_configured(
        demo: bool,
        storage: Option<StorageConfig>,
        tune: impl FnOnce(&mut Config),
    ) -> Self {
        match Self::try_spawn(demo, storage, tune).await {
            Ok(app) => app,
            Err(e) => panic!("test server failed to start: {e:#}"),
        }
    }

    async fn try_spawn(
        demo: bool,
        storage: Option<StorageConfig>,
        tune: impl FnOnce(&mut Config),
    ) -> anyhow::Result<Self> {
        let dir = tempfile::tempdir()?;
        let static_dir = dir.path().join("static");
        std::fs::create_dir_all(static_dir.join("assets"))?;
        std::fs::write(
            static_dir.join("index.html"),
            "<!doctype html><title>学时登记</title><div id=app></div>",
        )?;
        std::fs::write(
            static_dir.join("api-docs.html"),
            "<!doctype html><title>API 文档</title>",
        )?;
        std::fs::write(static_dir.join("assets/app.js"), "console.log('ok')")?;
        let mut config = Config {
            bind: "127.0.0.1:0".into(),
            data_dir: dir.path().join("data"),
            database_url: fresh_database_url(dir.path()).await?,
            static_dir,
            jwt_secret: Some("test-secret-test-secret-test-secret-00".into()),
            storage: storage.unwrap_or_else(|| StorageConfig::Local {
                root: dir.path().join("data/files"),
            }),
            demo_data: demo,
            evidence_max_bytes: 10 * 1024 * 1024,
            behind_proxy: false,
            roster_margin: 10,
            sync_per_minute: 10_000,
            certificates: CertificateConfig {
                signing_key: Some(TEST_SIGNING_KEY.into()),
                verify_per_minute: 1000,
                ..CertificateConfig::defaults()
            },
        };
        tune(&mut config);
        let state = xueshi::prepare(&config).await?;
        let (server, addr) = xueshi::listen(state.clone(), &config.bind)?;
        tokio::spawn(server);
        Ok(Self {
            base: format!("http://{addr}"),
            client: Client::builder().build()?,
            state,
            backend: backend(),
            _dir: dir,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn data_dir(&self) -> PathBuf {
        self._dir.path().join("data")
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        let mut req = self.client.get(self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request failed")
    }

    pub async fn post(&self, path: &str, body: Value, token: Option<&str>) -> Response {
        let mut req = self.client.post(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request failed")
    }

    pub async fn patch(&self, path: &str, body: Value, token: Option<&str>) -> Response {
        let mut req = self.client.patch(self.url(path)).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send().await.expect("request failed")
    }

    /// An access token for a demo login.
    pub async fn token(&self, username: &str) -> String {
        self.login(username, DEMO_PASSWORD).await.access
    }

    /// GET that must answer 200; returns the JSON body.
    pub async fn get_ok(&self, path: &str, token: &str) -> Value {
        let resp = self.get(path, Some(token)).await;
        let status = resp.status();
        let body: Value = resp.json().await.unwrap_or(Value::Null);
        assert_eq!(status, StatusCode::OK, "GET {path}: {body}");
        body
    }

    /// Rows in the public verification log.
    pub async fn verifications(&self) -> u64 {
        use sea_orm::{EntityTrait, PaginatorTrait};
        xueshi::certificates::entity::verification::Entity::find()
            .count(&self.state.db)
            .await
            .expect("count")
    }

    /// The id of a demo unit by its code.
    pub async fn unit_id(&self, code: &str) -> String {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        xueshi::orgs::unit::Entity::find()
            .filter(xueshi::orgs::unit::Column::Code.eq(code))
            .one(&self.state.db)
            .await
            .expect("query")
            .map(|u| u.id.to_string())
            .expect("unit exists")
    }

    pub async fn login_response(&self, username: &str, password: &str) -> Response {
        self.post(
            "/api/v1/auth/login",
            json!({ "username": username, "password": password }),
            None,
        )
        .await
    }

    /// Logs in and returns the token response; panics unless it is 200.
    pub async fn login(&self, username: &str, password: &str) -> Tokens {
        let resp = self.login_response(username, password).await;
        let status = resp.status();
        let body: Value = resp.json().await.expect("json body");
        assert_eq!(status, StatusCode::OK, "login {username}: {body}");
        Tokens {
            access: body["access_token"].as_str().unwrap_or_default().to_owned(),
            refresh: body["refresh_token"]
                .as_str()
                .unwrap_or_default()
                .to_owned(),
        }
    }

    /// Number of audit rows with this action.
    pub async fn audit_count(&self, action: &str) -> u64 {
        use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
        use xueshi::audit::entry;
        entry::Entity::find()
            .filter(entry::Column::Action.eq(action))
            .count(&self.state.db)
            .await
            .expect("count audit rows")
    }
}

/// The S3 server the test script started, or `None` (then S3 tests are skipped, unless
/// `XUESHI_TEST_REQUIRE_S3=1`, as in the README's test command, makes that a failure).
pub fn s3_config() -> Option<S3Config> {
    let var = |k: &str| std::env::var(k).ok();
    match (
        var("XUESHI_TEST_S3_ENDPOINT"),
        var("XUESHI_TEST_S3_ACCESS_KEY"),
        var("XUESHI_TEST_S3_SECRET_KEY"),
    ) {
        (Some(endpoint), Some(access_key), Some(secret_key)) => Some(S3Config {
            endpoint,
            bucket: var("XUESHI_TEST_S3_BUCKET").unwrap_or_else(|| "xueshi-test".into()),
            region: "us-east-1".into(),
            access_key,
            secret_key,
            path_style: true,
        }),
        _ => {
            assert!(
                var("XUESHI_TEST_REQUIRE_S3").is_none(),
                "XUESHI_TEST_REQUIRE_S3 is set but XUESHI_TEST_S3_* are not"
            );
            eprintln!("S3 tests skipped: XUESHI_TEST_S3_ENDPOINT not set");
            None
        }
    }
}

pub struct Tokens {
    pub access: String,
    pub refresh: String,
}

/// Reads a problem+json error and checks its shape: status, content type, code, Chinese detail.
pub async fn expect_problem(resp: Response, status: u16, code: &str) -> Value {
    assert_eq!(resp.status().as_u16(), status, "status for {code}");
    let ct = resp
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        ct.starts_with("application/problem+json"),
        "content-type {ct} for {code}"
    );
    let body: Value = resp.json().await.expect("problem body is JSON");
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status, "{body}");
    let detail = body["detail"].as_str().unwrap_or_default();
    assert!(
        detail
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "detail should be Chinese: {detail}"
    );
    body
}

/// A bucket of its own on the test S3 server, so object counts are not disturbed by other
/// tests running at the same time.
pub async fn fresh_s3_bucket() -> Option<S3Config> {
    let mut cfg = s3_config()?;
    cfg.bucket = format!("t{}", uuid::Uuid::new_v4().simple());
    s3::Bucket::create_with_path_style(
        &cfg.bucket,
        s3_region(&cfg),
        s3_credentials(&cfg),
        s3::BucketConfiguration::default(),
    )
    .await
    .expect("create test bucket");
    Some(cfg)
}

fn s3_region(cfg: &S3Config) -> s3::Region {
    s3::Region::Custom {
        region: cfg.region.clone(),
        endpoint: cfg.endpoint.clone(),
    }
}

fn s3_credentials(cfg: &S3Config) -> s3::creds::Credentials {
    s3::creds::Credentials::new(
        Some(&cfg.access_key),
        Some(&cfg.secret_key),
        None,
        None,
        None,
    )
    .expect("credentials")
}

/// Every object key in the bucket.
pub async fn s3_keys(cfg: &S3Config) -> Vec<String> {
    let bucket = s3::Bucket::new(&cfg.bucket, s3_region(cfg), s3_credentials(cfg))
        .expect("bucket")
        .with_path_style();
    bucket
        .list(String::new(), None)
        .await
        .expect("list bucket")
        .into_iter()
        .flat_map(|page| page.contents.into_iter().map(|o| o.key))
        .collect()
}

/// Every file under a local storage root, as relative paths.
pub fn local_keys(root: &std::path::Path) -> Vec<String> {
    fn walk(dir: &std::path::Path, root: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let path = e.path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if let Ok(rel) = path.strip_prefix(root) {
                out.push(rel.to_string_lossy().into_owned());
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out.sort();
    out
}
