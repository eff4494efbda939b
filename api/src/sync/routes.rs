//! HTTP for online-learning sync: the platform's push and read-back (API key), the system
//! administrator's platforms and keys, 省学时办's records, queue and reconciliation.

use actix_web::{HttpResponse, get, post, web};
use utoipa_actix_web::{scope, service_config::ServiceConfig};
use uuid::Uuid;

use super::{
    clients,
    keys::Platform,
    model::{
        ClientInput, ClientView, Holdings, HoldingsQuery, IssuedKey, OnlineRecordPage,
        OnlineRecordView, PushBatch, PushResult, ReasonInput, ReconcileQuery, Reconciliation,
        RecordFilter, RotateInput,
    },
    push::{self, RawBatch},
    reconcile,
    records::{self, Decision},
};
use crate::{
    app::AppState,
    auth::Principal,
    error::{self, AppResult},
};

/// A full batch of 5,000 records is about 1.5 MB of JSON.
const MAX_PUSH_BYTES: usize = 8 * 1024 * 1024;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/sync")
            .app_data(
                web::JsonConfig::default()
                    .limit(MAX_PUSH_BYTES)
                    .error_handler(error::json_error),
            )
            .service(push_records)
            .service(read_holdings)
            .service(list_clients)
            .service(create_client)
            .service(rotate_key)
            .service(revoke_key)
            .service(list_records)
            .service(match_record)
            .service(dismiss_record)
            .service(revoke_record)
            .service(reconciliation),
    );
}

const PROBLEM: &str = "application/problem+json";

/// 推送网络学习完成记录 (the e-learning platform, with its API key).
///
/// Up to 5,000 records per call, registered as one transaction. Idempotent on
/// (platform, `external_id`): a replay or an overlapping batch registers each record once; a
/// changed record replaces the old one (kept as history) unless its `revision` is lower. A
/// bad record is refused on its own (`invalid` with a `code`); the others are kept.
/// Per-record codes: `required`, `wrong_type`, `too_long`, `id_length`, `id_format`,
/// `id_checksum` (and the other `id_*`), `unknown_category`, `not_positive`,
/// `hours_too_large`, `too_precise`, `bad_time`, `future_completion`, `bad_revision`;
/// parked records: `person_unknown`, `name_mismatch`; notes: `older_revision`, `revoked`,
/// `dismissed`. Safe to retry after a timeout or a 5xx: resend the same batch.
#[utoipa::path(tag = "sync", operation_id = "push_online_records",
    params(("platform_id" = Uuid, Path, description = "Your platform's id, given with the key")),
    request_body = PushBatch,
    responses(
        (status = 200, body = PushResult),
        (status = 401, description = "`api_key_required` / `invalid_api_key` / `api_key_revoked` / `api_key_expired`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 403, description = "`api_key_other_platform`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 409, description = "`conflict`: another batch wrote the same new record at the same moment; resend", body = crate::error::Problem, content_type = PROBLEM),
        (status = 413, description = "the body exceeds 8 MB", body = crate::error::Problem, content_type = PROBLEM),
        (status = 422, description = "`empty_batch` / `batch_too_large` (over 5,000)", body = crate::error::Problem, content_type = PROBLEM),
        (status = 429, description = "`rate_limited`: wait `retry_after_seconds`", body = crate::error::Problem, content_type = PROBLEM),
    ),
    security(("api_key" = [])))]
#[post("/platforms/{platform_id}/records")]
async fn push_records(
    state: web::Data<AppState>,
    platform: Platform,
    platform_id: web::Path<Uuid>,
    body: web::Json<RawBatch>,
) -> AppResult<web::Json<PushResult>> {
    Ok(web::Json(
        push::push(&state, &platform, *platform_id, body.into_inner()).await?,
    ))
}

/// 回读: what we hold from the calling platform for one person and year, and how much of
/// it counts.
#[utoipa::path(tag = "sync", operation_id = "read_online_holdings",
    params(("platform_id" = Uuid, Path), HoldingsQuery),
    responses(
        (status = 200, body = Holdings),
        (status = 401, body = crate::error::Problem, content_type = PROBLEM),
        (status = 403, description = "`api_key_other_platform`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 422, description = "`id_*` / `bad_year`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 429, body = crate::error::Problem, content_type = PROBLEM),
    ),
    security(("api_key" = [])))]
#[get("/platforms/{platform_id}/holdings")]
async fn read_holdings(
    state: web::Data<AppState>,
    platform: Platform,
    platform_id: web::Path<Uuid>,
    q: web::Query<HoldingsQuery>,
) -> AppResult<web::Json<Holdings>> {
    Ok(web::Json(
        reconcile::holdings(&state, &platform, *platform_id, &q.id_number, q.year).await?,
    ))
}

