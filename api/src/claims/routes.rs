//! HTTP for claims and their evidence. The multipart upload is read here, with its size
//! bound enforced while streaming; everything else is the service's.

use actix_multipart::Multipart;
use actix_web::{HttpResponse, delete, get, http::header, patch, post, web};
use bytes::BytesMut;
use futures_util::TryStreamExt;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    evidence::{self, Upload},
    model::{
        Attachment, ClaimDetail, ClaimFilter, ClaimInput, ClaimPage, ContentQuery, Estimate,
        EstimateInput, RelabelAttachment, SubmitClaim, UploadForm,
    },
    service,
};
use crate::{
    app::AppState,
    auth::Principal,
    error::{AppError, AppResult},
};

pub fn configure(cfg: &mut ServiceConfig) {
    // `/claims/estimate` before `/claims/{id}`.
    cfg.service(estimate)
        .service(list_claims)
        .service(create_claim)
        .service(get_claim)
        .service(update_claim)
        .service(submit_claim)
        .service(recall_claim)
        .service(withdraw_claim)
        .service(upload_attachment)
        .service(relabel_attachment)
        .service(delete_attachment)
        .service(attachment_content);
}

const PROBLEM: &str = "application/problem+json";

/// 学时测算: what the form would get under the rule in force — suggestion, cap, the year's
/// remaining allowance, and what is still missing. Never fails on an incomplete form.
#[utoipa::path(tag = "claims", request_body = EstimateInput, responses(
    (status = 200, body = Estimate),
    (status = 404, description = "未知途径", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/claims/estimate")]
async fn estimate(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<EstimateInput>,
) -> AppResult<web::Json<Estimate>> {
    Ok(web::Json(
        service::estimate(&state, &p, body.into_inner()).await?,
    ))
}

/// 申报列表: a person's own claims; an administrator's submitted claims in scope.
#[utoipa::path(tag = "claims", params(ClaimFilter), responses(
    (status = 200, body = ClaimPage),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/claims")]
async fn list_claims(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<ClaimFilter>,
) -> AppResult<web::Json<ClaimPage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}

/// 新建申报 (草稿): only a person confirmed by their unit.
#[utoipa::path(tag = "claims", request_body = ClaimInput, responses(
    (status = 201, body = ClaimDetail),
    (status = 403, description = "`not_a_person` / `person_not_confirmed`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/claims")]
async fn create_claim(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ClaimInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state, &p, body.into_inner()).await?))
}

