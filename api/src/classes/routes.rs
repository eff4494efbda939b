//! HTTP for training classes: the application and its files, deadline exceptions, the
//! decision and the 附件1 PDF, the roster (template, preview, error report, post, correction
//! decision, registered attendees) and lecture videos.

use actix_web::{
    HttpResponse, delete, get,
    http::header::{self, ContentDisposition, DispositionParam, DispositionType},
    post, put, web,
};
use utoipa_actix_web::{scope, service_config::ServiceConfig};
use uuid::Uuid;

use super::{
    model::{
        ClassDetail, ClassFile, ClassFilter, ClassInput, ClassPage, DecisionInput, ExceptionInput,
        FileQuery,
    },
    pdf,
    roster::{
        self,
        model::{CorrectionDecision, RecordFilter, RecordPage, RosterPreview, RosterResult},
    },
    service,
    videos::{self, MAX_VIDEO, Video, VideoDecision, VideoLink, VideoUpload},
};
use crate::{
    app::AppState,
    auth::{Permission, Principal},
    error::{AppError, AppResult},
    people::import::{
        model::{XLSX, XlsxFile},
        routes::{MAX_UPLOAD, xlsx_response},
    },
};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/classes")
            .app_data(web::PayloadConfig::new(MAX_VIDEO))
            .service(list)
            .service(create)
            .service(get_one)
            .service(update)
            .service(submit)
            .service(add_file)
            .service(file_content)
            .service(remove_file)
            .service(grant_exception)
            .service(decide)
            .service(application_pdf)
            .service(roster_template)
            .service(roster_preview)
            .service(roster_errors)
            .service(roster_post)
            .service(roster_decision)
            .service(records)
            .service(video_list)
            .service(video_link)
            .service(video_upload)
            .service(video_file)
            .service(video_decision),
    );
}

const PROBLEM: &str = "application/problem+json";

fn too_large(body: &web::Bytes, max: usize) -> AppResult<()> {
    if body.len() > max {
        return Err(AppError::bad_request(
            "file_too_large",
            format!("文件超过 {} MB", max / (1024 * 1024)),
        ));
    }
    Ok(())
}

/// A download named in Chinese.
fn named(
    content_type: &str,
    ascii: &str,
    name: &str,
    inline: bool,
) -> actix_web::HttpResponseBuilder {
    let mut r = HttpResponse::Ok();
    r.content_type(content_type)
        .insert_header(ContentDisposition {
            disposition: if inline {
                DispositionType::Inline
            } else {
                DispositionType::Attachment
            },
            parameters: vec![
                DispositionParam::Filename(ascii.to_owned()),
                DispositionParam::FilenameExt(header::ExtendedValue {
                    charset: header::Charset::Ext("UTF-8".into()),
                    language_tag: None,
                    value: name.as_bytes().to_vec(),
                }),
            ],
        })
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
    r
}

/// 培训班: an organiser's own classes, or every class for 省学时办 (the application queue).
#[utoipa::path(tag = "classes", operation_id = "list_classes", params(ClassFilter), responses(
    (status = 200, body = ClassPage),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("")]
async fn list(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<ClassFilter>,
) -> AppResult<web::Json<ClassPage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}

/// 新建培训班学时认定申请 (a draft; organisers).
#[utoipa::path(tag = "classes", request_body = ClassInput, responses(
    (status = 201, body = ClassDetail),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "field errors", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("")]
async fn create(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<ClassInput>,
) -> AppResult<HttpResponse> {
    let d = service::create(&state, &p, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(d))
}

/// One class with its files, exceptions, decision, timeline and what the caller may do.
#[utoipa::path(tag = "classes", operation_id = "get_class", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClassDetail),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}")]
async fn get_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ClassDetail>> {
    Ok(web::Json(service::detail(&state, &p, *id).await?))
}

