//! HTTP for auth: extract, call the service, respond.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

use super::model::{
    ChangePasswordRequest, LoginRequest, LogoutRequest, Me, RefreshRequest, TokenResponse,
};
use super::{
    Actor, Principal,
    actor::client_ip,
    admin::{self, CreateAccount, IssuedAccount},
    service,
};
use crate::orgs::model::AccountSummary;
use crate::{app::AppState, error::AppResult};

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(login)
        .service(refresh)
        .service(logout)
        .service(me)
        .service(change_password)
        .service(create_account)
        .service(create_person_account)
        .service(reset_account)
        .service(disable_account)
        .service(enable_account);
}

/// 登录: username (or 身份证号 / 手机号) and password for an access token and a refresh token.
///
/// Five failed attempts for one account within 10 minutes lock it for the rest of the window (429).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "登录成功", body = TokenResponse),
        (status = 401, description = "用户名或密码错误 (`invalid_credentials`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 403, description = "账号已停用 (`account_disabled`)", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "字段校验失败", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 429, description = "失败次数过多 (`too_many_attempts`)", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/login")]
async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    body.validate()?;
    let body = body.into_inner();
    let tokens = service::login(
        &state,
        service::LoginInput {
            username: body.username,
            password: body.password,
            ip: client_ip(&req),
        },
    )
    .await?;
    Ok(web::Json(tokens))
}

/// 刷新令牌: exchange a refresh token for a new pair (the old one is spent; reusing it ends the session).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "新的令牌", body = TokenResponse),
        (status = 401, description = "令牌无效、过期或被重复使用", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(())
)]
#[post("/auth/refresh")]
async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<RefreshRequest>,
) -> AppResult<web::Json<TokenResponse>> {
    body.validate()?;
    Ok(web::Json(
        service::refresh(&state, &body.refresh_token, client_ip(&req)).await?,
    ))
}

/// 退出登录: ends the session of the given refresh token.
#[utoipa::path(
    tag = "auth",
    request_body = LogoutRequest,
    responses((status = 204, description = "已退出")),
    security(())
)]
#[post("/auth/logout")]
async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LogoutRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    service::logout(&state, &body.refresh_token, client_ip(&req)).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// 我的账户: the caller's account and role bindings.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "当前用户", body = Me),
        (status = 401, description = "未登录", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
async fn me(state: web::Data<AppState>, actor: Actor) -> AppResult<web::Json<Me>> {
    Ok(web::Json(service::me(&state, &actor).await?))
}

/// 修改密码: requires the current password; ends the account's other sessions.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "密码已修改"),
        (status = 401, description = "未登录", body = crate::error::Problem, content_type = "application/problem+json"),
        (status = 422, description = "当前密码错误或新密码不符合规则", body = crate::error::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/me/password")]
async fn change_password(
    state: web::Data<AppState>,
    req: HttpRequest,
    actor: Actor,
    body: web::Json<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    body.validate()?;
    let body = body.into_inner();
    service::change_password(
        &state,
        &actor,
        body.current_password,
        body.new_password,
        client_ip(&req),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

const PROBLEM: &str = "application/problem+json";

/// 创建管理员或培训单位账号: returns a one-time activation code, shown once.
#[utoipa::path(tag = "accounts", request_body = CreateAccount, responses(
    (status = 201, body = IssuedAccount),
    (status = 404, description = "单位不在管辖范围内", body = crate::error::Problem, content_type = PROBLEM),
    (status = 422, body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/accounts")]
async fn create_account(
    state: web::Data<AppState>,
    p: Principal,
    body: web::Json<CreateAccount>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(admin::create(&state, &p, body.into_inner()).await?))
}

/// 为人员开通账号 (username = 身份证号), with a one-time activation code.
#[utoipa::path(tag = "accounts", params(("id" = uuid::Uuid, Path)), responses(
    (status = 201, body = IssuedAccount),
    (status = 409, description = "`account_exists`", body = crate::error::Problem, content_type = PROBLEM),
), security(("bearer" = [])))]
#[post("/persons/{id}/account")]
async fn create_person_account(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<uuid::Uuid>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(admin::create_for_person(&state, &p, *id).await?))
}

/// 重置密码: a new activation code; the account's sessions end.
#[utoipa::path(tag = "accounts", params(("id" = uuid::Uuid, Path)), responses((status = 200, body = IssuedAccount)), security(("bearer" = [])))]
#[post("/accounts/{id}/reset")]
async fn reset_account(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<uuid::Uuid>,
) -> AppResult<web::Json<IssuedAccount>> {
    Ok(web::Json(admin::reset(&state, &p, *id).await?))
}

/// 停用账号 (its sessions end).
#[utoipa::path(tag = "accounts", params(("id" = uuid::Uuid, Path)), responses((status = 200, body = AccountSummary)), security(("bearer" = [])))]
#[post("/accounts/{id}/disable")]
async fn disable_account(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<uuid::Uuid>,
) -> AppResult<web::Json<AccountSummary>> {
    Ok(web::Json(admin::set_disabled(&state, &p, *id, true).await?))
}

/// 启用账号.
#[utoipa::path(tag = "accounts", params(("id" = uuid::Uuid, Path)), responses((status = 200, body = AccountSummary)), security(("bearer" = [])))]
#[post("/accounts/{id}/enable")]
async fn enable_account(
    state: web::Data<AppState>,
    p: Principal,
    id: web::Path<uuid::Uuid>,
) -> AppResult<web::Json<AccountSummary>> {
    Ok(web::Json(
        admin::set_disabled(&state, &p, *id, false).await?,
    ))
}
