//! The authenticated caller, extracted from the `Authorization: Bearer` header.

use std::future::{Ready, ready};

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use uuid::Uuid;

use crate::{app::AppState, error::AppError};

/// Who is calling. Handlers that take an `Actor` are authenticated; permission and data
/// scope are checked in the services, from the database, never from the token alone.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Uuid,
    pub session_id: Uuid,
}

impl FromRequest for Actor {
    type Error = AppError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(extract(req))
    }
}

fn extract(req: &HttpRequest) -> Result<Actor, AppError> {
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| AppError::Internal(anyhow::anyhow!("AppState missing")))?;
    let token = bearer(req).ok_or_else(|| AppError::unauthorized("unauthenticated", "请先登录"))?;
    let claims = state.jwt.verify(token)?;
    Ok(Actor {
        user_id: claims.sub,
        session_id: claims.sid,
    })
}

/// The credential of `Authorization: Bearer …`, if any.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The caller's IP for the audit log and rate limits: the socket peer; behind our own
/// proxy (`XUESHI_BEHIND_PROXY`), the last `X-Forwarded-For` entry, the one the proxy
/// appended itself (earlier entries come from the client and prove nothing).
pub fn client_ip(req: &HttpRequest) -> Option<String> {
    let behind_proxy = req
        .app_data::<web::Data<AppState>>()
        .is_some_and(|s| s.behind_proxy);
    if behind_proxy
        && let Some(last) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|ip| ip.parse::<std::net::IpAddr>().is_ok())
    {
        return Some(last.to_owned());
    }
    req.peer_addr().map(|a| a.ip().to_string())
}
