//! HTTP for review decisions, the queue badge and the sampling rates.

use actix_web::{get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    model::{BulkDecision, BulkResult, Decision, QueueCount, SamplingInput, SamplingRate},
    service,
};
use crate::{
    app::AppState,
    auth::Principal,
    claims::{model::ClaimDetail, service::detail_for},
    error::AppResult,
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(decide)
        .service(bulk)
        .service(queue_count)
        .service(list_sampling)
        .service(set_sampling);
}

const PROBLEM: &str = "application/problem+json";

/// 审核: recognise, forward (报送), confirm (复审通过), return, reject, adjust or revoke, at
/// the caller's step of the claim's chain. Answers the claim as it is now.
#[utoipa::path(tag = "review", params(("id" = Uuid, Path)), request_body = Decision, responses(
    (status = 200, body = ClaimDetail),
    (status = 403, description = "`own_claim`, `not_your_turn`, or a role that never reviews", body = crate::error::Problem, content_type = PROBLEM),
    (status = 404, description = "不存在或不在管辖范围内", body = crate::error::Problem, content_type = PROBLEM),
    (status = 409, description = "`illegal_transition` (not possible in this state) or `stale_claim` (someone decided first)", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "hours above the current value, a missing reason", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/claims/{id}/review")]
async fn decide(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<Decision>,
) -> AppResult<web::Json<ClaimDetail>> {
    let (c, access) = service::decide(&state, &p, id.into_inner(), &body).await?;
    Ok(web::Json(detail_for(&state, &p, &access, c).await?))
}

/// 批量审核: the same decision (recognise, forward or confirm at the current hours) on up to
/// 200 claims; each claim's result is listed and a refused one does not stop the others.
#[utoipa::path(tag = "review", request_body = BulkDecision, responses(
    (status = 200, body = BulkResult),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/review/bulk")]
async fn bulk(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<BulkDecision>,
) -> AppResult<web::Json<BulkResult>> {
    Ok(web::Json(
        service::bulk(&state, &p, body.into_inner()).await?,
    ))
}

/// 待我审核: how many claims await the caller's step (the menu badge). The list itself is
/// `GET /claims?awaiting=true`.
#[utoipa::path(tag = "review", responses(
    (status = 200, body = QueueCount),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/review/count")]
async fn queue_count(state: web::Data<AppState>, p: Principal) -> AppResult<web::Json<QueueCount>> {
    Ok(web::Json(QueueCount {
        awaiting: service::queue_count(&state, &p).await?,
    }))
}

/// 复审抽查比例: the units with a rate of their own (all others: 100 %, or their ancestor's).
#[utoipa::path(tag = "review", responses(
    (status = 200, body = Vec<SamplingRate>),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/review/sampling")]
async fn list_sampling(
    state: web::Data<AppState>,
    p: Principal,
) -> AppResult<web::Json<Vec<SamplingRate>>> {
    Ok(web::Json(service::sampling_rates(&state, &p).await?))
}

/// 设置抽查比例 (省学时办): the share of a unit's (and its subtree's) recognised claims that
/// go to 复审; the rest are confirmed on recognition.
#[utoipa::path(tag = "review", params(("unit_id" = Uuid, Path)), request_body = SamplingInput, responses(
    (status = 200, body = SamplingRate),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[put("/review/sampling/{unit_id}")]
async fn set_sampling(
    state: web::Data<AppState>,
    p: Principal,
    unit_id: web::Path<Uuid>,
    body: web::Json<SamplingInput>,
) -> AppResult<web::Json<SamplingRate>> {
    Ok(web::Json(
        service::set_sampling(&state, &p, unit_id.into_inner(), body.percent).await?,
    ))
}
