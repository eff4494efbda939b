//! HTTP for certificates: issue, list, read, revoke, batch print, and the public check.

use actix_web::{HttpRequest, get, http::header, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

use super::{
    batch,
    model::{
        BatchRequest, CertificateFilter, CertificatePage, CertificateView, IssueRequest,
        IssueResult, JobView, PublicKey, RevokeRequest, Verification, VerifyQuery,
    },
    service,
};
use crate::{
    app::AppState,
    auth::{Principal, actor::client_ip},
    error::AppResult,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(issue)
        .service(list)
        .service(get_one)
        .service(revoke)
        .service(start_batch)
        .service(get_batch)
        .service(verify)
        .service(public_key);
}

const PROBLEM: &str = "application/problem+json";

/// 出具学时登记证明: for oneself (no `person_id`) or, by an admin, for a person in scope.
/// Unchanged hours give back the same certificate (`created` false); changed hours a new
/// version, the old one then 已被新版本替代.
#[utoipa::path(tag = "certificates", request_body = IssueRequest, responses(
    (status = 200, body = IssueResult),
    (status = 404, description = "人员不存在或不在管辖范围内", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`not_eligible`: the year's registered hours are short (the detail says by how much)", body = crate::error::Problem, content_type = PROBLEM),
    (status = 503, description = "`certificate_font_missing`: the server has no Chinese font configured", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/certificates")]
async fn issue(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<IssueRequest>,
) -> AppResult<web::Json<IssueResult>> {
    let body = body.into_inner();
    Ok(web::Json(
        service::issue(&state, &p, body.person_id, body.year).await?,
    ))
}

/// 学时登记证明列表: one's own, or those of persons in the caller's scope; newest first.
#[utoipa::path(tag = "certificates", params(CertificateFilter), responses(
    (status = 200, body = CertificatePage),
), security(("bearer" = [])))]
#[get("/certificates")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<CertificateFilter>,
) -> AppResult<web::Json<CertificatePage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}

/// One certificate with a short-lived link to its stored PDF.
#[utoipa::path(tag = "certificates", params(("id" = Uuid, Path)), responses(
    (status = 200, body = CertificateView),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/certificates/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<CertificateView>> {
    Ok(web::Json(service::get(&state, &p, id.into_inner()).await?))
}

/// 撤销证明 (省学时办), with a reason; the verification page then says 已撤销.
#[utoipa::path(tag = "certificates", params(("id" = Uuid, Path)), request_body = RevokeRequest, responses(
    (status = 200, body = CertificateView),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 409, description = "`not_valid`: already revoked or superseded", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/certificates/{id}/revoke")]
async fn revoke(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<RevokeRequest>,
) -> AppResult<web::Json<CertificateView>> {
    body.validate()?;
    Ok(web::Json(
        service::revoke(&state, &p, id.into_inner(), &body.reason).await?,
    ))
}

/// 批量打印: every eligible person of a unit's subtree for a year into one ZIP, in the
/// background; poll the job for progress.
#[utoipa::path(tag = "certificates", request_body = BatchRequest, responses(
    (status = 202, body = JobView),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`nobody_eligible`, or `batch_too_large` (more than `XUESHI_BATCH_MAX` persons: choose a lower unit)", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/certificate-batches")]
async fn start_batch(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<BatchRequest>,
) -> AppResult<actix_web::HttpResponse> {
    let job = batch::start(state, &p, body.into_inner()).await?;
    Ok(actix_web::HttpResponse::Accepted().json(job))
}

/// A batch's progress and, when done, the ZIP's link.
#[utoipa::path(tag = "certificates", params(("id" = Uuid, Path)), responses(
    (status = 200, body = JobView),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/certificate-batches/{id}")]
async fn get_batch(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<JobView>> {
    Ok(web::Json(batch::get(&state, &p, id.into_inner()).await?))
}

/// 证明验证 (public, no login): the certificate's state with the person masked; with the
/// QR code's `t`, whether that token is genuine. Rate limited per client; every call logged.
#[utoipa::path(tag = "certificates", params(("number" = String, Path), VerifyQuery), responses(
    (status = 200, body = Verification),
    (status = 404, description = "未找到该证明编号", body = crate::error::Problem, content_type = PROBLEM),
    (status = 429, description = "`too_many_verifications`", body = crate::error::Problem, content_type = PROBLEM),
))]
#[get("/public/certificates/{number}")]
async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    number: web::Path<String>,
    q: web::Query<VerifyQuery>,
) -> AppResult<web::Json<Verification>> {
    let ua = req
        .headers()
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    Ok(web::Json(
        service::verify(&state, &number, q.t.as_deref(), client_ip(&req), ua).await?,
    ))
}

/// The Ed25519 public key that signs certificates, to check QR tokens offline.
#[utoipa::path(tag = "certificates", responses((status = 200, body = PublicKey)))]
#[get("/public/certificate-key")]
async fn public_key(state: web::Data<AppState>) -> web::Json<PublicKey> {
    web::Json(service::public_key(&state))
}