/// 对接平台: the platforms with their keys (系统管理员; 省学时办 reads).
#[utoipa::path(tag = "sync", operation_id = "list_sync_clients", responses(
    (status = 200, body = Vec<ClientView>),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/clients")]
async fn list_clients(
    state: web::Data<AppState>,
    p: Principal,
) -> AppResult<web::Json<Vec<ClientView>>> {
    Ok(web::Json(clients::list(&state, &p).await?))
}

/// 登记对接平台 and issue its first key (shown once).
#[utoipa::path(tag = "sync", operation_id = "create_sync_client", request_body = ClientInput, responses(
    (status = 201, body = IssuedKey),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/clients")]
async fn create_client(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ClientInput>,
) -> AppResult<HttpResponse> {
    let k = clients::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(k))
}

/// 轮换密钥: a new key (shown once); the keys in use keep working for `overlap_hours`.
#[utoipa::path(tag = "sync", operation_id = "rotate_sync_key", params(("id" = Uuid, Path)),
    request_body = RotateInput, responses(
    (status = 201, body = IssuedKey),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/clients/{id}/keys")]
async fn rotate_key(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<RotateInput>,
) -> AppResult<HttpResponse> {
    let k = clients::rotate(&state, &p, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(k))
}

/// 吊销密钥: the key stops working at once.
#[utoipa::path(tag = "sync", operation_id = "revoke_sync_key",
    params(("id" = Uuid, Path), ("key_id" = Uuid, Path)), responses(
    (status = 200, body = ClientView),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/clients/{id}/keys/{key_id}/revoke")]
async fn revoke_key(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<web::Json<ClientView>> {
    let (id, key_id) = path.into_inner();
    Ok(web::Json(clients::revoke(&state, &p, id, key_id).await?))
}

/// 网络学习记录 and the 未匹配 queue (`state=unmatched`), 省学时办.
#[utoipa::path(tag = "sync", operation_id = "list_online_records", params(RecordFilter), responses(
    (status = 200, body = OnlineRecordPage),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/records")]
async fn list_records(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<RecordFilter>,
) -> AppResult<web::Json<OnlineRecordPage>> {
    Ok(web::Json(records::list(&state, &p, f.into_inner()).await?))
}

async fn decide(
    state: web::Data<AppState>,
    p: Principal,
    id: Uuid,
    d: Decision,
    body: ReasonInput,
) -> AppResult<web::Json<OnlineRecordView>> {
    Ok(web::Json(records::decide(&state, &p, id, d, body).await?))
}

/// 人工匹配: a name mismatch judged to be the same person; the hours count.
#[utoipa::path(tag = "sync", operation_id = "match_online_record", params(("id" = Uuid, Path)),
    request_body = ReasonInput, responses(
    (status = 200, body = OnlineRecordView),
    (status = 409, description = "`not_unmatched` / `person_unknown`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/records/{id}/match")]
async fn match_record(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ReasonInput>,
) -> AppResult<web::Json<OnlineRecordView>> {
    decide(state, p, *id, Decision::Match, body.into_inner()).await
}

/// 不予登记: an unmatched record is closed without counting.
#[utoipa::path(tag = "sync", operation_id = "dismiss_online_record", params(("id" = Uuid, Path)),
    request_body = ReasonInput, responses(
    (status = 200, body = OnlineRecordView),
    (status = 409, description = "`not_unmatched`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/records/{id}/dismiss")]
async fn dismiss_record(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ReasonInput>,
) -> AppResult<web::Json<OnlineRecordView>> {
    decide(state, p, *id, Decision::Dismiss, body.into_inner()).await
}

/// 撤销: a counted record no longer counts; the person is told the reason.
#[utoipa::path(tag = "sync", operation_id = "revoke_online_record", params(("id" = Uuid, Path)),
    request_body = ReasonInput, responses(
    (status = 200, body = OnlineRecordView),
    (status = 409, description = "`not_synced`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/records/{id}/revoke")]
async fn revoke_record(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ReasonInput>,
) -> AppResult<web::Json<OnlineRecordView>> {
    decide(state, p, *id, Decision::Revoke, body.into_inner()).await
}

/// 对账: for a platform and year (optionally a unit's subtree), received against registered
/// hours per person, with every difference listed.
#[utoipa::path(tag = "sync", operation_id = "reconcile_online_records", params(ReconcileQuery), responses(
    (status = 200, body = Reconciliation),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/reconciliation")]
async fn reconciliation(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<ReconcileQuery>,
) -> AppResult<web::Json<Reconciliation>> {
    Ok(web::Json(
        reconcile::reconcile(&state, &p, q.into_inner()).await?,
    ))
}
