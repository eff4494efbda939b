//! HTTP for standings: the caller's year, a person's year, the unit list and its export.

use actix_web::{HttpResponse, get, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    export,
    model::{StandingFilter, StandingPage, StandingView, YearQuery},
    service,
};
use crate::{app::AppState, auth::Principal, error::AppResult};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(my_standing)
        .service(person_standing)
        .service(export_standings)
        .service(list_standings);
}

const PROBLEM: &str = "application/problem+json";

/// 我的学时: the caller's registered hours of a year against its thresholds, item by item.
#[utoipa::path(tag = "standing", params(YearQuery), responses(
    (status = 200, body = StandingView),
    (status = 403, description = "不是专业技术人员", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/standing/me")]
async fn my_standing(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<YearQuery>,
) -> AppResult<web::Json<StandingView>> {
    Ok(web::Json(service::mine(&state, &p, q.year).await?))
}

/// 人员年度学时: a person's year, for an admin whose scope holds the person's unit.
#[utoipa::path(tag = "standing", params(("id" = Uuid, Path), YearQuery), responses(
    (status = 200, body = StandingView),
    (status = 404, description = "不存在或不在管辖范围内", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/persons/{id}/standing")]
async fn person_standing(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    q: web::Query<YearQuery>,
) -> AppResult<web::Json<StandingView>> {
    Ok(web::Json(
        service::of_person(&state, &p, id.into_inner(), q.year).await?,
    ))
}

/// 单位学时达标情况: every confirmed person of the caller's scope with the year's totals,
/// 达标 / 未达标, the thresholds missed; the furthest from the total first.
#[utoipa::path(tag = "standing", params(StandingFilter), responses(
    (status = 200, body = StandingPage),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/standings")]
async fn list_standings(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<StandingFilter>,
) -> AppResult<web::Json<StandingPage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}

/// 导出达标情况 (xlsx): the list with the same filters, all pages.
#[utoipa::path(tag = "standing", params(StandingFilter), responses(
    (status = 200, description = "学时达标情况", body = crate::people::import::model::XlsxFile, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    (status = 403, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[get("/standings/export")]
async fn export_standings(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<StandingFilter>,
) -> AppResult<HttpResponse> {
    let (year, bytes) = export::export(&state, &p, f.into_inner()).await?;
    Ok(crate::people::import::routes::xlsx_response(
        bytes,
        &format!("standings-{year}.xlsx"),
        &format!("{year}年度学时达标情况.xlsx"),
    ))
}
