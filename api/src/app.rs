//! The application state and the one route table of the HTTP service.

use std::{path::PathBuf, sync::Arc, time::Instant};

use actix_files::{Files, NamedFile};
use actix_web::{
    App, HttpMessage, HttpRequest, HttpResponse,
    body::MessageBody,
    dev::{ServiceRequest, ServiceResponse},
    http::{Method, header},
    middleware::{DefaultHeaders, ErrorHandlers, Next, from_fn},
    web,
};
use sea_orm::DatabaseConnection;
use utoipa::{
    Modify, OpenApi,
    openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
};
use utoipa_actix_web::{AppExt, scope, service_config::ServiceConfig};

use crate::{
    audit,
    auth::{self, JwtKeys},
    certificates::{self, Certifier},
    claims, classes,
    error::{self, AppError, FieldError, Problem},
    health, notifications, orgs, people, review, rules, standing,
    storage::{
        Storage,
        signed_url::{self, UrlSigner},
    },
    sync,
};

pub struct AppState {
    pub db: DatabaseConnection,
    pub storage: Arc<dyn Storage>,
    /// Largest evidence image accepted (D16).
    pub evidence_max_bytes: usize,
    pub jwt: JwtKeys,
    pub signer: UrlSigner,
    pub certificates: Arc<Certifier>,
    /// Trust the last `X-Forwarded-For` entry (see `auth::actor::client_ip`).
    pub behind_proxy: bool,
    /// Percent over 计划培训人数 a roster may reach without a warning.
    pub roster_margin: u32,
    /// Calls a sync platform may make per minute.
    pub sync_per_minute: u32,
    pub static_dir: PathBuf,
    /// The OpenAPI document, rendered once.
    pub openapi_json: String,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "学时登记管理系统 API",
        description = "浙江省住房和城乡建设行业专业技术人员继续教育学时登记管理系统。\n\n\
            Every error is `application/problem+json` with a stable `code` and a Chinese `detail`.",
        license(name = "MIT", identifier = "MIT")
    ),
    components(schemas(Problem, FieldError)),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "登录、令牌与我的账户"),
        (name = "units", description = "单位树"),
        (name = "persons", description = "专业技术人员"),
        (name = "transfers", description = "人员调动"),
        (name = "titles", description = "职称字典"),
        (name = "accounts", description = "账号管理"),
        (name = "audit", description = "审计日志"),
        (name = "rules", description = "学时认定途径规则与年度要求"),
        (name = "claims", description = "学时申报与证明材料"),
        (name = "review", description = "逐级审核、复审与抽查"),
        (name = "standing", description = "年度学时达标情况"),
        (name = "notifications", description = "站内消息"),
        (name = "certificates", description = "学时登记证明、批量打印与公开验证"),
        (name = "classes", description = "培训班统一认定、学员名单与讲座视频"),
        (name = "sync", description = "网络学习学时同步：对接平台以接口密钥推送完成记录；平台与密钥管理、未匹配队列、撤销与对账。对接指南：仓库中的 docs/sync-integration.md"),
        (name = "files", description = "附件下载（签名链接）"),
        (name = "health", description = "健康检查"),
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
        components.add_security_scheme(
            "api_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("xsk_…")
                    .description(Some(
                        "对接平台的接口密钥（系统管理员登记平台时发放，只显示一次）：\
                         `Authorization: Bearer xsk_…`，也可用 `X-Api-Key` 头",
                    ))
                    .build(),
            ),
        );
    }
}

/// Every `/api/v1` route, in one place.
fn api_v1(cfg: &mut ServiceConfig) {
    auth::routes::configure(cfg);
    orgs::routes::configure(cfg);
    people::routes::configure(cfg);
    audit::routes::configure(cfg);
    rules::routes::configure(cfg);
    claims::routes::configure(cfg);
    review::routes::configure(cfg);
    standing::routes::configure(cfg);
    notifications::routes::configure(cfg);
    certificates::routes::configure(cfg);
    classes::routes::configure(cfg);
    sync::routes::configure(cfg);
    signed_url::configure(cfg);
}

/// The OpenAPI document, built from the same route table the server runs.
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .service(scope::scope("/api/v1").configure(api_v1))
        .configure(health::configure)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").into();
    doc
}

