//! HTTP for the person import: template, preview (the xlsx is the request body), error
//! report, commit.

use actix_web::{
    HttpResponse, get,
    http::header::{
        CacheControl, CacheDirective, Charset, ContentDisposition, DispositionParam,
        DispositionType, ExtendedValue,
    },
    post, web,
};
use utoipa_actix_web::{scope, service_config::ServiceConfig};
use uuid::Uuid;

use super::{
    model::{ImportPreview, ImportResult, PreviewQuery, XLSX, XlsxFile},
    service,
};
use crate::{app::AppState, auth::Principal, error::AppResult};

/// The largest upload accepted (bytes); more is refused with 413.
pub const MAX_UPLOAD: usize = 30 * 1024 * 1024;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/persons/import")
            .app_data(web::PayloadConfig::new(MAX_UPLOAD))
            .service(download_template)
            .service(preview)
            .service(error_report)
            .service(commit),
    );
}

const PROBLEM: &str = "application/problem+json";

/// An xlsx download: `file_name` (Chinese is fine) in the Content-Disposition, never cached.
pub fn xlsx_response(bytes: Vec<u8>, ascii_name: &str, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(XLSX)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![
                DispositionParam::Filename(ascii_name.to_owned()),
                DispositionParam::FilenameExt(ExtendedValue {
                    charset: Charset::Ext("UTF-8".into()),
                    language_tag: None,
                    value: file_name.as_bytes().to_vec(),
                }),
            ],
        })
        .insert_header(CacheControl(vec![CacheDirective::NoStore]))
        .body(bytes)
}

/// 下载导入模板 (xlsx).
#[utoipa::path(tag = "persons", responses(
    (status = 200, description = "专业技术人员信息导入表", body = XlsxFile, content_type = XLSX),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/template")]
async fn download_template(state: web::Data<AppState>, p: Principal) -> AppResult<HttpResponse> {
    let bytes = service::template(&state, &p).await?;
    Ok(xlsx_response(
        bytes,
        "persons-import-template.xlsx",
        "专业技术人员信息导入表.xlsx",
    ))
}

/// 导入预览: checks every row of the uploaded xlsx (the request body, at most 30 MB) and
/// says what a commit would do; writes no person. The file is kept for the commit.
#[utoipa::path(tag = "persons", params(PreviewQuery),
    request_body(content = XlsxFile, content_type = XLSX, description = "填写好的导入表（.xlsx）"),
    responses(
        (status = 200, body = ImportPreview),
        (status = 400, description = "`invalid_file` / `missing_header` / `empty_file` / `too_many_rows`", body = crate::error::Problem, content_type = PROBLEM),
        (status = 403, body = crate::error::Problem, content_type = PROBLEM),
        (status = 404, description = "单位不存在或不在管辖范围内", body = crate::error::Problem, content_type = PROBLEM),
        (status = 413, description = "文件超过 30 MB", body = crate::error::Problem, content_type = PROBLEM),
        (status = 422, description = "`invalid_unit`", body = crate::error::Problem, content_type = PROBLEM),
    ), security(("bearer" = [])))]
#[post("/preview")]
async fn preview(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<PreviewQuery>,
    body: web::Bytes,
) -> AppResult<web::Json<ImportPreview>> {
    Ok(web::Json(
        service::preview(&state, &p, q.into_inner(), body).await?,
    ))
}

/// 错误报告: the error rows with their original columns and 错误原因 (xlsx), to fix and
/// upload again.
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), responses(
    (status = 200, body = XlsxFile, content_type = XLSX),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/{id}/errors")]
async fn error_report(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    let bytes = service::error_report(&state, &p, *id).await?;
    Ok(xlsx_response(
        bytes,
        "persons-import-errors.xlsx",
        "人员导入错误报告.xlsx",
    ))
}

/// 确认导入: checks the stored file again and writes all rows in one transaction, or none.
/// Committing a committed import returns its result again.
#[utoipa::path(tag = "persons", params(("id" = Uuid, Path)), responses(
    (status = 200, body = ImportResult),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
    (status = 409, description = "`import_has_errors` / `import_in_progress`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/{id}/commit")]
async fn commit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<ImportResult>> {
    Ok(web::Json(service::commit(&state, &p, *id).await?))
}