/// 修改申请 (drafts).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), request_body = ClassInput, responses(
    (status = 200, body = ClassDetail),
    (status = 409, description = "`illegal_state`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[put("/{id}")]
async fn update(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ClassInput>,
) -> AppResult<web::Json<ClassDetail>> {
    Ok(web::Json(
        service::update(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 提交申请: refused as `application_late` past the D9 window (7 / 14 calendar days before
/// the start) unless 省学时办 granted an exception.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ClassDetail),
    (status = 409, description = "`illegal_state`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`application_late` (names the deadline) / `plan_missing`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/submit")]
async fn submit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ClassDetail>> {
    Ok(web::Json(service::submit(&state, &p, *id).await?))
}

/// 上传办班方案 (培训通知, 课程安排): the body is the file (PDF, JPEG or PNG, ≤ 20 MB).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), FileQuery),
    request_body(content = XlsxFile, content_type = "application/octet-stream", description = "PDF / JPEG / PNG"),
    responses(
        (status = 201, body = ClassFile),
        (status = 422, description = "`unsupported_type` / `too_many_files`", body = crate::error::Problem, content_type = PROBLEM),
    ), security(("bearer" = [])))]
#[post("/{id}/files")]
async fn add_file(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<FileQuery>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    too_large(&body, service::MAX_FILE)?;
    let f = service::add_file(&state, &p, *id, q.into_inner(), body).await?;
    Ok(HttpResponse::Created().json(f))
}

/// A 办班方案 file.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("file_id" = Uuid, Path)), responses(
    (status = 200, body = XlsxFile, content_type = "application/octet-stream"),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/files/{file_id}")]
async fn file_content(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, file_id) = path.into_inner();
    let (stream, ct, name) = service::file_content(&state, &p, id, file_id).await?;
    Ok(named(&ct, "class-plan", &name, true).streaming(stream))
}

/// 删除办班方案 (drafts).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("file_id" = Uuid, Path)), responses(
    (status = 204),
    (status = 409, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[delete("/{id}/files/{file_id}")]
async fn remove_file(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, file_id) = path.into_inner();
    service::remove_file(&state, &p, id, file_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 批准逾期例外 (省学时办): `application` or `roster`, with a reason.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), request_body = ExceptionInput, responses(
    (status = 200, body = ClassDetail),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/exceptions")]
async fn grant_exception(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<ExceptionInput>,
) -> AppResult<web::Json<ClassDetail>> {
    Ok(web::Json(
        service::grant_exception(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 审核 (省学时办): approve with the hours per attendee (≤ requested), or reject; 意见 required.
#[utoipa::path(tag = "classes", operation_id = "decide_class", params(("id" = Uuid, Path)), request_body = DecisionInput, responses(
    (status = 200, body = ClassDetail),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 409, description = "`illegal_state`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`over_requested` and other field errors", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/decision")]
async fn decide(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<DecisionInput>,
) -> AppResult<web::Json<ClassDetail>> {
    Ok(web::Json(
        service::decide(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 附件1 filled in, with 省学时办's opinion once decided (PDF).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), responses(
    (status = 200, body = XlsxFile, content_type = "application/pdf"),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
    (status = 503, description = "`certificate_font_missing`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/application.pdf")]
async fn application_pdf(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let (c, _) = service::load(&state.db, &p, Permission::ClassView, *id).await?;
    let fonts = state.certificates.fonts()?.clone();
    let (seal, sub) = (
        state.certificates.seal_text.clone(),
        state.certificates.seal_subtext.clone(),
    );
    let name = format!("培训班学时认定申请表-{}.pdf", c.name);
    let bytes = tokio::task::spawn_blocking(move || pdf::render(&fonts, &c, &seal, &sub))
        .await
        .map_err(anyhow::Error::from)??;
    Ok(named("application/pdf", "class-application.pdf", &name, true).body(bytes))
}

/// 下载学员名单模板 (附件2, xlsx).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), responses(
    (status = 200, body = XlsxFile, content_type = XLSX),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/roster-template")]
async fn roster_template(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let (bytes, name) = roster::service::template(&state, &p, *id).await?;
    Ok(xlsx_response(
        bytes,
        "class-roster-template.xlsx",
        &format!("培训班学员学时登记信息汇总表-{name}.xlsx"),
    ))
}

/// 名单预览: classifies every row of the uploaded 附件2 (the body, ≤ 30 MB); writes no record.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)),
    request_body(content = XlsxFile, content_type = XLSX, description = "填写好的学员名单（.xlsx）"),
    responses(
        (status = 200, body = RosterPreview),
        (status = 400, description = "`invalid_file` / `missing_header` / `empty_file` / `too_many_rows` / `file_too_large`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 409, description = "`class_not_approved`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 422, description = "`roster_late` / `roster_not_open`", body = crate::error::Problem, content_type = PROBLEM),
    ), security(("bearer" = [])))]
#[post("/{id}/rosters")]
async fn roster_preview(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Bytes,
) -> AppResult<web::Json<RosterPreview>> {
    too_large(&body, MAX_UPLOAD)?;
    Ok(web::Json(
        roster::service::preview(&state, &p, *id, body).await?,
    ))
}

/// 错误报告 of a roster (xlsx): the error rows with 错误原因.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("roster_id" = Uuid, Path)), responses(
    (status = 200, body = XlsxFile, content_type = XLSX),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/rosters/{roster_id}/errors")]
async fn roster_errors(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, rid) = path.into_inner();
    let bytes = roster::service::error_report(&state, &p, id, rid).await?;
    Ok(xlsx_response(
        bytes,
        "class-roster-errors.xlsx",
        "学员名单错误报告.xlsx",
    ))
}

/// 确认登记: every row in one transaction, once. A correction of a posted class by its
/// organiser becomes `pending` until 省学时办 decides.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("roster_id" = Uuid, Path)), responses(
    (status = 200, body = RosterResult),
    (status = 409, description = "`roster_has_errors` / `roster_in_progress` / `class_not_approved`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, description = "`roster_late` / `roster_not_open`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/rosters/{roster_id}/post")]
async fn roster_post(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<web::Json<RosterResult>> {
    let (id, rid) = path.into_inner();
    Ok(web::Json(roster::service::post(&state, &p, id, rid).await?))
}

/// 更正名单审核 (省学时办): apply the pending correction (affected persons are notified) or refuse it.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("roster_id" = Uuid, Path)), request_body = CorrectionDecision, responses(
    (status = 200, body = RosterResult),
    (status = 409, description = "`not_pending` / `roster_has_errors`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/rosters/{roster_id}/decision")]
async fn roster_decision(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<CorrectionDecision>,
) -> AppResult<web::Json<RosterResult>> {
    let (id, rid) = path.into_inner();
    Ok(web::Json(
        roster::service::decide_correction(&state, &p, id, rid, body.into_inner()).await?,
    ))
}

/// 已登记学员 (身份证号 masked).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), RecordFilter), responses(
    (status = 200, body = RecordPage),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/records")]
async fn records(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    f: web::Query<RecordFilter>,
) -> AppResult<web::Json<RecordPage>> {
    Ok(web::Json(
        roster::service::records(&state, &p, *id, f.into_inner()).await?,
    ))
}

/// 讲座视频 of a class.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Vec<Video>),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/videos")]
async fn video_list(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Vec<Video>>> {
    Ok(web::Json(videos::list(&state, &p, *id).await?))
}

/// 提交讲座视频 by link (approved classes, organisers).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path)), request_body = VideoLink, responses(
    (status = 201, body = Video),
    (status = 409, description = "`class_not_approved`", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/videos")]
async fn video_link(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<VideoLink>,
) -> AppResult<HttpResponse> {
    let v = videos::submit_link(&state, &p, *id, body.into_inner()).await?;
    Ok(HttpResponse::Created().json(v))
}

/// 上传讲座视频: the body is the file (MP4, MOV or WebM, ≤ 512 MB).
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), VideoUpload),
    request_body(content = XlsxFile, content_type = "application/octet-stream", description = "MP4 / MOV / WebM"),
    responses(
        (status = 201, body = Video),
        (status = 422, description = "`unsupported_type`", body = crate::error::Problem, content_type = PROBLEM),
    ), security(("bearer" = [])))]
#[post("/{id}/videos/upload")]
async fn video_upload(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<VideoUpload>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let v = videos::upload(&state, &p, *id, q.into_inner(), body).await?;
    Ok(HttpResponse::Created().json(v))
}

/// An uploaded lecture video.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("video_id" = Uuid, Path)), responses(
    (status = 200, body = XlsxFile, content_type = "video/mp4"),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/videos/{video_id}/file")]
async fn video_file(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<HttpResponse> {
    let (id, vid) = path.into_inner();
    let (stream, ct) = videos::content(&state, &p, id, vid).await?;
    Ok(named(&ct, "lecture-video", "讲座视频", true).streaming(stream))
}

/// 讲座视频审定 (省学时办): adopted with the agreed fee (元), or not adopted.
#[utoipa::path(tag = "classes", params(("id" = Uuid, Path), ("video_id" = Uuid, Path)), request_body = VideoDecision, responses(
    (status = 200, body = Video),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/videos/{video_id}/decision")]
async fn video_decision(
    state: web::Data<AppState>,
    p: Principal,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<VideoDecision>,
) -> AppResult<web::Json<Video>> {
    let (id, vid) = path.into_inner();
    Ok(web::Json(
        videos::decide(&state, &p, id, vid, body.into_inner()).await?,
    ))
}
