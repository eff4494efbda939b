//! HTTP for pathway rules and year settings.

use actix_web::{HttpResponse, get, post, put, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::{
    model::{CatalogueQuery, PathwayRule, PublishRule, UpdateYear, YearSettings},
    service,
};
use crate::{app::AppState, auth::Principal, error::AppResult};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(catalogue)
        .service(versions)
        .service(publish)
        .service(get_year)
        .service(update_year);
}

const PROBLEM: &str = "application/problem+json";

/// 学时认定途径: every pathway's rule version in force on a date (default today).
#[utoipa::path(tag = "rules", params(CatalogueQuery), responses(
    (status = 200, body = Vec<PathwayRule>),
    (status = 401, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/pathways")]
async fn catalogue(
    state: web::Data<AppState>,
    _p: Principal,
    q: web::Query<CatalogueQuery>,
) -> AppResult<web::Json<Vec<PathwayRule>>> {
    Ok(web::Json(service::catalogue(&state, q.on).await?))
}

/// 途径规则版本: every version of one pathway, newest first.
#[utoipa::path(tag = "rules", params(("code" = String, Path, example = "P4")), responses(
    (status = 200, body = Vec<PathwayRule>),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/pathways/{code}/versions")]
async fn versions(
    state: web::Data<AppState>,
    _p: Principal,
    code: web::Path<String>,
) -> AppResult<web::Json<Vec<PathwayRule>>> {
    Ok(web::Json(service::versions(&state, &code).await?))
}

/// 发布新版本 (系统管理员): history is never edited; a new version takes effect on its date.
#[utoipa::path(tag = "rules", params(("code" = String, Path, example = "P4")), request_body = PublishRule, responses(
    (status = 201, body = PathwayRule),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/pathways/{code}/versions")]
async fn publish(
    state: web::Data<AppState>,
    p: Principal,
    code: web::Path<String>,
    body: web::Json<PublishRule>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::publish(&state, &p, &code, body.into_inner()).await?))
}

/// 年度学时要求: a year's thresholds (D2) and claim deadline.
#[utoipa::path(tag = "rules", params(("year" = i32, Path, example = 2026)), responses(
    (status = 200, body = YearSettings),
    (status = 404, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/years/{year}")]
async fn get_year(
    state: web::Data<AppState>,
    _p: Principal,
    year: web::Path<i32>,
) -> AppResult<web::Json<YearSettings>> {
    Ok(web::Json(service::get_year(&state, *year).await?))
}

/// 设置年度学时要求 (系统管理员).
#[utoipa::path(tag = "rules", params(("year" = i32, Path, example = 2026)), request_body = UpdateYear, responses(
    (status = 200, body = YearSettings),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[put("/years/{year}")]
async fn update_year(
    state: web::Data<AppState>,
    p: Principal,
    year: web::Path<i32>,
    body: web::Json<UpdateYear>,
) -> AppResult<web::Json<YearSettings>> {
    Ok(web::Json(
        service::update_year(&state, &p, *year, body.into_inner()).await?,
    ))
}
