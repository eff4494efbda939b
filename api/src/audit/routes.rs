//! HTTP for the audit log (read only).

use actix_web::{get, web};
use utoipa_actix_web::service_config::ServiceConfig;

use super::service::{self, AuditFilter, AuditPage};
use crate::{app::AppState, auth::Principal, error::AppResult};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_audit);
}

/// 审计日志, newest first, filtered and limited to the caller's scope.
#[utoipa::path(tag = "audit", params(AuditFilter), responses(
    (status = 200, body = AuditPage),
    (status = 403, body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[get("/audit")]
async fn list_audit(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<AuditFilter>,
) -> AppResult<web::Json<AuditPage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}