pub fn openapi_json() -> String {
    openapi().to_pretty_json().unwrap_or_default() + "\n"
}

/// Builds the actix `App`: middleware, the API, the docs, the SPA with history fallback.
pub fn build(
    state: web::Data<AppState>,
) -> App<
    impl actix_web::dev::ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let static_dir = state.static_dir.clone();
    App::new()
        .app_data(state)
        .app_data(
            web::JsonConfig::default()
                .limit(256 * 1024)
                .error_handler(error::json_error),
        )
        .app_data(web::PathConfig::default().error_handler(error::path_error))
        .app_data(web::QueryConfig::default().error_handler(error::query_error))
        .wrap(ErrorHandlers::new().default_handler(error::problem_fallback))
        .wrap(
            DefaultHeaders::new()
                .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
                .add((header::X_FRAME_OPTIONS, "DENY"))
                .add((header::REFERRER_POLICY, "same-origin"))
                .add((
                    header::CONTENT_SECURITY_POLICY,
                    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; \
                     font-src 'self' data:; object-src 'none'; frame-ancestors 'none'; base-uri 'self'",
                )),
        )
        .wrap(from_fn(log_request))
        .into_utoipa_app()
        .service(
            scope::scope("/api/v1")
                .configure(api_v1)
                .route("/openapi.json", web::get().to(openapi_document))
                .default_service(web::to(api_not_found)),
        )
        .configure(health::configure)
        .into_app()
        .route("/api/docs", web::get().to(api_docs))
        .service(web::scope("/api").default_service(web::to(api_not_found)))
        .service(
            Files::new("/", &static_dir)
                .index_file("index.html")
                .default_handler(web::to(spa_fallback)),
        )
}

async fn api_not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

async fn openapi_document(state: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(state.openapi_json.clone())
}

/// The interactive docs: a page of the SPA build, with its assets bundled (no CDN).
async fn api_docs(state: web::Data<AppState>, req: HttpRequest) -> actix_web::Result<HttpResponse> {
    let page = state.static_dir.join("api-docs.html");
    Ok(NamedFile::open(page)
        .map_err(|_| AppError::NotFound)?
        .into_response(&req))
}

/// History-mode routing: an unknown path without a file extension is a page of the SPA.
async fn spa_fallback(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> actix_web::Result<HttpResponse> {
    let last = req.path().rsplit('/').next().unwrap_or_default();
    if !(req.method() == Method::GET || req.method() == Method::HEAD) || last.contains('.') {
        return Err(AppError::NotFound.into());
    }
    let index = state.static_dir.join("index.html");
    match NamedFile::open(&index) {
        Ok(file) => {
            let mut resp = file.into_response(&req);
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-cache"));
            Ok(resp)
        }
        Err(_) => Ok(HttpResponse::ServiceUnavailable()
            .content_type("text/plain; charset=utf-8")
            .body("前端尚未构建：请先在 frontend/ 下运行 npm ci && npm run build（或设置 XUESHI_STATIC_DIR）。")),
    }
}

/// One log line per request: id, method, path (no query: it may hold a signature), status,
/// latency and, when a valid token came with it, the user id.
async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> actix_web::Result<ServiceResponse<impl MessageBody>> {
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let method = req.method().clone();
    let path = req.path().to_owned();
    let actor = req
        .app_data::<web::Data<AppState>>()
        .and_then(|s| {
            let bearer = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
            s.jwt.verify(bearer.strip_prefix("Bearer ")?).ok()
        })
        .map(|c| c.sub.to_string());
    req.extensions_mut().insert(RequestId(request_id.clone()));
    let mut res = next.call(req).await?;
    if let Ok(v) = header::HeaderValue::from_str(&request_id) {
        res.headers_mut()
            .insert(header::HeaderName::from_static("x-request-id"), v);
    }
    tracing::info!(
        request_id,
        %method,
        path,
        status = res.status().as_u16(),
        latency_ms = started.elapsed().as_secs_f64() * 1000.0,
        actor = actor.as_deref().unwrap_or("-"),
        "request"
    );
    Ok(res)
}

#[derive(Clone)]
pub struct RequestId(pub String);
