//! HTTP for the caller's notifications.

use actix_web::{get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

use super::{
    model::{Marked, NotificationFilter, NotificationPage},
    service,
};
use crate::{app::AppState, auth::Principal, error::AppResult};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list_notifications)
        .service(read_all)
        .service(read_one);
}

/// 我的消息: newest first, with the unread count.
#[utoipa::path(tag = "notifications", params(NotificationFilter), responses(
    (status = 200, body = NotificationPage),
), security(("bearer" = [])))]
#[get("/notifications")]
async fn list_notifications(
    state: web::Data<AppState>,
    p: Principal,
    f: web::Query<NotificationFilter>,
) -> AppResult<web::Json<NotificationPage>> {
    Ok(web::Json(service::list(&state, &p, f.into_inner()).await?))
}

/// 全部标为已读.
#[utoipa::path(tag = "notifications", responses((status = 200, body = Marked)), security(("bearer" = [])))]
#[post("/notifications/read-all")]
async fn read_all(state: web::Data<AppState>, p: Principal) -> AppResult<web::Json<Marked>> {
    let marked = service::mark_read(&state, &p, None).await?;
    Ok(web::Json(Marked { marked }))
}

/// 标为已读.
#[utoipa::path(tag = "notifications", params(("id" = Uuid, Path)), responses(
    (status = 200, body = Marked),
    (status = 404, body = crate::error::Problem, content_type = "application/problem+json"),
), security(("bearer" = [])))]
#[post("/notifications/{id}/read")]
async fn read_one(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Marked>> {
    let marked = service::mark_read(&state, &p, Some(id.into_inner())).await?;
    Ok(web::Json(Marked { marked }))
}