/// 申报详情 with images (signed links), history and, for reviewers, duplicate-evidence matches.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClaimDetail),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/claims/{id}")]
async fn get_claim(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ClaimDetail>> {
    Ok(web::Json(service::detail(&state, &p, *id).await?))
}

/// 修改申报 while nobody has acted on it (草稿, 已提交, 已退回).
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path)), request_body = ClaimInput, responses(
    (status = 200, body = ClaimDetail),
    (status = 409, description = "`illegal_transition` / `stale_claim`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[patch("/claims/{id}")]
async fn update_claim(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ClaimInput>,
) -> AppResult<web::Json<ClaimDetail>> {
    Ok(web::Json(
        service::update(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 提交: needs the declaration (承诺), the rule's required evidence and the 附件说明.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path)), request_body = SubmitClaim, responses(
    (status = 200, body = ClaimDetail),
    (status = 409, description = "`illegal_transition`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`declaration_required`, `missing_evidence`, …", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/claims/{id}/submit")]
async fn submit_claim(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<SubmitClaim>,
) -> AppResult<web::Json<ClaimDetail>> {
    Ok(web::Json(
        service::submit(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 撤回: a submitted claim nobody has acted on goes back to draft.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClaimDetail),
    (status = 409, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/claims/{id}/recall")]
async fn recall_claim(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ClaimDetail>> {
    Ok(web::Json(service::recall(&state, &p, *id).await?))
}

/// 作废: the claim no longer counts; its evidence is kept.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClaimDetail),
    (status = 409, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/claims/{id}/withdraw")]
async fn withdraw_claim(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ClaimDetail>> {
    Ok(web::Json(service::withdraw(&state, &p, *id).await?))
}

/// 上传证明材料: one JPEG, PNG or WebP image (≤ 10 MB) per request, at most 5 per claim;
/// checked by content, metadata stripped, stored under a server-chosen key.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path)),
    request_body(content = UploadForm, content_type = "multipart/form-data"),
    responses(
        (status = 201, body = Attachment),
        (status = 422, description = "`not_an_image`, `unsupported_image_type`, `file_too_large`, `too_many_pixels`, `corrupt_image`, `too_many_images`, `invalid_file_name`, `unknown_kind` (field `kind`)", body = crate::error::Problem, content_type = PROBLEM),
    ), security(("bearer" = [])))]
#[post("/claims/{id}/attachments")]
async fn upload_attachment(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    form: Multipart,
) -> AppResult<HttpResponse> {
    evidence::may_upload(&state, &p, *id).await?;
    let up = read_upload(form, state.evidence_max_bytes).await?;
    Ok(HttpResponse::Created().json(evidence::upload(&state, &p, *id, up).await?))
}

/// 修改材料类型: which checklist item an image proves, while the claim can be edited.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path)), request_body = RelabelAttachment, responses(
    (status = 200, body = Attachment),
    (status = 409, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`unknown_kind`; on a submitted claim `missing_evidence`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[patch("/claims/{id}/attachments/{attachment_id}")]
async fn relabel_attachment(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<RelabelAttachment>,
) -> AppResult<web::Json<Attachment>> {
    let (id, aid) = path.into_inner();
    Ok(web::Json(
        evidence::relabel(&state, &p, id, aid, body.into_inner().kind).await?,
    ))
}

/// 删除证明材料 while the claim can still be edited.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path)), responses(
    (status = 204),
    (status = 409, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[delete("/claims/{id}/attachments/{attachment_id}")]
async fn delete_attachment(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, aid) = path.into_inner();
    evidence::remove(&state, &p, id, aid).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 查看证明材料 (the image or its thumbnail) for the claimant or a reviewer in scope.
#[utoipa::path(tag = "claims", params(("id" = Uuid, Path), ("attachment_id" = Uuid, Path), ContentQuery), responses(
    (status = 200, description = "the image", content_type = "image/*"),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/claims/{id}/attachments/{attachment_id}/content")]
async fn attachment_content(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    q: web::Query<ContentQuery>,
) -> AppResult<HttpResponse> {
    let (id, aid) = path.into_inner();
    let thumb = q.variant.as_deref() == Some("thumb");
    let (stream, ct) = evidence::content(&state, &p, id, aid, thumb).await?;
    Ok(HttpResponse::Ok()
        .content_type(ct)
        .insert_header((header::CACHE_CONTROL, "private, max-age=600"))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .streaming(stream))
}

/// Reads the `file` and `kind` fields, refusing a file past `max_bytes` as soon as it
/// passes, so an oversized upload is never held whole.
async fn read_upload(mut form: Multipart, max_bytes: usize) -> AppResult<Upload> {
    let bad = |code: &'static str, msg: &str| AppError::invalid("file", code, msg.to_owned());
    let mut up = Upload {
        file_name: None,
        kind: None,
        bytes: bytes::Bytes::new(),
    };
    let mut got_file = false;
    while let Some(mut field) = form
        .try_next()
        .await
        .map_err(|_| bad("malformed_upload", "上传内容格式不正确"))?
    {
        match field.name() {
            Some("file") if !got_file => {
                got_file = true;
                up.file_name = field
                    .content_disposition()
                    .and_then(|cd| cd.get_filename())
                    .map(str::to_owned);
                let mut buf = BytesMut::new();
                while let Some(chunk) = field
                    .try_next()
                    .await
                    .map_err(|_| bad("malformed_upload", "上传内容格式不正确"))?
                {
                    if buf.len() + chunk.len() > max_bytes {
                        return Err(bad(
                            "file_too_large",
                            &format!("文件大小超过上限 {} MB", max_bytes / (1024 * 1024)),
                        ));
                    }
                    buf.extend_from_slice(&chunk);
                }
                up.bytes = buf.freeze();
            }
            Some("kind") => {
                let mut buf = BytesMut::new();
                while let Some(chunk) = field
                    .try_next()
                    .await
                    .map_err(|_| bad("malformed_upload", "上传内容格式不正确"))?
                {
                    if buf.len() + chunk.len() > 1024 {
                        return Err(AppError::invalid("kind", "too_long", "材料类型过长"));
                    }
                    buf.extend_from_slice(&chunk);
                }
                up.kind = Some(String::from_utf8_lossy(&buf).into_owned());
            }
            Some("file") => return Err(bad("one_file_only", "一次只能上传一张图片")),
            _ => return Err(bad("unknown_field", "上传内容只能包含 file 与 kind 字段")),
        }
    }
    if !got_file {
        return Err(bad("required", "请选择要上传的图片"));
    }
    Ok(up)
}
