//! Liveness and readiness probes.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::{app::AppState, storage};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(healthz).service(readyz);
}

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// `ok` or `unavailable`.
    pub status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub database: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub storage: Option<&'static str>,
}

/// The process is up. Touches nothing else: it is also the floor of the HTTP benchmark.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)), security(()))]
#[get("/healthz")]
async fn healthz() -> web::Json<Health> {
    web::Json(Health {
        status: "ok",
        database: None,
        storage: None,
    })
}

/// The database and the storage answer; 503 otherwise.
#[utoipa::path(
    tag = "health",
    responses((status = 200, body = Health), (status = 503, body = Health)),
    security(())
)]
#[get("/readyz")]
async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let db_ok = state.db.ping().await.is_ok();
    let storage_ok = storage::check(state.storage.as_ref()).await.is_ok();
    let label = |ok| if ok { "ok" } else { "unavailable" };
    let body = Health {
        status: label(db_ok && storage_ok),
        database: Some(label(db_ok)),
        storage: Some(label(storage_ok)),
    };
    if db_ok && storage_ok {
        HttpResponse::Ok().json(body)
    } else {
        tracing::warn!(database = db_ok, storage = storage_ok, "not ready");
        HttpResponse::ServiceUnavailable().json(body)
    }
}
