//! HTTP for the unit tree.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    model::{CreateUnit, DeactivateUnit, PublicUnit, UnitDetail, UnitNode, UpdateUnit},
    service,
};
use crate::{app::AppState, auth::Principal, error::AppResult};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_units)
        .service(get_unit)
        .service(create_unit)
        .service(update_unit)
        .service(deactivate_unit)
        .service(activate_unit)
        .service(public_units);
}

#[derive(Deserialize, IntoParams)]
pub struct ListQuery {
    /// Include deactivated units.
    include_inactive: Option<bool>,
}

/// 单位树: every unit in the caller's scope, ordered for a tree (parents before children).
#[utoipa::path(tag = "units", params(ListQuery), responses(
    (status = 200, body = Vec<UnitNode>),
    (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[get("/units")]
async fn list_units(
    state: web::Data<AppState>,
    p: Principal,
    q: web::Query<ListQuery>,
) -> AppResult<web::Json<Vec<UnitNode>>> {
    Ok(web::Json(
        service::list(&state, &p, q.include_inactive.unwrap_or(false)).await?,
    ))
}

/// 单位详情, with its administrator and organiser accounts.
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), responses(
    (status = 200, body = UnitDetail),
    (status = 404, description = "不存在或不在管辖范围内", body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[get("/units/{id}")]
async fn get_unit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<UnitDetail>> {
    Ok(web::Json(service::detail(&state, &p, *id).await?))
}

/// 新增单位: 省学时办 adds 二级 units; a 二级 admin adds 三级 units under their own.
#[utoipa::path(tag = "units", request_body = CreateUnit, responses(
    (status = 201, body = UnitDetail),
    (status = 409, description = "单位代码已登记 (`duplicate_code`)", body = crate::error::Problem, content_type = "application/problem+json"),
    (status = 422, description = "字段错误，如 `uscc_checksum`", body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[post("/units")]
async fn create_unit(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateUnit>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(service::create(&state, &p, body.into_inner()).await?))
}

/// 修改单位信息.
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), request_body = UpdateUnit, responses(
    (status = 200, body = UnitDetail),
    (status = 422, body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[patch("/units/{id}")]
async fn update_unit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<UpdateUnit>,
) -> AppResult<web::Json<UnitDetail>> {
    Ok(web::Json(
        service::update(&state, &p, *id, body.into_inner()).await?,
    ))
}

/// 停用单位 (units are never deleted).
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), request_body = DeactivateUnit, responses(
    (status = 200, body = UnitDetail),
    (status = 409, description = "还有启用的下级单位 (`has_active_children`)", body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[post("/units/{id}/deactivate")]
async fn deactivate_unit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
    body: web::Json<DeactivateUnit>,
) -> AppResult<web::Json<UnitDetail>> {
    Ok(web::Json(
        service::set_active(&state, &p, *id, false, Some(body.into_inner().reason)).await?,
    ))
}

/// 启用单位.
#[utoipa::path(tag = "units", params(("id" = Uuid, Path)), responses((status = 200, body = UnitDetail)), security(("bearer" = [])))]
#[post("/units/{id}/activate")]
async fn activate_unit(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<UnitDetail>> {
    Ok(web::Json(
        service::set_active(&state, &p, *id, true, None).await?,
    ))
}

#[derive(Deserialize, IntoParams)]
pub struct PublicQuery {
    /// Part of the unit name.
    q: Option<String>,
}

/// 注册时选择单位: active 二级 and 三级 units by name (no login).
#[utoipa::path(tag = "units", params(PublicQuery), responses((status = 200, body = Vec<PublicUnit>)), security(()))]
#[get("/public/units")]
async fn public_units(
    state: web::Data<AppState>,
    q: web::Query<PublicQuery>,
) -> AppResult<web::Json<Vec<PublicUnit>>> {
    Ok(web::Json(
        service::public_search(&state.db, q.q.as_deref().unwrap_or_default()).await?,
    ))
}
